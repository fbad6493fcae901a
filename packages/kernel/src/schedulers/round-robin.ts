/**
 * Round-robin scheduling (upstream `capsules/system/src/scheduler/round_robin.rs`), the default.
 *
 * Processes take turns in slot order, each with a 10 ms timeslice. A process interrupted by
 * kernel work (`KernelPreemption`) with time left goes first again with only the time it had
 * left; any other outcome sends it to the back of the line.
 */
import type { Kernel } from '../kernel.js';
import { StoppedExecutingReason } from '../process-types.js';
import { type Scheduler, type SchedulingDecision, TRY_SLEEP } from '../scheduler.js';
import { SlotRotation } from './slot-rotation.js';

/** Upstream `DEFAULT_TIMESLICE_US`. */
export const ROUND_ROBIN_DEFAULT_TIMESLICE_US = 10_000;

/** Round-robin scheduler over all of a kernel's process slots. */
export class RoundRobinScheduler implements Scheduler {
  readonly #rotation: SlotRotation;
  #timeRemainingUs: number;
  #lastRescheduled = false;

  constructor(
    private readonly kernel: Kernel,
    private readonly timesliceUs: number = ROUND_ROBIN_DEFAULT_TIMESLICE_US,
  ) {
    this.#rotation = new SlotRotation(kernel.processSlotCount);
    this.#timeRemainingUs = timesliceUs;
  }

  next(): SchedulingDecision {
    const slot = this.#rotation.findReady((index) => this.kernel.processAt(index)?.ready() ?? false);
    const process = slot === undefined ? undefined : this.kernel.processAt(slot);
    if (process === undefined) return TRY_SLEEP;
    if (!this.#lastRescheduled) this.#timeRemainingUs = this.timesliceUs;
    return { kind: 'RunProcess', processId: process.processId, timesliceUs: this.#timeRemainingUs };
  }

  result(reason: StoppedExecutingReason, executionTimeUs: number | undefined): void {
    const used = executionTimeUs ?? this.#timeRemainingUs;
    const reschedule = reason === StoppedExecutingReason.KernelPreemption && this.#timeRemainingUs > used;
    if (reschedule) this.#timeRemainingUs -= used;
    this.#lastRescheduled = reschedule;
    if (!reschedule) this.#rotation.rotate();
  }

  /** Slots in turn order (for tests and the process console). */
  turnOrder(): readonly number[] {
    return this.#rotation.snapshot();
  }
}
