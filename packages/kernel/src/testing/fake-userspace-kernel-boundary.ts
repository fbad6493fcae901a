/**
 * A userspace boundary that runs scripted processes instead of machine code. Each switch runs
 * the process's script until a step traps (syscall or fault), spinning code is stopped by an
 * expiring armed scheduler timer, a due clock event, or the host's run budget.
 *
 * A process whose script is empty yield-waits ("parks"); `FakeBoard.resume` wakes it with a
 * kernel function call to `FAKE_RESUME_PC`, which is not logged.
 *
 * It keeps a Cortex-M-like frame rule: a 32-byte frame at the stack pointer must fit below the
 * app break, or writing a return value or function call fails and switching in faults. With an
 * initial app break size of 0 (RISC-V) no frame is needed.
 */
import type {
  ContextSwitchReason,
  FunctionCall,
  UserspaceKernelBoundary,
} from '../platform/userspace-kernel-boundary.js';
import { encodeSyscallReturn, type SyscallReturn } from '../syscall.js';
import type { FakeClock } from './fake-clock.js';
import type { FakeSchedulerTimer } from './fake-scheduler-timer.js';
import { type FakeStep, yieldWait } from './fake-steps.js';
import { FAKE_FRAME_SIZE, FAKE_RESUME_PC, FakeStoredState } from './fake-stored-state.js';

/** Tuning of the fake boundary. */
export interface FakeBoundaryOptions {
  /** Bytes accessible before the first instruction (upstream: 32 on Cortex-M, 0 on RISC-V). */
  readonly initialAppBrkSize?: number;
  /** Virtual microseconds each trapping step takes. */
  readonly stepCostUs?: number;
  /** Most virtual microseconds one switch may spin before the boundary hands control back. */
  readonly hostBudgetUs?: number;
}

const IDLE_STEP = yieldWait();
const INTERRUPTED: ContextSwitchReason = Object.freeze({ kind: 'Interrupted' });
const FAULT: ContextSwitchReason = Object.freeze({ kind: 'Fault' });

/** The scripted-process boundary. */
export class FakeUserspaceKernelBoundary implements UserspaceKernelBoundary<FakeStoredState> {
  readonly #initialAppBrkSize: number;
  /** Bytes a return value or function call needs below the break: the initial size (0 on RISC-V). */
  readonly #frameSize: number;
  readonly #stepCostUs: number;
  readonly #hostBudgetUs: number;
  /** How many switches into processes happened. */
  switches = 0;

  constructor(
    private readonly clock: FakeClock,
    private readonly timer: FakeSchedulerTimer,
    private readonly interruptPending: () => boolean,
    options: FakeBoundaryOptions = {},
  ) {
    this.#initialAppBrkSize = options.initialAppBrkSize ?? FAKE_FRAME_SIZE;
    this.#frameSize = Math.min(this.#initialAppBrkSize, FAKE_FRAME_SIZE);
    this.#stepCostUs = options.stepCostUs ?? 10;
    this.#hostBudgetUs = options.hostBudgetUs ?? 100_000;
  }

  createStoredState(): FakeStoredState {
    return new FakeStoredState();
  }

  initialProcessAppBrkSize(): number {
    return this.#initialAppBrkSize;
  }

  initializeProcess(accessibleMemoryStart: number, appBreak: number, state: FakeStoredState): boolean {
    state.stackPointer = Math.max(accessibleMemoryStart, appBreak - this.#frameSize);
    state.initializations += 1;
    return true;
  }

  #frameFits(accessibleMemoryStart: number, appBreak: number, state: FakeStoredState): boolean {
    return state.stackPointer >= accessibleMemoryStart && state.stackPointer + this.#frameSize <= appBreak;
  }

  setSyscallReturnValue(
    accessibleMemoryStart: number,
    appBreak: number,
    state: FakeStoredState,
    value: SyscallReturn,
  ): boolean {
    if (!this.#frameFits(accessibleMemoryStart, appBreak, state)) return false;
    encodeSyscallReturn(value, state.registers);
    state.returns.push(value);
    return true;
  }

  setProcessFunction(
    accessibleMemoryStart: number,
    appBreak: number,
    state: FakeStoredState,
    upcall: FunctionCall,
  ): boolean {
    if (!this.#frameFits(accessibleMemoryStart, appBreak, state)) return false;
    if (upcall.pc === FAKE_RESUME_PC) return true;
    state.functionCalls.push({
      pc: upcall.pc,
      argument0: upcall.argument0,
      argument1: upcall.argument1,
      argument2: upcall.argument2,
      argument3: upcall.argument3,
    });
    return true;
  }

  processStackPointer(state: FakeStoredState): number {
    return state.stackPointer;
  }

  switchToProcess(
    accessibleMemoryStart: number,
    appBreak: number,
    state: FakeStoredState,
  ): ContextSwitchReason {
    this.switches += 1;
    if (!this.#frameFits(accessibleMemoryStart, appBreak, state)) return FAULT;
    let budgetUs = this.#hostBudgetUs;
    for (;;) {
      const step: FakeStep = state.script.shift() ?? IDLE_STEP;
      switch (step.kind) {
        case 'compute':
          state.script.unshift(step.next(state));
          continue;
        case 'syscall':
          this.clock.advance(this.#stepCostUs);
          return { kind: 'SyscallFired', syscall: step.syscall };
        case 'fault':
          this.clock.advance(this.#stepCostUs);
          return FAULT;
        case 'spin': {
          const untilEvent = (this.clock.nextEventUs() ?? Number.POSITIVE_INFINITY) - this.clock.nowUs;
          const untilTimer = this.timer.armedRemainingUs() ?? Number.POSITIVE_INFINITY;
          const run = Math.max(0, Math.min(step.us, untilEvent, untilTimer, budgetUs));
          this.clock.advance(run);
          budgetUs -= run;
          if (step.us - run > 0) state.script.unshift({ kind: 'spin', us: step.us - run });
          if (this.timer.armedRemainingUs() === 0 || this.interruptPending() || budgetUs <= 0)
            return INTERRUPTED;
          if (run === 0 && step.us > 0) return INTERRUPTED;
          continue;
        }
      }
    }
  }

  printContext(_accessibleMemoryStart: number, _appBreak: number, state: FakeStoredState): string {
    const r = state.registers;
    return ` R0 : 0x${(r[0] ?? 0).toString(16).padStart(8, '0')}    R1 : 0x${(r[1] ?? 0).toString(16).padStart(8, '0')}\n R2 : 0x${(r[2] ?? 0).toString(16).padStart(8, '0')}    R3 : 0x${(r[3] ?? 0).toString(16).padStart(8, '0')}\n SP : 0x${state.stackPointer.toString(16).padStart(8, '0')}`;
  }
}
