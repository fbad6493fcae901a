// Tests for buildFlashImage on the committed fixtures: the crt0 header comes first and the
// relocation table lands exactly where header word 8 says.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type ElfFile, parseElf } from './elf.js';
import { buildFlashImage } from './flash-image.js';

function fixture(path: string): ElfFile {
  const result = parseElf(new Uint8Array(readFileSync(new URL(`../fixtures/${path}`, import.meta.url))));
  if (!result.ok) {
    throw new Error(result.error);
  }
  return result.elf;
}

function word(bytes: Uint8Array, offset: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(offset, true);
}

describe('buildFlashImage', () => {
  it.each([
    'hello/cortex-m0.elf',
    'syscalls/cortex-m4.elf',
    'syscalls/rv32imac.0x80100080.0x80300000.elf',
  ])('lays out %s as elf2tab does', (path) => {
    const elf = fixture(path);
    const result = buildFlashImage(elf);
    if (!result.ok) {
      throw new Error(result.error);
    }
    const { bytes, entryOffset, relocationBytes } = result.image;
    const relocationTable = word(bytes, 32);
    // Header word 8 points at the length word, which counts the bytes after it.
    expect(word(bytes, relocationTable)).toBe(relocationBytes);
    expect(bytes.length).toBe(relocationTable + 4 + relocationBytes);
    expect(word(bytes, 36)).toBe(1024);
    const start = elf.symbols.find((symbol) => symbol.name === '_start');
    const origin = elf.symbols.find((symbol) => symbol.name === '_flash_origin');
    expect(entryOffset).toBe((start?.value ?? 0) - (origin?.value ?? 0));
  });

  it('appends the .rel.data entries of a position-independent app', () => {
    const result = buildFlashImage(fixture('hello/cortex-m0.elf'));
    expect(result.ok && result.image.relocationBytes).toBe(8);
  });

  it('has no relocation data for a fixed-address app', () => {
    const result = buildFlashImage(fixture('hello/rv32imac.0x80100080.0x80300000.elf'));
    expect(result.ok && result.image.relocationBytes).toBe(0);
  });

  it('refuses an ELF without loadable contents', () => {
    const elf = fixture('hello/cortex-m0.elf');
    expect(buildFlashImage({ ...elf, segments: [] })).toEqual({
      ok: false,
      error: 'the ELF has no loadable segment with file contents',
    });
  });
});
