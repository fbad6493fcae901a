/**
 * The arch-specific boundary between the kernel and a process (upstream `UserspaceKernelBoundary`
 * in `kernel/src/syscall.rs`).
 *
 * An arch package (arch-cortexm, arch-rv32) implements this over its emulated CPU: it sets up a
 * process's first stack frame, writes syscall return values and upcall frames into the process's
 * registers and stack, and runs the process's machine code unprivileged until it traps.
 * `accessibleMemoryStart` and `appBreak` bound the process memory the boundary may touch: a frame
 * that does not fit below `appBreak` fails with `false`, and the kernel faults the process.
 */
import type { Syscall, SyscallReturn } from '../syscall.js';

/** Why `switchToProcess` came back to the kernel (upstream `ContextSwitchReason`). */
export type ContextSwitchReason =
  /** The process trapped with a valid syscall. */
  | { readonly kind: 'SyscallFired'; readonly syscall: Syscall }
  /** The process faulted: an MPU/PMP violation, a CPU exception, or an undecodable syscall. */
  | { readonly kind: 'Fault' }
  /** An interrupt (peripheral, timeslice, or the host's run budget) stopped the process. */
  | { readonly kind: 'Interrupted' };

/** An upcall to push onto a process (upstream `FunctionCall`): `pc(argument0..2, argument3)`. */
export interface FunctionCall {
  readonly pc: number;
  readonly argument0: number;
  readonly argument1: number;
  readonly argument2: number;
  readonly argument3: number;
}

/** The arch side of running processes. `S` is the per-process stored CPU state. */
export interface UserspaceKernelBoundary<S> {
  /** A fresh, zeroed stored state for a new process (upstream `StoredState::default`). */
  createStoredState(): S;

  /** Bytes of RAM a process needs accessible before its first instruction (32 on Cortex-M, 0 on RISC-V). */
  initialProcessAppBrkSize(): number;

  /** Prepares `state` so the first `setProcessFunction` can start the process. */
  initializeProcess(accessibleMemoryStart: number, appBreak: number, state: S): boolean;

  /** Writes a syscall's return value into the process's registers. */
  setSyscallReturnValue(
    accessibleMemoryStart: number,
    appBreak: number,
    state: S,
    value: SyscallReturn,
  ): boolean;

  /** Arranges for the process to call `upcall` when it next runs, returning to where it yielded. */
  setProcessFunction(
    accessibleMemoryStart: number,
    appBreak: number,
    state: S,
    upcall: FunctionCall,
  ): boolean;

  /** Runs the process unprivileged until it traps; says why it stopped. */
  switchToProcess(accessibleMemoryStart: number, appBreak: number, state: S): ContextSwitchReason;

  /**
   * Optional: the process's stack pointer where the last `switchToProcess` left it (upstream
   * `switch_to_process` returns it beside the reason). The kernel keeps the lowest value it sees
   * for the stack usage in the process report; a boundary without it reports no stack used.
   */
  processStackPointer?(state: S): number;

  /** The process's registers, for the fault report and the process console (upstream `print_context`). */
  printContext(accessibleMemoryStart: number, appBreak: number, state: S): string;
}
