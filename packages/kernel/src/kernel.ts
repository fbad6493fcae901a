/**
 * The kernel: process slots, grant creation, and the main loop that runs bottom halves,
 * deferred calls and processes and answers their system calls (upstream `kernel/src/kernel.rs`).
 *
 * There is no endless `kernel_loop`: the host calls `kernelLoopOperation` as often as it likes
 * and always gets control back. A process that never traps is bounded twice: by the timeslice
 * (the scheduler timer interrupts it) and by the arch boundary returning `Interrupted` when the
 * host's run budget for one switch is spent.
 */
import { ErrorCode, type Result } from '@tock-ts/hil';
import {
  assertCapability,
  MainLoopCapability,
  MemoryAllocationCapability,
  ProcessManagementCapability,
} from './capabilities.js';
import { DeferredCallRegistry } from './deferred-call.js';
import {
  allowReadOnlyInGrant,
  allowReadWriteInGrant,
  Grant,
  type GrantLayout,
  subscribeInGrant,
} from './grant.js';
import { kernelPanic } from './kernel-panic.js';
import { memop } from './memop.js';
import type { Chip } from './platform/chip.js';
import { NoSchedulerTimer, type SchedulerTimer } from './platform/scheduler-timer.js';
import type { ReadOnlyProcessBuffer, ReadWriteProcessBuffer } from './process-buffer.js';
import type { ProcessId } from './process-id.js';
import type { ProcessStandard } from './process-standard.js';
import { type IpcUpcallType, StoppedExecutingReason, type UpcallId } from './process-types.js';
import { KernelWork, type Scheduler } from './scheduler.js';
import { ReturnVariant, type Syscall, SyscallClass, type SyscallReturn, YieldCall } from './syscall.js';
import type { SyscallDriver, SyscallDriverLookup } from './syscall-driver.js';
import type { SyscallFilter } from './syscall-filter.js';

/** Remaining timeslice below which a process is not resumed (upstream `MIN_QUANTA_THRESHOLD_US`). */
export const MIN_QUANTA_THRESHOLD_US = 500;

/** A board's watchdog (upstream `WatchDog`); all methods are optional no-ops by default. */
export interface Watchdog {
  setup(): void;
  tickle(): void;
  suspend(): void;
  resume(): void;
}

/** Lets a board claim a process fault before the fault policy runs (upstream `ProcessFault`). */
export interface ProcessFaultHook {
  /** `Ok` when the board handled the fault; `Err` to apply the process's fault policy. */
  processFaultHook(process: ProcessStandard): Result<void, ErrorCode>;
}

/** Called before every switch into a process (upstream `ContextSwitchCallback`). */
export interface ContextSwitchCallback {
  contextSwitchHook(process: ProcessStandard): void;
}

/** Delivers IPC tasks (implemented by the IPC driver). */
export interface IpcUpcallDelivery {
  scheduleUpcall(scheduleOn: ProcessId, calledFrom: ProcessId, upcallType: IpcUpcallType): void;
}

/** What a board gives the kernel loop (upstream `KernelResources`). */
export interface KernelResources {
  readonly syscallDriverLookup: SyscallDriverLookup;
  readonly scheduler: Scheduler;
  /** The timeslice timer; cooperative boards may pass `NoSchedulerTimer`. */
  readonly schedulerTimer: SchedulerTimer;
  readonly syscallFilter?: SyscallFilter;
  readonly processFault?: ProcessFaultHook;
  readonly watchdog?: Watchdog;
  readonly contextSwitchCallback?: ContextSwitchCallback;
}

/** What one `kernelLoopOperation` did, so the host knows whether to keep going. */
export type KernelLoopStep =
  | { readonly kind: 'KernelWork' }
  | {
      readonly kind: 'RanProcess';
      readonly processId: ProcessId;
      readonly reason: StoppedExecutingReason;
      readonly executionTimeUs: number | undefined;
    }
  /** Nothing was ready; the chip slept until its next event. */
  | { readonly kind: 'Slept' }
  /** Nothing was ready and nothing could wake the chip (or `noSleep` was set). */
  | { readonly kind: 'Idle' };

const KERNEL_WORK_STEP: KernelLoopStep = Object.freeze({ kind: 'KernelWork' });
const SLEPT_STEP: KernelLoopStep = Object.freeze({ kind: 'Slept' });
const IDLE_STEP: KernelLoopStep = Object.freeze({ kind: 'Idle' });
const NO_TIMER = new NoSchedulerTimer();

