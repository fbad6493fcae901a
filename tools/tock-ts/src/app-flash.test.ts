/**
 * Tests of app flash layout and TBF checking: placement order and alignment, padding TBFs in the
 * gaps (valid headers the kernel walks past), and the one-line refusals.
 */
import { parseTbfHeader, parseTbfHeaderLengths } from '@tock-ts/tock-tbf';
import { describe, expect, it } from 'vitest';
import { checkAppRegion, checkTbf, layOutAppFlash } from './app-flash.js';
import { parsePress, parseSeconds } from './run-options.js';
import { COMPUTE_LOOP, syntheticTbf } from './synthetic-app.js';

describe('layOutAppFlash', () => {
  it('places apps largest first, each aligned to its size, and pads the gaps with valid padding TBFs', () => {
    const small = { source: 'small', tbf: syntheticTbf(COMPUTE_LOOP, 512) };
    const odd = { source: 'odd', tbf: syntheticTbf(COMPUTE_LOOP, 768) };
    const laid = layOutAppFlash([small, odd], 0x10000);
    if (!laid.ok) throw new Error(laid.error);
    // 768 bytes at 0, a 256-byte padding TBF, then 512 bytes at 1024 (aligned to their size).
    expect(laid.value.length).toBe(1536);
    expect(laid.value.subarray(0, 768)).toEqual(odd.tbf);
    const padding = laid.value.subarray(768, 1024);
    const lengths = parseTbfHeaderLengths(padding);
    expect(lengths).toEqual({ ok: true, value: { version: 2, headerSize: 16, totalSize: 256 } });
    const header = parseTbfHeader(padding, 2);
    expect(header.ok && header.value.isApp()).toBe(false);
    expect(laid.value.subarray(1024)).toEqual(small.tbf);
    expect(checkAppRegion('image', laid.value, 0x40000).ok).toBe(true);
  });

  it('refuses apps that do not fit', () => {
    const app = { source: 'app', tbf: syntheticTbf(COMPUTE_LOOP, 1024) };
    expect(layOutAppFlash([app, app], 1536)).toEqual({
      ok: false,
      error: 'the apps need 2048 bytes of flash, the board has 1536',
    });
  });
});

describe('checkTbf', () => {
  it('accepts a whole TBF and names what is wrong with anything else', () => {
    const tbf = syntheticTbf(COMPUTE_LOOP);
    expect(checkTbf('a.tbf', tbf).ok).toBe(true);
    expect(checkTbf('b.tbf', new Uint8Array(4))).toEqual({
      ok: false,
      error: 'b.tbf: not a TBF file (no valid TBF header)',
    });
    expect(checkTbf('c.tbf', tbf.subarray(0, 100))).toEqual({
      ok: false,
      error: 'c.tbf: truncated TBF (header says 256 bytes, file has 100)',
    });
  });
});

describe('option values', () => {
  it('parses seconds and button presses in virtual time', () => {
    expect(parseSeconds('1.5')).toBe(1_500_000_000);
    expect(parseSeconds('0')).toBe(0);
    expect(parseSeconds('-1')).toBeUndefined();
    expect(parseSeconds('1e3')).toBeUndefined();
    expect(parsePress('0@1.5')).toEqual({ button: 0, atNanos: 1_500_000_000 });
    expect(parsePress('2@')).toBeUndefined();
    expect(parsePress('x@1')).toBeUndefined();
  });
});
