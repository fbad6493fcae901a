// Each scheduler's order and preemption, with spinning scripted processes in virtual time.
import { TICKS32, type Time, ticks } from '@tock-ts/hil';
import { describe, expect, it } from 'vitest';
import type { KernelLoopStep } from '../kernel.js';
import { StoppedExecutingReason } from '../process-types.js';
import {
  command,
  FakeBoard,
  type FakeChip,
  FakeDriver,
  type FakeProcess,
  spin,
  subscribe,
  yieldWait,
} from '../testing/index.js';
import { CooperativeScheduler } from './cooperative.js';
import { MlfqScheduler } from './mlfq.js';
import { PriorityScheduler } from './priority.js';
import { RoundRobinScheduler } from './round-robin.js';

const FOREVER = Number.POSITIVE_INFINITY;

/** A 1 MHz, 32-bit counter over the fake chip's virtual clock. */
function microsecondCounter(chip: FakeChip): Time {
  return { frequency: 1_000_000, ticksWidth: TICKS32, now: () => ticks(chip.clock.nowUs >>> 0) };
}

const DRIVER = 0x42;

type Ran = Extract<KernelLoopStep, { kind: 'RanProcess' }>;

/** Runs `count` loop passes and returns those that ran a process. */
function runs(board: FakeBoard, count: number): Ran[] {
  const result: Ran[] = [];
  for (let i = 0; i < count; i++) {
    const step = board.step();
    if (step.kind === 'RanProcess') result.push(step);
  }
  return result;
}

function spinners(board: FakeBoard, count: number): FakeProcess[] {
  const processes: FakeProcess[] = [];
  for (let i = 0; i < count; i++) {
    const process = board.createProcess({ packageName: `p${i}`, flashStart: 0x0004_0000 + i * 0x400 });
    process.storedState.push(spin(FOREVER));
    processes.push(process);
  }
  return processes;
}

describe('RoundRobinScheduler', () => {
  it('rotates through ready processes with 10 ms timeslices', () => {
    const board = new FakeBoard();
    expect(board.resources.scheduler).toBeInstanceOf(RoundRobinScheduler);
    spinners(board, 3);
    const ran = runs(board, 6);
    expect(ran.map((step) => step.processId.index)).toEqual([0, 1, 2, 0, 1, 2]);
    expect(ran.every((step) => step.reason === StoppedExecutingReason.TimesliceExpired)).toBe(true);
    expect(ran.every((step) => step.executionTimeUs === 10_000)).toBe(true);
    expect(board.chip.clock.nowUs).toBeGreaterThanOrEqual(60_000);
  });

  it('skips processes that are not ready and sleeps when none is', () => {
    const board = new FakeBoard();
    const [first] = spinners(board, 1);
    const idle = board.createProcess({ flashStart: 0x0004_0800 });
    board.run(2);
    expect(idle.state.kind).toBe('Yielded');
    expect(runs(board, 3).map((step) => step.processId.index)).toEqual([0, 0, 0]);
    first?.terminate(0);
    expect(board.step()).toEqual({ kind: 'Idle' });
  });

  it('gives a preempted process the rest of its slice first', () => {
    const board = new FakeBoard();
    spinners(board, 2);
    board.chip.raiseInterruptAt(3_000, () => undefined);
    const first = board.step();
    expect(first).toMatchObject({ kind: 'RanProcess', reason: StoppedExecutingReason.KernelPreemption });
    expect(first.kind === 'RanProcess' ? first.executionTimeUs : 0).toBe(3_000);
    expect(board.step()).toEqual({ kind: 'KernelWork' });
    const resumed = board.resources.scheduler.next();
    expect(resumed).toMatchObject({ kind: 'RunProcess', timesliceUs: 7_000 });
    expect(resumed.kind === 'RunProcess' ? resumed.processId.index : -1).toBe(0);
  });

  it('charges the kernel’s time on the process’s syscalls to its slice', () => {
    const board = new FakeBoard({ stepCostUs: 1_000 });
    const driver = new FakeDriver(board.kernel, DRIVER, board.capabilities.memoryAllocation);
    board.addDriver(DRIVER, driver);
    const process = board.createProcess();
    process.storedState.push(...Array.from({ length: 20 }, () => command(DRIVER, 0)));
    const ran = runs(board, 1);
    expect(ran[0]?.reason).toBe(StoppedExecutingReason.TimesliceExpired);
    expect(driver.log.length).toBe(10);
  });
});

