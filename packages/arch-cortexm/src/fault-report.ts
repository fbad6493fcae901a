/**
 * Tock's Cortex-M fault text, as pure functions of register values.
 *
 * - `formatCortexMFaultStatus`: the `---| Cortex-M Fault Status |---` block that upstream's
 *   `print_cortexm_state` (`arch/cortex-m/src/lib.rs`) prints after a panic, one named line per
 *   CFSR/HFSR bit that is set, and the faulting address when MMFAR or BFAR is valid.
 * - `formatProcessContext`: a process's registers as upstream's `print_context`
 *   (`arch/cortex-m/src/syscall.rs`) prints them, reading the hardware-stacked frame only when
 *   it lies inside the process's accessible memory and printing 0xBAD00BAD otherwise.
 * - `formatKernelHardFaultArmv7m` / `formatKernelHardFaultArmv6m`: the panic message of a
 *   HardFault taken in the kernel (`arch/cortex-v7m/src/lib.rs`, `arch/cortex-m0/src/lib.rs`).
 *
 * The text keeps upstream's CRLF line ends and column alignment, so logs compare line for line.
 * The process memory map printed beside a fault belongs to the kernel's process printer.
 */

/** Stands in for any value that cannot be read (upstream prints this for an unusable stack). */
export const UNREADABLE_VALUE = 0xbad00bad;

/** Bytes of the basic exception frame the hardware stacks: r0-r3, r12, lr, pc, xPSR. */
export const SVC_FRAME_SIZE = 32;

/** The fault status registers the HardFault handler saves (SCB 0xE000ED28, 2C, 34, 38). */
export interface FaultStatusRegisters {
  /** Configurable Fault Status Register: MMFSR (bits 0-7), BFSR (8-15), UFSR (16-31). */
  readonly cfsr: number;
  /** HardFault Status Register. */
  readonly hfsr: number;
  /** MemManage Fault Address Register. */
  readonly mmfar: number;
  /** BusFault Address Register. */
  readonly bfar: number;
}

/** What the kernel keeps of a process that is not running (upstream `CortexMStoredState`). */
export interface CortexMProcessState {
  /** r4 through r11, in that order. */
  readonly registers: ArrayLike<number>;
  /** Address of the instruction after the last `svc`. */
  readonly yieldPc: number;
  /** xPSR saved at the last system call. */
  readonly psr: number;
  /** The process stack pointer. */
  readonly psp: number;
}

/** The eight words the hardware stacked when a HardFault was taken in the kernel. */
export interface StackedFrame {
  readonly r0: number;
  readonly r1: number;
  readonly r2: number;
  readonly r3: number;
  readonly r12: number;
  readonly lr: number;
  readonly pc: number;
  readonly xpsr: number;
}

/** State the ARMv7-M kernel HardFault message prints besides the stacked frame. */
export interface KernelHardFaultState extends FaultStatusRegisters {
  /** System Handler Control and State Register (0xE000ED24). */
  readonly shcsr: number;
  /** Where the frame was stacked (the MSP at the fault). */
  readonly faultingStackPointer: number;
  /** Top of the kernel stack (`_estack`). */
  readonly stackTop: number;
  /** Bottom of the kernel stack (`_sstack`). */
  readonly stackBottom: number;
}

