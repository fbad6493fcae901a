/**
 * Tock's Cortex-M userspace/kernel boundary (upstream `arch/cortex-m/src/syscall.rs` with the
 * handlers of `arch/cortex-v7m` and `arch/cortex-m0`), over the emulated core.
 *
 * The kernel is host TypeScript, so this class plays the kernel's side of the hardware handshake:
 * - switching to a process loads r4-r11 and the PSP, then performs the exception return the SVC
 *   handler would (CONTROL.nPRIV = 1, EXC_RETURN 0xFFFFFFFD): the core unstacks the process's frame
 *   from its stack, checked by the MPU with the process's privilege;
 * - the process runs until the core takes any exception; the core stops right after hardware
 *   stacking and this class reads why: SVC (class = low byte of the halfword at stacked PC - 2,
 *   arguments = stacked r0-r3), a fault (CFSR/HFSR/MMFAR/BFAR kept for the report), an interrupt
 *   (disabled in the NVIC and set pending again, as upstream's generic ISR does), SysTick;
 * - a process that never traps is preempted when the run budget (virtual time) runs out: its
 *   context is stacked as an interrupt would stack it, and the kernel sees `Interrupted`.
 */
import {
  type ContextSwitchReason,
  decodeSyscall,
  encodeSyscallReturn,
  type FunctionCall,
  type SyscallReturn,
  type UserspaceKernelBoundary,
} from '@tock-ts/kernel';
import type { CortexMChipCore } from './cortexm-chip-core.js';
import { type CortexMProcessState, formatProcessContext, SVC_FRAME_SIZE } from './fault-report.js';
import { Control, ExceptionNumber, ExcReturn } from './silicon/architecture.js';
import { type FaultRecord, RunExit } from './silicon/cortexm-core.js';

/** Stacked-frame word offsets. */
const FRAME_R0 = 0;
const FRAME_LR = 5;
const FRAME_PC = 6;
const FRAME_XPSR = 7;

/** xPSR with only the Thumb bit set: the initial process status. */
const INITIAL_PSR = 0x0100_0000;

/** What the core reported about a process fault, for the fault report. */
export interface ProcessFaultInformation extends FaultRecord {
  readonly cfsr: number;
  readonly hfsr: number;
  readonly mmfar: number;
  readonly bfar: number;
  readonly shcsr: number;
}

/** The per-process state the kernel keeps between runs (upstream `CortexMStoredState`). */
export class CortexMStoredState implements CortexMProcessState {
  /** r4 through r11. */
  readonly registers = new Uint32Array(8);
  yieldPc = 0;
  psr = 0;
  psp = 0;
  /** Set when the last switch ended in a fault. */
  fault: ProcessFaultInformation | undefined;
}

/** Options of the boundary. */
export interface CortexMBoundaryOptions {
  /**
   * Virtual time one `switchToProcess` may run before the process is preempted and the kernel gets
   * `Interrupted`, even if no timer fires (default 10 ms).
   */
  readonly runBudgetNanos?: number;
}

/** The Cortex-M `UserspaceKernelBoundary`. */
export class CortexMUserspaceKernelBoundary implements UserspaceKernelBoundary<CortexMStoredState> {
  readonly #chip: CortexMChipCore;
  /** Virtual-time budget of one switch; boards may change it. */
  runBudgetNanos: number;
  readonly #returnRegisters = new Uint32Array(4);
  #takenException = 0;

  constructor(chip: CortexMChipCore, options: CortexMBoundaryOptions = {}) {
    this.#chip = chip;
    this.runBudgetNanos = options.runBudgetNanos ?? 10_000_000;
  }

  createStoredState(): CortexMStoredState {
    return new CortexMStoredState();
  }

  initialProcessAppBrkSize(): number {
    return SVC_FRAME_SIZE;
  }

  initializeProcess(_accessibleMemoryStart: number, appBreak: number, state: CortexMStoredState): boolean {
    state.registers.fill(0);
    state.yieldPc = 0;
    state.psr = INITIAL_PSR;
    state.psp = (appBreak - SVC_FRAME_SIZE) >>> 0;
    state.fault = undefined;
    return true;
  }

