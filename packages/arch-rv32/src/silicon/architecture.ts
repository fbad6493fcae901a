/**
 * Architectural numbers of RV32 machine mode: CSR addresses, trap causes, `mstatus`/`mip` bits
 * and privilege levels (RISC-V Privileged Architecture, version 1.12, and Smepmp 1.0).
 */

/** Privilege levels the hart implements (no supervisor mode). */
export enum Privilege {
  User = 0,
  Machine = 3,
}

/** CSR addresses. */
export const Csr = {
  mstatus: 0x300,
  misa: 0x301,
  mie: 0x304,
  mtvec: 0x305,
  mcounteren: 0x306,
  mstatush: 0x310,
  mcountinhibit: 0x320,
  mscratch: 0x340,
  mepc: 0x341,
  mcause: 0x342,
  mtval: 0x343,
  mip: 0x344,
  pmpcfg0: 0x3a0,
  pmpaddr0: 0x3b0,
  mseccfg: 0x747,
  mseccfgh: 0x757,
  mcycle: 0xb00,
  minstret: 0xb02,
  mcycleh: 0xb80,
  minstreth: 0xb82,
  cycle: 0xc00,
  time: 0xc01,
  instret: 0xc02,
  cycleh: 0xc80,
  timeh: 0xc81,
  instreth: 0xc82,
  mvendorid: 0xf11,
  marchid: 0xf12,
  mimpid: 0xf13,
  mhartid: 0xf14,
  mconfigptr: 0xf15,
} as const;

/** Exception codes (mcause with the interrupt bit clear). */
export enum ExceptionCause {
  InstructionMisaligned = 0,
  InstructionAccessFault = 1,
  IllegalInstruction = 2,
  Breakpoint = 3,
  LoadMisaligned = 4,
  LoadAccessFault = 5,
  StoreMisaligned = 6,
  StoreAccessFault = 7,
  UserEnvCall = 8,
  SupervisorEnvCall = 9,
  MachineEnvCall = 11,
}

/** Interrupt codes (mcause with the interrupt bit set) and their `mip`/`mie` bit numbers. */
export enum InterruptCause {
  MachineSoftware = 3,
  MachineTimer = 7,
  MachineExternal = 11,
}

/** The interrupt bit of mcause. */
export const MCAUSE_INTERRUPT = 0x8000_0000;

/** `mstatus` fields. */
export const Mstatus = {
  MIE: 1 << 3,
  MPIE: 1 << 7,
  MPP_SHIFT: 11,
  MPP_MASK: 3 << 11,
  MPRV: 1 << 17,
  TW: 1 << 21,
} as const;

/** `mip`/`mie` bits. */
export const InterruptBit = {
  MSI: 1 << InterruptCause.MachineSoftware,
  MTI: 1 << InterruptCause.MachineTimer,
  MEI: 1 << InterruptCause.MachineExternal,
} as const;

/** `misa` of an RV32IMAC hart with user mode: MXL = 1 and the A, C, I, M, U letters. */
export const MISA_RV32IMACU = ((1 << 30) | (1 << 0) | (1 << 2) | (1 << 8) | (1 << 12) | (1 << 20)) >>> 0;

/** `mseccfg` bits (Smepmp). */
export const Mseccfg = {
  /** Machine-mode lockdown. Sticky. */
  MML: 1 << 0,
  /** Machine-mode whitelist policy. Sticky. */
  MMWP: 1 << 1,
  /** Rule-locking bypass. */
  RLB: 1 << 2,
} as const;
