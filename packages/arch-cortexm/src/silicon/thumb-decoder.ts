/**
 * Entry point of instruction decoding: picks the 16-bit or 32-bit decoder for the halfword(s) at
 * an address and applies the ARMv6-M restrictions of the Cortex-M0+.
 */
import type { CortexMCore } from './cortexm-core.js';
import { decodeThumb16 } from './thumb16.js';
import { decodeThumb32 } from './thumb32.js';

/** A decoded instruction: executes it and returns the address of the next instruction. */
export type InstructionHandler = () => number;

/** True when a first halfword starts a 32-bit encoding (0b11101, 0b11110, 0b11111). */
export function isThirtyTwoBit(firstHalfword: number): boolean {
  return firstHalfword >>> 11 >= 0b11101;
}

/**
 * ARMv6-M keeps only these 32-bit encodings: BL, MSR, MRS, DMB/DSB/ISB and UDF.W.
 * Everything else is UNDEFINED there.
 */
function isArmv6mThirtyTwoBit(first: number, second: number): boolean {
  if ((first & 0xf800) === 0xf000 && (second & 0xd000) === 0xd000) return true; // BL
  if ((first & 0xffe0) === 0xf380 && (second & 0xd000) === 0x8000) return true; // MSR
  if (first === 0xf3ef && (second & 0xd000) === 0x8000) return true; // MRS
  if (first === 0xf3bf && (second & 0xff00) === 0x8f00) return true; // DSB/DMB/ISB
  if ((first & 0xfff0) === 0xf7f0 && (second & 0xf000) === 0xa000) return true; // UDF.W
  return false;
}

/** Decodes the instruction at `address` (its halfwords `first` and, for 32-bit ones, `second`). */
export function decodeInstruction(
  core: CortexMCore,
  first: number,
  second: number,
  address: number,
  inItBlock: boolean,
): InstructionHandler {
  let handler: InstructionHandler;
  if (!isThirtyTwoBit(first)) handler = decodeThumb16(core, first, address, inItBlock);
  else if (!core.isV7 && !isArmv6mThirtyTwoBit(first, second)) return () => core.undefinedInstruction();
  else handler = decodeThumb32(core, first, second, address, inItBlock);
  return mayReadPc(first, second) ? withPcValue(core, handler, (address + 4) >>> 0) : handler;
}

/**
 * Whether an encoding can name r15 as a source register. The run loop does not keep r15 up to
 * date; the few instructions that may read it get it set first. Literal, ADR and branch forms use
 * constants computed at decode time, so only these need it: 16-bit ADD/CMP/MOV/BX/BLX with a
 * high register, and 32-bit encodings with 1111 in any register field (a conservative test).
 */
function mayReadPc(first: number, second: number): boolean {
  if (!isThirtyTwoBit(first)) {
    if ((first & 0xfc00) !== 0x4400) return false;
    const rm = (first >>> 3) & 15;
    const rdn = (first & 7) | ((first >>> 4) & 8);
    return rm === 15 || rdn === 15;
  }
  return (
    (first & 15) === 15 ||
    (second & 15) === 15 ||
    (second & 0xf000) === 0xf000 ||
    (second & 0x0f00) === 0x0f00
  );
}

/** Wraps a handler so r15 reads as the instruction's address + 4. */
function withPcValue(core: CortexMCore, handler: InstructionHandler, pcValue: number): InstructionHandler {
  const r = core.regs;
  return () => {
    r[15] = pcValue;
    return handler();
  };
}
