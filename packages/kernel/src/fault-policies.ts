/**
 * Fault policies: what the kernel does when a process faults (upstream
 * `capsules/system/src/process_policies.rs`).
 *
 * A board gives each process a policy at load time. `Panic` stops the kernel, `Stop` leaves the
 * process faulted, `Restart` starts it again; the threshold policies restart a bounded number of
 * times and then stop or panic.
 */
import { FaultAction } from './process-types.js';

/** What a policy may inspect about the faulting process. */
export interface FaultingProcess {
  /** How many times the process has been restarted. */
  readonly restartCount: number;
  /** Its package name. */
  readonly name: string;
}

/** Decides the action for a faulting process (upstream `ProcessFaultPolicy`). */
export interface ProcessFaultPolicy {
  action(process: FaultingProcess): FaultAction;
}

/** Every fault panics the kernel (upstream `PanicFaultPolicy`, the usual board default). */
export class PanicFaultPolicy implements ProcessFaultPolicy {
  action(): FaultAction {
    return FaultAction.Panic;
  }
}

/** A faulting process stays faulted; the kernel goes on (upstream `StopFaultPolicy`). */
export class StopFaultPolicy implements ProcessFaultPolicy {
  action(): FaultAction {
    return FaultAction.Stop;
  }
}

/** A faulting process is restarted every time (upstream `RestartFaultPolicy`). */
export class RestartFaultPolicy implements ProcessFaultPolicy {
  action(): FaultAction {
    return FaultAction.Restart;
  }
}

/** Restart while the restart count is at most `threshold`, then stop. */
export class ThresholdRestartFaultPolicy implements ProcessFaultPolicy {
  constructor(private readonly threshold: number) {}
  action(process: FaultingProcess): FaultAction {
    return process.restartCount <= this.threshold ? FaultAction.Restart : FaultAction.Stop;
  }
}

/** Restart while the restart count is at most `threshold`, then panic. */
export class ThresholdRestartThenPanicFaultPolicy implements ProcessFaultPolicy {
  constructor(private readonly threshold: number) {}
  action(process: FaultingProcess): FaultAction {
    return process.restartCount <= this.threshold ? FaultAction.Restart : FaultAction.Panic;
  }
}
