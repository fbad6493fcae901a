/**
 * Priority scheduling (upstream `capsules/system/src/scheduler/priority.rs`): the ready process
 * in the lowest slot always runs, cooperatively; it is preempted when kernel work is pending or
 * a process in a lower slot becomes ready.
 */
import { assertCapability, ProcessManagementCapability } from '../capabilities.js';
import type { Kernel } from '../kernel.js';
import type { Chip } from '../platform/chip.js';
import type { ProcessId } from '../process-id.js';
import { type Scheduler, type SchedulingDecision, TRY_SLEEP } from '../scheduler.js';

/** Fixed-priority scheduler: slot order is priority order. */
export class PriorityScheduler implements Scheduler {
  #runningSlot: number | undefined;

  constructor(
    private readonly kernel: Kernel,
    private readonly capability: ProcessManagementCapability,
  ) {
    assertCapability(ProcessManagementCapability, capability);
  }

  #firstReady(): { slot: number; processId: ProcessId } | undefined {
    for (const process of this.kernel.processIterCapability(this.capability)) {
      if (process.ready()) return { slot: process.processId.index, processId: process.processId };
    }
    return undefined;
  }

  next(): SchedulingDecision {
    const next = this.#firstReady();
    this.#runningSlot = next?.slot;
    return next === undefined
      ? TRY_SLEEP
      : { kind: 'RunProcess', processId: next.processId, timesliceUs: undefined };
  }

  continueProcess(_processId: ProcessId, chip: Chip): boolean {
    if (chip.hasPendingInterrupts() || this.kernel.deferredCalls.hasTasks()) return false;
    const ready = this.#firstReady();
    const running = this.#runningSlot;
    return !(ready !== undefined && running !== undefined && ready.slot < running);
  }

  result(): void {
    this.#runningSlot = undefined;
  }
}
