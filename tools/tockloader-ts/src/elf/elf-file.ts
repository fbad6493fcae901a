/**
 * A reader for 32-bit little-endian ELF files: file header, program headers, section headers
 * with their names, and symbol lookup by name — the parts elf2tab's conversion looks at.
 *
 * Every malformed input becomes an error message, never an exception.
 */
import { err, ok, type Result } from '@tock-ts/hil';
import { fits, readU16, readU32 } from '../bytes.js';
import { decodeCString } from '../text/utf8.js';
import { SectionType } from './elf-constants.js';

/** One program header (segment). Fields keep their ELF names. */
export interface ProgramHeader {
  readonly type: number;
  readonly offset: number;
  readonly virtualAddress: number;
  readonly physicalAddress: number;
  readonly fileSize: number;
  readonly memorySize: number;
  readonly flags: number;
  readonly align: number;
}

/** One section header, with its name resolved from the section name string table. */
export interface SectionHeader {
  readonly name: string;
  readonly type: number;
  readonly flags: number;
  readonly address: number;
  readonly offset: number;
  readonly size: number;
  readonly link: number;
  readonly info: number;
}

/** A parsed ELF file. `bytes` is the whole file. */
export interface ElfFile {
  readonly bytes: Uint8Array;
  /** `e_machine`: 40 for ARM, 243 for RISC-V. */
  readonly machine: number;
  /** `e_entry`: the address execution starts at. */
  readonly entry: number;
  readonly programHeaders: readonly ProgramHeader[];
  readonly sections: readonly SectionHeader[];
}

const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46];
const ELF_CLASS_32 = 1;
const ELF_CLASS_64 = 2;
const ELF_DATA_LITTLE_ENDIAN = 1;
const ELF_DATA_BIG_ENDIAN = 2;
const ELF32_HEADER_SIZE = 52;
const ELF32_PROGRAM_HEADER_SIZE = 32;
const ELF32_SECTION_HEADER_SIZE = 40;
const ELF32_SYMBOL_SIZE = 16;
const SECTION_INDEX_UNDEFINED = 0;
const SECTION_INDEX_EXTENDED = 0xffff;
const PROGRAM_HEADER_COUNT_EXTENDED = 0xffff;

