/**
 * Hand-built ELF layouts that exercise the less common paths of elf2tab's conversion:
 * segments linked below the flash origin, gaps and disorder between segments, duplicate entry
 * points, writeable flash regions in several segments, other machines, and PIC detection
 * without symbols.
 */
import { buildElf, type TestElf } from './elf-builder.js';

const EM_386 = 3;
const EM_ARM = 40;
const EM_RISCV = 243;
const PF_X = 1;
const PF_W = 2;
const PF_R = 4;
const SHT_PROGBITS = 1;
const SHT_NOBITS = 8;
const SHT_REL = 9;
const SHF_WRITE = 1;
const SHF_ALLOC = 2;
const SHF_EXECINSTR = 4;
const TEXT = SHF_ALLOC | SHF_EXECINSTR;

/** `length` bytes counting up from `start`, so misplaced bytes show. */
function pattern(length: number, start: number): Uint8Array {
  return Uint8Array.from({ length }, (_, index) => (start + index) & 0xff);
}

const PIC_ORIGIN = [{ name: '_flash_origin', value: 0x80000000 }];

/** Each scenario's ELF description, by name. */
export const ELF_SCENARIOS: Readonly<Record<string, TestElf>> = {
  'segment-before-flash': {
    machine: EM_RISCV,
    entry: 0x80100084,
    segments: [
      {
        virtualAddress: 0x80100000,
        physicalAddress: 0x80100000,
        flags: PF_R | PF_X,
        data: pattern(0x100, 1),
      },
    ],
    sections: [{ name: '.text', type: SHT_PROGBITS, flags: TEXT, size: 0x80, segment: 0, offset: 0x80 }],
    symbols: [
      { name: '_flash_origin', value: 0x80100080 },
      { name: '_sram_origin', value: 0x80300000 },
    ],
  },
  'segment-gap': {
    machine: EM_ARM,
    entry: 0x80000001,
    segments: [
      { virtualAddress: 0x80000000, physicalAddress: 0x80000000, flags: PF_R | PF_X, data: pattern(0x40, 2) },
      { virtualAddress: 0x80000100, physicalAddress: 0x80000100, flags: PF_R, data: pattern(0x20, 3) },
    ],
    sections: [
      { name: '.text', type: SHT_PROGBITS, flags: TEXT, size: 0x40, segment: 0 },
      { name: '.rodata', type: SHT_PROGBITS, flags: SHF_ALLOC, size: 0x20, segment: 1 },
    ],
    symbols: PIC_ORIGIN,
  },
  'out-of-order': {
    machine: EM_ARM,
    entry: 0x80000001,
    segments: [
      { virtualAddress: 0x80000100, physicalAddress: 0x80000100, flags: PF_R, data: pattern(0x20, 4) },
      { virtualAddress: 0x80000000, physicalAddress: 0x80000000, flags: PF_R | PF_X, data: pattern(0x40, 5) },
    ],
    sections: [
      { name: '.rodata', type: SHT_PROGBITS, flags: SHF_ALLOC, size: 0x20, segment: 0 },
      { name: '.text', type: SHT_PROGBITS, flags: TEXT, size: 0x40, segment: 1 },
    ],
    symbols: PIC_ORIGIN,
  },
  'two-entries': {
    machine: EM_ARM,
    entry: 0x80000011,
    segments: [
      { virtualAddress: 0x80000000, physicalAddress: 0x80000000, flags: PF_R | PF_X, data: pattern(0x40, 6) },
      { virtualAddress: 0x80000010, physicalAddress: 0x80000010, flags: PF_R | PF_X, data: pattern(0x10, 7) },
    ],
    sections: [{ name: '.text', type: SHT_PROGBITS, flags: TEXT, size: 0x40, segment: 0 }],
    symbols: PIC_ORIGIN,
  },
  'wfr-two-segments': {
    machine: EM_ARM,
    entry: 0x80000001,
    segments: [
      { virtualAddress: 0x80000000, physicalAddress: 0x80000000, flags: PF_R | PF_X, data: pattern(0x80, 8) },
      { virtualAddress: 0x80000080, physicalAddress: 0x80000080, flags: PF_R | PF_W, data: pattern(0x40, 9) },
    ],
    sections: [
      { name: '.text', type: SHT_PROGBITS, flags: TEXT, size: 0x40, segment: 0 },
      {
        name: '.app.wfr',
        type: SHT_PROGBITS,
        flags: SHF_ALLOC | SHF_WRITE,
        size: 0x40,
        segment: 0,
        offset: 0x40,
      },
      {
        name: '.second.wfr.x',
        type: SHT_PROGBITS,
        flags: SHF_ALLOC | SHF_WRITE,
        size: 0x20,
        segment: 1,
        offset: 0x20,
      },
    ],
    symbols: PIC_ORIGIN,
  },
  'arm-256-bytes': {
    // 56-byte header + 196 bytes + 4-byte relocation length = 256: already a power of two.
    machine: EM_ARM,
    entry: 0x80000001,
    segments: [
      { virtualAddress: 0x80000000, physicalAddress: 0x80000000, flags: PF_R | PF_X, data: pattern(196, 14) },
    ],
    sections: [{ name: '.text', type: SHT_PROGBITS, flags: TEXT, size: 196, segment: 0 }],
    symbols: PIC_ORIGIN,
  },
  'arm-260-bytes': {
    machine: EM_ARM,
    entry: 0x80000001,
    segments: [
      { virtualAddress: 0x80000000, physicalAddress: 0x80000000, flags: PF_R | PF_X, data: pattern(200, 15) },
    ],
    sections: [{ name: '.text', type: SHT_PROGBITS, flags: TEXT, size: 200, segment: 0 }],
    symbols: PIC_ORIGIN,
  },
  'x86-padding': {
    machine: EM_386,
    entry: 0x80000000,
    segments: [
      {
        virtualAddress: 0x80000000,
        physicalAddress: 0x80000000,
        flags: PF_R | PF_X,
        data: pattern(0x30, 10),
      },
    ],
    sections: [{ name: '.text', type: SHT_PROGBITS, flags: TEXT, size: 0x30, segment: 0 }],
    symbols: PIC_ORIGIN,
  },
  'unknown-machine': {
    machine: 0x1234,
    entry: 0x80000000,
    segments: [
      {
        virtualAddress: 0x80000000,
        physicalAddress: 0x80000000,
        flags: PF_R | PF_X,
        data: pattern(0x31, 11),
      },
    ],
    sections: [{ name: '.text', type: SHT_PROGBITS, flags: TEXT, size: 0x31, segment: 0 }],
    symbols: PIC_ORIGIN,
  },
  'pic-without-symbols': {
    machine: EM_ARM,
    entry: 0x80000001,
    segments: [
      {
        virtualAddress: 0x80000000,
        physicalAddress: 0x80000000,
        flags: PF_R | PF_X,
        data: pattern(0x40, 12),
      },
      {
        virtualAddress: 0x00000000,
        physicalAddress: 0x80000040,
        flags: PF_R | PF_W,
        data: pattern(0x10, 13),
        memorySize: 0x30,
      },
    ],
    sections: [
      { name: '.text', type: SHT_PROGBITS, flags: TEXT, size: 0x40, segment: 0 },
      { name: '.data', type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_WRITE, size: 0x10, segment: 1 },
      { name: '.bss', type: SHT_NOBITS, flags: SHF_ALLOC | SHF_WRITE, size: 0x20, segment: 1, offset: 0x10 },
      { name: '.rel.data', type: SHT_REL, flags: 0, size: 16, data: pattern(16, 0xa0) },
    ],
  },
};

/** The ELF file of scenario `name`. */
export function scenarioElf(name: string): Uint8Array {
  const scenario = ELF_SCENARIOS[name];
  if (scenario === undefined) throw new Error(`no ELF scenario "${name}"`);
  return buildElf(scenario);
}