  setSyscallReturnValue(
    accessibleMemoryStart: number,
    appBreak: number,
    state: CortexMStoredState,
    value: SyscallReturn,
  ): boolean {
    if (!this.#frameFits(accessibleMemoryStart, appBreak, state.psp)) return false;
    const registers = this.#returnRegisters;
    for (let index = 0; index < 4; index++) registers[index] = this.#readFrame(state.psp, FRAME_R0 + index);
    encodeSyscallReturn(value, registers);
    for (let index = 0; index < 4; index++)
      this.#writeFrame(state.psp, FRAME_R0 + index, registers[index] ?? 0);
    return true;
  }

  setProcessFunction(
    accessibleMemoryStart: number,
    appBreak: number,
    state: CortexMStoredState,
    upcall: FunctionCall,
  ): boolean {
    if (!this.#frameFits(accessibleMemoryStart, appBreak, state.psp)) return false;
    const psp = state.psp;
    this.#writeFrame(psp, 0, upcall.argument0);
    this.#writeFrame(psp, 1, upcall.argument1);
    this.#writeFrame(psp, 2, upcall.argument2);
    this.#writeFrame(psp, 3, upcall.argument3);
    this.#writeFrame(psp, FRAME_LR, (state.yieldPc | 1) >>> 0);
    this.#writeFrame(psp, FRAME_PC, (upcall.pc | 1) >>> 0);
    this.#writeFrame(psp, FRAME_XPSR, (state.psr | INITIAL_PSR) >>> 0);
    return true;
  }

  switchToProcess(
    accessibleMemoryStart: number,
    appBreak: number,
    state: CortexMStoredState,
  ): ContextSwitchReason {
    const chip = this.#chip;
    const core = chip.core;
    state.fault = undefined;
    core.lastFault = undefined;
    if (!this.#frameFits(accessibleMemoryStart, appBreak, state.psp)) return this.#fault(state);

    // The kernel's side of `svc 0xff`: r4-r11 and PSP loaded, then the SVC handler's return.
    for (let index = 0; index < 8; index++) core.regs[4 + index] = state.registers[index] ?? 0;
    core.processStackPointer = state.psp;
    const previousHook = core.exceptionEntryHook;
    this.#takenException = 0;
    core.exceptionEntryHook = (exception) => {
      this.#takenException = exception;
      return true;
    };
    try {
      core.exceptionReturnFromHost(ExceptionNumber.SvCall, Control.nPRIV, ExcReturn.ThreadProcessStack);
      const exit = this.#runProcess();
      return this.#finishSwitch(exit, accessibleMemoryStart, appBreak, state);
    } finally {
      core.exceptionEntryHook = previousHook;
    }
  }

  /** The PSP the last switch left (upstream's `switch_to_process` returns it for the stack report). */
  processStackPointer(state: CortexMStoredState): number {
    return state.psp;
  }

  printContext(accessibleMemoryStart: number, appBreak: number, state: CortexMStoredState): string {
    return formatProcessContext(accessibleMemoryStart, appBreak, state, (address) => {
      const value = this.#chip.core.memory.read(address, 4);
      return value < 0 ? 0xbad0_0bad : value;
    });
  }

  /** Runs until the core stops (an exception was taken) or the budget is spent, sleeping through WFI. */
  #runProcess(): RunExit {
    const chip = this.#chip;
    const deadline = chip.clock.nowNanos + this.runBudgetNanos;
    for (;;) {
      const exit = chip.runUntil(deadline);
      if (exit !== RunExit.Sleep) return exit;
      if (chip.clock.nowNanos >= deadline || !chip.sleep()) return RunExit.CycleLimit;
    }
  }

  #finishSwitch(
    exit: RunExit,
    accessibleMemoryStart: number,
    appBreak: number,
    state: CortexMStoredState,
  ): ContextSwitchReason {
    const core = this.#chip.core;
    const exception = this.#takenException;
    let reason: ContextSwitchReason = { kind: 'Interrupted' };
    if (exit === RunExit.Stopped && exception !== 0) {
      reason = this.#classifyException(exception, state);
      core.returnToHostThread();
    } else if (exit === RunExit.Lockup) {
      reason = this.#fault(state);
      core.reset();
    } else {
      // Budget spent (or asleep with nothing to wake it): stack the context as an interrupt would.
      core.sleeping = false;
      if (!core.preemptForHost()) reason = this.#fault(state);
    }
    for (let index = 0; index < 8; index++) state.registers[index] = core.regs[4 + index] ?? 0;
    state.psp = core.processStackPointer >>> 0;
    if (reason.kind !== 'Fault' && !this.#frameFits(accessibleMemoryStart, appBreak, state.psp)) {
      return this.#fault(state);
    }
    return reason;
  }

  #classifyException(exception: number, state: CortexMStoredState): ContextSwitchReason {
    const core = this.#chip.core;
    if (exception === ExceptionNumber.SvCall) {
      const psp = core.processStackPointer >>> 0;
      const pc = this.#readFrame(psp, FRAME_PC);
      state.yieldPc = pc;
      state.psr = this.#readFrame(psp, FRAME_XPSR);
      const instruction = core.memory.read((pc - 2) >>> 0, 2);
      const syscall =
        instruction < 0
          ? undefined
          : decodeSyscall(
              instruction & 0xff,
              this.#readFrame(psp, 0),
              this.#readFrame(psp, 1),
              this.#readFrame(psp, 2),
              this.#readFrame(psp, 3),
            );
      return syscall === undefined ? this.#fault(state) : { kind: 'SyscallFired', syscall };
    }
    if (exception >= ExceptionNumber.HardFault && exception <= ExceptionNumber.UsageFault)
      return this.#fault(state);
    if (exception >= ExceptionNumber.FirstExternal) {
      // Upstream generic_isr: mask the interrupt and leave it pending for the bottom half.
      core.exceptions.setEnabled(exception, false);
      core.exceptions.setPending(exception, true);
    }
    return { kind: 'Interrupted' };
  }

  #fault(state: CortexMStoredState): ContextSwitchReason {
    const core = this.#chip.core;
    const record: FaultRecord = core.lastFault ?? {
      exception: ExceptionNumber.HardFault,
      cfsrBits: 0,
      hfsrBits: 0,
      address: undefined,
      pc: core.pc,
    };
    state.fault = {
      ...record,
      cfsr: core.cfsr,
      hfsr: core.hfsr,
      mmfar: core.mmfar,
      bfar: core.bfar,
      shcsr: this.#chip.systemControl.read32(0xd24),
    };
    return { kind: 'Fault' };
  }

  #frameFits(accessibleMemoryStart: number, appBreak: number, psp: number): boolean {
    return psp >= accessibleMemoryStart && psp + SVC_FRAME_SIZE <= appBreak;
  }

  #readFrame(psp: number, word: number): number {
    const value = this.#chip.core.memory.read((psp + 4 * word) >>> 0, 4);
    return value < 0 ? 0 : value;
  }

  #writeFrame(psp: number, word: number, value: number): void {
    this.#chip.core.memory.write((psp + 4 * word) >>> 0, 4, value >>> 0);
  }
}
