/** Tests for CycleTimebase: exact cycle ↔ nanosecond conversions at real core frequencies. */
import { describe, expect, it } from 'vitest';
import { CycleTimebase } from './cycle-timebase.js';

describe('CycleTimebase', () => {
  it('maps cycles to nanoseconds exactly at 64 MHz and 125 MHz', () => {
    const nrf = new CycleTimebase(64_000_000);
    expect(nrf.nanosAtCycle(64)).toBe(1000);
    expect(nrf.nanosAtCycle(1)).toBe(15); // 15.625 ns, rounded down
    expect(nrf.nanosAtCycle(64_000_000 * 3600)).toBe(3600 * 1_000_000_000);
    const pico = new CycleTimebase(125_000_000);
    expect(pico.nanosAtCycle(125)).toBe(1000);
    expect(pico.nanosAtCycle(1)).toBe(8);
  });

  it('gives the first cycle at or after a time, the inverse of nanosAtCycle', () => {
    const timebase = new CycleTimebase(64_000_000);
    expect(timebase.cycleAtNanos(1000)).toBe(64);
    expect(timebase.cycleAtNanos(16)).toBe(2); // cycle 1 is at 15 ns, cycle 2 at 31 ns
    for (const nanos of [0, 1, 15, 16, 999, 1001, 123_456_789]) {
      const cycle = timebase.cycleAtNanos(nanos);
      expect(timebase.nanosAtCycle(cycle)).toBeGreaterThanOrEqual(nanos);
      expect(cycle === 0 || timebase.nanosAtCycle(cycle - 1) < nanos).toBe(true);
    }
  });

  it('refuses a frequency that is not a positive integer, naming the core', () => {
    expect(() => new CycleTimebase(0, 'TestCore')).toThrow(
      'TestCore: frequencyHz must be a positive integer, got 0',
    );
    expect(() => new CycleTimebase(1.5)).toThrow(RangeError);
    expect(() => new CycleTimebase(5_000_000_000)).toThrow(RangeError);
  });
});
