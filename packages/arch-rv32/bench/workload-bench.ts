/**
 * Benchmark (not a test): guest instructions per second of this package's RV32IMAC hart against
 * `qemu-system-riscv32 -M virt -icount shift=0` in the same run, on the shared bare-metal workload
 * (the rv32imac build of ../shared/bench-anchors/src/workload.c, ITERS=3000, in fixtures/).
 *
 *   pnpm --filter @tock-ts/arch-rv32 bench            # REPS=5 by default
 *
 * Our hart runs the ELF through `runBareMetal` (the full chip-core loop with the virtual clock);
 * the time is the run only. QEMU runs as a process, as bench-anchors runs it; its run time is the
 * median wall time of the ITERS=3000 image minus that of the ITERS=2 image (start-up and exit), and
 * its instruction counts are ours plus QEMU's 6-instruction reset stub (the workload test checks
 * that against QEMU's own count). The QEMU row says "absent" when QEMU is not installed.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { runBareMetal } from '../src/testing/run-bare-metal.js';

const REPS = Number(process.env.REPS ?? 5);
const QEMU_RESET_STUB = 6;

function fixturePath(name: string): string {
  return new URL(`../fixtures/${name}`, import.meta.url).pathname;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function runOurs(name: string): { instructions: number; seconds: number; output: string } {
  const elf = new Uint8Array(readFileSync(fixturePath(name)));
  const start = performance.now();
  const result = runBareMetal({ elf });
  return {
    instructions: result.instructions,
    seconds: (performance.now() - start) / 1000,
    output: result.output,
  };
}

function runQemu(name: string): { seconds: number; output: string } | undefined {
  const start = performance.now();
  const run = spawnSync(
    'qemu-system-riscv32',
    [
      '-M',
      'virt',
      '-bios',
      'none',
      '-icount',
      'shift=0',
      '-display',
      'none',
      '-monitor',
      'none',
      '-serial',
      'stdio',
    ].concat(['-kernel', fixturePath(name)]),
    { encoding: 'latin1' },
  );
  if (run.error !== undefined || run.status !== 0) return undefined;
  return { seconds: (performance.now() - start) / 1000, output: run.stdout };
}

const small = runOurs('workload_rv32_2.elf');
const oursSeconds: number[] = [];
let full = runOurs('workload_rv32_3000.elf');
const qemuFull: number[] = [];
const qemuEmpty: number[] = [];
let qemuOutput: string | undefined;
for (let rep = 0; rep < REPS; rep++) {
  full = runOurs('workload_rv32_3000.elf');
  oursSeconds.push(full.seconds);
  const empty = runQemu('workload_rv32_2.elf');
  const loaded = runQemu('workload_rv32_3000.elf');
  if (empty !== undefined && loaded !== undefined) {
    qemuEmpty.push(empty.seconds);
    qemuFull.push(loaded.seconds);
    qemuOutput = loaded.output;
  }
  process.stderr.write(`rep ${rep + 1}/${REPS} done\n`);
}

const oursMips = full.instructions / median(oursSeconds) / 1e6;
console.log(`node ${process.version}, ${REPS} repetitions, median seconds (min-max)`);
console.log('| run | guest instructions | seconds | MIPS | output |');
console.log('|---|---:|---:|---:|---|');
const range = (values: number[]): string =>
  `${Math.min(...values).toFixed(3)}-${Math.max(...values).toFixed(3)}`;
console.log(
  `| tock-ts RV32IMAC hart (runBareMetal), ITERS=3000 | ${full.instructions} | ${median(oursSeconds).toFixed(3)} (${range(oursSeconds)}) | ${oursMips.toFixed(1)} | ${full.output.trim()} |`,
);
if (qemuFull.length === 0) {
  console.log('| qemu-system-riscv32 virt -icount shift=0 | absent (not installed) | - | - | - |');
} else {
  const qemuInstructions = full.instructions - small.instructions;
  const qemuSeconds = median(qemuFull) - median(qemuEmpty);
  const qemuMips = qemuInstructions / qemuSeconds / 1e6;
  console.log(
    `| qemu-system-riscv32 virt -icount shift=0, ITERS=3000 minus ITERS=2 | ${qemuInstructions} (${full.instructions + QEMU_RESET_STUB} - ${small.instructions + QEMU_RESET_STUB}) | ${qemuSeconds.toFixed(3)} (full ${range(qemuFull)}, start-up ${range(qemuEmpty)}) | ${qemuMips.toFixed(1)} | ${qemuOutput?.trim() ?? ''} |`,
  );
  console.log(`\nspeed ratio, tock-ts / QEMU -icount shift=0: ${(oursMips / qemuMips).toFixed(3)}x`);
}
