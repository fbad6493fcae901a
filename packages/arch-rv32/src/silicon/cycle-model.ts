/**
 * The hart's cycle model: what each instruction class costs in core cycles (see the package
 * README for the table and its reasoning).
 *
 * The model is that of a small in-order, single-issue core with single-cycle memory, in the
 * style of the SiFive E31: one cycle per instruction, one more for a load (the load-use slot),
 * a pipeline refill on every taken branch and jump, a multiplier with a one-cycle result and an
 * iterative divider. Virtual time follows cycles through the hart frequency, so the CLINT's
 * `mtime` and every peripheral event are tied to the instructions executed.
 */

/**
 * Extra cycles on top of the one cycle every instruction costs (which the run loop counts).
 */
export const RV32_CYCLES = {
  /** Loads, LR and AMOs (the memory read). */
  loadExtra: 1,
  /** Taken branches, JAL, JALR and MRET (pipeline refill). */
  jumpExtra: 1,
  /** DIV, DIVU, REM, REMU (a 32-step iterative divider). */
  divideExtra: 32,
  /** Trap entry (mepc/mcause/mtval update and the redirect to mtvec). */
  trapExtra: 3,
} as const;