enum GrantAllocation {
  NewAllocation = 0,
  SameAllocation = 1,
  NoAllocation = 2,
}

function tryAllocateGrant(driver: SyscallDriver, process: ProcessStandard): GrantAllocation {
  const before = process.grantAllocatedCount() ?? 0;
  if (!driver.allocateGrant(process.processId).ok) return GrantAllocation.NoAllocation;
  return before === (process.grantAllocatedCount() ?? 0)
    ? GrantAllocation.SameAllocation
    : GrantAllocation.NewAllocation;
}

/** Runs `attempt`; on NOMEM (grant not allocated) asks the driver to allocate and tries once more. */
function withGrantRetry<T>(
  driver: SyscallDriver,
  process: ProcessStandard,
  attempt: () => Result<T, ErrorCode>,
): Result<T, ErrorCode> {
  const first = attempt();
  if (first.ok || first.error !== ErrorCode.NOMEM) return first;
  return tryAllocateGrant(driver, process) === GrantAllocation.NewAllocation ? attempt() : first;
}

/** Ends a buffer the process no longer allows and gives back what the process passed. */
function retire(
  process: ProcessStandard,
  buffer: ReadOnlyProcessBuffer | ReadWriteProcessBuffer,
): { readonly address: number; readonly length: number } {
  process.releaseLease(buffer.lease);
  return buffer.consume();
}

function failureU32U32(error: ErrorCode, v0: number, v1: number): SyscallReturn {
  return { variant: ReturnVariant.FailureU32U32, error, v0: v0 >>> 0, v1: v1 >>> 0 };
}

function successU32U32(v0: number, v1: number): SyscallReturn {
  return { variant: ReturnVariant.SuccessU32U32, v0: v0 >>> 0, v1: v1 >>> 0 };
}

/** The kernel: a fixed array of process slots and the main loop. */
export class Kernel {
  /** This kernel's deferred calls; drivers register theirs here at board setup. */
  readonly deferredCalls = new DeferredCallRegistry();
  readonly #kernelWork = new KernelWork(this.deferredCalls);
  readonly #slots: (ProcessStandard | undefined)[];
  #processIdentifierMax = 0;
  #grantCounter = 0;
  #grantsFinalized = false;

  /** A kernel with `processSlots` process slots (upstream `NUM_PROCS`). */
  constructor(processSlots: number) {
    this.#slots = new Array<ProcessStandard | undefined>(processSlots).fill(undefined);
  }

  // ─── Processes ───────────────────────────────────────────────────────────────────────────────

  /** How many process slots exist. */
  get processSlotCount(): number {
    return this.#slots.length;
  }

  /** @internal A fresh identifier for a new or restarted process. */
  createProcessIdentifier(): number {
    const identifier = this.#processIdentifierMax;
    this.#processIdentifierMax += 1;
    return identifier;
  }

  /** @internal The number of grants; no grant may be created afterwards. */
  grantCountAndFinalize(): number {
    this.#grantsFinalized = true;
    return this.#grantCounter;
  }

  /** The index of the first empty process slot, or `undefined` when all are taken. */
  nextFreeSlot(): number | undefined {
    const index = this.#slots.indexOf(undefined);
    return index < 0 ? undefined : index;
  }

