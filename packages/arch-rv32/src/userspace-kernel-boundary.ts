/**
 * Tock's RISC-V userspace/kernel boundary (upstream `arch/riscv/src/syscall.rs`), over the
 * emulated hart.
 *
 * The kernel is host TypeScript, so this class plays the part of `switch_to_process` and the app
 * trap handler: it loads x1..x31 and the PC from the stored state, enters user mode as the `mret`
 * would (MPP = U, MIE from MPIE), runs the hart until it traps from user mode, and saves the
 * registers, mepc, mcause and mtval back. Then, as upstream:
 * - an interrupt asks the chip to mask its source for the kernel's bottom half
 *   (`_disable_interrupt_trap_rust_from_app`) and reports `Interrupted`;
 * - an `ecall` (from U-mode, or M-mode for cores without U) advances the PC by 4 and decodes a4
 *   (class) and a0-a3 with `decodeSyscall`: `SyscallFired`, or `Fault` when undecodable;
 * - every other exception is a `Fault`.
 * A process that never traps is stopped when the run budget (virtual time) is spent: its state is
 * saved where it stands and the kernel sees `Interrupted`, so the host always regains control.
 */
import {
  type ContextSwitchReason,
  decodeSyscall,
  encodeSyscallReturn,
  type FunctionCall,
  type SyscallReturn,
  type UserspaceKernelBoundary,
} from '@tock-ts/kernel';
import type { RiscvChipCore } from './riscv-chip-core.js';
import { ExceptionCause, MCAUSE_INTERRUPT, Mstatus, Privilege } from './silicon/architecture.js';
import { RunExit } from './silicon/rv32-hart.js';
import { formatProcessContext, type RiscvProcessRegisters } from './trap-report.js';

/** Register indices in `RiscvStoredState.regs` (x1 is index 0). */
const R_RA = 0;
const R_SP = 1;
const R_A0 = 9;
const R_A4 = 13;

/** What a process keeps between runs (upstream `RiscvStoredState`). */
export class RiscvStoredState implements RiscvProcessRegisters {
  /** x1..x31. */
  readonly regs = new Uint32Array(31);
  pc = 0;
  mcause = 0;
  mtval = 0;
}

/** Options of the boundary. */
export interface RiscvBoundaryOptions {
  /** Virtual time one `switchToProcess` may run before the kernel gets `Interrupted` (default 10 ms). */
  readonly runBudgetNanos?: number;
  /**
   * Masks the source of an interrupt taken while a process ran, so the kernel can service it
   * later (upstream's chip hook `_disable_interrupt_trap_rust_from_app`). Called with mcause.
   * Without one, the boundary clears the interrupt's `mie` bit (a chip with a PLIC wants
   * `maskInterruptForBottomHalf`, which also claims and saves the PLIC sources).
   */
  readonly disableInterruptFromApp?: (mcause: number) => void;
}

/** The RISC-V `UserspaceKernelBoundary`. */
export class RiscvUserspaceKernelBoundary implements UserspaceKernelBoundary<RiscvStoredState> {
  readonly #chip: RiscvChipCore;
  /** Virtual-time budget of one switch; boards may change it. */
  runBudgetNanos: number;
  readonly #disableInterrupt: ((mcause: number) => void) | undefined;
  readonly #returnRegisters = new Uint32Array(4);
  #trappedFromUser = false;

  constructor(chip: RiscvChipCore, options: RiscvBoundaryOptions = {}) {
    this.#chip = chip;
    this.runBudgetNanos = options.runBudgetNanos ?? 10_000_000;
    this.#disableInterrupt = options.disableInterruptFromApp;
  }

  createStoredState(): RiscvStoredState {
    return new RiscvStoredState();
  }

  initialProcessAppBrkSize(): number {
    return 0;
  }

  initializeProcess(accessibleMemoryStart: number, _appBreak: number, state: RiscvStoredState): boolean {
    state.regs.fill(0);
    state.pc = 0;
    state.mcause = 0;
    state.regs[R_SP] = accessibleMemoryStart;
    return true;
  }

  setSyscallReturnValue(
    _accessibleMemoryStart: number,
    _appBreak: number,
    state: RiscvStoredState,
    value: SyscallReturn,
  ): boolean {
    const registers = this.#returnRegisters;
    registers.set(state.regs.subarray(R_A0, R_A0 + 4));
    encodeSyscallReturn(value, registers);
    state.regs.set(registers, R_A0);
    return true;
  }

