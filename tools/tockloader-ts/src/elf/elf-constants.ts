/**
 * ELF constants the converter needs (System V ABI; ARM and RISC-V supplements).
 */

/** `e_machine` values that decide how elf2tab pads a TBF. */
export const ElfMachine = {
  /** Intel 80386: TBFs padded to a multiple of 4096. */
  I386: 3,
  /** ARM (Cortex-M): TBFs padded to a power of two, at least 512 bytes. */
  ARM: 40,
  /** RISC-V: TBFs padded to a multiple of 4. */
  RISCV: 243,
} as const;

/** Program header types (`p_type`). */
export const SegmentType = {
  LOAD: 1,
  DYNAMIC: 2,
  TLS: 7,
  GNU_EH_FRAME: 0x6474e550,
  GNU_STACK: 0x6474e551,
  GNU_RELRO: 0x6474e552,
} as const;

/** Program header flags (`p_flags`). */
export const SegmentFlags = {
  EXECUTE: 0x1,
  WRITE: 0x2,
  READ: 0x4,
} as const;

/** Section header types (`sh_type`). */
export const SectionType = {
  NULL: 0,
  SYMTAB: 2,
  NOBITS: 8,
} as const;

/** Section header flags (`sh_flags`). */
export const SectionFlags = {
  WRITE: 0x1,
  ALLOC: 0x2,
  TLS: 0x400,
} as const;