  /** Puts a created process into its slot (the loaders do this). */
  installProcess(process: ProcessStandard, capability: ProcessManagementCapability): void {
    assertCapability(ProcessManagementCapability, capability);
    const index = process.processId.index;
    if (this.#slots[index] !== undefined) kernelPanic(`process slot ${index} is already taken`);
    this.#slots[index] = process;
  }

  /** The process in slot `index`, if any. */
  processAt(index: number): ProcessStandard | undefined {
    return this.#slots[index];
  }

  /** The process `processId` names, or `undefined` once that incarnation is gone. */
  getProcess(processId: ProcessId): ProcessStandard | undefined {
    const process = this.#slots[processId.index];
    return process?.processId.equals(processId) ? process : undefined;
  }

  /** Every process in a slot, in slot order. */
  processes(): readonly ProcessStandard[] {
    return this.#slots.filter((process): process is ProcessStandard => process !== undefined);
  }

  /** `fn(process)` when `processId` resolves, else `fallback` (upstream `process_map_or`). */
  processMapOr<R>(fallback: R, processId: ProcessId, fn: (process: ProcessStandard) => R): R {
    const process = this.getProcess(processId);
    return process === undefined ? fallback : fn(process);
  }

  /** The first non-`undefined` answer of `fn` over the processes (upstream `process_until`). */
  processUntil<R>(fn: (process: ProcessStandard) => R | undefined): R | undefined {
    for (const process of this.processes()) {
      const answer = fn(process);
      if (answer !== undefined) return answer;
    }
    return undefined;
  }

  /** The processes, for privileged code (upstream `process_iter_capability`). */
  processIterCapability(capability: ProcessManagementCapability): readonly ProcessStandard[] {
    assertCapability(ProcessManagementCapability, capability);
    return this.processes();
  }

  /** Faults every process (upstream `hardfault_all_apps`). */
  hardfaultAllApps(capability: ProcessManagementCapability): void {
    assertCapability(ProcessManagementCapability, capability);
    for (const process of this.processes()) process.setFaultState();
  }

  // ─── Grants ──────────────────────────────────────────────────────────────────────────────────

  /**
   * Creates the grant for `driverNumber`. Only at board setup: after the first process exists the
   * count is final and this panics.
   */
  createGrant<T>(
    driverNumber: number,
    layout: GrantLayout<T>,
    capability: MemoryAllocationCapability,
  ): Grant<T> {
    assertCapability(MemoryAllocationCapability, capability);
    if (this.#grantsFinalized) kernelPanic('Grants finalized. Cannot create a new grant.');
    const grant = new Grant<T>(this, driverNumber >>> 0, this.#grantCounter, layout);
    this.#grantCounter += 1;
    return grant;
  }

  // ─── Main loop ───────────────────────────────────────────────────────────────────────────────

  /**
   * One pass of the main loop (upstream `kernel_loop_operation`): kernel work if any is due,
   * otherwise the scheduler's choice of process, otherwise sleep (unless `noSleep`).
   */
  kernelLoopOperation(
    resources: KernelResources,
    chip: Chip,
    ipc: IpcUpcallDelivery | undefined,
    noSleep: boolean,
    capability: MainLoopCapability,
  ): KernelLoopStep {
    assertCapability(MainLoopCapability, capability);
    const scheduler = resources.scheduler;
    resources.watchdog?.tickle();
    const workNow = scheduler.doKernelWorkNow?.(chip) ?? this.#kernelWork.pending(chip);
    if (workNow) {
      if (scheduler.executeKernelWork !== undefined) scheduler.executeKernelWork(chip);
      else this.#kernelWork.execute(chip);
      return KERNEL_WORK_STEP;
    }
    const decision = scheduler.next();
    if (decision.kind === 'RunProcess') {
      const process = this.getProcess(decision.processId);
      if (process === undefined) return IDLE_STEP;
      const [reason, executionTimeUs] = this.#doProcess(resources, chip, process, ipc, decision.timesliceUs);
      scheduler.result(reason, executionTimeUs);
      return { kind: 'RanProcess', processId: decision.processId, reason, executionTimeUs };
    }
    if (noSleep || chip.hasPendingInterrupts() || this.deferredCalls.hasTasks()) return IDLE_STEP;
    resources.watchdog?.suspend();
    const woke = chip.sleep();
    resources.watchdog?.resume();
    return woke ? SLEPT_STEP : IDLE_STEP;
  }

  /**
   * Runs `kernelLoopOperation` until it reports `Idle` or `maxOperations` passes have run;
   * returns how many ran. The watchdog is set up first (upstream `kernel_loop` prologue).
   */
  runUntilIdle(
    resources: KernelResources,
    chip: Chip,
    ipc: IpcUpcallDelivery | undefined,
    maxOperations: number,
    capability: MainLoopCapability,
  ): number {
    resources.watchdog?.setup();
    for (let operations = 0; operations < maxOperations; operations++) {
      if (this.kernelLoopOperation(resources, chip, ipc, false, capability).kind === 'Idle')
        return operations + 1;
    }
    return maxOperations;
  }

  #doProcess(
    resources: KernelResources,
    chip: Chip,
    process: ProcessStandard,
    ipc: IpcUpcallDelivery | undefined,
    timesliceUs: number | undefined,
  ): [StoppedExecutingReason, number | undefined] {
    const timer = timesliceUs === undefined ? NO_TIMER : resources.schedulerTimer;
    timer.reset();
    if (timesliceUs !== undefined) timer.start(timesliceUs);
    let reason = StoppedExecutingReason.NoWorkLeft;

    for (;;) {
      const remaining = timer.getRemainingUs();
      if (remaining === undefined || remaining <= MIN_QUANTA_THRESHOLD_US) {
        process.debugTimesliceExpired();
        reason = StoppedExecutingReason.TimesliceExpired;
        break;
      }
      const continueProcess =
        resources.scheduler.continueProcess?.(process.processId, chip) ?? !this.#kernelWork.pending(chip);
      if (!continueProcess) {
        reason = StoppedExecutingReason.KernelPreemption;
        break;
      }
      if (!process.ready()) {
        reason = StoppedExecutingReason.NoWorkLeft;
        break;
      }
      const state = process.state;
      if (state.kind === 'Running') {
        resources.contextSwitchCallback?.contextSwitchHook(process);
        process.setupMpu();
        chip.mpu.enableAppMpu();
        timer.arm();
        const switchReason = process.switchTo();
        timer.disarm();
        chip.mpu.disableAppMpu();
        if (switchReason === undefined) {
          process.setFaultState();
        } else if (switchReason.kind === 'Fault') {
          const claimed = resources.processFault?.processFaultHook(process);
          if (claimed === undefined || !claimed.ok) process.setFaultState();
        } else if (switchReason.kind === 'SyscallFired') {
          this.#handleSyscall(resources, process, switchReason.syscall);
        } else if (timer.getRemainingUs() === undefined) {
          process.debugTimesliceExpired();
          reason = StoppedExecutingReason.TimesliceExpired;
          break;
        } else if (!chip.hasPendingInterrupts()) {
          // The boundary spent the host's run budget without an interrupt: hand control back.
          reason = StoppedExecutingReason.KernelPreemption;
          break;
        }
      } else if (state.kind === 'Yielded') {
        const task = process.dequeueTask();
        if (task === undefined || task.kind === 'ReturnValue') break;
        if (task.kind === 'FunctionCall') process.setProcessFunction(task);
        else if (ipc === undefined) kernelPanic('Kernel consistency error: IPC Task with no IPC');
        else ipc.scheduleUpcall(process.processId, task.from, task.upcallType);
      } else if (state.kind === 'YieldedFor') {
        const task = process.removeUpcall(state.upcallId);
        if (task === undefined) break;
        if (task.kind === 'Ipc') kernelPanic('IPC task matched a yield-wait-for');
        process.setSyscallReturnValue({
          variant: 'YieldWaitFor',
          a: task.argument0,
          b: task.argument1,
          c: task.argument2,
        });
      } else if (state.kind === 'Stopped') {
        reason = StoppedExecutingReason.Stopped;
        break;
      } else {
        kernelPanic('Attempted to schedule an unrunnable process');
      }
    }

    let executionTimeUs: number | undefined;
    if (timesliceUs !== undefined) {
      const left = timer.getRemainingUs();
      executionTimeUs =
        reason === StoppedExecutingReason.TimesliceExpired || left === undefined
          ? timesliceUs
          : Math.max(0, timesliceUs - left);
    }
    timer.reset();
    return [reason, executionTimeUs];
  }

  #handleSyscall(resources: KernelResources, process: ProcessStandard, syscall: Syscall): void {
    process.debugSyscallCalled(syscall);
    if (
      syscall.class !== SyscallClass.Yield &&
      syscall.class !== SyscallClass.Memop &&
      syscall.class !== SyscallClass.Exit &&
      resources.syscallFilter !== undefined
    ) {
      const verdict = resources.syscallFilter.filterSyscall(process, syscall);
      if (!verdict.ok) {
        process.setSyscallReturnValue({ variant: ReturnVariant.Failure, error: verdict.error });
        return;
      }
    }

    switch (syscall.class) {
      case SyscallClass.Memop:
        process.setSyscallReturnValue(memop(process, syscall.operand, syscall.arg0));
        return;
      case SyscallClass.Yield:
        this.#handleYield(process, syscall.which, syscall.paramA, syscall.paramB);
        return;
      case SyscallClass.Exit:
        if (syscall.which === 0) process.terminate(syscall.completionCode);
        else if (syscall.which === 1) process.tryRestart(syscall.completionCode);
        else process.setSyscallReturnValue({ variant: ReturnVariant.Failure, error: ErrorCode.NOSUPPORT });
        return;
      case SyscallClass.Subscribe:
        this.#handleSubscribe(resources, process, syscall);
        return;
      case SyscallClass.Command: {
        const driver = resources.syscallDriverLookup.withDriver(syscall.driverNumber);
        const answer: SyscallReturn =
          driver === undefined
            ? { variant: ReturnVariant.Failure, error: ErrorCode.NODEVICE }
            : driver.command(syscall.subdriverNumber, syscall.arg0, syscall.arg1, process.processId).value;
        process.setSyscallReturnValue(answer);
        return;
      }
      case SyscallClass.ReadWriteAllow:
      case SyscallClass.ReadOnlyAllow:
      case SyscallClass.UserspaceReadableAllow:
        process.setSyscallReturnValue(this.#allow(resources, process, syscall));
        return;
    }
  }

  #handleYield(process: ProcessStandard, which: YieldCall, paramA: number, paramB: number): void {
    switch (which) {
      case YieldCall.NoWait: {
        const hasTasks = process.hasTasks();
        process.setByte(paramA, hasTasks ? 1 : 0);
        if (hasTasks) process.setYieldedState();
        return;
      }
      case YieldCall.Wait:
        process.setYieldedState();
        return;
      case YieldCall.WaitFor:
        process.setYieldedForState({ driverNumber: paramA, subscribeNumber: paramB });
        return;
    }
  }

  #handleSubscribe(
    resources: KernelResources,
    process: ProcessStandard,
    syscall: Extract<Syscall, { class: SyscallClass.Subscribe }>,
  ): void {
    const upcallId: UpcallId = {
      driverNumber: syscall.driverNumber,
      subscribeNumber: syscall.subdriverNumber,
    };
    const upcall = { functionPointer: syscall.upcallPtr, appdata: syscall.appdata };
    let answer: SyscallReturn;
    const driver = resources.syscallDriverLookup.withDriver(syscall.driverNumber);
    if (upcall.functionPointer !== 0 && !process.isValidUpcallFunctionPointer(upcall.functionPointer)) {
      answer = failureU32U32(ErrorCode.INVAL, upcall.functionPointer, upcall.appdata);
    } else if (driver === undefined) {
      answer = failureU32U32(ErrorCode.NODEVICE, upcall.functionPointer, upcall.appdata);
    } else {
      const swapped = withGrantRetry(driver, process, () => subscribeInGrant(process, upcallId, upcall));
      if (swapped.ok) {
        answer = successU32U32(swapped.value.functionPointer, swapped.value.appdata);
        process.removePendingUpcalls(upcallId);
      } else {
        answer = failureU32U32(swapped.error, upcall.functionPointer, upcall.appdata);
      }
    }
    process.setSyscallReturnValue(answer);
  }