  setProcessFunction(
    _accessibleMemoryStart: number,
    _appBreak: number,
    state: RiscvStoredState,
    upcall: FunctionCall,
  ): boolean {
    state.regs[R_A0] = upcall.argument0;
    state.regs[R_A0 + 1] = upcall.argument1;
    state.regs[R_A0 + 2] = upcall.argument2;
    state.regs[R_A0 + 3] = upcall.argument3;
    state.regs[R_RA] = state.pc;
    state.pc = upcall.pc >>> 0;
    return true;
  }

  switchToProcess(
    _accessibleMemoryStart: number,
    _appBreak: number,
    state: RiscvStoredState,
  ): ContextSwitchReason {
    const chip = this.#chip;
    const hart = chip.hart;
    hart.x.set(state.regs, 1);
    hart.x[0] = 0;
    hart.pc = state.pc;
    // The mret of switch_to_process: user mode, interrupts enabled (MIE from MPIE).
    hart.privilege = Privilege.User;
    hart.mstatus = ((hart.mstatus & ~Mstatus.MPP_MASK) | Mstatus.MIE | Mstatus.MPIE) >>> 0;
    hart.sleeping = false;
    hart.requestAttention();
    const previousHook = hart.trapHook;
    this.#trappedFromUser = false;
    hart.trapHook = (_mcause, previous) => {
      if (previous !== Privilege.User) return false;
      this.#trappedFromUser = true;
      return true;
    };
    try {
      this.#runProcess();
    } finally {
      hart.trapHook = previousHook;
    }
    state.regs.set(hart.x.subarray(1, 32));
    let reason: ContextSwitchReason = { kind: 'Interrupted' };
    if (this.#trappedFromUser) {
      state.pc = hart.mepc;
      state.mcause = hart.mcause;
      state.mtval = hart.mtval;
      reason = this.#classifyTrap(state);
    } else {
      // Budget spent: the process is stopped where it stands, as a timer interrupt would stop it.
      state.pc = hart.pc;
    }
    // Back to the kernel in machine mode with interrupts enabled (the trap handler's mret).
    hart.privilege = Privilege.Machine;
    hart.mstatus = (hart.mstatus | Mstatus.MPP_MASK | Mstatus.MIE | Mstatus.MPIE) >>> 0;
    hart.requestAttention();
    return reason;
  }

  /** The sp the last switch left, for the kernel's stack report (upstream returns it from `switch_to_process`). */
  processStackPointer(state: RiscvStoredState): number {
    return state.regs[R_SP] ?? 0;
  }

  printContext(_accessibleMemoryStart: number, _appBreak: number, state: RiscvStoredState): string {
    return formatProcessContext(state);
  }

  /** Runs until the hart traps from user mode or the budget is spent. */
  #runProcess(): void {
    const chip = this.#chip;
    const deadline = chip.clock.nowNanos + this.runBudgetNanos;
    for (;;) {
      const exit = chip.runUntil(deadline);
      if (exit === RunExit.Stopped) {
        if (this.#trappedFromUser) return;
        continue;
      }
      if (exit !== RunExit.Sleep) return;
      if (chip.clock.nowNanos >= deadline || !chip.sleep()) return;
    }
  }

  #classifyTrap(state: RiscvStoredState): ContextSwitchReason {
    const mcause = state.mcause;
    if ((mcause & MCAUSE_INTERRUPT) !== 0) {
      if (this.#disableInterrupt !== undefined) this.#disableInterrupt(mcause);
      else this.#chip.hart.mie &= ~(1 << (mcause & 31));
      return { kind: 'Interrupted' };
    }
    if (mcause === ExceptionCause.UserEnvCall || mcause === ExceptionCause.MachineEnvCall) {
      state.pc = (state.pc + 4) >>> 0;
      const regs = state.regs;
      const syscall = decodeSyscall(
        (regs[R_A4] ?? 0) & 0xff,
        regs[R_A0] ?? 0,
        regs[R_A0 + 1] ?? 0,
        regs[R_A0 + 2] ?? 0,
        regs[R_A0 + 3] ?? 0,
      );
      return syscall === undefined ? { kind: 'Fault' } : { kind: 'SyscallFired', syscall };
    }
    return { kind: 'Fault' };
  }
}
