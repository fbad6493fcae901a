/**
 * The 32-bit "data processing (register)" group (ARMv7-M ARM A5.3.12-A5.3.15): shifts by register,
 * the sign/zero extends with optional add (including the DSP SXTB16/UXTAB16 forms), the parallel
 * add/subtract family (S/Q/SH/U/UQ/UH x ADD16/ASX/SAX/SUB16/ADD8/SUB8) with GE flags, and the
 * miscellaneous QADD/QSUB/QDADD/QDSUB, REV/REV16/RBIT/REVSH, SEL and CLZ.
 */
import {
  reverseBits,
  reverseBytes,
  type ShiftType,
  setNegativeZero,
  shiftWithCarry,
  signedSaturate,
} from './alu.js';
import type { CortexMCore } from './cortexm-core.js';
import type { InstructionHandler } from './thumb-decoder.js';

/** Decodes the group selected by first halfword 11111010 xxxx. */
export function decodeDataProcessingRegister(
  core: CortexMCore,
  first: number,
  second: number,
  next: number,
): InstructionHandler {
  const r = core.regs;
  const alu = core.cycleTable.alu;
  const op1 = (first >>> 4) & 15;
  const op2 = (second >>> 4) & 15;
  const rn = first & 15;
  const rd = (second >>> 8) & 15;
  const rm = second & 15;
  if ((second & 0xf000) !== 0xf000) return () => core.undefinedInstruction();
  if ((op1 & 0b1000) === 0 && op2 === 0) {
    const type = ((op1 >>> 1) & 3) as ShiftType;
    const setFlags = (op1 & 1) !== 0;
    return () => {
      const result = shiftWithCarry(core, r[rn] ?? 0, type, (r[rm] ?? 0) & 0xff);
      r[rd] = result;
      if (setFlags) {
        setNegativeZero(core, result);
        core.c = core.shifterCarry;
      }
      core.cycles += alu;
      return next;
    };
  }
  if (op1 <= 0b0101 && (op2 & 0b1000) !== 0)
    return decodeExtend(core, op1, rn, rd, rm, (second >>> 4) & 3, next);
  if ((op1 & 0b1000) !== 0 && (op2 & 0b1000) === 0)
    return decodeParallel(core, op1 & 7, op2, rn, rd, rm, next);
  if ((op1 & 0b1100) === 0b1000 && (op2 & 0b1100) === 0b1000) {
    return decodeMiscellaneous(core, op1 & 3, op2 & 3, rn, rd, rm, next);
  }
  return () => core.undefinedInstruction();
}

/** SXTAH/UXTAH/SXTAB16/UXTAB16/SXTAB/UXTAB and their non-accumulating forms (Rn = 15). */
function decodeExtend(
  core: CortexMCore,
  op1: number,
  rn: number,
  rd: number,
  rm: number,
  rotation: number,
  next: number,
): InstructionHandler {
  const r = core.regs;
  const alu = core.cycleTable.alu;
  const amount = rotation * 8;
  const rotate = (value: number): number =>
    amount === 0 ? value >>> 0 : ((value >>> amount) | (value << (32 - amount))) >>> 0;
  const accumulate = rn !== 15;
  const extend: (value: number) => number =
    op1 === 0
      ? (value) => (value << 16) >> 16
      : op1 === 1
        ? (value) => value & 0xffff
        : op1 === 4
          ? (value) => (value << 24) >> 24
          : (value) => value & 0xff;
  if (op1 === 2 || op1 === 3) {
    const signed = op1 === 2;
    return () => {
      const rotated = rotate(r[rm] ?? 0);
      let low = signed ? (rotated << 24) >> 24 : rotated & 0xff;
      let high = signed ? (rotated << 8) >> 24 : (rotated >>> 16) & 0xff;
      if (accumulate) {
        const base = r[rn] ?? 0;
        low += base & 0xffff;
        high += base >>> 16;
      }
      r[rd] = (low & 0xffff) | ((high & 0xffff) << 16);
      core.cycles += alu;
      return next;
    };
  }
  return () => {
    const value = extend(rotate(r[rm] ?? 0));
    r[rd] = accumulate ? (r[rn] ?? 0) + value : value;
    core.cycles += alu;
    return next;
  };
}

/**
 * Parallel add/subtract. `operation` (first[6:4]): 0 ADD8, 1 ADD16, 2 ASX, 4 SUB8, 5 SUB16, 6 SAX.
 * `variant` (second[7:4]): bit 2 unsigned; bits 1:0 = 0 plain (sets GE), 1 saturating, 2 halving.
 */
