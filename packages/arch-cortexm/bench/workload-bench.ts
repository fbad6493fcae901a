/**
 * Benchmark (not a test): guest instructions per second of this package's Cortex-M core against
 * rp2040js's Cortex-M0+ core, in the same process, on the shared bare-metal workload (ITERS=600).
 *
 *   pnpm --filter @tock-ts/arch-cortexm bench            # REPS=3 by default
 *
 * rp2040js is driven as the shared bench-anchors harness drives it: RP2040 SRAM holds the image,
 * VTOR points at it, a tight `executeInstruction()` loop runs until semihosting SYS_EXIT. Our core
 * runs the same image through `runBareMetal` (the full chip-core loop with SysTick and the virtual
 * clock). Both must print the same checksum and execute the same number of instructions.
 * Extra rows: this core with the MPU checking every access, and with block translation off.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { RP2040 } from 'rp2040js';
import { CoreVariant } from '../src/silicon/architecture.js';
import { createBareMetal } from '../src/testing/run-bare-metal.js';

const REPS = Number(process.env.REPS ?? 3);
const SRAM_BASE = 0x2000_0000;

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));
}

interface Run {
  readonly instructions: number;
  readonly seconds: number;
  readonly output: string;
}

function runOurs(
  variant: CoreVariant,
  image: Uint8Array,
  options: { mpu?: boolean; compileBlocks?: boolean } = {},
): Run {
  const { chip, host } = createBareMetal({ variant, image, compileBlocks: options.compileBlocks });
  // MPU_CTRL = ENABLE | PRIVDEFENA: no regions, so every access goes through the permission check.
  if (options.mpu === true) chip.mpu?.writeRegister(4, 5);
  const start = performance.now();
  chip.runBareMetal(600_000_000_000);
  const seconds = (performance.now() - start) / 1000;
  return { instructions: chip.core.instructions, seconds, output: host.output };
}

function runRp2040js(image: Uint8Array): Run {
  const mcu = new RP2040();
  mcu.logger = { debug() {}, info() {}, warn() {}, error() {} };
  mcu.sram.set(image, 0);
  const core = mcu.core;
  core.VTOR = SRAM_BASE;
  core.reset();
  let done = false;
  let output = '';
  mcu.onBreak = (immediate: number) => {
    const operation = core.registers[0] >>> 0;
    const argument = core.registers[1] >>> 0;
    if (immediate !== 0xab || operation === 0x18) done = true;
    else if (operation === 0x04) {
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
  return { instructions, seconds, output };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const thumbv6m = fixture('workload_m0p_600.bin');
const thumbv7em = fixture('workload_m4_600.bin');
const rows: Record<string, { runs: Run[] }> = {
  'tock-ts Cortex-M0+ core, thumbv6m': { runs: [] },
  'rp2040js 1.4.1 executeInstruction() loop, thumbv6m': { runs: [] },
  'tock-ts Cortex-M4 core, thumbv7e-m': { runs: [] },
  'tock-ts Cortex-M0+ core, thumbv6m, MPU enabled': { runs: [] },
  'tock-ts Cortex-M0+ core, thumbv6m, interpreter only': { runs: [] },
};
for (let rep = 0; rep < REPS; rep++) {
  rows['tock-ts Cortex-M0+ core, thumbv6m']?.runs.push(runOurs(CoreVariant.CortexM0Plus, thumbv6m));
  rows['rp2040js 1.4.1 executeInstruction() loop, thumbv6m']?.runs.push(runRp2040js(thumbv6m));
  rows['tock-ts Cortex-M4 core, thumbv7e-m']?.runs.push(runOurs(CoreVariant.CortexM4, thumbv7em));
  rows['tock-ts Cortex-M0+ core, thumbv6m, MPU enabled']?.runs.push(
    runOurs(CoreVariant.CortexM0Plus, thumbv6m, { mpu: true }),
  );
  rows['tock-ts Cortex-M0+ core, thumbv6m, interpreter only']?.runs.push(
    runOurs(CoreVariant.CortexM0Plus, thumbv6m, { compileBlocks: false }),
  );
  process.stderr.write(`rep ${rep + 1}/${REPS} done\n`);
}

const mips: Record<string, number> = {};
console.log(`node ${process.version}, ${REPS} repetitions, median seconds (min-max)`);
console.log('| run | guest instructions | seconds | MIPS | output |');
console.log('|---|---:|---:|---:|---|');
for (const [name, { runs }] of Object.entries(rows)) {
  const seconds = runs.map((run) => run.seconds);
  const first = runs[0];
  if (first === undefined) continue;
  const value = first.instructions / median(seconds) / 1e6;
  mips[name] = value;
  const range = `${Math.min(...seconds).toFixed(3)}-${Math.max(...seconds).toFixed(3)}`;
  console.log(
    `| ${name} | ${first.instructions} | ${median(seconds).toFixed(3)} (${range}) | ${value.toFixed(1)} | ${first.output.trim()} |`,
  );
}
const ours = mips['tock-ts Cortex-M0+ core, thumbv6m'] ?? 0;
const peer = mips['rp2040js 1.4.1 executeInstruction() loop, thumbv6m'] ?? 1;
console.log(`\nthumbv6m speed ratio, tock-ts / rp2040js: ${(ours / peer).toFixed(2)}x`);
