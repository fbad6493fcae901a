/**
 * Multilevel feedback queue scheduling (upstream `capsules/system/src/scheduler/mlfq.rs`).
 *
 * Three queues with timeslices of 10, 20 and 50 ms. A process that uses up its slice drops one
 * queue; otherwise the time it used adds up against the slice of its queue. Every 5 s of the
 * board's virtual time (read from a HIL `Time`, e.g. a virtual alarm) all processes return to
 * the top queue. (Upstream's refresh moves only the
 * head of each lower queue; this one moves every process, as the policy describes.)
 */
import { type Ticks, type Time, ticks, ticksFromMs, ticksWithinRange, ticksWrappingAdd } from '@tock-ts/hil';
import type { Kernel } from '../kernel.js';
import { StoppedExecutingReason } from '../process-types.js';
import { type Scheduler, type SchedulingDecision, TRY_SLEEP } from '../scheduler.js';

/** Timeslice per queue, top first. */
export const MLFQ_TIMESLICES_US: readonly number[] = [10_000, 20_000, 50_000];
/** How often every process returns to the top queue (upstream `PRIORITY_REFRESH_PERIOD_MS`). */
export const MLFQ_PRIORITY_REFRESH_PERIOD_MS = 5000;

/** MLFQ scheduler over all of a kernel's process slots. */
export class MlfqScheduler implements Scheduler {
  readonly #queues: number[][] = [[], [], []];
  readonly #usedThisQueueUs: number[];
  #nextReset: Ticks;
  #lastResetCheck: Ticks;
  #lastQueue = 0;

  constructor(
    private readonly kernel: Kernel,
    /** The board's virtual-time counter (upstream passes an `Alarm`; only its time is read). */
    private readonly time: Time,
  ) {
    this.#nextReset = ticks(0, time.ticksWidth);
    this.#lastResetCheck = ticks(0, time.ticksWidth);
    this.#queues[0] = Array.from({ length: kernel.processSlotCount }, (_, index) => index);
    this.#usedThisQueueUs = new Array<number>(kernel.processSlotCount).fill(0);
  }

  #redeemAll(): void {
    const top = this.#queues[0] ?? [];
    for (const queue of this.#queues.slice(1)) top.push(...queue.splice(0));
  }

  next(): SchedulingDecision {
    const width = this.time.ticksWidth;
    const now = this.time.now();
    if (!ticksWithinRange(now, this.#lastResetCheck, this.#nextReset, width)) {
      const period = ticksFromMs(this.time, MLFQ_PRIORITY_REFRESH_PERIOD_MS);
      this.#nextReset = ticksWrappingAdd(now, period, width);
      this.#redeemAll();
    }
    this.#lastResetCheck = now;
    for (const [queueIndex, queue] of this.#queues.entries()) {
      const position = queue.findIndex((slot) => this.kernel.processAt(slot)?.ready() ?? false);
      if (position < 0) continue;
      // Everything before the ready process moves behind it, as upstream's pop/push loop does.
      queue.push(...queue.splice(0, position));
      const slot = queue[0];
      const process = slot === undefined ? undefined : this.kernel.processAt(slot);
      if (slot === undefined || process === undefined) continue;
      this.#lastQueue = queueIndex;
      const timeslice = (MLFQ_TIMESLICES_US[queueIndex] ?? 0) - (this.#usedThisQueueUs[slot] ?? 0);
      return {
        kind: 'RunProcess',
        processId: process.processId,
        timesliceUs: timeslice > 0 ? timeslice : undefined,
      };
    }
    return TRY_SLEEP;
  }

  result(reason: StoppedExecutingReason, executionTimeUs: number | undefined): void {
    const queueIndex = this.#lastQueue;
    const queue = this.#queues[queueIndex];
    const slot = queue?.shift();
    if (queue === undefined || slot === undefined) return;
    if (reason === StoppedExecutingReason.TimesliceExpired) {
      this.#usedThisQueueUs[slot] = 0;
      const lower = Math.min(queueIndex + 1, this.#queues.length - 1);
      this.#queues[lower]?.push(slot);
    } else {
      this.#usedThisQueueUs[slot] = (this.#usedThisQueueUs[slot] ?? 0) + (executionTimeUs ?? 0);
      queue.push(slot);
    }
  }

  /** Which queue each slot is in, top first (for tests and introspection). */
  queues(): readonly (readonly number[])[] {
    return this.#queues.map((queue) => [...queue]);
  }
}