function decodeParallel(
  core: CortexMCore,
  operation: number,
  variant: number,
  rn: number,
  rd: number,
  rm: number,
  next: number,
): InstructionHandler {
  const r = core.regs;
  const alu = core.cycleTable.alu;
  const unsigned = (variant & 4) !== 0;
  const form = variant & 3;
  if (form === 3 || operation === 3 || operation === 7) return () => core.undefinedInstruction();
  const bytes = operation === 0 || operation === 4;
  const lanes = bytes ? 4 : 2;
  const width = bytes ? 8 : 16;
  const laneMask = bytes ? 0xff : 0xffff;
  // For each lane: +1 add or -1 subtract, and which lane of Rm it takes.
  const signs = [0, 0, 0, 0];
  const sources = [0, 1, 2, 3];
  for (let lane = 0; lane < lanes; lane++) {
    switch (operation) {
      case 0:
      case 1:
        signs[lane] = 1;
        break;
      case 4:
      case 5:
        signs[lane] = -1;
        break;
      case 2:
        signs[lane] = lane === 0 ? -1 : 1;
        sources[lane] = 1 - lane;
        break;
      default:
        signs[lane] = lane === 0 ? 1 : -1;
        sources[lane] = 1 - lane;
        break;
    }
  }
  const minimum = unsigned ? 0 : -(2 ** (width - 1));
  const maximum = unsigned ? 2 ** width - 1 : 2 ** (width - 1) - 1;
  const laneValue = (value: number, lane: number): number => {
    const raw = (value >>> (lane * width)) & laneMask;
    return unsigned ? raw : (raw << (32 - width)) >> (32 - width);
  };
  const geBitsPerLane = bytes ? 1 : 3;
  return () => {
    const a = r[rn] ?? 0;
    const b = r[rm] ?? 0;
    let result = 0;
    let ge = 0;
    for (let lane = 0; lane < lanes; lane++) {
      const sign = signs[lane] ?? 1;
      const sum = laneValue(a, lane) + sign * laneValue(b, sources[lane] ?? lane);
      let value: number;
      if (form === 0) {
        value = sum;
        const setsGe = unsigned ? (sign > 0 ? sum > maximum : sum >= 0) : sum >= 0;
        if (setsGe) ge |= geBitsPerLane << (lane * (bytes ? 1 : 2));
      } else if (form === 1) {
        value = sum < minimum ? minimum : sum > maximum ? maximum : sum;
      } else {
        value = Math.floor(sum / 2);
      }
      result |= (value & laneMask) << (lane * width);
    }
    r[rd] = result;
    if (form === 0) core.ge = ge;
    core.cycles += alu;
    return next;
  };
}

/** QADD/QDADD/QSUB/QDSUB, REV/REV16/RBIT/REVSH, SEL, CLZ. */
function decodeMiscellaneous(
  core: CortexMCore,
  op1: number,
  op2: number,
  rn: number,
  rd: number,
  rm: number,
  next: number,
): InstructionHandler {
  const r = core.regs;
  const alu = core.cycleTable.alu;
  if (op1 === 0) {
    const doubled = (op2 & 1) !== 0;
    const subtract = (op2 & 2) !== 0;
    return () => {
      let operand = (r[rn] ?? 0) | 0;
      if (doubled) operand = signedSaturate(core, operand * 2, 32);
      const value = (r[rm] ?? 0) | 0;
      r[rd] = signedSaturate(core, subtract ? value - operand : value + operand, 32);
      core.cycles += alu;
      return next;
    };
  }
  if (op1 === 1) {
    const transform: (value: number) => number =
      op2 === 0
        ? reverseBytes
        : op2 === 1
          ? (value) => ((value & 0xff00ff00) >>> 8) | ((value & 0x00ff00ff) << 8)
          : op2 === 2
            ? reverseBits
            : (value) => ((((value & 0xff) << 24) >> 16) | ((value >>> 8) & 0xff)) >>> 0;
    return () => {
      r[rd] = transform(r[rm] ?? 0);
      core.cycles += alu;
      return next;
    };
  }
  if (op1 === 2 && op2 === 0) {
    return () => {
      const a = r[rn] ?? 0;
      const b = r[rm] ?? 0;
      let mask = 0;
      for (let lane = 0; lane < 4; lane++) if (((core.ge >>> lane) & 1) !== 0) mask |= 0xff << (8 * lane);
      r[rd] = (a & mask) | (b & ~mask);
      core.cycles += alu;
      return next;
    };
  }
  if (op1 === 3 && op2 === 0) {
    return () => {
      r[rd] = Math.clz32(r[rm] ?? 0);
      core.cycles += alu;
      return next;
    };
  }
  return () => core.undefinedInstruction();
}
