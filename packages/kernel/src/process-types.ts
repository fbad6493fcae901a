/**
 * The vocabulary of processes (upstream `kernel/src/process.rs`): states, tasks in the upcall
 * queue, errors, fault actions and why a process stopped running.
 */
import { ErrorCode } from '@tock-ts/hil';
import type { ProcessId } from './process-id.js';

/** Which upcall: the driver and its subscribe number (upstream `UpcallId`). */
export interface UpcallId {
  readonly driverNumber: number;
  readonly subscribeNumber: number;
}

/** True when both name the same upcall. */
export function sameUpcallId(a: UpcallId, b: UpcallId): boolean {
  return a.driverNumber === b.driverNumber && a.subscribeNumber === b.subscribeNumber;
}

/** What a stopped process was doing, restored by `resume()` (upstream `StoppedState`). */
export type StoppedState =
  | { readonly kind: 'Running' }
  | { readonly kind: 'Yielded' }
  | { readonly kind: 'YieldedFor'; readonly upcallId: UpcallId };

/** A process's scheduling state (TOCK-MAP d.4). */
export type ProcessState =
  | { readonly kind: 'Running' }
  | { readonly kind: 'Yielded' }
  | { readonly kind: 'YieldedFor'; readonly upcallId: UpcallId }
  | { readonly kind: 'Stopped'; readonly stopped: StoppedState }
  | { readonly kind: 'Faulted' }
  | { readonly kind: 'Terminated' };

/** The shared states without data. */
export const RUNNING: ProcessState = Object.freeze({ kind: 'Running' });
/** `Yielded`. */
export const YIELDED: ProcessState = Object.freeze({ kind: 'Yielded' });
/** `Faulted`. */
export const FAULTED: ProcessState = Object.freeze({ kind: 'Faulted' });
/** `Terminated`. */
export const TERMINATED: ProcessState = Object.freeze({ kind: 'Terminated' });

function formatUpcallId(id: UpcallId): string {
  return `UpcallId { driver_num: 0x${id.driverNumber.toString(16)}, subscribe_num: ${id.subscribeNumber} }`;
}

/** A state in upstream's Rust `Debug` form, e.g. `Stopped(YieldedFor(UpcallId { … }))`. */
export function formatProcessState(state: ProcessState): string {
  switch (state.kind) {
    case 'YieldedFor':
      return `YieldedFor(${formatUpcallId(state.upcallId)})`;
    case 'Stopped':
      return `Stopped(${formatProcessState(state.stopped)})`;
    default:
      return state.kind;
  }
}

/** Who queued a function call: the kernel (the process's `_start`) or a driver's upcall. */
export type FunctionCallSource =
  | { readonly kind: 'Kernel' }
  | { readonly kind: 'Driver'; readonly upcallId: UpcallId };

/** Which side of an IPC exchange an IPC task notifies (upstream `IPCUpcallType`). */
export enum IpcUpcallType {
  Service = 0,
  Client = 1,
}

/** One entry of a process's upcall queue (upstream `Task`). */
export type Task =
  | {
      readonly kind: 'FunctionCall';
      readonly source: FunctionCallSource;
      readonly pc: number;
      readonly argument0: number;
      readonly argument1: number;
      readonly argument2: number;
      readonly argument3: number;
    }
  | {
      /** An upcall whose subscribed function is the Null Upcall: only yield-wait-for sees it. */
      readonly kind: 'ReturnValue';
      readonly upcallId: UpcallId;
      readonly argument0: number;
      readonly argument1: number;
      readonly argument2: number;
    }
  | { readonly kind: 'Ipc'; readonly from: ProcessId; readonly upcallType: IpcUpcallType };

/** Process-level errors (upstream `process::Error`). */
export enum ProcessError {
  NoSuchApp = 'NoSuchApp',
  OutOfMemory = 'OutOfMemory',
  AddressOutOfBounds = 'AddressOutOfBounds',
  InactiveApp = 'InactiveApp',
  KernelError = 'KernelError',
  AlreadyInUse = 'AlreadyInUse',
}

/** The `ErrorCode` a process error becomes (TOCK-MAP b). */
export function processErrorToErrorCode(error: ProcessError): ErrorCode {
  switch (error) {
    case ProcessError.OutOfMemory:
      return ErrorCode.NOMEM;
    case ProcessError.AddressOutOfBounds:
    case ProcessError.NoSuchApp:
      return ErrorCode.INVAL;
    case ProcessError.InactiveApp:
    case ProcessError.KernelError:
    case ProcessError.AlreadyInUse:
      return ErrorCode.FAIL;
  }
}

/** Why scheduling an upcall failed (upstream `UpcallError`). */
export enum UpcallError {
  InvalidSubscribeNum = 'InvalidSubscribeNum',
  QueueFull = 'QueueFull',
  KernelError = 'KernelError',
}

/** What a fault policy asks for (upstream `FaultAction`). */
export enum FaultAction {
  Panic = 'Panic',
  Restart = 'Restart',
  Stop = 'Stop',
}

/** Why `doProcess` stopped running a process (upstream `StoppedExecutingReason`). */
export enum StoppedExecutingReason {
  NoWorkLeft = 'NoWorkLeft',
  StoppedFaulted = 'StoppedFaulted',
  Stopped = 'Stopped',
  TimesliceExpired = 'TimesliceExpired',
  KernelPreemption = 'KernelPreemption',
}

/** A process's fixed short id, or `undefined` for upstream's `LocallyUnique`. */
export type ShortId = number | undefined;
