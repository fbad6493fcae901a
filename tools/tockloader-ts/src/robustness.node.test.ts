/**
 * Malformed input never escapes as an exception: thousands of deterministic random corruptions
 * of real ELFs, TABs and flash images go through the converter, the TAB reader and the app
 * scanner, and each either succeeds consistently or returns an error message.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readU32 } from './bytes.js';
import { elfToTbf } from './elf2tab/convert.js';
import { resolveBoardSettings } from './flash/board-settings.js';
import { FlashImage } from './flash/flash-image.js';
import { installTabs } from './flash/install.js';
import { findInstalledObjects } from './flash/installed-apps.js';
import { readTab, writeTab } from './tab/tab-file.js';

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../test-fixtures/${name}`, import.meta.url)));
}

/** A small deterministic generator (xorshift32), so failures reproduce. */
function generator(seed: number): (limit: number) => number {
  let state = seed >>> 0 || 1;
  return (limit) => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state % limit;
  };
}

/** `bytes` with a few random bytes or words overwritten, or cut short. */
function corrupt(bytes: Uint8Array, random: (limit: number) => number, hotRegion: number): Uint8Array {
  const copy = bytes.slice();
  const kind = random(4);
  if (kind === 0) return copy.subarray(0, random(copy.length));
  const edits = 1 + random(4);
  for (let edit = 0; edit < edits; edit++) {
    const offset = random(2) === 0 ? random(Math.min(hotRegion, copy.length)) : random(copy.length);
    if (kind === 1) copy[offset] = random(256);
    else if (kind === 2) copy.set([0xff, 0xff, 0xff, 0x7f].slice(0, copy.length - offset), offset);
    else copy.set([random(256), random(256), 0, 0].slice(0, copy.length - offset), offset);
  }
  return copy;
}

describe('robustness against corrupted input', () => {
  it('elfToTbf returns a TBF of its stated size or an error for 1500 corrupted ELFs', () => {
    const random = generator(0x7ab);
    const sources = ['cortex-m4.elf', 'rv32imac.0x80100080.0x80300000.elf', 'protected-region.elf'].map(
      fixture,
    );
    let converted = 0;
    for (let round = 0; round < 1500; round++) {
      const source = sources[round % sources.length] ?? new Uint8Array();
      const elf = corrupt(source, random, 0x100);
      const result = elfToTbf(elf, {
        packageName: 'x',
        sha256: round % 2 === 0,
        minimumFooterSize: random(64),
      });
      if (result.ok) {
        converted++;
        expect(readU32(result.value.tbf, 4)).toBe(result.value.tbf.length);
      } else {
        expect(result.error.length).toBeGreaterThan(0);
      }
    }
    // Most corruptions hit bytes elf2tab never reads, so most ELFs still convert.
    expect(converted).toBeGreaterThan(250);
  });

  it('readTab and install return errors for corrupted TABs', () => {
    const random = generator(0x5eed);
    const tbf = elfToTbf(fixture('cortex-m4.elf'), { packageName: 'blink' });
    if (!tbf.ok) throw new Error(tbf.error);
    const tab = writeTab({ name: 'blink' }, [{ architecture: 'cortex-m4', tbf: tbf.value.tbf }]);
    const board = resolveBoardSettings({ board: 'nrf52dk', appAddress: 0, maxSize: 0x10000 });
    if (!board.ok) throw new Error(board.error);
    for (let round = 0; round < 1500; round++) {
      const read = readTab(corrupt(tab, random, 1536));
      if (!read.ok) continue;
      const flash = new FlashImage(new Uint8Array(0), 0, board.value.maxSize);
      const installed = installTabs(flash, board.value, [read.value]);
      if (!installed.ok) expect(installed.error.length).toBeGreaterThan(0);
    }
  });

  it('the app scanner stops cleanly on corrupted flash images', () => {
    const random = generator(0xf1a5);
    const board = resolveBoardSettings({ board: 'nrf52dk', appAddress: 0 });
    if (!board.ok) throw new Error(board.error);
    const tbf = elfToTbf(fixture('cortex-m4.elf'), { packageName: 'blink' });
    if (!tbf.ok) throw new Error(tbf.error);
    const image = new Uint8Array(4096);
    image.set(tbf.value.tbf, 0);
    image.set(tbf.value.tbf, 512);
    for (let round = 0; round < 2000; round++) {
      const flash = new FlashImage(corrupt(image, random, 1024), 0, board.value.maxSize);
      const objects = findInstalledObjects(flash, 0, true);
      for (const object of objects) expect(object.totalSize).toBeGreaterThan(0);
    }
  });
});
