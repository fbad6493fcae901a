/**
 * The text the board prints when a process faults and when the kernel panics, in upstream's
 * shapes (`kernel/src/debug.rs`): the panic banner with the kernel version, the Cortex-M fault
 * status read from the System Control Block, and `---| App Status |---` with each process's
 * overview and full report (registers, grants, MPU configuration).
 */
import { formatCortexMFaultStatus } from '@tock-ts/arch-cortexm';
import { type ProcessStandard, printFullProcess, printProcessOverview } from '@tock-ts/kernel';

/** CFSR, HFSR, MMFAR and BFAR in the System Control Block. */
const CFSR = 0xe000_ed28;
const HFSR = 0xe000_ed2c;
const MMFAR = 0xe000_ed34;
const BFAR = 0xe000_ed38;

/** Reads a word of the system's memory map. */
export type ReadWord = (address: number) => number;

/** The Cortex-M fault status as the SCB holds it now (upstream `print_cortexm_state`). */
export function formatCpuState(readWord: ReadWord): string {
  return formatCortexMFaultStatus({
    cfsr: readWord(CFSR),
    hfsr: readWord(HFSR),
    mmfar: readWord(MMFAR),
    bfar: readWord(BFAR),
  });
}

/** `---| App Status |---` and, for each process, its overview and full report. */
export function formatAppStatus(processes: readonly ProcessStandard[]): string {
  let text = '\r\n---| App Status |---\r\n';
  for (const process of processes) text += printProcessOverview(process) + printFullProcess(process);
  return text;
}

/** What the board prints when `process` faults and the kernel survives it. */
export function formatProcessFault(process: ProcessStandard, action: string, readWord: ReadWord): string {
  return `\r\nProcess ${process.name} faulted and ${action}.\r\n${formatCpuState(readWord)}${formatAppStatus([process])}`;
}

/** Upstream's panic report: banner (no source location), CPU state, every process. */
export function formatPanicReport(
  message: string,
  kernelVersion: { readonly major: number; readonly minor: number },
  readWord: ReadWord,
  processes: readonly ProcessStandard[],
): string {
  const banner = `\r\n${message}\r\n\tKernel version ${kernelVersion.major}.${kernelVersion.minor}.0\r\n`;
  return banner + formatCpuState(readWord) + formatAppStatus(processes);
}
