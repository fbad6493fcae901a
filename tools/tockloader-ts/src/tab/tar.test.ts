/**
 * Tar framing: the header fields elf2tab's `tar` crate writes, and reading archives back.
 */
import { describe, expect, it } from 'vitest';
import { encodeUtf8 } from '../text/utf8.js';
import { readTar, writeTar } from './tar.js';

function text(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

describe('writeTar', () => {
  const data = encodeUtf8('tab-version = 1\n');
  const archive = writeTar([
    { header: { name: 'metadata.toml', mode: 0o644 }, data },
    {
      header: {
        name: 'cortex-m4.tbf',
        mode: 0o644,
        uid: 0,
        gid: 0,
        mtime: 1153704088,
        typeflag: '0',
        deviceMajor: 0,
        deviceMinor: 0,
      },
      data: new Uint8Array(600).fill(7),
    },
  ]);

  it('writes 512-byte blocks: header, padded data, and two zero blocks at the end', () => {
    expect(archive.length).toBe(512 + 512 + 512 + 1024 + 1024);
    expect(archive.subarray(archive.length - 1024).every((byte) => byte === 0)).toBe(true);
  });

  it('writes GNU headers with zero-filled octal fields ending in NUL, unset fields left NUL', () => {
    expect(text(archive, 0, 13)).toBe('metadata.toml');
    expect(text(archive, 100, 8)).toBe('0000644\0');
    expect(text(archive, 108, 16)).toBe('\0'.repeat(16)); // uid and gid never set
    expect(text(archive, 124, 12)).toBe('00000000020\0');
    expect(text(archive, 136, 12)).toBe('00000000000\0');
    expect(archive[156]).toBe(0); // typeflag NUL
    expect(text(archive, 257, 8)).toBe('ustar  \0');
    const second = 1024;
    expect(text(archive, second + 108, 8)).toBe('0000000\0');
    expect(text(archive, second + 136, 12)).toBe('10461020230\0');
    expect(text(archive, second + 156, 1)).toBe('0');
    expect(text(archive, second + 329, 16)).toBe('0000000\u00000000000\0');
  });

  it('writes a checksum that is the byte sum with the checksum field as spaces', () => {
    let sum = 0;
    for (let index = 0; index < 512; index++) sum += index >= 148 && index < 156 ? 32 : (archive[index] ?? 0);
    expect(text(archive, 148, 8)).toBe(`${sum.toString(8).padStart(7, '0')}\0`);
  });

  it('reads its own archives back', () => {
    const read = readTar(archive);
    expect(read.ok && read.value.map((entry) => [entry.name, entry.data.length])).toEqual([
      ['metadata.toml', 16],
      ['cortex-m4.tbf', 600],
    ]);
  });

  it('stores long names in a GNU ././@LongLink member and reads them back', () => {
    const name = `${'x'.repeat(120)}.tbf`;
    const long = writeTar([{ header: { name, mode: 0o644 }, data: new Uint8Array(1) }]);
    expect(text(long, 0, 13)).toBe('././@LongLink');
    expect(text(long, 156, 1)).toBe('L');
    const read = readTar(long);
    expect(read.ok && read.value[0]?.name).toBe(name);
  });
});

describe('readTar on bad input', () => {
  it('rejects a corrupted header checksum', () => {
    const archive = writeTar([{ header: { name: 'a' }, data: new Uint8Array(3) }]);
    archive[0] = 'b'.charCodeAt(0);
    expect(readTar(archive)).toEqual({ ok: false, error: 'bad tar header checksum at offset 0' });
  });

  it('rejects a member that runs past the end', () => {
    const archive = writeTar([{ header: { name: 'a' }, data: new Uint8Array(3000) }]);
    expect(readTar(archive.subarray(0, 1024))).toEqual({ ok: false, error: 'truncated tar archive' });
  });

  it('rejects an archive with no end marker', () => {
    expect(readTar(new Uint8Array(100)).ok).toBe(false);
  });
});
