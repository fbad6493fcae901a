// TIMER model and TimerAlarm driver tests: counting at 16 MHz / 2^PRESCALER, compares, shortcuts,
// counter mode, and alarms.
import { ticks } from '@tock-ts/hil';
import { describe, expect, it } from 'vitest';
import { Nrf52840Interrupt, Nrf52840Silicon, peripheralOnlyCore } from '../silicon/nrf52840-silicon.js';
import * as timer from '../silicon/timer.js';
import { createTestBoard } from './test-board.test-support.js';

const TIMER2 = timer.TIMER2_BASE;

function setup() {
  const chip = new Nrf52840Silicon({ core: peripheralOnlyCore });
  const write = (offset: number, value: number) => chip.memory.write(TIMER2 + offset, 4, value);
  const read = (offset: number) => chip.memory.read(TIMER2 + offset, 4);
  return { chip, write, read };
}

describe('TIMER silicon', () => {
  it('counts at 1 MHz after reset and captures the count', () => {
    const { chip, write, read } = setup();
    write(timer.BITMODE, timer.BITMODE_32);
    write(timer.TASKS_START, 1);
    chip.clock.advanceTo(1_234_567);
    write(timer.TASKS_CAPTURE0, 1);
    expect(read(timer.CC0)).toBe(1234);
    write(timer.PRESCALER, 0);
    expect(read(timer.PRESCALER)).toBe(timer.PRESCALER_RESET); // ignored while running
    write(timer.TASKS_STOP, 1);
    write(timer.PRESCALER, 0);
    write(timer.TASKS_START, 1);
    chip.clock.advanceTo(1_234_567 + 1_000_000);
    write(timer.TASKS_CAPTURE0 + 4, 1);
    expect(read(timer.CC0 + 4)).toBe(1234 + 16_000);
  });

  it('raises COMPARE[n] at CC[n], clears on the COMPARE0_CLEAR shortcut, and interrupts when enabled', () => {
    const { chip, write, read } = setup();
    write(timer.CC0, 100);
    write(0x200, 1); // SHORTS: COMPARE0_CLEAR
    write(0x304, 1 << timer.EVENT_COMPARE0);
    write(timer.TASKS_START, 1);
    chip.clock.advanceTo(99_999);
    expect(read(0x140)).toBe(0);
    chip.clock.advanceTo(100_000);
    expect(read(0x140)).toBe(1);
    expect(chip.core.lineLevels[Nrf52840Interrupt.TIMER2]).toBe(1);
    write(0x140, 0);
    chip.clock.advanceTo(200_000);
    expect(read(0x140)).toBe(1);
  });

  it('counts TASKS_COUNT in counter mode and wraps at the bit width', () => {
    const { write, read } = setup();
    write(timer.MODE, timer.MODE_COUNTER);
    write(timer.BITMODE, timer.BITMODE_08);
    write(timer.CC0, 2);
    write(timer.TASKS_START, 1);
    for (let count = 0; count < 258; count++) write(timer.TASKS_COUNT, 1);
    write(timer.TASKS_CAPTURE0 + 4, 1);
    expect(read(timer.CC0 + 4)).toBe(2);
    expect(read(0x140)).toBe(1);
  });
});

describe('TimerAlarm driver', () => {
  it('fires at reference + dt microseconds', () => {
    const { peripherals, chip, runUntil } = createTestBoard();
    const alarm = peripherals.timer1;
    expect(alarm.frequency).toBe(1_000_000);
    const fired: number[] = [];
    alarm.setAlarmClient({ alarm: () => fired.push(chip.clock.nowNanos) });
    alarm.setAlarm(alarm.now(), ticks(500));
    expect(alarm.isArmed()).toBe(true);
    runUntil(10_000_000);
    expect(fired).toEqual([500_000]);
    expect(alarm.isArmed()).toBe(false);
  });
});
