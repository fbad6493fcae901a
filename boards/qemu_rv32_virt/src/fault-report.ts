/**
 * The text the board prints when a process faults and when the kernel panics, in upstream's
 * shapes (`kernel/src/debug.rs` with the RISC-V chip's `print_state`): the panic banner with the
 * kernel version, the machine's trap CSRs, and `---| App Status |---` with each process's overview
 * and full report (registers, mcause, PMP configuration).
 */
import { type CsrPort, formatRiscvState } from '@tock-ts/arch-rv32';
import { type ProcessStandard, printFullProcess, printProcessOverview } from '@tock-ts/kernel';

/** `---| App Status |---` and, for each process, its overview and full report. */
export function formatAppStatus(processes: readonly ProcessStandard[]): string {
  let text = '\r\n---| App Status |---\r\n';
  for (const process of processes) text += printProcessOverview(process) + printFullProcess(process);
  return text;
}

/** What the board prints when `process` faults and the kernel survives it. */
export function formatProcessFault(process: ProcessStandard, action: string, csr: CsrPort): string {
  return `\r\nProcess ${process.name} faulted and ${action}.\r\n${formatRiscvState(csr)}${formatAppStatus([process])}`;
}

/** Upstream's panic report: banner (no source location), the RISC-V state, every process. */
export function formatPanicReport(
  message: string,
  kernelVersion: { readonly major: number; readonly minor: number },
  csr: CsrPort,
  processes: readonly ProcessStandard[],
): string {
  const banner = `\r\n${message}\r\n\tKernel version ${kernelVersion.major}.${kernelVersion.minor}.0\r\n`;
  return banner + formatRiscvState(csr) + formatAppStatus(processes);
}
