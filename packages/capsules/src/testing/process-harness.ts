/**
 * Helpers for driving capsules through the real kernel syscall path with the kernel's scripted
 * fake processes: run steps and collect what they got back, and pick out delivered upcalls.
 */
import type { FunctionCall, SyscallReturn } from '@tock-ts/kernel';
import type { FakeBoard, FakeProcess, FakeStep } from '@tock-ts/kernel/testing';

/** Runs `steps` in `process` until the board idles; returns the syscall return values they produced. */
export function runSteps(board: FakeBoard, process: FakeProcess, ...steps: FakeStep[]): SyscallReturn[] {
  const before = process.storedState.returns.length;
  board.runScript(process, ...steps);
  return process.storedState.returns.slice(before);
}

/** The upcalls delivered to `process` at function `pc`, oldest first, as `[arg0, arg1, arg2, appdata]`. */
export function deliveredUpcalls(process: FakeProcess, pc: number): number[][] {
  return process.storedState.functionCalls
    .filter((call: FunctionCall) => call.pc === pc)
    .map((call) => [call.argument0, call.argument1, call.argument2, call.argument3]);
}
