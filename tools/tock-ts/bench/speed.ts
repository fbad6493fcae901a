/**
 * Benchmark (not a test): how much faster than real time the nRF52840-DK runs, for an idle board
 * and for a compute-bound app.
 *
 *   pnpm --filter @tock-ts/tock-ts bench
 *
 * Idle: one app sleeps on a 10 ms alarm (RTC1 through the alarm mux), wakes, sets the next alarm
 * and yields; between wake-ups virtual time jumps to the next event. Compute-bound: one app that
 * never yields runs an add/xor/shift loop; the kernel preempts it every 10 ms timeslice, so the
 * figure includes the scheduler, SysTick and context switches. The demo apps (hello and the
 * syscall exerciser, to completion) are measured too.
 */
import { performance } from 'node:perf_hooks';
import { Nrf52840dkBoard } from '@tock-ts/board-nrf52840dk';
import { layOutAppFlash } from '../src/app-flash.js';
import { DEMO_APP_NAMES, fixtureApp } from '../src/demo-apps.js';
import { ALARM_EVERY_10_MS, COMPUTE_LOOP, syntheticTbf } from '../src/synthetic-app.js';

const SECOND = 1_000_000_000;

function measure(label: string, appFlash: Uint8Array, virtualSeconds: number): void {
  const board = Nrf52840dkBoard.create({ appFlash });
  const start = board.nowNanos;
  const core = board.composition.silicon.core.core;
  const instructionsBefore = core.instructions;
  const wallStart = performance.now();
  board.run({ untilNanos: start + virtualSeconds * SECOND });
  const wallSeconds = (performance.now() - wallStart) / 1000;
  const ran = (board.nowNanos - start) / SECOND;
  const instructions = core.instructions - instructionsBefore;
  console.log(
    `${label}: ${ran.toFixed(1)} s of virtual time in ${wallSeconds.toFixed(3)} s of wall time = ` +
      `${(ran / wallSeconds).toFixed(1)}x real time; ${(instructions / wallSeconds / 1e6).toFixed(1)} M guest instructions/s`,
  );
}

const demo = [];
for (const name of DEMO_APP_NAMES) {
  const app = fixtureApp(name);
  if (!app.ok) throw new Error(app.error);
  demo.push(app.value);
}
const demoFlash = layOutAppFlash(demo, 0xc0000);
const idleFlash = layOutAppFlash([{ source: 'alarm', tbf: syntheticTbf(ALARM_EVERY_10_MS) }], 0xc0000);
const computeFlash = layOutAppFlash([{ source: 'compute loop', tbf: syntheticTbf(COMPUTE_LOOP) }], 0xc0000);
if (!demoFlash.ok || !idleFlash.ok || !computeFlash.ok) throw new Error('the benchmark apps do not fit');
measure('idle (one app waking on a 10 ms alarm)', idleFlash.value, 60);
measure('compute-bound (one app that never yields)', computeFlash.value, 5);
measure('demo apps (hello and the syscall exerciser, then idle)', demoFlash.value, 10);
