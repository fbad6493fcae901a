/**
 * Runs a flat thumbv6m image on rp2040js's Cortex-M0+ core, driven as the shared bench anchors
 * drive it: the image in SRAM, VTOR pointing at it, reset, then a tight `executeInstruction()`
 * loop until semihosting SYS_EXIT (`BKPT 0xAB`), with SYS_WRITE0 collected as output.
 */
import { performance } from 'node:perf_hooks';
import { RP2040 } from 'rp2040js';
import type { GuestRun } from './guest-run.js';

/** The rp2040js version the benchmark pins (package.json). */
export const RP2040JS_VERSION = '1.4.1';

const SRAM_BASE = 0x2000_0000;
const SEMIHOSTING = 0xab;
const SYS_WRITE0 = 0x04;
const SYS_EXIT = 0x18;

/** Runs `image` to SYS_EXIT; rp2040js's log output is dropped. */
export function runRp2040js(image: Uint8Array): GuestRun {
  const mcu = new RP2040();
  const unsupported: string[] = [];
  let done = false;
  // A warning or an error (an unimplemented opcode, say) ends the run and fails it.
  const fail = (_component: string, message: string): void => {
    unsupported.push(message);
    done = true;
  };
  mcu.logger = { debug() {}, info() {}, warn: fail, error: fail };
  mcu.sram.set(image, 0);
  const core = mcu.core;
  core.VTOR = SRAM_BASE;
  core.reset();
  let output = '';
  mcu.onBreak = (immediate: number) => {
    const operation = core.registers[0] ?? 0;
    const argument = (core.registers[1] ?? 0) >>> 0;
    if (immediate !== SEMIHOSTING || operation === SYS_EXIT) {
      done = true;
    } else if (operation === SYS_WRITE0) {
      for (let address = argument; ; address++) {
        const byte = mcu.readUint8(address);
        if (byte === 0) break;
        output += String.fromCharCode(byte);
      }
    }
  };
  let instructions = 0;
  const start = performance.now();
  while (!done) {
    core.executeInstruction();
    instructions++;
  }
  const seconds = (performance.now() - start) / 1000;
  if (unsupported.length > 0) throw new Error(`rp2040js: ${unsupported.join('; ')}`);
  return { instructions, seconds, output };
}
