/**
 * Runs the workload on our own cores: the Cortex-M chip core (M0+ for thumbv6m, M4 for
 * thumbv7e-m) through the bare-metal harness with semihosting, and the RV32IMAC hart on the QEMU
 * virt silicon. Each core counts the instructions it executes.
 */
import { performance } from 'node:perf_hooks';
import { CoreVariant } from '@tock-ts/arch-cortexm';
import { createBareMetal as createCortexM } from '@tock-ts/arch-cortexm/testing';
import { createBareMetal as createRiscv } from '@tock-ts/arch-rv32/testing';
import type { GuestRun } from './guest-run.js';

/** Virtual-time limit: far beyond what any workload build needs at the cores' clock rates. */
const LIMIT_NANOS = 1e15;

/** Runs a flat Cortex-M image (vector table first) on `variant`. */
export function runCortexM(variant: 'm0p' | 'm4', image: Uint8Array): GuestRun {
  const { chip, host } = createCortexM({
    variant: variant === 'm0p' ? CoreVariant.CortexM0Plus : CoreVariant.CortexM4,
    image,
  });
  const start = performance.now();
  chip.runBareMetal(LIMIT_NANOS);
  const seconds = (performance.now() - start) / 1000;
  return { instructions: chip.core.instructions, seconds, output: host.output };
}

/** Runs an RV32 ELF on the virt silicon. */
export function runRiscv(elf: Uint8Array): GuestRun {
  const { machine, output } = createRiscv({ elf });
  const start = performance.now();
  machine.chipCore.runBareMetal(LIMIT_NANOS);
  const seconds = (performance.now() - start) / 1000;
  return { instructions: machine.chipCore.hart.instret, seconds, output: output() };
}
