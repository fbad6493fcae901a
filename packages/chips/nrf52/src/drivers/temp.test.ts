// TEMP model and driver tests: DATARDY after the conversion time, quarter-degree results.
import { describe, expect, it } from 'vitest';
import { CONVERSION_TIME_NANOS } from '../silicon/temp.js';
import { createTestBoard } from './test-board.test-support.js';

describe('TEMP', () => {
  it('reports the set temperature in hundredths of a degree after 36 µs', () => {
    const { peripherals, chip, runUntil } = createTestBoard();
    chip.temp.setTemperature(23.75);
    const readings: Array<[number, number]> = [];
    peripherals.temp.setClient({
      callback: (value) => {
        if (value.ok) readings.push([value.value, chip.clock.nowNanos]);
      },
    });
    expect(peripherals.temp.readTemperature().ok).toBe(true);
    runUntil(CONVERSION_TIME_NANOS - 1);
    expect(readings).toEqual([]);
    runUntil(1_000_000);
    expect(readings).toEqual([[2375, CONVERSION_TIME_NANOS]]);
  });

  it('handles temperatures below zero and rounds to 0.25 °C', () => {
    const { peripherals, chip, runUntil } = createTestBoard();
    const values: number[] = [];
    peripherals.temp.setClient({ callback: (value) => values.push(value.ok ? value.value : Number.NaN) });
    chip.temp.setTemperature(-10.1);
    peripherals.temp.readTemperature();
    runUntil(1_000_000);
    expect(values).toEqual([-1000]);
    expect(chip.memory.read(0x4000_c508, 4)).toBe((-40 >>> 0) >>> 0);
    expect(() => chip.temp.setTemperature(Number.NaN)).toThrow(/finite/);
  });
});
