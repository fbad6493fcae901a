/**
 * Cooperative scheduling (upstream `capsules/system/src/scheduler/cooperative.rs`): round robin
 * without timeslices. A process runs until it yields; after kernel work preempts it, it goes
 * first again.
 */
import type { Kernel } from '../kernel.js';
import { StoppedExecutingReason } from '../process-types.js';
import { type Scheduler, type SchedulingDecision, TRY_SLEEP } from '../scheduler.js';
import { SlotRotation } from './slot-rotation.js';

/** Cooperative scheduler over all of a kernel's process slots. */
export class CooperativeScheduler implements Scheduler {
  readonly #rotation: SlotRotation;

  constructor(private readonly kernel: Kernel) {
    this.#rotation = new SlotRotation(kernel.processSlotCount);
  }

  next(): SchedulingDecision {
    const slot = this.#rotation.findReady((index) => this.kernel.processAt(index)?.ready() ?? false);
    const process = slot === undefined ? undefined : this.kernel.processAt(slot);
    if (process === undefined) return TRY_SLEEP;
    return { kind: 'RunProcess', processId: process.processId, timesliceUs: undefined };
  }

  result(reason: StoppedExecutingReason): void {
    if (reason !== StoppedExecutingReason.KernelPreemption) this.#rotation.rotate();
  }
}
