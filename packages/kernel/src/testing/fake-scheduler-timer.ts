/**
 * A scheduler timer over the fake clock: a countdown the fake boundary honours when it runs a
 * process (it stops the process with `Interrupted` when an armed countdown expires).
 */
import type { SchedulerTimer } from '../platform/scheduler-timer.js';
import type { FakeClock } from './fake-clock.js';

/** A one-shot microsecond countdown in virtual time. */
export class FakeSchedulerTimer implements SchedulerTimer {
  #deadlineUs: number | undefined;
  #armed = false;

  constructor(private readonly clock: FakeClock) {}

  start(us: number): void {
    this.#deadlineUs = this.clock.nowUs + us;
  }

  reset(): void {
    this.#deadlineUs = undefined;
    this.#armed = false;
  }

  arm(): void {
    this.#armed = true;
  }

  disarm(): void {
    this.#armed = false;
  }

  getRemainingUs(): number | undefined {
    if (this.#deadlineUs === undefined) return 0xffff_ffff;
    const left = this.#deadlineUs - this.clock.nowUs;
    return left > 0 ? left : undefined;
  }

  /** Microseconds until an armed countdown expires, or `undefined` when it cannot interrupt. */
  armedRemainingUs(): number | undefined {
    if (!this.#armed || this.#deadlineUs === undefined) return undefined;
    return Math.max(0, this.#deadlineUs - this.clock.nowUs);
  }
}
