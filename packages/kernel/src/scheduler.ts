/**
 * The scheduler interface the kernel loop drives (upstream `kernel/src/scheduler.rs`).
 *
 * `next()` picks a process and a timeslice (or none for cooperative running); `result()` hears
 * why it stopped and how long it ran. The kernel-work methods have upstream's defaults in
 * `KernelWork`: interrupts' bottom halves first, then deferred calls one at a time.
 */
import type { DeferredCallRegistry } from './deferred-call.js';
import type { Chip } from './platform/chip.js';
import type { ProcessId } from './process-id.js';
import type { StoppedExecutingReason } from './process-types.js';

/** What to do next (upstream `SchedulingDecision`). */
export type SchedulingDecision =
  /** Run `processId` for `timesliceUs` microseconds, or without preemption when `undefined`. */
  | { readonly kind: 'RunProcess'; readonly processId: ProcessId; readonly timesliceUs: number | undefined }
  /** Nothing is ready: sleep if no kernel work is pending. */
  | { readonly kind: 'TrySleep' };

/** The shared `TrySleep` decision. */
export const TRY_SLEEP: SchedulingDecision = Object.freeze({ kind: 'TrySleep' });

/** A scheduling policy. */
export interface Scheduler {
  /** Picks what runs next. */
  next(): SchedulingDecision;
  /** Hears why the chosen process stopped and for how long it ran (`undefined` when cooperative). */
  result(reason: StoppedExecutingReason, executionTimeUs: number | undefined): void;
  /** True when kernel work must run before any process (default: interrupts or deferred calls). */
  doKernelWorkNow?(chip: Chip): boolean;
  /** Runs pending kernel work (default: bottom halves, then deferred calls while no interrupt waits). */
  executeKernelWork?(chip: Chip): void;
  /** False to preempt the running process (default: when interrupts or deferred calls are pending). */
  continueProcess?(processId: ProcessId, chip: Chip): boolean;
}

/** Upstream's default kernel-work behaviour, over one kernel's deferred calls. */
export class KernelWork {
  constructor(private readonly deferredCalls: DeferredCallRegistry) {}

  /** Interrupts are pending or deferred calls are set. */
  pending(chip: Chip): boolean {
    return chip.hasPendingInterrupts() || this.deferredCalls.hasTasks();
  }

  /** Bottom halves, then deferred calls one by one while no interrupt is pending. */
  execute(chip: Chip): void {
    chip.servicePendingInterrupts();
    while (this.deferredCalls.hasTasks() && !chip.hasPendingInterrupts()) {
      this.deferredCalls.serviceNextPending();
    }
  }
}