/** `{:#010X}`: 0x and at least eight upper-case hex digits. */
function hexWord(value: number): string {
  return `0x${(value >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}

/** `0x{:x}`: 0x and lower-case hex digits without padding. */
function hexPlain(value: number): string {
  return `0x${(value >>> 0).toString(16)}`;
}

function bit(value: number, position: number): number {
  return (value >>> position) & 1;
}

/** Fault status lines, in upstream's order: label (padded to the value column) and the bit it reports. */
const FAULT_STATUS_LINES: ReadonlyArray<readonly [label: string, register: 'cfsr' | 'hfsr', mask: number]> = [
  ['Instruction Access Violation:       ', 'cfsr', 1 << 0],
  ['Data Access Violation:              ', 'cfsr', 1 << 1],
  ['Memory Management Unstacking Fault: ', 'cfsr', 1 << 3],
  ['Memory Management Stacking Fault:   ', 'cfsr', 1 << 4],
  ['Memory Management Lazy FP Fault:    ', 'cfsr', 1 << 5],
  ['Instruction Bus Error:              ', 'cfsr', 1 << 8],
  ['Precise Data Bus Error:             ', 'cfsr', 1 << 9],
  ['Imprecise Data Bus Error:           ', 'cfsr', 1 << 10],
  ['Bus Unstacking Fault:               ', 'cfsr', 1 << 11],
  ['Bus Stacking Fault:                 ', 'cfsr', 1 << 12],
  ['Bus Lazy FP Fault:                  ', 'cfsr', 1 << 13],
  ['Undefined Instruction Usage Fault:  ', 'cfsr', 1 << 16],
  ['Invalid State Usage Fault:          ', 'cfsr', 1 << 17],
  ['Invalid PC Load Usage Fault:        ', 'cfsr', 1 << 18],
  ['No Coprocessor Usage Fault:         ', 'cfsr', 1 << 19],
  ['Unaligned Access Usage Fault:       ', 'cfsr', 1 << 24],
  ['Divide By Zero:                     ', 'cfsr', 1 << 25],
  ['Bus Fault on Vector Table Read:     ', 'hfsr', 1 << 1],
  ['Forced Hard Fault:                  ', 'hfsr', 1 << 30],
];

/** CFSR.MMARVALID: MMFAR holds the faulting address. */
const CFSR_MMARVALID = 1 << 7;
/** CFSR.BFARVALID: BFAR holds the faulting address. */
const CFSR_BFARVALID = 1 << 15;

/**
 * The `---| Cortex-M Fault Status |---` block (upstream `print_cortexm_state`): a leading CRLF,
 * the title, one `… true` line per fault bit set, the fault addresses that are valid, then either
 * `No Cortex-M faults detected.` or the raw CFSR and HFSR.
 */
export function formatCortexMFaultStatus(registers: FaultStatusRegisters): string {
  const cfsr = registers.cfsr >>> 0;
  const hfsr = registers.hfsr >>> 0;
  let text = '\r\n---| Cortex-M Fault Status |---\r\n';
  for (const [label, register, mask] of FAULT_STATUS_LINES) {
    const value = register === 'cfsr' ? cfsr : hfsr;
    if ((value & mask) !== 0) text += `${label}true\r\n`;
  }
  if ((cfsr & CFSR_MMARVALID) !== 0) {
    text += `Faulting Memory Address:            ${hexWord(registers.mmfar)}\r\n`;
  }
  if ((cfsr & CFSR_BFARVALID) !== 0) {
    text += `Bus Fault Address:                  ${hexWord(registers.bfar)}\r\n`;
  }
  if (cfsr === 0 && hfsr === 0) {
    text += 'No Cortex-M faults detected.\r\n';
  } else {
    text += `Fault Status Register (CFSR):       ${hexWord(cfsr)}\r\n`;
    text += `Hard Fault Status Register (HFSR):  ${hexWord(hfsr)}\r\n`;
  }
  return text;
}

/** ICI/IT bits of an xPSR: IT[7:6] from bits 26:25, IT[5:0] from bits 15:10. */
function iciIt(xpsr: number): number {
  return (((xpsr >>> 25) & 0x3) << 6) | ((xpsr >>> 10) & 0x3f);
}

/**
 * A process's registers (upstream `print_context`). The stacked r0-r3, r12, lr, pc and xPSR are read
 * with `readWord` (a little-endian word of process memory) only when the whole 32-byte frame at
 * `state.psp` lies in `[accessibleMemoryStart, appBreak)`; otherwise each prints as 0xBAD00BAD.
 */
export function formatProcessContext(
  accessibleMemoryStart: number,
  appBreak: number,
  state: CortexMProcessState,
  readWord: (address: number) => number,
): string {
  const psp = state.psp >>> 0;
  const frameReadable = psp >= accessibleMemoryStart && psp + SVC_FRAME_SIZE <= appBreak;
  const stacked = (index: number): number =>
    frameReadable ? readWord(psp + index * 4) >>> 0 : UNREADABLE_VALUE;
  const r0 = stacked(0);
  const r1 = stacked(1);
  const r2 = stacked(2);
  const r3 = stacked(3);
  const r12 = stacked(4);
  const lr = stacked(5);
  const pc = stacked(6);
  const xpsr = stacked(7);
  const saved = (index: number): string => hexWord(state.registers[index] ?? UNREADABLE_VALUE);

  let text =
    `\r\n  R0 : ${hexWord(r0)}    R6 : ${saved(2)}` +
    `\r\n  R1 : ${hexWord(r1)}    R7 : ${saved(3)}` +
    `\r\n  R2 : ${hexWord(r2)}    R8 : ${saved(4)}` +
    `\r\n  R3 : ${hexWord(r3)}    R10: ${saved(6)}` +
    `\r\n  R4 : ${saved(0)}    R11: ${saved(7)}` +
    `\r\n  R5 : ${saved(1)}    R12: ${hexWord(r12)}` +
    `\r\n  R9 : ${saved(5)} (Static Base Register)` +
    `\r\n  SP : ${hexWord(psp)} (Process Stack Pointer)` +
    `\r\n  LR : ${hexWord(lr)}` +
    `\r\n  PC : ${hexWord(pc)}` +
    `\r\n YPC : ${hexWord(state.yieldPc)}` +
    '\r\n';
  text +=
    `\r\n APSR: N ${bit(xpsr, 31)} Z ${bit(xpsr, 30)} C ${bit(xpsr, 29)} V ${bit(xpsr, 28)} Q ${bit(xpsr, 27)}` +
    `\r\n       GE ${bit(xpsr, 19)} ${bit(xpsr, 18)} ${bit(xpsr, 17)} ${bit(xpsr, 16)}`;
  const thumb = bit(xpsr, 24) === 1;
  text +=
    `\r\n EPSR: ICI.IT 0x${iciIt(xpsr).toString(16).padStart(2, '0')}` +
    `\r\n       ThumbBit ${thumb} ${thumb ? '' : '!!ERROR - Cortex M Thumb only!'}\r\n`;
  return text;
}

/** Name of an exception number as the ARMv7-M kernel HardFault message prints it. */
export function exceptionNumberName(exceptionNumber: number): string {
  if (exceptionNumber === 0) return 'Thread Mode';
  if (exceptionNumber === 2) return 'NMI';
  if (exceptionNumber === 3) return 'HardFault';
  if (exceptionNumber === 4) return 'MemManage';
  if (exceptionNumber === 5) return 'BusFault';
  if (exceptionNumber === 6) return 'UsageFault';
  if (exceptionNumber === 11) return 'SVCall';
  if (exceptionNumber === 12) return 'Reserved for Debug';
  if (exceptionNumber === 14) return 'PendSV';
  if (exceptionNumber === 15) return 'SysTick';
  if (exceptionNumber >= 16 && exceptionNumber <= 255) return 'IRQn';
  if (exceptionNumber === 1 || (exceptionNumber >= 7 && exceptionNumber <= 13)) return 'Reserved';
  return '(Unknown! Illegal value?)';
}

/** `true`/`false` as the kernel HardFault message prints a status bit. */
function flag(value: number, mask: number): string {
  return String((value & mask) !== 0);
}

/**
 * The panic message of a HardFault taken in the kernel on ARMv7-M (upstream
 * `hard_fault_handler_arm_v7m_kernel`, when the stacking itself did not overflow the stack: that
 * case panics with just `kernel stack overflow`).
 */
export function formatKernelHardFaultArmv7m(frame: StackedFrame, state: KernelHardFaultState): string {
  const xpsr = frame.xpsr >>> 0;
  const cfsr = state.cfsr >>> 0;
  const hfsr = state.hfsr >>> 0;
  const exceptionNumber = xpsr & 0x1ff;
  const statusLines = FAULT_STATUS_LINES.map(
    ([label, register, mask]) => `\t${label}${flag(register === 'cfsr' ? cfsr : hfsr, mask)}\r\n`,
  ).join('');
  return (
    'Kernel HardFault.\r\n' +
    `\tr0  ${hexPlain(frame.r0)}\r\n` +
    `\tr1  ${hexPlain(frame.r1)}\r\n` +
    `\tr2  ${hexPlain(frame.r2)}\r\n` +
    `\tr3  ${hexPlain(frame.r3)}\r\n` +
    `\tr12 ${hexPlain(frame.r12)}\r\n` +
    `\tlr  ${hexPlain(frame.lr)}\r\n` +
    `\tpc  ${hexPlain(frame.pc)}\r\n` +
    `\tpsr ${hexPlain(xpsr)} [ N ${bit(xpsr, 31)} Z ${bit(xpsr, 30)} C ${bit(xpsr, 29)} V ${bit(xpsr, 28)}` +
    ` Q ${bit(xpsr, 27)} GE ${bit(xpsr, 19)}${bit(xpsr, 18)}${bit(xpsr, 17)}${bit(xpsr, 16)}` +
    ` ; ICI.IT ${iciIt(xpsr)} T ${bit(xpsr, 24) === 1} ; Exc ${exceptionNumber}-${exceptionNumberName(exceptionNumber)} ]\r\n` +
    `\tsp  ${hexPlain(state.faultingStackPointer)}\r\n` +
    `\ttop of stack     ${hexPlain(state.stackTop)}\r\n` +
    `\tbottom of stack  ${hexPlain(state.stackBottom)}\r\n` +
    `\tSHCSR ${hexPlain(state.shcsr)}\r\n` +
    `\tCFSR  ${hexPlain(cfsr)}\r\n` +
    `\tHSFR  ${hexPlain(hfsr)}\r\n` +
    statusLines +
    `\tFaulting Memory Address: (valid: ${flag(cfsr, CFSR_MMARVALID)}) ${hexWord(state.mmfar)}\r\n` +
    `\tBus Fault Address:       (valid: ${flag(cfsr, CFSR_BFARVALID)}) ${hexWord(state.bfar)}\r\n`
  );
}

/** The panic message of a HardFault taken in the kernel on ARMv6-M (upstream `cortex-m0`). */
export function formatKernelHardFaultArmv6m(frame: StackedFrame): string {
  return (
    'Kernel HardFault.\r\n' +
    `\tr0  ${hexPlain(frame.r0)}\r\n` +
    `\tr1  ${hexPlain(frame.r1)}\r\n` +
    `\tr2  ${hexPlain(frame.r2)}\r\n` +
    `\tr3  ${hexPlain(frame.r3)}\r\n` +
    `\tr12  ${hexPlain(frame.r12)}\r\n` +
    `\tlr  ${hexPlain(frame.lr)}\r\n` +
    `\tpc  ${hexPlain(frame.pc)}\r\n` +
    `\txpsr  ${hexPlain(frame.xpsr)}\r\n`
  );
}
