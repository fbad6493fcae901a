/**
 * Fixed numbers of the Cortex-M architecture: core variants, exception numbers, EXC_RETURN values
 * and the fault status bits of the System Control Block (ARMv7-M ARM B1.5, B3.2).
 */

/** Which core the silicon models. */
export enum CoreVariant {
  /** ARMv6-M: Thumb-1 plus BL/MRS/MSR/barriers, no fault status registers, faults are HardFaults. */
  CortexM0Plus = 'cortex-m0plus',
  /** ARMv7E-M without an FPU: full Thumb-2 with the DSP extension. */
  CortexM4 = 'cortex-m4',
}

/** Exception numbers (the IPSR value while the handler runs). External IRQ n is `16 + n`. */
export const ExceptionNumber = {
  Reset: 1,
  Nmi: 2,
  HardFault: 3,
  MemManage: 4,
  BusFault: 5,
  UsageFault: 6,
  SvCall: 11,
  DebugMonitor: 12,
  PendSv: 14,
  SysTick: 15,
  FirstExternal: 16,
} as const;

/** EXC_RETURN values the core writes to LR on exception entry (no floating-point frame). */
export const ExcReturn = {
  Handler: 0xffff_fff1,
  ThreadMainStack: 0xffff_fff9,
  ThreadProcessStack: 0xffff_fffd,
} as const;

/** CFSR bits (0xE000ED28): MMFSR in byte 0, BFSR in byte 1, UFSR in the top halfword. */
export const Cfsr = {
  IACCVIOL: 1 << 0,
  DACCVIOL: 1 << 1,
  MUNSTKERR: 1 << 3,
  MSTKERR: 1 << 4,
  MMARVALID: 1 << 7,
  IBUSERR: 1 << 8,
  PRECISERR: 1 << 9,
  IMPRECISERR: 1 << 10,
  UNSTKERR: 1 << 11,
  STKERR: 1 << 12,
  BFARVALID: 1 << 15,
  UNDEFINSTR: 1 << 16,
  INVSTATE: 1 << 17,
  INVPC: 1 << 18,
  NOCP: 1 << 19,
  UNALIGNED: 1 << 24,
  DIVBYZERO: 1 << 25,
} as const;

/** HFSR bits (0xE000ED2C). */
export const Hfsr = {
  VECTTBL: 1 << 1,
  FORCED: 1 << 30,
  DEBUGEVT: 1 << 31,
} as const;

/** CCR bits (0xE000ED14). */
export const Ccr = {
  NONBASETHRDENA: 1 << 0,
  USERSETMPEND: 1 << 1,
  UNALIGN_TRP: 1 << 3,
  DIV_0_TRP: 1 << 4,
  BFHFNMIGN: 1 << 8,
  STKALIGN: 1 << 9,
} as const;

/** SHCSR bits (0xE000ED24) the core keeps itself: the fault enables. */
export const Shcsr = {
  MEMFAULTENA: 1 << 16,
  BUSFAULTENA: 1 << 17,
  USGFAULTENA: 1 << 18,
} as const;

/** CONTROL bits. */
export const Control = {
  nPRIV: 1 << 0,
  SPSEL: 1 << 1,
} as const;
