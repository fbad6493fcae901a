// A small reader for 32-bit little-endian ELF executables: header, sections, program
// headers, symbols and REL relocation entries. It is what the fixture tests use to check
// our test apps without binutils; malformed input gives an error value naming the problem.

/** `e_machine` of Arm (AArch32) executables. */
export const ELF_MACHINE_ARM = 40;
/** `e_machine` of RISC-V executables. */
export const ELF_MACHINE_RISCV = 243;
/** `e_type` of an executable file. */
export const ELF_TYPE_EXECUTABLE = 2;
/** `p_type` of a loadable segment. */
export const ELF_SEGMENT_LOAD = 1;
/** `sh_type` of a section that occupies no file bytes (.bss, .stack). */
export const ELF_SECTION_NO_BITS = 8;
/** `sh_type` of a REL relocation section. */
export const ELF_SECTION_REL = 9;
/** `sh_flags` bit: the section is writable at run time. */
export const ELF_SECTION_FLAG_WRITE = 0x1;

/** One section header, with its name looked up in the section name table. */
export interface ElfSection {
  readonly name: string;
  readonly type: number;
  readonly flags: number;
  readonly address: number;
  readonly offset: number;
  readonly size: number;
  readonly link: number;
  readonly info: number;
  readonly entrySize: number;
}

/** One program header (segment). */
export interface ElfSegment {
  readonly type: number;
  readonly offset: number;
  readonly virtualAddress: number;
  readonly physicalAddress: number;
  readonly fileSize: number;
  readonly memorySize: number;
  readonly flags: number;
}

/** One symbol table entry, with its name looked up in the linked string table. */
export interface ElfSymbol {
  readonly name: string;
  readonly value: number;
  readonly size: number;
  /** Low four bits of `st_info`: 0 none, 1 object, 2 function, 3 section, 4 file. */
  readonly type: number;
  /** High four bits of `st_info`: 0 local, 1 global, 2 weak. */
  readonly binding: number;
  readonly sectionIndex: number;
}

/** One `Elf32_Rel` entry. */
export interface ElfRelocation {
  readonly offset: number;
  /** Low eight bits of `r_info`. */
  readonly type: number;
  /** `r_info >> 8`. */
  readonly symbolIndex: number;
}

/** A parsed ELF32 little-endian file. */
export interface ElfFile {
  readonly type: number;
  readonly machine: number;
  readonly flags: number;
  readonly entry: number;
  readonly sections: readonly ElfSection[];
  readonly segments: readonly ElfSegment[];
  readonly symbols: readonly ElfSymbol[];
  readonly bytes: Uint8Array;
}

/** The outcome of parsing: the file, or a sentence saying what is wrong with the bytes. */
export type ElfParseResult =
  | { readonly ok: true; readonly elf: ElfFile }
  | { readonly ok: false; readonly error: string };

const HEADER_SIZE = 52;
const SECTION_HEADER_SIZE = 40;
const PROGRAM_HEADER_SIZE = 32;
const SYMBOL_SIZE = 16;
const REL_ENTRY_SIZE = 8;
const SECTION_SYMBOL_TABLE = 2;

