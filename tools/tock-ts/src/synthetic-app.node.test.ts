/**
 * The hand-assembled apps on the real board: the alarm app wakes every 10 ms of virtual time
 * through RTC1, the alarm mux and the alarm driver; the compute loop never yields and is
 * preempted at every timeslice.
 */
import { Nrf52840dkBoard } from '@tock-ts/board-nrf52840dk';
import { describe, expect, it } from 'vitest';
import { ALARM_EVERY_10_MS, COMPUTE_LOOP, syntheticTbf } from './synthetic-app.js';

const SECOND = 1_000_000_000;

describe('hand-assembled apps on the nRF52840-DK', () => {
  it('wakes the alarm app a hundred times a second', () => {
    const board = Nrf52840dkBoard.create({ appFlash: syntheticTbf(ALARM_EVERY_10_MS) });
    board.run({ untilNanos: board.nowNanos + SECOND / 10 });
    const app = board.processes[0];
    const afterStartup = app?.syscallCount ?? 0;
    board.run({ untilNanos: board.nowNanos + SECOND });
    // Each wake-up is two system calls: the command setting the next alarm and the yield.
    const wakeUps = ((app?.syscallCount ?? 0) - afterStartup) / 2;
    expect(wakeUps).toBeGreaterThanOrEqual(99);
    expect(wakeUps).toBeLessThanOrEqual(101);
    expect(app?.state.kind).toBe('Yielded');
  });

  it('preempts the compute loop at every 10 ms timeslice', () => {
    const board = Nrf52840dkBoard.create({ appFlash: syntheticTbf(COMPUTE_LOOP) });
    board.run({ untilNanos: board.nowNanos + SECOND / 2 });
    const app = board.processes[0];
    expect(app?.state.kind).toBe('Running');
    expect(app?.timesliceExpirationCount).toBeGreaterThanOrEqual(48);
    expect(app?.timesliceExpirationCount).toBeLessThanOrEqual(51);
  });
});
