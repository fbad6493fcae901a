/**
 * The timeslice timer the kernel arms while a process runs (upstream
 * `kernel/src/platform/scheduler_timer.rs`). On Cortex-M it is SysTick; on RISC-V a virtual alarm.
 */

/** A one-shot countdown in microseconds whose expiry interrupts a running process. */
export interface SchedulerTimer {
  /** Starts a countdown of `us` microseconds (not yet armed to interrupt). */
  start(us: number): void;
  /** Stops the countdown and forgets it. */
  reset(): void;
  /** Lets expiry interrupt the running process. */
  arm(): void;
  /** Stops expiry from interrupting; the countdown continues. */
  disarm(): void;
  /** Microseconds left, or `undefined` once the countdown has expired. */
  getRemainingUs(): number | undefined;
}

/** A timer for cooperative schedulers: it never expires (upstream's `()` implementation). */
export class NoSchedulerTimer implements SchedulerTimer {
  start(): void {}
  reset(): void {}
  arm(): void {}
  disarm(): void {}
  getRemainingUs(): number | undefined {
    return 0xffff_ffff;
  }
}
