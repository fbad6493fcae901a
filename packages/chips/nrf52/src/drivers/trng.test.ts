// RNG model and TRNG driver tests: VALRDY timing, seeded determinism, 32-bit words from 4 bytes.
import { Continue, type EntropyValues } from '@tock-ts/hil';
import { describe, expect, it } from 'vitest';
import { Nrf52840Silicon, peripheralOnlyCore } from '../silicon/nrf52840-silicon.js';
import { BYTE_TIME_BIAS_CORRECTED_NANOS, BYTE_TIME_NANOS } from '../silicon/rng.js';
import { createTestBoard } from './test-board.test-support.js';

const RNG = 0x4000_d000;

function bytesFromSilicon(seed: number, count: number): number[] {
  const chip = new Nrf52840Silicon({ core: peripheralOnlyCore, rngSeed: seed });
  const bytes: number[] = [];
  chip.memory.write(RNG, 4, 1);
  for (let index = 0; index < count; index++) {
    chip.clock.advanceTo((index + 1) * BYTE_TIME_NANOS);
    expect(chip.memory.read(RNG + 0x100, 4)).toBe(1);
    bytes.push(chip.memory.read(RNG + 0x508, 4));
    chip.memory.write(RNG + 0x100, 4, 0);
  }
  return bytes;
}

describe('RNG', () => {
  it('raises VALRDY every byte time, slower with bias correction, and stops on STOP', () => {
    const chip = new Nrf52840Silicon({ core: peripheralOnlyCore });
    chip.memory.write(RNG + 0x504, 4, 1); // DERCEN
    chip.memory.write(RNG, 4, 1);
    chip.clock.advanceTo(BYTE_TIME_BIAS_CORRECTED_NANOS - 1);
    expect(chip.memory.read(RNG + 0x100, 4)).toBe(0);
    chip.clock.advanceTo(BYTE_TIME_BIAS_CORRECTED_NANOS);
    expect(chip.memory.read(RNG + 0x100, 4)).toBe(1);
    chip.memory.write(RNG + 0x004, 4, 1);
    expect(chip.clock.pendingEventCount).toBe(0);
  });

  it('gives the same bytes for the same seed and different bytes for another', () => {
    const first = bytesFromSilicon(7, 16);
    expect(bytesFromSilicon(7, 16)).toEqual(first);
    expect(bytesFromSilicon(8, 16)).not.toEqual(first);
    expect(new Set(first).size).toBeGreaterThan(8);
  });

  it('hands the client 32-bit words assembled from four VALRDY bytes, until Done', () => {
    const { chip, peripherals, runUntil } = createTestBoard();
    const expectedBytes = bytesFromSilicon(1, 10);
    const words: number[] = [];
    let callbacks = 0;
    peripherals.trng.setClient({
      entropyAvailable: (entropy: EntropyValues) => {
        callbacks++;
        const word = entropy.next();
        if (word !== undefined) words.push(word);
        expect(entropy.next()).toBeUndefined();
        return words.length < 2 ? Continue.More : Continue.Done;
      },
    });
    expect(peripherals.trng.get().ok).toBe(true);
    runUntil(10_000_000);
    expect(callbacks).toBe(2);
    const word = (bytes: number[]) =>
      ((bytes[0] ?? 0) | ((bytes[1] ?? 0) << 8) | ((bytes[2] ?? 0) << 16) | ((bytes[3] ?? 0) << 24)) >>> 0;
    // Upstream starts one more conversion after the fourth byte before calling back.
    expect(words).toEqual([word(expectedBytes.slice(0, 4)), word(expectedBytes.slice(5, 9))]);
    // Done stopped the generator: no byte conversion is left scheduled, so the chip can sleep.
    expect(chip.clock.pendingEventCount).toBe(0);
  });
});