describe('doProcess', () => {
  it('stops a process once 500 µs or less of its slice remain', () => {
    const board = new FakeBoard({ stepCostUs: 4_750 });
    const driver = new FakeDriver(board.kernel, DRIVER, board.capabilities.memoryAllocation);
    board.addDriver(DRIVER, driver);
    const process = board.createProcess();
    process.storedState.push(command(DRIVER, 0), command(DRIVER, 0), command(DRIVER, 0));
    const [first] = runs(board, 1);
    expect(first).toMatchObject({ reason: StoppedExecutingReason.TimesliceExpired, executionTimeUs: 10_000 });
    expect(driver.log).toHaveLength(2);
    expect(process.timesliceExpirationCount).toBe(1);
  });
});

describe('CooperativeScheduler', () => {
  it('never sets a timeslice and runs a process until it yields', () => {
    const board = new FakeBoard({
      scheduler: (kernel) => new CooperativeScheduler(kernel),
      hostBudgetUs: 50_000,
    });
    const [first, second] = spinners(board, 2);
    const ran = runs(board, 4);
    expect(ran.map((step) => step.processId.index)).toEqual([0, 0, 0, 0]);
    expect(ran.every((step) => step.reason === StoppedExecutingReason.KernelPreemption)).toBe(true);
    expect(ran.every((step) => step.executionTimeUs === undefined)).toBe(true);
    first?.storedState.script.splice(0, first.storedState.script.length, yieldWait());
    const after = runs(board, 2);
    expect(after.map((step) => step.processId.index)).toEqual([0, 1]);
    expect(second?.state.kind).toBe('Running');
  });
});

describe('PriorityScheduler', () => {
  it('always runs the lowest ready slot and preempts a lower-priority process when it wakes', () => {
    const board = new FakeBoard({
      scheduler: (kernel, _chip, capabilities) =>
        new PriorityScheduler(kernel, capabilities.processManagement),
    });
    const driver = new FakeDriver(board.kernel, DRIVER, board.capabilities.memoryAllocation);
    board.addDriver(DRIVER, driver);
    const high = board.createProcess({ packageName: 'high' });
    const low = board.createProcess({ packageName: 'low', flashStart: 0x0004_0400 });
    high.storedState.push(subscribe(DRIVER, 0, 0x0004_0100, 0));
    low.storedState.push(spin(FOREVER));
    board.chip.raiseInterruptAt(5_000, () => {
      driver.withKernelData(high.processId, (kernelData) => kernelData.scheduleUpcall(0, 1, 0, 0));
    });
    const ran = runs(board, 4);
    expect(ran.map((step) => [step.processId.index, step.reason])).toEqual([
      [0, StoppedExecutingReason.NoWorkLeft],
      [1, StoppedExecutingReason.KernelPreemption],
      [0, StoppedExecutingReason.NoWorkLeft],
    ]);
    expect(ran.every((step) => step.executionTimeUs === undefined)).toBe(true);
    expect(high.storedState.lastFunctionCall?.argument0).toBe(1);
  });
});

describe('MlfqScheduler', () => {
  it('demotes a process that uses up its slice: 10, 20, then 50 ms, and refreshes after 5 s', () => {
    const board = new FakeBoard({
      scheduler: (kernel, chip) => new MlfqScheduler(kernel, microsecondCounter(chip)),
    });
    spinners(board, 1);
    const ran = runs(board, 4);
    expect(ran.map((step) => step.executionTimeUs)).toEqual([10_000, 20_000, 50_000, 50_000]);
    const scheduler = board.resources.scheduler;
    if (!(scheduler instanceof MlfqScheduler)) throw new Error('expected MLFQ');
    expect(scheduler.queues()[2]).toContain(0);
    while (board.chip.clock.nowUs < 5_000_000) board.step();
    const afterRefresh = runs(board, 1);
    expect(afterRefresh[0]?.executionTimeUs).toBe(10_000);
  });

  it('prefers a process in a higher queue', () => {
    const board = new FakeBoard({
      scheduler: (kernel, chip) => new MlfqScheduler(kernel, microsecondCounter(chip)),
    });
    spinners(board, 2);
    runs(board, 2);
    const scheduler = board.resources.scheduler;
    if (!(scheduler instanceof MlfqScheduler)) throw new Error('expected MLFQ');
    expect(scheduler.queues()).toEqual([[2, 3], [0, 1], []]);
    const late = board.createProcess({ packageName: 'late', flashStart: 0x0004_0800 });
    late.storedState.push(spin(FOREVER));
    const ran = runs(board, 3);
    expect(ran.map((step) => [step.processId.index, step.executionTimeUs])).toEqual([
      [2, 10_000],
      [0, 20_000],
      [1, 20_000],
    ]);
  });
});
