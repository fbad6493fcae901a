/**
 * What a scripted fake process does each time it runs: trap with a syscall (built from raw
 * register values through the real TRD104 decoder), fault, or compute without trapping.
 */
import { decodeSyscall, type Syscall, SyscallClass, YieldCall } from '../syscall.js';
import type { FakeStoredState } from './fake-stored-state.js';

/** One scripted action of a fake process. */
export type FakeStep =
  /** Trap with this decoded syscall. */
  | { readonly kind: 'syscall'; readonly syscall: Syscall }
  /** Take a CPU fault (an MPU violation, an undefined instruction…). */
  | { readonly kind: 'fault' }
  /** Run `us` microseconds of code that does not trap (`Infinity`: a process that never traps). */
  | { readonly kind: 'spin'; readonly us: number }
  /** Decide the step when it runs, from what the process has seen so far. */
  | { readonly kind: 'compute'; readonly next: (state: FakeStoredState) => FakeStep };

/**
 * A trap with raw registers, decoded as the arch would: an unknown class or yield number is a
 * fault, exactly as upstream's `syscall_from_register_arguments_trd104`.
 */
export function trap(classId: number, r0 = 0, r1 = 0, r2 = 0, r3 = 0): FakeStep {
  const syscall = decodeSyscall(classId, r0, r1, r2, r3);
  return syscall === undefined ? { kind: 'fault' } : { kind: 'syscall', syscall };
}

/** Yield-no-wait, with the address of the byte the kernel fills (0 for none). */
export function yieldNoWait(flagAddress = 0): FakeStep {
  return trap(SyscallClass.Yield, YieldCall.NoWait, flagAddress);
}

/** Yield-wait. */
export function yieldWait(): FakeStep {
  return trap(SyscallClass.Yield, YieldCall.Wait);
}

/** Yield-wait-for upcall (driver, subscribe number). */
export function yieldWaitFor(driverNumber: number, subscribeNumber: number): FakeStep {
  return trap(SyscallClass.Yield, YieldCall.WaitFor, driverNumber, subscribeNumber);
}

/** Subscribe. */
export function subscribe(
  driverNumber: number,
  subscribeNumber: number,
  functionPointer: number,
  appdata = 0,
): FakeStep {
  return trap(SyscallClass.Subscribe, driverNumber, subscribeNumber, functionPointer, appdata);
}

/** Command. */
export function command(driverNumber: number, commandNumber: number, arg0 = 0, arg1 = 0): FakeStep {
  return trap(SyscallClass.Command, driverNumber, commandNumber, arg0, arg1);
}

/** Read-write allow. */
export function allowReadWrite(
  driverNumber: number,
  allowNumber: number,
  address: number,
  size: number,
): FakeStep {
  return trap(SyscallClass.ReadWriteAllow, driverNumber, allowNumber, address, size);
}

/** Read-only allow. */
export function allowReadOnly(
  driverNumber: number,
  allowNumber: number,
  address: number,
  size: number,
): FakeStep {
  return trap(SyscallClass.ReadOnlyAllow, driverNumber, allowNumber, address, size);
}

/** Userspace-readable allow. */
export function allowUserspaceReadable(
  driverNumber: number,
  allowNumber: number,
  address: number,
  size: number,
): FakeStep {
  return trap(SyscallClass.UserspaceReadableAllow, driverNumber, allowNumber, address, size);
}

/** Memop. */
export function memop(operation: number, argument = 0): FakeStep {
  return trap(SyscallClass.Memop, operation, argument);
}

/** Exit-terminate with `code`. */
export function exitTerminate(code = 0): FakeStep {
  return trap(SyscallClass.Exit, 0, code);
}

/** Exit-restart with `code`. */
export function exitRestart(code = 0): FakeStep {
  return trap(SyscallClass.Exit, 1, code);
}

/** A CPU fault. */
export function fault(): FakeStep {
  return { kind: 'fault' };
}

/** Code that runs `us` microseconds without trapping. */
export function spin(us: number): FakeStep {
  return { kind: 'spin', us };
}

/** A step chosen when it runs. */
export function compute(next: (state: FakeStoredState) => FakeStep): FakeStep {
  return { kind: 'compute', next };
}
