// RTC model tests: PRESCALER, compare rules, overflow, TICK, EVTEN/INTEN gating, STOP and CLEAR.
import { describe, expect, it } from 'vitest';
import { Nrf52840Interrupt, Nrf52840Silicon, peripheralOnlyCore } from './nrf52840-silicon.js';
import * as rtc from './rtc.js';
import { LFCLK_RATIO, nanosOfEdge } from './tick-time.js';

const BASE = rtc.RTC0_BASE;

function setup() {
  const chip = new Nrf52840Silicon({ core: peripheralOnlyCore });
  const write = (offset: number, value: number) => chip.memory.write(BASE + offset, 4, value);
  const read = (offset: number) => chip.memory.read(BASE + offset, 4);
  const at = (edge: number) => nanosOfEdge(LFCLK_RATIO, edge);
  return { chip, write, read, at };
}

describe('RTC silicon', () => {
  it('divides the LFCLK by PRESCALER + 1, which only changes while stopped', () => {
    const { chip, write, read, at } = setup();
    write(rtc.PRESCALER, 327);
    write(rtc.TASKS_START, 1);
    write(rtc.PRESCALER, 0);
    expect(read(rtc.PRESCALER)).toBe(327);
    chip.clock.advanceTo(at(328 * 10) - 1);
    expect(read(rtc.COUNTER)).toBe(9);
    chip.clock.advanceTo(at(328 * 10));
    expect(read(rtc.COUNTER)).toBe(10);
  });

  it('does not fire COMPARE for CC written equal to COUNTER, fires for COUNTER + 1', () => {
    const { chip, write, read, at } = setup();
    write(0x304, 1 << rtc.EVENT_COMPARE0);
    write(rtc.TASKS_START, 1);
    chip.clock.advanceTo(at(5));
    write(rtc.CC0, 5);
    chip.clock.advanceTo(at(6));
    expect(read(0x140)).toBe(0);
    write(rtc.CC0, 7);
    chip.clock.advanceTo(at(7) - 1);
    expect(read(0x140)).toBe(0);
    chip.clock.advanceTo(at(7));
    expect(read(0x140)).toBe(1);
    expect(chip.core.lineLevels[Nrf52840Interrupt.RTC0]).toBe(1);
  });

  it('generates events only when enabled in EVTEN or INTEN; EVTEN does not interrupt', () => {
    const { chip, write, read, at } = setup();
    write(rtc.CC0 + 4, 3);
    write(rtc.TASKS_START, 1);
    chip.clock.advanceTo(at(4));
    expect(read(0x144)).toBe(0);
    write(rtc.EVTENSET, 1 << (rtc.EVENT_COMPARE0 + 1));
    write(rtc.CC0 + 4, 6);
    chip.clock.advanceTo(at(6));
    expect(read(0x144)).toBe(1);
    expect(chip.core.lineLevels[Nrf52840Interrupt.RTC0]).toBe(0);
  });

  it('overflows from 0xFFFFFF to 0 with OVRFLW, and ticks every increment with TICK', () => {
    const { chip, write, read, at } = setup();
    write(0x304, (1 << rtc.EVENT_OVRFLW) | (1 << rtc.EVENT_TICK));
    write(rtc.TASKS_START, 1);
    write(rtc.TASKS_TRIGOVRFLW, 1);
    expect(read(rtc.COUNTER)).toBe(0xff_fff0);
    chip.clock.advanceTo(at(1));
    expect(read(0x100)).toBe(1);
    expect(read(0x104)).toBe(0);
    chip.clock.advanceTo(at(16) - 1);
    expect(read(rtc.COUNTER)).toBe(0xff_ffff);
    expect(read(0x104)).toBe(0);
    chip.clock.advanceTo(at(16));
    expect(read(rtc.COUNTER)).toBe(0);
    expect(read(0x104)).toBe(1);
  });

  it('holds COUNTER while stopped and zeroes it on CLEAR', () => {
    const { chip, write, read, at } = setup();
    write(rtc.TASKS_START, 1);
    chip.clock.advanceTo(at(100));
    write(rtc.TASKS_STOP, 1);
    chip.clock.advanceTo(at(200));
    expect(read(rtc.COUNTER)).toBe(100);
    write(rtc.TASKS_CLEAR, 1);
    expect(read(rtc.COUNTER)).toBe(0);
    write(rtc.TASKS_START, 1);
    chip.clock.advanceTo(at(250));
    expect(read(rtc.COUNTER)).toBe(50);
  });
});
