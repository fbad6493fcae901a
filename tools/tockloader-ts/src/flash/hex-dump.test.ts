/**
 * The hex dump layout of tockloader's `read`: 16 bytes a line, a wider gap after the eighth,
 * short last lines padded so the text column lines up, and non-printable bytes as dots.
 */
import { describe, expect, it } from 'vitest';
import { hexDump } from './hex-dump.js';

function from(start: number, count: number): Uint8Array {
  return Uint8Array.from({ length: count }, (_, index) => (start + index) & 0xff);
}

describe('hexDump', () => {
  it('lays out full and partial lines as tockloader does', () => {
    expect(hexDump(0x40000, from(0x1e, 16))).toBe(
      `00040000  1e 1f 20 21 22 23 24 25  26 27 28 29 2a 2b 2c 2d  |.. !"#$%&'()*+,-|\n`,
    );
    expect(hexDump(0x40000, from(0x1e, 1))).toBe(`00040000  1e${' '.repeat(46)}  |.|\n`);
    expect(hexDump(0x40000, from(0x1e, 8))).toBe(
      `00040000  1e 1f 20 21 22 23 24 25${' '.repeat(25)}  |.. !"#$%|\n`,
    );
    expect(hexDump(0x40000, from(0x1e, 9))).toBe(
      `00040000  1e 1f 20 21 22 23 24 25  26${' '.repeat(21)}  |.. !"#$%&|\n`,
    );
  });

  it('numbers each line by its address and shows only printable ASCII', () => {
    const lines = hexDump(0x80000ff0, from(0x70, 40)).split('\n');
    expect(lines.map((line) => line.slice(0, 8))).toEqual(['80000ff0', '80001000', '80001010', '']);
    expect(lines[0]).toContain('|pqrstuvwxyz{|}~.|');
    expect(lines[1]).toContain('|................|');
    expect(hexDump(0, new Uint8Array(0))).toBe('');
  });
});
