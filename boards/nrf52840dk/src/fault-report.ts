/**
 * The text the board prints when a process faults and when the kernel panics, shaped like
 * upstream's `debug::panic` output: the Cortex-M fault status, then the faulting app's name,
 * state and registers (upstream `print_full_process` / `print_context`).
 */

import type { CortexMConfig, CortexMStoredState } from '@tock-ts/arch-cortexm';
import { formatCortexMFaultStatus } from '@tock-ts/arch-cortexm';
import { formatProcessState, type ProcessStandard } from '@tock-ts/kernel';

/** A process of this board. */
export type BoardProcess = ProcessStandard<CortexMConfig, CortexMStoredState>;

/** The fault status and the process's registers, printed when `process` faults. */
export function formatProcessFault(
  process: BoardProcess,
  printContext: (process: BoardProcess) => string,
): string {
  const fault = process.storedState.fault;
  const status = fault === undefined ? '' : formatCortexMFaultStatus(fault);
  return (
    `${status}\r\n---| App Status |---\r\n` +
    `App: ${process.name}   -   [${formatProcessState(process.state)}]\r\n` +
    `${printContext(process)}\r\n`
  );
}

/** The first lines of a kernel panic report. */
export function formatPanicHeader(message: string, kernelVersion: string): string {
  return `\r\n\r\npanicked at '${message}'\r\n\tKernel version ${kernelVersion}\r\n`;
}
