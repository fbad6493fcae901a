/**
 * The kernel's own cost, with no CPU emulation under it: the kernel's fake board runs scripted
 * processes (each switch into a process runs its script until the next trap), so only the kernel
 * loop, the syscall path and the scheduler are timed.
 *
 * - syscall round trips: a process issues command after command to a driver; each one traps,
 *   is decoded, filtered, dispatched, and its return value written back.
 * - context switches: two processes take turns; each is woken by a queued upcall, runs it and
 *   yield-waits, so every switch goes from one process to the other through the scheduler. The
 *   switches are counted with the kernel's context-switch callback.
 */
import { performance } from 'node:perf_hooks';
import type { ContextSwitchCallback, KernelResources } from '@tock-ts/kernel';
import { command, FakeBoard, FakeDriver, yieldWait } from '@tock-ts/kernel/testing';
import type { Row } from './rows.js';

const DRIVER = 0x42;
const BATCH = 1000;

function syscallsPerSecond(batches: number): number {
  const board = new FakeBoard({ hostBudgetUs: 1e12 });
  board.addDriver(DRIVER, new FakeDriver(board.kernel, DRIVER, board.capabilities.memoryAllocation));
  const process = board.createProcess();
  board.run();
  const steps = Array.from({ length: BATCH }, (_, index) => command(DRIVER, 1, index, 1));
  const before = process.syscallCount;
  const start = performance.now();
  for (let batch = 0; batch < batches; batch++) {
    board.runScript(process, ...steps);
    process.storedState.returns.length = 0;
  }
  const seconds = (performance.now() - start) / 1000;
  return (process.syscallCount - before) / seconds;
}

function contextSwitchesPerSecond(rounds: number): number {
  const board = new FakeBoard({ hostBudgetUs: 1e12 });
  const processes = [board.createProcess(), board.createProcess()];
  board.run();
  let switches = 0;
  const counter: ContextSwitchCallback = {
    contextSwitchHook() {
      switches += 1;
    },
  };
  const resources: KernelResources = { ...board.resources, contextSwitchCallback: counter };
  const start = performance.now();
  for (let round = 0; round < rounds; round++) {
    for (const process of processes) {
      process.storedState.push(yieldWait());
      board.resume(process);
    }
    board.kernel.runUntilIdle(resources, board.chip, board.ipc, 100, board.capabilities.mainLoop);
    for (const process of processes) process.storedState.functionCalls.length = 0;
  }
  const seconds = (performance.now() - start) / 1000;
  if (switches < 2 * rounds) throw new Error(`context switches: ${switches} for ${rounds} rounds`);
  return switches / seconds;
}

/** Measures both rates once; `smoke` uses tiny counts. */
export function measureKernel(smoke: boolean): Row[] {
  const batches = smoke ? 2 : 200;
  const rounds = smoke ? 100 : 50_000;
  return [
    {
      name: 'kernel: syscall round trips (command, scripted process)',
      unit: 'per s',
      value: syscallsPerSecond(batches),
      detail: `${batches * BATCH} commands to a driver per run`,
    },
    {
      name: 'kernel: context switches between two processes',
      unit: 'per s',
      value: contextSwitchesPerSecond(rounds),
      detail: `${rounds} rounds of upcall + yield-wait in each process per run`,
    },
  ];
}
