/**
 * The in-memory flash image: address translation, growth and the size limit.
 */
import { describe, expect, it } from 'vitest';
import { FlashImage } from './flash-image.js';

describe('FlashImage', () => {
  it('translates addresses by the flash address and grows with zeros', () => {
    const flash = new FlashImage(new Uint8Array(0), 0x80000000, 0x1000);
    expect(flash.write(0x80000010, Uint8Array.of(1, 2, 3))).toBe(0);
    expect(flash.bytes.length).toBe(0x13);
    expect(flash.read(0x8000000f, 8)).toEqual(Uint8Array.of(0, 1, 2, 3));
    expect(flash.read(0x7ffffff0, 4)).toEqual(new Uint8Array(0));
  });

  it('cuts writes and reads at the size limit', () => {
    const flash = new FlashImage(new Uint8Array(0), 0, 16);
    expect(flash.write(12, new Uint8Array(8).fill(7))).toBe(4);
    expect(flash.bytes.length).toBe(16);
    expect(flash.fill(20, 100)).toBe(100);
    expect(flash.read(0, 100).length).toBe(16);
  });

  it('copies the bytes it is given', () => {
    const source = new Uint8Array(4);
    const flash = new FlashImage(source, 0, 16);
    flash.write(0, Uint8Array.of(9));
    expect(source[0]).toBe(0);
    expect(flash.bytes[0]).toBe(9);
  });
});
