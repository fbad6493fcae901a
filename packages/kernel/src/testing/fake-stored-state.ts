/**
 * The saved "CPU state" of a scripted fake process: its script, and a log of everything the
 * kernel wrote into it (return values, function calls) for tests to assert on.
 */
import type { FunctionCall } from '../platform/userspace-kernel-boundary.js';
import type { SyscallReturn } from '../syscall.js';
import type { FakeStep } from './fake-steps.js';

/** Bytes of the frame a return value or function call needs below the app break (Cortex-M's 8 words). */
export const FAKE_FRAME_SIZE = 32;

/**
 * The pc of the kernel function call `FakeBoard.resume` queues to wake a parked scripted
 * process (one that ran out of script and yield-waits). The boundary does not log it.
 */
export const FAKE_RESUME_PC = 0xffff_fff0;

/** One fake process's state. */
export class FakeStoredState {
  /** Steps still to run, first next. When empty the process yield-waits forever. */
  readonly script: FakeStep[] = [];
  /** Every return value the kernel wrote, oldest first. */
  readonly returns: SyscallReturn[] = [];
  /** Every function call (upcall or `_start`) the kernel set up, oldest first. */
  readonly functionCalls: FunctionCall[] = [];
  /** The return registers r0–r3 as the arch would encode them. */
  readonly registers = new Uint32Array(4);
  /** The simulated stack pointer: a frame must fit in `[stackPointer, stackPointer + 32)` below the break. */
  stackPointer = 0;
  /** How many times the boundary initialized this state (create and every restart). */
  initializations = 0;

  /** The last return value written, if any. */
  get lastReturn(): SyscallReturn | undefined {
    return this.returns[this.returns.length - 1];
  }

  /** The last function call set up, if any. */
  get lastFunctionCall(): FunctionCall | undefined {
    return this.functionCalls[this.functionCalls.length - 1];
  }

  /** Appends steps to the script. */
  push(...steps: FakeStep[]): void {
    this.script.push(...steps);
  }
}
