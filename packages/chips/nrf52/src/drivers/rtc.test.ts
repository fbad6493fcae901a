// RTC model and driver tests: counting at 32 768 Hz, alarms at the right tick, 24-bit wrap.
import { TICKS24, ticks } from '@tock-ts/hil';
import { describe, expect, it } from 'vitest';
import { edgesAt, LFCLK_RATIO, nanosOfEdge } from '../silicon/tick-time.js';
import { createTestBoard } from './test-board.test-support.js';

const RTC1 = 0x4001_1000;

describe('RTC', () => {
  it('counts LFCLK edges exactly', () => {
    expect(edgesAt(LFCLK_RATIO, 1_000_000_000)).toBe(32_768);
    expect(nanosOfEdge(LFCLK_RATIO, 1)).toBe(30_518);
    expect(edgesAt(LFCLK_RATIO, 30_517)).toBe(0);
    expect(edgesAt(LFCLK_RATIO, 30_518)).toBe(1);
    for (const edge of [1, 63, 64, 32_768, 16_777_216, 1e9]) {
      expect(edgesAt(LFCLK_RATIO, nanosOfEdge(LFCLK_RATIO, edge))).toBe(edge);
      expect(edgesAt(LFCLK_RATIO, nanosOfEdge(LFCLK_RATIO, edge) - 1)).toBe(edge - 1);
    }
  });

  it('reads COUNTER from virtual time once started', () => {
    const { peripherals, chip } = createTestBoard();
    const rtc = peripherals.rtc;
    chip.clock.advanceTo(5_000_000);
    expect(rtc.now()).toBe(0);
    rtc.start();
    chip.clock.advanceTo(5_000_000 + 1_000_000_000);
    expect(rtc.now()).toBe(32_768);
    expect(rtc.frequency).toBe(32_768);
  });

  it('fires an alarm set for dt at the tick reference + dt, once', () => {
    const { peripherals, chip, runUntil } = createTestBoard();
    const rtc = peripherals.rtc;
    rtc.start();
    const fired: number[] = [];
    rtc.setAlarmClient({ alarm: () => fired.push(rtc.now()) });
    runUntil(10_000_000);
    const reference = rtc.now();
    rtc.setAlarm(reference, ticks(100, TICKS24));
    expect(rtc.isArmed()).toBe(true);
    expect(rtc.getAlarm()).toBe(reference + 100);
    const due = nanosOfEdge(LFCLK_RATIO, edgesAt(LFCLK_RATIO, 10_000_000) + 100);
    runUntil(due - 1);
    expect(fired).toEqual([]);
    runUntil(due);
    expect(fired).toEqual([reference + 100]);
    expect(rtc.isArmed()).toBe(false);
    runUntil(chip.clock.nowNanos + 2_000_000_000);
    expect(fired).toHaveLength(1);
  });

  it('fires across the 24-bit wrap', () => {
    const { peripherals, chip, runUntil } = createTestBoard();
    const rtc = peripherals.rtc;
    rtc.start();
    chip.memory.write(RTC1 + 0x00c, 4, 1); // TRIGOVRFLW: COUNTER = 0xFFFFF0
    const reference = rtc.now();
    expect(reference).toBe(0xff_fff0);
    const fired: number[] = [];
    rtc.setAlarmClient({ alarm: () => fired.push(rtc.now()) });
    rtc.setAlarm(reference, ticks(0x30, TICKS24));
    runUntil(chip.clock.nowNanos + 10_000_000);
    expect(fired).toEqual([0x20]);
  });

  it('moves an alarm that is already due to now + 2 ticks', () => {
    const { peripherals, runUntil } = createTestBoard();
    const rtc = peripherals.rtc;
    rtc.start();
    runUntil(100_000_000);
    const now = rtc.now();
    const fired: number[] = [];
    rtc.setAlarmClient({ alarm: () => fired.push(rtc.now()) });
    rtc.setAlarm(ticks(now - 50, TICKS24), ticks(10, TICKS24));
    expect(rtc.getAlarm()).toBe(now + 2);
    runUntil(200_000_000);
    expect(fired).toEqual([now + 2]);
  });

  it('disarm stops a pending alarm', () => {
    const { peripherals, runUntil } = createTestBoard();
    const rtc = peripherals.rtc;
    rtc.start();
    let fired = 0;
    rtc.setAlarmClient({ alarm: () => fired++ });
    rtc.setAlarm(rtc.now(), ticks(50, TICKS24));
    expect(rtc.disarm().ok).toBe(true);
    runUntil(1_000_000_000);
    expect(fired).toBe(0);
  });
});
