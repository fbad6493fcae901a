/**
 * The cooperative scheduler (upstream `CooperativeComponent`): processes run until they yield;
 * an interrupt returns to the kernel, which then resumes the same process.
 */
import { CooperativeScheduler, type Kernel } from '@tock-ts/kernel';

/** A cooperative scheduler over the kernel's process slots. */
export class CooperativeComponent {
  constructor(private readonly kernel: Kernel) {}

  finalize(): CooperativeScheduler {
    return new CooperativeScheduler(this.kernel);
  }
}
