/**
 * Per-instruction cycle counts for the two core variants (see the package README for the table).
 *
 * The numbers follow the Cortex-M0+ and Cortex-M4 Technical Reference Manuals for zero-wait-state
 * memory: every instruction's base cost, plus the extra cycles of taken branches, loads and
 * multi-register transfers. Pipelining between neighbouring loads on the Cortex-M4 is not modelled.
 */

/** Cycle costs the decoder folds into each instruction's handler. */
export interface CycleTable {
  /** ALU, move, compare, extend, bit-field, saturate, hint: 1 everywhere. */
  readonly alu: number;
  /** Extra cycles for a taken branch or any write to the PC (pipeline refill). */
  readonly branchRefill: number;
  /** BL. */
  readonly branchWithLink: number;
  /** Single load (LDR, LDRB, LDRH, LDRSB, LDRSH). */
  readonly load: number;
  /** Single store. */
  readonly store: number;
  /** LDM/STM/PUSH/POP: `multipleBase + registers`. */
  readonly multipleBase: number;
  /** Extra cycles when a load (POP, LDM, LDR) writes the PC. */
  readonly loadPcExtra: number;
  /** MUL / MULS. */
  readonly multiply: number;
  /** Multiply-accumulate and 64-bit multiplies (M4 only). */
  readonly multiplyLong: number;
  /** SDIV/UDIV upper bound: the model charges `2 + ceil(significant quotient bits / 4)` up to this. */
  readonly divideMaximum: number;
  /** MSR, MRS, barriers. */
  readonly system: number;
  /** Exception entry (stacking and vector fetch) and exception return. */
  readonly exceptionEntry: number;
  readonly exceptionReturn: number;
}

/** Cortex-M0+ (ARMv6-M, two-stage pipeline, single-cycle multiplier). */
export const CORTEX_M0PLUS_CYCLES: CycleTable = {
  alu: 1,
  branchRefill: 1,
  branchWithLink: 3,
  load: 2,
  store: 2,
  multipleBase: 1,
  loadPcExtra: 2,
  multiply: 1,
  multiplyLong: 1,
  divideMaximum: 12,
  system: 3,
  exceptionEntry: 15,
  exceptionReturn: 15,
};

/** Cortex-M4 (ARMv7E-M, three-stage pipeline, P = 1 refill cycle for zero-wait-state memory). */
export const CORTEX_M4_CYCLES: CycleTable = {
  alu: 1,
  branchRefill: 1,
  branchWithLink: 2,
  load: 2,
  store: 1,
  multipleBase: 1,
  loadPcExtra: 1,
  multiply: 1,
  multiplyLong: 1,
  divideMaximum: 12,
  system: 2,
  exceptionEntry: 12,
  exceptionReturn: 10,
};
