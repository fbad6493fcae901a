/**
 * Benchmark (not a test): how much faster than real time the nRF52840-DK runs our apps.
 *
 *   pnpm --filter @tock-ts/tock-ts bench
 *
 * - idle: the `sleep` app (C, `apps/fixtures/sleep`) wakes once a second on the alarm (RTC1,
 *   alarm mux, alarm driver) and yields; between wake-ups virtual time jumps to the next event.
 * - busy idle: a hand-assembled app waking every 10 ms the same way (100 wake-ups a second).
 * - compute-bound: the `compute` app (C) mixes a table with xorshift and a hash forever without a
 *   system call; the kernel preempts it every 10 ms timeslice, so the figure includes the
 *   scheduler, SysTick and context switches.
 * - the demo apps: hello, blink, buttons, rng and temperature (blink ends after half a second).
 */
import { performance } from 'node:perf_hooks';
import { Nrf52840dkBoard } from '@tock-ts/board-nrf52840dk';
import { type AppBinary, layOutAppFlash } from '../src/app-flash.js';
import { DEMO_APP_NAMES, fixtureApp } from '../src/demo-apps.js';
import { ALARM_EVERY_10_MS, syntheticTbf } from '../src/synthetic-app.js';

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
function flashOf(apps: readonly AppBinary[]): Uint8Array {
  const laid = layOutAppFlash(apps, 0xc0000);
  if (!laid.ok) throw new Error(laid.error);
  return laid.value;
}

function fixture(name: string): AppBinary {
  const app = fixtureApp(name);
  if (!app.ok) throw new Error(app.error);
  return app.value;
}

measure('idle (the sleep app, one wake-up a second)', flashOf([fixture('sleep')]), 3600);
measure(
  'busy idle (an app waking every 10 ms)',
  flashOf([{ source: 'alarm', tbf: syntheticTbf(ALARM_EVERY_10_MS) }]),
  60,
);
measure('compute-bound (the compute app, never a system call)', flashOf([fixture('compute')]), 5);
measure('demo apps (hello, blink, buttons, rng, temperature)', flashOf(demo), 10);