/** Parses `bytes` as an ELF32 little-endian file. */
export function parseElf(bytes: Uint8Array): ElfParseResult {
  if (bytes.length < HEADER_SIZE) {
    return failure(`file is ${bytes.length} bytes, shorter than the ${HEADER_SIZE}-byte ELF32 header`);
  }
  if (bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    return failure('file does not start with the ELF magic 7f 45 4c 46');
  }
  if (bytes[4] !== 1) {
    return failure(`ELF class is ${bytes[4]}, expected 1 (32-bit)`);
  }
  if (bytes[5] !== 1) {
    return failure(`ELF data encoding is ${bytes[5]}, expected 1 (little-endian)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const programHeaderOffset = view.getUint32(28, true);
  const sectionHeaderOffset = view.getUint32(32, true);
  const programHeaderCount = view.getUint16(44, true);
  const sectionHeaderCount = view.getUint16(48, true);
  const sectionNamesIndex = view.getUint16(50, true);

  if (!fits(bytes, programHeaderOffset, programHeaderCount * PROGRAM_HEADER_SIZE)) {
    return failure(
      `program headers (${programHeaderCount} at offset ${programHeaderOffset}) run past the end of the file`,
    );
  }
  if (!fits(bytes, sectionHeaderOffset, sectionHeaderCount * SECTION_HEADER_SIZE)) {
    return failure(
      `section headers (${sectionHeaderCount} at offset ${sectionHeaderOffset}) run past the end of the file`,
    );
  }

  const segments: ElfSegment[] = [];
  for (let index = 0; index < programHeaderCount; index++) {
    const base = programHeaderOffset + index * PROGRAM_HEADER_SIZE;
    const segment: ElfSegment = {
      type: view.getUint32(base, true),
      offset: view.getUint32(base + 4, true),
      virtualAddress: view.getUint32(base + 8, true),
      physicalAddress: view.getUint32(base + 12, true),
      fileSize: view.getUint32(base + 16, true),
      memorySize: view.getUint32(base + 20, true),
      flags: view.getUint32(base + 24, true),
    };
    if (!fits(bytes, segment.offset, segment.fileSize)) {
      return failure(
        `segment ${index} (${segment.fileSize} bytes at offset ${segment.offset}) runs past the end of the file`,
      );
    }
    segments.push(segment);
  }

  const rawSections: Omit<ElfSection, 'name'>[] = [];
  const nameOffsets: number[] = [];
  for (let index = 0; index < sectionHeaderCount; index++) {
    const base = sectionHeaderOffset + index * SECTION_HEADER_SIZE;
    nameOffsets.push(view.getUint32(base, true));
    const section = {
      type: view.getUint32(base + 4, true),
      flags: view.getUint32(base + 8, true),
      address: view.getUint32(base + 12, true),
      offset: view.getUint32(base + 16, true),
      size: view.getUint32(base + 20, true),
      link: view.getUint32(base + 24, true),
      info: view.getUint32(base + 28, true),
      entrySize: view.getUint32(base + 36, true),
    };
    if (section.type !== ELF_SECTION_NO_BITS && !fits(bytes, section.offset, section.size)) {
      return failure(
        `section ${index} (${section.size} bytes at offset ${section.offset}) runs past the end of the file`,
      );
    }
    rawSections.push(section);
  }

  const namesSection = rawSections[sectionNamesIndex];
  if (sectionHeaderCount > 0 && namesSection === undefined) {
    return failure(
      `section name table index ${sectionNamesIndex} is not one of the ${sectionHeaderCount} sections`,
    );
  }
  const sections: ElfSection[] = rawSections.map((section, index) => ({
    ...section,
    name: namesSection === undefined ? '' : readString(bytes, namesSection, nameOffsets[index] ?? 0),
  }));

  const symbols: ElfSymbol[] = [];
  const symbolTable = sections.find((section) => section.type === SECTION_SYMBOL_TABLE);
  if (symbolTable !== undefined) {
    const stringTable = sections[symbolTable.link];
    if (stringTable === undefined) {
      return failure(`symbol table links to section ${symbolTable.link}, which does not exist`);
    }
    for (
      let base = symbolTable.offset;
      base + SYMBOL_SIZE <= symbolTable.offset + symbolTable.size;
      base += SYMBOL_SIZE
    ) {
      const info = bytes[base + 12] ?? 0;
      symbols.push({
        name: readString(bytes, stringTable, view.getUint32(base, true)),
        value: view.getUint32(base + 4, true),
        size: view.getUint32(base + 8, true),
        type: info & 0xf,
        binding: info >> 4,
        sectionIndex: view.getUint16(base + 14, true),
      });
    }
  }

  return {
    ok: true,
    elf: {
      type: view.getUint16(16, true),
      machine: view.getUint16(18, true),
      entry: view.getUint32(24, true),
      flags: view.getUint32(36, true),
      sections,
      segments,
      symbols,
      bytes,
    },
  };
}

/** The file bytes of a section (empty for sections without file contents). */
export function sectionBytes(elf: ElfFile, section: ElfSection): Uint8Array {
  if (section.type === ELF_SECTION_NO_BITS) {
    return new Uint8Array(0);
  }
  return elf.bytes.subarray(section.offset, section.offset + section.size);
}

/** The entries of a REL relocation section. */
export function relocations(elf: ElfFile, section: ElfSection): ElfRelocation[] {
  const data = sectionBytes(elf, section);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const entries: ElfRelocation[] = [];
  for (let base = 0; base + REL_ENTRY_SIZE <= data.length; base += REL_ENTRY_SIZE) {
    const info = view.getUint32(base + 4, true);
    entries.push({ offset: view.getUint32(base, true), type: info & 0xff, symbolIndex: info >>> 8 });
  }
  return entries;
}

function fits(bytes: Uint8Array, offset: number, length: number): boolean {
  return offset + length <= bytes.length;
}

function readString(bytes: Uint8Array, table: Omit<ElfSection, 'name'>, offset: number): string {
  let end = table.offset + offset;
  const limit = table.offset + table.size;
  while (end < limit && bytes[end] !== 0) {
    end++;
  }
  return String.fromCharCode(...bytes.subarray(table.offset + offset, end));
}

function failure(error: string): ElfParseResult {
  return { ok: false, error };
}
