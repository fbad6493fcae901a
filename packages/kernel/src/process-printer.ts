/**
 * The process console's `process <name>` report (upstream `ProcessPrinterText::print_overview`
 * in `capsules/system/src/process_printer.rs`): state and counters, the last syscall, the
 * completion code, and a diagram of the process's RAM and flash.
 *
 * Heap and stack boundaries come from the memop 10/11 hints, `?` without them. The arch
 * boundary does not report the stack pointer, so the stack's lowest point is taken to be the
 * stack start the process reported.
 */
import {
  GRANT_POINTER_ENTRY_SIZE,
  PROCESS_RECORD_SIZE,
  TASK_SIZE,
  UPCALL_QUEUE_LENGTH,
} from './process-memory.js';
import type { ProcessStandard } from './process-standard.js';
import { formatProcessState } from './process-types.js';
import { type Syscall, SyscallClass, YieldCall } from './syscall.js';

/** `{:#010X}`: 0x then 8 upper-case hex digits. */
export function hex010(value: number): string {
  return `0x${(value >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}

function hexLower(value: number): string {
  return `0x${(value >>> 0).toString(16)}`;
}

/** A syscall in upstream's Rust `Debug` form, e.g. `Command { driver_number: 1, … }`. */
export function formatSyscall(syscall: Syscall): string {
  switch (syscall.class) {
    case SyscallClass.Yield:
      if (syscall.which === YieldCall.NoWait)
        return `Yield { yield_type: NoWait { ptr: ${hexLower(syscall.paramA)} } }`;
      if (syscall.which === YieldCall.Wait) return 'Yield { yield_type: Wait }';
      return `Yield { yield_type: WaitFor { driver_number: ${syscall.paramA}, subdriver_number: ${syscall.paramB} } }`;
    case SyscallClass.Subscribe:
      return `Subscribe { driver_number: ${syscall.driverNumber}, subdriver_number: ${syscall.subdriverNumber}, upcall_ptr: ${hexLower(syscall.upcallPtr)}, appdata: ${syscall.appdata} }`;
    case SyscallClass.Command:
      return `Command { driver_number: ${syscall.driverNumber}, subdriver_number: ${syscall.subdriverNumber}, arg0: ${syscall.arg0}, arg1: ${syscall.arg1} }`;
    case SyscallClass.ReadWriteAllow:
    case SyscallClass.ReadOnlyAllow:
    case SyscallClass.UserspaceReadableAllow:
      return `${SyscallClass[syscall.class]} { driver_number: ${syscall.driverNumber}, subdriver_number: ${syscall.subdriverNumber}, allow_address: ${hexLower(syscall.allowAddress)}, allow_size: ${syscall.allowSize} }`;
    case SyscallClass.Memop:
      return `Memop { operand: ${syscall.operand}, arg0: ${syscall.arg0} }`;
    case SyscallClass.Exit:
      return `Exit { which: ${syscall.which}, completion_code: ${syscall.completionCode} }`;
  }
}

function pad6(value: number): string {
  return String(value).padStart(6, ' ');
}

function exceeded(size: number, allocated: number): string {
  return size > allocated ? ' EXCEEDED!' : '          ';
}

/** The heap, data and stack rows of the RAM diagram. */
function heapAndStackLines(process: ProcessStandard): string[] {
  const rule = '───────────────────────────────────────────';
  const heapStart = process.debugHeapStart;
  const stackTop = process.debugStackStart;
  const lines: string[] = [];
  if (heapStart === undefined) {
    lines.push('             │ ▲ Heap            ? |      ?               S', `  ?????????? ┼${rule} R`);
  } else {
    const size = process.appBreak - heapStart;
    const allocated = process.kernelMemoryBreak - heapStart;
    lines.push(
      `             │ ▲ Heap       ${pad6(size)} | ${pad6(allocated)}${exceeded(size, allocated)}     S`,
      `  ${hex010(heapStart)} ┼${rule} R`,
    );
  }
  if (heapStart === undefined || stackTop === undefined) {
    lines.push('             │ Data              ? |      ?               A');
  } else {
    const size = heapStart - stackTop;
    lines.push(`             │ Data         ${pad6(size)} | ${pad6(size)}               A`);
  }
  const stackBottom = process.debugStackMin;
  if (stackTop === undefined || stackBottom === undefined) {
    lines.push(`  ?????????? ┼${rule} M`, '             │ ▼ Stack           ? |      ?');
  } else {
    const size = stackTop - stackBottom;
    const allocated = stackTop - process.memoryStart;
    lines.push(
      `  ${hex010(stackTop)} ┼${rule} M`,
      `             │ ▼ Stack      ${pad6(size)} | ${pad6(allocated)}${exceeded(size, allocated)}`,
    );
  }
  // The deepest stack pointer seen, or 0 when there is none (as upstream).
  lines.push(`  ${hex010(stackBottom ?? 0)} ┼${rule}`);
  return lines;
}

/** The full `process` report for `process`, lines ending in CRLF. */
export function printProcessOverview(process: ProcessStandard): string {
  const grantPointers = process.grantCount * GRANT_POINTER_ENTRY_SIZE;
  const upcalls = UPCALL_QUEUE_LENGTH * TASK_SIZE;
  const record = PROCESS_RECORD_SIZE;
  const structLocation = process.memoryEnd - grantPointers - upcalls - record;
  const grantSize = structLocation - process.kernelMemoryBreak;
  const last = process.lastSyscall;
  const completion = process.completionCode;
  const completionText =
    completion === undefined
      ? 'None'
      : completion.code === undefined
        ? 'Faulted'
        : String(completion.code | 0);
  const rule = '───────────────────────────────────────────';
  return [
    `𝐀𝐩𝐩: ${process.name}   -   [${formatProcessState(process.state)}]`,
    ` Events Queued: ${process.pendingTasks()}   Syscall Count: ${process.syscallCount}   Dropped Upcall Count: ${process.droppedUpcallCount}`,
    ` Restart Count: ${process.restartCount}`,
    ` Last Syscall: ${last === undefined ? 'None' : formatSyscall(last)}`,
    ` Completion Code: ${completionText}`,
    '',
    '',
    ' ╔═══════════╤══════════════════════════════════════════╗',
    ' ║  Address  │ Region Name    Used | Allocated (bytes)  ║',
    ` ╚${hex010(process.memoryEnd)}═╪══════════════════════════════════════════╝`,
    `             │ Grant Ptrs   ${pad6(grantPointers)}`,
    `             │ Upcalls      ${pad6(upcalls)}`,
    `             │ Process      ${pad6(record)}`,
    `  ${hex010(structLocation)} ┼${rule}`,
    `             │ ▼ Grant      ${pad6(grantSize)}`,
    `  ${hex010(process.kernelMemoryBreak)} ┼${rule}`,
    '             │ Unused',
    `  ${hex010(process.appBreak)} ┼${rule}`,
    ...heapAndStackLines(process),
    '             │ Unused',
    `  ${hex010(process.memoryStart)} ┴${rule}`,
    '             .....',
    `  ${hex010(process.flashEnd)} ┬${rule} F`,
    `             │ App Flash    ${pad6(process.flashEnd - process.flashNonProtectedStart)}                        L`,
    `  ${hex010(process.flashNonProtectedStart)} ┼${rule} A`,
    `             │ Protected    ${pad6(process.flashNonProtectedStart - process.flashStart)}                        S`,
    `  ${hex010(process.flashStart)} ┴${rule} H`,
    '',
  ].join('\r\n');
}

/**
 * The fault report of one process (upstream `print_full_process`): its registers as the arch
 * prints them, its grants, its MPU configuration, and how to find the faulting code.
 */
export function printFullProcess(process: ProcessStandard): string {
  const boundary = process.chip.userspaceKernelBoundary;
  const parts = [boundary.printContext(process.memoryStart, process.appBreak, process.storedState)];
  const count = process.grantCount;
  parts.push(`\r\n Total number of grant regions defined: ${count}\r\n`);
  const rows = Math.ceil(count / 3);
  for (let row = 0; row < rows; row++) {
    let line = '';
    for (let column = 0; column < 3; column++) {
      const index = row + rows * column;
      if (index >= count) break;
      const entry = process.grantEntry(index);
      line +=
        entry === undefined
          ? `  Grant ${String(index).padStart(2)} : --        `
          : `  Grant ${String(index).padStart(2)} ${hexLower(entry.driverNumber)}: ${hexLower(entry.address)}`;
    }
    parts.push(`${line}\r\n`);
  }
  parts.push(process.chip.mpu.describeConfig(process.mpuConfig));
  const image = process.image;
  if (image.fixedAddressFlash !== undefined) {
    parts.push(
      "\r\nTo debug libtock-c apps, run `make lst` in the app's" +
        `\r\nfolder and open the arch.${hexLower(image.fixedAddressFlash)}.${hexLower(image.fixedAddressRam ?? 0)}.lst file.\r\n\r\n`,
    );
  } else {
    parts.push(
      '\r\nTo debug libtock-c apps, run' +
        `\r\n\`make debug RAM_START=${hexLower(process.memoryStart)} FLASH_INIT=${hexLower(image.flashStart + image.initFunctionOffset)}\`` +
        "\r\nin the app's folder and open the .lst file.\r\n\r\n",
    );
  }
  return parts.join('');
}
