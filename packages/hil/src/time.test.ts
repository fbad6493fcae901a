// Tick wrapping, left justification and unit conversions of the time HIL.
import { describe, expect, it } from 'vitest';
import {
  Frequency,
  leftJustifiedFrequency,
  scaleFloor,
  TICKS16,
  TICKS24,
  TICKS32,
  type Time,
  ticks,
  ticksFromMs,
  ticksFromOrMax,
  ticksFromSeconds,
  ticksFromUs,
  ticksHalfMaxValue,
  ticksLeftJustified,
  ticksMaxValue,
  ticksToMs,
  ticksToSeconds,
  ticksToUs,
  ticksWidth,
  ticksWithinRange,
  ticksWrappingAdd,
  ticksWrappingSub,
} from './time.js';

function clock(frequency: number, width = TICKS32): Time {
  return { frequency, ticksWidth: width, now: () => ticks(0, width) };
}

describe('tick widths', () => {
  it('masks values into the width', () => {
    expect(ticks(0x1_2345_6789, TICKS32)).toBe(0x2345_6789);
    expect(ticks(0x0123_4567, TICKS24)).toBe(0x23_4567);
    expect(ticks(-1, TICKS16)).toBe(0xffff);
    expect(ticksMaxValue(TICKS24)).toBe(0xff_ffff);
    expect(ticksHalfMaxValue(TICKS24)).toBe(0x80_0000);
    expect(ticksHalfMaxValue(TICKS32)).toBe(0x8000_0000);
  });

  it('rejects widths outside 1–32 bits', () => {
    expect(() => ticksWidth(0)).toThrow(RangeError);
    expect(() => ticksWidth(64)).toThrow(/1–32 bits, got 64/);
    expect(ticksWidth(1).mask).toBe(1);
  });
});

describe('wrapping arithmetic', () => {
  it('adds and subtracts modulo the width', () => {
    expect(ticksWrappingAdd(ticks(0xffff_fff0), ticks(0x20), TICKS32)).toBe(0x10);
    expect(ticksWrappingSub(ticks(0x10), ticks(0xffff_fff0), TICKS32)).toBe(0x20);
    expect(ticksWrappingAdd(ticks(0xff_fff0, TICKS24), ticks(0x20, TICKS24), TICKS24)).toBe(0x10);
    expect(ticksWrappingSub(ticks(0, TICKS24), ticks(1, TICKS24), TICKS24)).toBe(0xff_ffff);
  });

  it('tests ranges across the wrap point', () => {
    const start = ticks(0xffff_ff00);
    const end = ticks(0x100);
    expect(ticksWithinRange(ticks(0xffff_ffff), start, end, TICKS32)).toBe(true);
    expect(ticksWithinRange(ticks(0x50), start, end, TICKS32)).toBe(true);
    expect(ticksWithinRange(ticks(0x100), start, end, TICKS32)).toBe(false);
    expect(ticksWithinRange(ticks(0xffff_fe00), start, end, TICKS32)).toBe(false);
    // An empty range contains nothing, not even its start.
    expect(ticksWithinRange(start, start, start, TICKS32)).toBe(false);
  });
});

describe('left justification', () => {
  it('shifts 24-bit ticks to the top of a word and scales the frequency', () => {
    expect(ticksLeftJustified(ticks(0xff_ffff, TICKS24), TICKS24)).toBe(0xffff_ff00);
    expect(ticksLeftJustified(ticks(1337, TICKS24), TICKS24)).toBe(1337 << 8);
    expect(leftJustifiedFrequency(Frequency.Freq32KHz, TICKS24)).toBe(8_388_608);
    expect(leftJustifiedFrequency(Frequency.Freq1MHz, TICKS32)).toBe(1_000_000);
  });
});

describe('conversions', () => {
  it('converts time to ticks, rounding down and saturating', () => {
    const rtc = clock(Frequency.Freq32KHz, TICKS24);
    expect(ticksFromMs(rtc, 1000)).toBe(32_768);
    expect(ticksFromMs(rtc, 1)).toBe(32);
    expect(ticksFromUs(rtc, 100)).toBe(3);
    expect(ticksFromSeconds(rtc, 600)).toBe(0xff_ffff);
    const fast = clock(Frequency.Freq600MHz);
    expect(ticksFromMs(fast, 7)).toBe(4_200_000);
    expect(ticksFromMs(fast, 0xffff_ffff)).toBe(0xffff_ffff);
    expect(ticksFromUs(fast, 0xffff_ffff)).toBe(0xffff_ffff);
  });

  it('converts ticks to time, rounding down and saturating', () => {
    const timer = clock(Frequency.Freq1MHz);
    expect(ticksToMs(timer, ticks(1_999_999))).toBe(1999);
    expect(ticksToSeconds(timer, ticks(1_999_999))).toBe(1);
    expect(ticksToUs(timer, ticks(0xffff_ffff))).toBe(0xffff_ffff);
    const slow = clock(Frequency.Freq1KHz);
    expect(ticksToUs(slow, ticks(5_000_000))).toBe(0xffff_ffff);
    expect(ticksToUs(slow, ticks(4_000_000))).toBe(4_000_000_000);
  });

  it('divides exactly near the limits of double precision', () => {
    expect(scaleFloor(0xffff_ffff, 1_000_000, 1_000_000)).toBe(0xffff_ffff);
    expect(scaleFloor(0xffff_ffff, 0xffff_ffff, 0xffff_ffff)).toBe(0xffff_ffff);
    expect(scaleFloor(2 ** 32 - 1, 2_097_151, 2_097_152)).toBe(
      Number((0xffff_ffffn * 2_097_151n) / 2_097_152n),
    );
    expect(scaleFloor(0xffff_ffff, 0xffff_fffe, 0xffff_ffff)).toBe(0xffff_fffe);
    expect(ticksFromOrMax(0xffff_fffe, TICKS32)).toBe(0xffff_fffe);
    expect(ticksFromOrMax(0xffff_ffff, TICKS32)).toBe(0xffff_ffff);
  });
});
