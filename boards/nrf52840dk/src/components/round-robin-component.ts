/**
 * Builds the round-robin scheduler (upstream `components::sched::round_robin::RoundRobinComponent`).
 */
import { type Kernel, ROUND_ROBIN_DEFAULT_TIMESLICE_US, RoundRobinScheduler } from '@tock-ts/kernel';

/** A round-robin scheduler over the kernel's process slots with upstream's 10 ms timeslice. */
export class RoundRobinComponent {
  constructor(private readonly kernel: Kernel) {}

  finalize(): RoundRobinScheduler {
    return new RoundRobinScheduler(this.kernel, ROUND_ROBIN_DEFAULT_TIMESLICE_US);
  }
}