/** Parses `bytes` as a 32-bit little-endian ELF file. */
export function parseElf(bytes: Uint8Array): Result<ElfFile, string> {
  if (bytes.length < 16 || ELF_MAGIC.some((value, index) => bytes[index] !== value)) {
    return err('not an ELF file (bad magic number)');
  }
  const elfClass = bytes[4];
  if (elfClass === ELF_CLASS_64) return err('64-bit ELF files are not supported: Tock apps are 32-bit');
  if (elfClass !== ELF_CLASS_32) return err(`unknown ELF class ${elfClass}`);
  const encoding = bytes[5];
  if (encoding === ELF_DATA_BIG_ENDIAN) return err('big-endian ELF files are not supported');
  if (encoding !== ELF_DATA_LITTLE_ENDIAN) return err(`unknown ELF data encoding ${encoding}`);
  if (bytes[6] !== 1) return err(`unsupported ELF version ${bytes[6]}`);
  if (bytes.length < ELF32_HEADER_SIZE) return err('truncated ELF file: the file header is incomplete');

  const machine = readU16(bytes, 18);
  const entry = readU32(bytes, 24);
  const programHeaderOffset = readU32(bytes, 28);
  const sectionHeaderOffset = readU32(bytes, 32);
  const programHeaderEntrySize = readU16(bytes, 42);
  let programHeaderCount = readU16(bytes, 44);
  const sectionHeaderEntrySize = readU16(bytes, 46);
  let sectionHeaderCount = readU16(bytes, 48);
  let sectionNamesIndex = readU16(bytes, 50);

  // Section header 0 carries the real counts when they do not fit the file header.
  if (sectionHeaderOffset !== 0) {
    if (!fits(bytes, sectionHeaderOffset, ELF32_SECTION_HEADER_SIZE)) {
      return err('truncated ELF file: the section header table lies outside the file');
    }
    if (sectionHeaderCount === 0) sectionHeaderCount = readU32(bytes, sectionHeaderOffset + 20);
    if (programHeaderCount === PROGRAM_HEADER_COUNT_EXTENDED) {
      programHeaderCount = readU32(bytes, sectionHeaderOffset + 28);
    }
    if (sectionNamesIndex === SECTION_INDEX_EXTENDED)
      sectionNamesIndex = readU32(bytes, sectionHeaderOffset + 24);
  }

  if (programHeaderOffset === 0) return err('the ELF file has no program headers');
  if (programHeaderEntrySize !== ELF32_PROGRAM_HEADER_SIZE) {
    return err(`bad ELF program header size ${programHeaderEntrySize}`);
  }
  if (!fits(bytes, programHeaderOffset, programHeaderCount * ELF32_PROGRAM_HEADER_SIZE)) {
    return err('truncated ELF file: the program headers lie outside the file');
  }
  const programHeaders: ProgramHeader[] = [];
  for (let index = 0; index < programHeaderCount; index++) {
    const at = programHeaderOffset + index * ELF32_PROGRAM_HEADER_SIZE;
    programHeaders.push({
      type: readU32(bytes, at),
      offset: readU32(bytes, at + 4),
      virtualAddress: readU32(bytes, at + 8),
      physicalAddress: readU32(bytes, at + 12),
      fileSize: readU32(bytes, at + 16),
      memorySize: readU32(bytes, at + 20),
      flags: readU32(bytes, at + 24),
      align: readU32(bytes, at + 28),
    });
  }

  if (sectionHeaderOffset === 0 || sectionNamesIndex === SECTION_INDEX_UNDEFINED) {
    return err('cannot convert an ELF file with no section headers');
  }
  if (sectionHeaderEntrySize !== ELF32_SECTION_HEADER_SIZE) {
    return err(`bad ELF section header size ${sectionHeaderEntrySize}`);
  }
  if (!fits(bytes, sectionHeaderOffset, sectionHeaderCount * ELF32_SECTION_HEADER_SIZE)) {
    return err('truncated ELF file: the section headers lie outside the file');
  }
  if (sectionNamesIndex >= sectionHeaderCount) return err('bad ELF section name table index');
  const namesAt = sectionHeaderOffset + sectionNamesIndex * ELF32_SECTION_HEADER_SIZE;
  const namesOffset = readU32(bytes, namesAt + 16);
  const namesSize = readU32(bytes, namesAt + 20);
  if (!fits(bytes, namesOffset, namesSize)) {
    return err('truncated ELF file: the section name table lies outside the file');
  }
  const names = bytes.subarray(namesOffset, namesOffset + namesSize);

  const sections: SectionHeader[] = [];
  for (let index = 0; index < sectionHeaderCount; index++) {
    const at = sectionHeaderOffset + index * ELF32_SECTION_HEADER_SIZE;
    const name = decodeCString(names, readU32(bytes, at));
    if (name === undefined) return err(`bad name for ELF section ${index}`);
    sections.push({
      name,
      type: readU32(bytes, at + 4),
      flags: readU32(bytes, at + 8),
      address: readU32(bytes, at + 12),
      offset: readU32(bytes, at + 16),
      size: readU32(bytes, at + 20),
      link: readU32(bytes, at + 24),
      info: readU32(bytes, at + 28),
    });
  }

  return ok({ bytes, machine, entry, programHeaders, sections });
}

/** The file bytes of `section`, or `undefined` when they lie outside the file. NOBITS sections are empty. */
export function sectionData(elf: ElfFile, section: SectionHeader): Uint8Array | undefined {
  if (section.type === SectionType.NOBITS) return new Uint8Array(0);
  if (!fits(elf.bytes, section.offset, section.size)) return undefined;
  return elf.bytes.subarray(section.offset, section.offset + section.size);
}

/**
 * The value of the first symbol called `name` in the symbol table (`.symtab`), `undefined` if
 * there is no symbol table or no such symbol, or an error if a symbol name cannot be read.
 */
export function findSymbolValue(elf: ElfFile, name: string): Result<number | undefined, string> {
  const table = elf.sections.find((section) => section.type === SectionType.SYMTAB);
  if (table === undefined) return ok(undefined);
  const strings = elf.sections[table.link];
  if (strings === undefined) return ok(undefined);
  const symbols = sectionData(elf, table);
  const names = sectionData(elf, strings);
  if (symbols === undefined || names === undefined) return ok(undefined);
  const count = Math.floor(symbols.length / ELF32_SYMBOL_SIZE);
  for (let index = 0; index < count; index++) {
    const at = index * ELF32_SYMBOL_SIZE;
    const symbolName = decodeCString(names, readU32(symbols, at));
    if (symbolName === undefined) return err(`bad name for ELF symbol ${index}`);
    if (symbolName === name) return ok(readU32(symbols, at + 4));
  }
  return ok(undefined);
}
