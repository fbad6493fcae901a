/**
 * Builds small 32-bit little-endian ELF files in memory for tests: segments with contents,
 * sections placed inside them, a symbol table and the section name table.
 */
import { ByteWriter, writeU16, writeU32 } from '../bytes.js';
import { encodeUtf8 } from '../text/utf8.js';

/** A program header and the bytes it loads. */
export interface TestSegment {
  readonly type?: number;
  readonly virtualAddress: number;
  readonly physicalAddress: number;
  readonly flags: number;
  readonly data: Uint8Array;
  /** Defaults to the data length. */
  readonly memorySize?: number;
}

/** A section; with `segment`, it lies `offset` bytes into that segment's data and addresses. */
export interface TestSection {
  readonly name: string;
  readonly type: number;
  readonly flags: number;
  readonly size: number;
  readonly segment?: number;
  readonly offset?: number;
  /** Contents of a section outside every segment (e.g. `.rel.data`). */
  readonly data?: Uint8Array;
  /** Address of a section outside every segment. */
  readonly address?: number;
}

/** What to build. */
export interface TestElf {
  readonly machine: number;
  readonly entry: number;
  readonly segments: readonly TestSegment[];
  readonly sections: readonly TestSection[];
  readonly symbols?: readonly { readonly name: string; readonly value: number }[];
}

const HEADER_SIZE = 52;
const PROGRAM_HEADER_SIZE = 32;
const SECTION_HEADER_SIZE = 40;
const SHT_PROGBITS = 1;
const SHT_SYMTAB = 2;
const SHT_STRTAB = 3;

function align(value: number, to: number): number {
  return Math.ceil(value / to) * to;
}

/** A string table holding `names`, and each name's offset in it. */
function stringTable(names: readonly string[]): { bytes: Uint8Array; offsets: Map<string, number> } {
  const out = new ByteWriter().u8(0);
  const offsets = new Map<string, number>([['', 0]]);
  for (const name of names) {
    if (offsets.has(name)) continue;
    offsets.set(name, out.length);
    out.bytes(encodeUtf8(name)).u8(0);
  }
  return { bytes: out.finish(), offsets };
}

/** The ELF file described by `elf`. */
export function buildElf(elf: TestElf): Uint8Array {
  const segmentOffsets: number[] = [];
  let cursor = align(HEADER_SIZE + PROGRAM_HEADER_SIZE * elf.segments.length, 16);
  for (const segment of elf.segments) {
    segmentOffsets.push(cursor);
    cursor = align(cursor + segment.data.length, 16);
  }

  const symbols = elf.symbols ?? [];
  const symbolNames = stringTable(symbols.map((symbol) => symbol.name));
  const symbolTable = new ByteWriter().zeros(16);
  for (const symbol of symbols) {
    symbolTable
      .u32(symbolNames.offsets.get(symbol.name) ?? 0)
      .u32(symbol.value)
      .u32(0)
      .u8(0)
      .u8(0)
      .u16(0xfff1);
  }

  // Section 0 is the null section; the user's sections follow, then .symtab, .strtab, .shstrtab.
  const extra = [
    { name: '.symtab', type: SHT_SYMTAB, data: symbolTable.finish(), link: elf.sections.length + 2 },
    { name: '.strtab', type: SHT_STRTAB, data: symbolNames.bytes, link: 0 },
  ];
  const names = stringTable([
    ...elf.sections.map((section) => section.name),
    ...extra.map((s) => s.name),
    '.shstrtab',
  ]);
  const tables = [...extra, { name: '.shstrtab', type: SHT_STRTAB, data: names.bytes, link: 0 }];

  const looseData: { offset: number; data: Uint8Array }[] = [];
  const sectionHeaders = new ByteWriter().zeros(SECTION_HEADER_SIZE);
  for (const section of elf.sections) {
    let offset: number;
    let address: number;
    if (section.segment !== undefined) {
      const segment = elf.segments[section.segment];
      offset = (segmentOffsets[section.segment] ?? 0) + (section.offset ?? 0);
      address = (segment?.virtualAddress ?? 0) + (section.offset ?? 0);
    } else {
      offset = cursor;
      address = section.address ?? 0;
      if (section.data !== undefined) looseData.push({ offset, data: section.data });
      cursor = align(cursor + (section.data?.length ?? 0), 4);
    }
    sectionHeaders
      .u32(names.offsets.get(section.name) ?? 0)
      .u32(section.type)
      .u32(section.flags)
      .u32(address)
      .u32(offset)
      .u32(section.size)
      .u32(0)
      .u32(0)
      .u32(4)
      .u32(section.type === SHT_PROGBITS ? 0 : 8);
  }
  for (const table of tables) {
    looseData.push({ offset: cursor, data: table.data });
    sectionHeaders
      .u32(names.offsets.get(table.name) ?? 0)
      .u32(table.type)
      .u32(0)
      .u32(0)
      .u32(cursor)
      .u32(table.data.length)
      .u32(table.link)
      .u32(0)
      .u32(1)
      .u32(table.type === SHT_SYMTAB ? 16 : 0);
    cursor = align(cursor + table.data.length, 4);
  }
  const sectionHeaderOffset = cursor;
  const sectionCount = 1 + elf.sections.length + tables.length;

  const file = new Uint8Array(sectionHeaderOffset + SECTION_HEADER_SIZE * sectionCount);
  file.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1], 0);
  writeU16(file, 16, 2); // ET_EXEC
  writeU16(file, 18, elf.machine);
  writeU32(file, 20, 1);
  writeU32(file, 24, elf.entry);
  writeU32(file, 28, HEADER_SIZE);
  writeU32(file, 32, sectionHeaderOffset);
  writeU16(file, 40, HEADER_SIZE);
  writeU16(file, 42, PROGRAM_HEADER_SIZE);
  writeU16(file, 44, elf.segments.length);
  writeU16(file, 46, SECTION_HEADER_SIZE);
  writeU16(file, 48, sectionCount);
  writeU16(file, 50, sectionCount - 1);
  elf.segments.forEach((segment, index) => {
    const at = HEADER_SIZE + PROGRAM_HEADER_SIZE * index;
    const values = [
      segment.type ?? 1,
      segmentOffsets[index] ?? 0,
      segment.virtualAddress,
      segment.physicalAddress,
      segment.data.length,
      segment.memorySize ?? segment.data.length,
      segment.flags,
      4,
    ];
    for (const [field, value] of values.entries()) writeU32(file, at + 4 * field, value);
    file.set(segment.data, segmentOffsets[index] ?? 0);
  });
  for (const { offset, data } of looseData) file.set(data, offset);
  file.set(sectionHeaders.finish(), sectionHeaderOffset);
  return file;
}