  #allow(
    resources: KernelResources,
    process: ProcessStandard,
    syscall: Extract<
      Syscall,
      {
        class: SyscallClass.ReadWriteAllow | SyscallClass.ReadOnlyAllow | SyscallClass.UserspaceReadableAllow;
      }
    >,
  ): SyscallReturn {
    const { driverNumber, subdriverNumber, allowAddress, allowSize } = syscall;
    const driver = resources.syscallDriverLookup.withDriver(driverNumber);
    if (driver === undefined) return failureU32U32(ErrorCode.NODEVICE, allowAddress, allowSize);

    if (syscall.class === SyscallClass.ReadOnlyAllow) {
      const built = process.buildReadOnlyProcessBuffer(allowAddress, allowSize);
      if (!built.ok) return failureU32U32(built.error, allowAddress, allowSize);
      const buffer = built.value;
      const swapped = withGrantRetry(driver, process, () =>
        allowReadOnlyInGrant(process, driverNumber, subdriverNumber, buffer),
      );
      if (swapped.ok) return successU32U32(swapped.value.address, swapped.value.length);
      retire(process, buffer);
      return failureU32U32(swapped.error, allowAddress, allowSize);
    }

    const built = process.buildReadWriteProcessBuffer(allowAddress, allowSize);
    if (!built.ok) return failureU32U32(built.error, allowAddress, allowSize);
    const buffer = built.value;
    if (syscall.class === SyscallClass.ReadWriteAllow) {
      const swapped = withGrantRetry(driver, process, () =>
        allowReadWriteInGrant(process, driverNumber, subdriverNumber, buffer),
      );
      if (swapped.ok) return successU32U32(swapped.value.address, swapped.value.length);
      retire(process, buffer);
      return failureU32U32(swapped.error, allowAddress, allowSize);
    }

    if (driver.allowUserspaceReadable === undefined) {
      retire(process, buffer);
      return failureU32U32(ErrorCode.NOSUPPORT, allowAddress, allowSize);
    }
    const answer = driver.allowUserspaceReadable(process.processId, subdriverNumber, buffer);
    if (answer.ok) {
      const old = retire(process, answer.value);
      return successU32U32(old.address, old.length);
    }
    const rejected = retire(process, answer.error.buffer);
    return failureU32U32(answer.error.error, rejected.address, rejected.length);
  }
}
