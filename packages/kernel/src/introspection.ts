/**
 * Kernel introspection for privileged tools like the process console (upstream
 * `kernel/src/introspection.rs`, `KernelInfo`).
 */
import { assertCapability, ProcessManagementCapability } from './capabilities.js';
import type { Kernel } from './kernel.js';
import type { ProcessId } from './process-id.js';
import type { ProcessStandard } from './process-standard.js';

function isActive(process: ProcessStandard): boolean {
  return process.state.kind === 'Running' || process.state.kind === 'Yielded';
}

/** Counts over a kernel's processes; every query needs the `ProcessManagementCapability`. */
export class KernelInfo {
  constructor(private readonly kernel: Kernel) {}

  #processes(capability: ProcessManagementCapability) {
    assertCapability(ProcessManagementCapability, capability);
    return this.kernel.processIterCapability(capability);
  }

  /** Processes in a slot, whatever their state. */
  numberLoadedProcesses(capability: ProcessManagementCapability): number {
    return this.#processes(capability).length;
  }

  /** Processes that are Running or Yielded (upstream counts no other state as active). */
  numberActiveProcesses(capability: ProcessManagementCapability): number {
    return this.#processes(capability).filter(isActive).length;
  }

  /** Processes in any other state: YieldedFor, Stopped, Faulted, Terminated. */
  numberInactiveProcesses(capability: ProcessManagementCapability): number {
    return this.#processes(capability).filter((process) => !isActive(process)).length;
  }

  /** (grants allocated, grants in total) for one process; (0, 0) for a stale id. */
  numberAppGrantUses(processId: ProcessId, capability: ProcessManagementCapability): [number, number] {
    assertCapability(ProcessManagementCapability, capability);
    const process = this.kernel.getProcess(processId);
    if (process === undefined) return [0, 0];
    return [process.grantAllocatedCount() ?? 0, process.grantCount];
  }

  /** Timeslice expirations summed over all processes. */
  timesliceExpirations(capability: ProcessManagementCapability): number {
    return this.#processes(capability).reduce((sum, process) => sum + process.timesliceExpirationCount, 0);
  }
}
