// Tests for the ELF32 reader on small hand-built files, including malformed ones.
import { describe, expect, it } from 'vitest';
import { ELF_MACHINE_RISCV, ELF_SEGMENT_LOAD, parseElf, relocations, sectionBytes } from './elf.js';

/**
 * Builds a minimal ELF32 little-endian executable: one PT_LOAD segment holding four code
 * bytes, and sections [null, .text, .rel.data, .symtab, .strtab, .shstrtab].
 */
function buildElf(): Uint8Array {
  const sectionNames = '\0.text\0.rel.data\0.symtab\0.strtab\0.shstrtab\0';
  const symbolNames = '\0_start\0';
  const code = [0x13, 0x00, 0x00, 0x00];
  const layout = {
    programHeaders: 52,
    code: 84,
    relocations: 88,
    symbols: 104,
    symbolNames: 136,
    sectionNames: 144,
    sectionHeaders: 192,
  };
  const bytes = new Uint8Array(layout.sectionHeaders + 6 * 40);
  const view = new DataView(bytes.buffer);
  bytes.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1]);
  view.setUint16(16, 2, true);
  view.setUint16(18, ELF_MACHINE_RISCV, true);
  view.setUint32(20, 1, true);
  view.setUint32(24, 0x80100080, true);
  view.setUint32(28, layout.programHeaders, true);
  view.setUint32(32, layout.sectionHeaders, true);
  view.setUint32(36, 1, true);
  view.setUint16(40, 52, true);
  view.setUint16(42, 32, true);
  view.setUint16(44, 1, true);
  view.setUint16(46, 40, true);
  view.setUint16(48, 6, true);
  view.setUint16(50, 5, true);

  const segment = [ELF_SEGMENT_LOAD, layout.code, 0x80100080, 0x80100080, 4, 4, 5, 4];
  for (const [index, word] of segment.entries()) {
    view.setUint32(layout.programHeaders + index * 4, word, true);
  }
  bytes.set(code, layout.code);
  view.setUint32(layout.relocations, 0x410, true);
  view.setUint32(layout.relocations + 4, (1 << 8) | 2, true);
  view.setUint32(layout.relocations + 8, 0x414, true);
  view.setUint32(layout.relocations + 12, (1 << 8) | 2, true);
  // Symbol 1: _start, global function in section 1.
  view.setUint32(layout.symbols + 16, 1, true);
  view.setUint32(layout.symbols + 20, 0x80100080, true);
  bytes[layout.symbols + 28] = (1 << 4) | 2;
  view.setUint16(layout.symbols + 30, 1, true);
  bytes.set(
    Array.from(symbolNames, (character) => character.charCodeAt(0)),
    layout.symbolNames,
  );
  bytes.set(
    Array.from(sectionNames, (character) => character.charCodeAt(0)),
    layout.sectionNames,
  );

  const sections = [
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    [1, 1, 6, 0x80100080, layout.code, 4, 0, 0, 4, 0],
    [7, 9, 0, 0, layout.relocations, 16, 3, 1, 4, 8],
    [17, 2, 0, 0, layout.symbols, 32, 4, 1, 4, 16],
    [25, 3, 0, 0, layout.symbolNames, symbolNames.length, 0, 0, 1, 0],
    [33, 3, 0, 0, layout.sectionNames, sectionNames.length, 0, 0, 1, 0],
  ];
  for (const [sectionIndex, words] of sections.entries()) {
    for (const [index, word] of words.entries()) {
      view.setUint32(layout.sectionHeaders + sectionIndex * 40 + index * 4, word, true);
    }
  }
  return bytes;
}

function parsed(bytes: Uint8Array) {
  const result = parseElf(bytes);
  if (!result.ok) {
    throw new Error(`expected a valid ELF: ${result.error}`);
  }
  return result.elf;
}

describe('parseElf', () => {
  it('reads the header, segments, named sections and symbols', () => {
    const elf = parsed(buildElf());
    expect(elf.type).toBe(2);
    expect(elf.machine).toBe(ELF_MACHINE_RISCV);
    expect(elf.flags).toBe(1);
    expect(elf.entry).toBe(0x80100080);
    expect(elf.segments).toEqual([
      {
        type: ELF_SEGMENT_LOAD,
        offset: 84,
        virtualAddress: 0x80100080,
        physicalAddress: 0x80100080,
        fileSize: 4,
        memorySize: 4,
        flags: 5,
      },
    ]);
    expect(elf.sections.map((section) => section.name)).toEqual([
      '',
      '.text',
      '.rel.data',
      '.symtab',
      '.strtab',
      '.shstrtab',
    ]);
    const start = elf.symbols.find((symbol) => symbol.name === '_start');
    expect(start).toEqual({
      name: '_start',
      value: 0x80100080,
      size: 0,
      type: 2,
      binding: 1,
      sectionIndex: 1,
    });
  });

  it('returns section bytes and REL entries', () => {
    const elf = parsed(buildElf());
    const text = elf.sections[1];
    const rel = elf.sections[2];
    if (text === undefined || rel === undefined) {
      throw new Error('sections missing');
    }
    expect(Array.from(sectionBytes(elf, text))).toEqual([0x13, 0, 0, 0]);
    expect(relocations(elf, rel)).toEqual([
      { offset: 0x410, type: 2, symbolIndex: 1 },
      { offset: 0x414, type: 2, symbolIndex: 1 },
    ]);
  });

  it('rejects a file shorter than the header', () => {
    expect(parseElf(new Uint8Array(10))).toEqual({
      ok: false,
      error: 'file is 10 bytes, shorter than the 52-byte ELF32 header',
    });
  });

  it('rejects a file without the ELF magic', () => {
    const bytes = buildElf();
    bytes[1] = 0x46;
    expect(parseElf(bytes)).toEqual({
      ok: false,
      error: 'file does not start with the ELF magic 7f 45 4c 46',
    });
  });

  it('rejects 64-bit and big-endian files', () => {
    const wide = buildElf();
    wide[4] = 2;
    expect(parseElf(wide)).toEqual({ ok: false, error: 'ELF class is 2, expected 1 (32-bit)' });
    const bigEndian = buildElf();
    bigEndian[5] = 2;
    expect(parseElf(bigEndian)).toEqual({
      ok: false,
      error: 'ELF data encoding is 2, expected 1 (little-endian)',
    });
  });

  it('rejects tables and contents that run past the end of the file', () => {
    const bytes = buildElf();
    expect(parseElf(bytes.subarray(0, 200))).toEqual({
      ok: false,
      error: 'section headers (6 at offset 192) run past the end of the file',
    });
    const segmentTooLong = buildElf();
    new DataView(segmentTooLong.buffer).setUint32(52 + 16, 0x10000, true);
    expect(parseElf(segmentTooLong)).toEqual({
      ok: false,
      error: 'segment 0 (65536 bytes at offset 84) runs past the end of the file',
    });
  });
});
