/**
 * `ProcessStandard`: one Tock process — its RAM block, break, upcall queue, grants, state and
 * restart/fault handling (upstream `kernel/src/process_standard.rs`).
 *
 * The process's memory is real bytes in the chip's RAM; the kernel's own records (grant pointers,
 * upcall queue, process record, grants) are TypeScript objects whose declared sizes are charged
 * at the top of the block, below which `kernelMemoryBreak` moves down (see `process-memory.ts`).
 * The MPU keeps the process out of everything above its `appBreak`.
 */
import { ErrorCode, err, OK, ok, type Result } from '@tock-ts/hil';
import { assertCapability, ProcessStartCapability } from './capabilities.js';
import type { ProcessFaultPolicy } from './fault-policies.js';
import { kernelPanic } from './kernel-panic.js';
import type { Chip, MemoryRegion } from './platform/chip.js';
import { Permissions, type Region } from './platform/mpu.js';
import type { ContextSwitchReason } from './platform/userspace-kernel-boundary.js';
import {
  AllowLease,
  type BufferMemory,
  ReadOnlyProcessBuffer,
  ReadWriteProcessBuffer,
} from './process-buffer.js';
import type { ProcessCheckError } from './process-checker/credentials-policy.js';
import { ProcessId } from './process-id.js';
import type { CommandPermissions, ProcessImage } from './process-image.js';
import { alignDown, initialKernelMemoryBreak, initialKernelMemorySize } from './process-memory.js';
import {
  FAULTED,
  FaultAction,
  ProcessError,
  type ProcessState,
  RUNNING,
  type ShortId,
  sameUpcallId,
  type Task,
  TERMINATED,
  type UpcallId,
  YIELDED,
} from './process-types.js';
import type { Syscall, SyscallReturn } from './syscall.js';
import { UpcallQueue } from './upcall-queue.js';

/** How many extra MPU regions (IPC buffers) a process record keeps. */
export const MAXIMUM_EXTRA_MPU_REGIONS = 6;

/** Why a process could not be created (upstream `ProcessLoadError`). */
export type ProcessLoadError =
  | { readonly kind: 'NotEnoughMemory' }
  | { readonly kind: 'MpuInvalidFlashLength' }
  | { readonly kind: 'MpuConfigurationError' }
  | {
      readonly kind: 'MemoryAddressMismatch';
      readonly actualAddress: number;
      readonly expectedAddress: number;
    }
  | { readonly kind: 'NoProcessSlot' }
  | { readonly kind: 'BinaryError'; readonly detail: string }
  /** Credential checking refused the binary (upstream `CheckError`). */
  | { readonly kind: 'CheckError'; readonly error: ProcessCheckError }
  | { readonly kind: 'InternalError' };

/** A span of the app RAM pool not yet given to a process. */
export interface MemorySpan {
  readonly start: number;
  readonly length: number;
}

/** What a process needs from the kernel that owns it. */
export interface ProcessKernel {
  /** A fresh process identifier (upstream `create_process_identifier`). */
  createProcessIdentifier(): number;
  /** The number of grants, frozen from now on (upstream `get_grant_count_and_finalize`). */
  grantCountAndFinalize(): number;
}

/** A subscribed upcall as a grant slot keeps it: the function pointer (0 = Null Upcall) and appdata. */
export interface SavedUpcall {
  functionPointer: number;
  appdata: number;
}

/** An allowed buffer as a grant slot keeps it. */
export interface SavedAllow {
  readonly address: number;
  readonly length: number;
  readonly memory: BufferMemory;
  readonly lease: AllowLease;
}

/** One allocated grant in one process (upstream's grant pointer entry plus the kernel-managed slots). */
export class GrantEntry {
  /** Whether a capsule is inside `enter` right now (upstream's pointer bit 0). */
  entered = false;
  readonly upcalls: SavedUpcall[];
  readonly allowReadOnly: (SavedAllow | undefined)[];
  readonly allowReadWrite: (SavedAllow | undefined)[];

  constructor(
    readonly driverNumber: number,
    /** Where the grant's bytes are charged, below the old kernel memory break. */
    readonly address: number,
    readonly size: number,
    upcallCount: number,
    allowReadOnlyCount: number,
    allowReadWriteCount: number,
  ) {
    this.upcalls = Array.from({ length: upcallCount }, () => ({ functionPointer: 0, appdata: 0 }));
    this.allowReadOnly = new Array<SavedAllow | undefined>(allowReadOnlyCount).fill(undefined);
    this.allowReadWrite = new Array<SavedAllow | undefined>(allowReadWriteCount).fill(undefined);
  }
}

/** The slot shape a grant asks for when it is allocated in a process. */
export interface GrantAllocationRequest {
  readonly driverNumber: number;
  readonly size: number;
  readonly alignment: number;
  readonly upcallCount: number;
  readonly allowReadOnlyCount: number;
  readonly allowReadWriteCount: number;
}

/** Debug counters kept per process (upstream `ProcessStandardDebug`). */
interface DebugCounters {
  syscallCount: number;
  droppedUpcallCount: number;
  timesliceExpirationCount: number;
  lastSyscall: Syscall | undefined;
  /** Where the process said its stack starts (memop 10). */
  stackStart: number | undefined;
  /**
   * The lowest stack pointer seen after a switch since the stack start was last set (upstream
   * `app_stack_min_pointer`): the bottom of the stack in the process report.
   */
  stackMin: number | undefined;
  /** Where the process said its heap starts (memop 11). */
  heapStart: number | undefined;
}

function freshDebugCounters(): DebugCounters {
  return {
    syscallCount: 0,
    droppedUpcallCount: 0,
    timesliceExpirationCount: 0,
    lastSyscall: undefined,
    stackStart: undefined,
    stackMin: undefined,
    heapStart: undefined,
  };
}

/** Finds the chip memory `[address, address + length)` lies in, as bytes plus offset. */
export function resolveMemory(
  regions: readonly MemoryRegion[],
  address: number,
  length: number,
): BufferMemory | undefined {
  for (const region of regions) {
    const offset = address - region.start;
    if (offset >= 0 && offset + length <= region.bytes.length) return { bytes: region.bytes, offset };
  }
  return undefined;
}

/** One process. `C` is the MPU configuration type, `S` the arch's stored CPU state. */
export class ProcessStandard<C = unknown, S = unknown> {
  #processId: ProcessId;
  #state: ProcessState = YIELDED;
  #appBreak: number;
  #kernelMemoryBreak: number;
  #allowHighWaterMark: number;
  #restartCount = 0;
  #completionCode: { readonly code: number | undefined } | undefined;
  #isYieldWaitForReady = false;
  #grants: (GrantEntry | undefined)[];
  #leases = new Set<AllowLease>();
  #mpuRegions: (Region | undefined)[] = new Array<Region | undefined>(MAXIMUM_EXTRA_MPU_REGIONS).fill(
    undefined,
  );
  #debug: DebugCounters = freshDebugCounters();
  readonly #tasks = new UpcallQueue();
  readonly #storedState: S;
  readonly #mpuConfig: C;

  private constructor(
    readonly kernel: ProcessKernel,
    readonly chip: Chip<C, S>,
    readonly image: ProcessImage,
    readonly faultPolicy: ProcessFaultPolicy,
    readonly shortId: ShortId,
    processId: ProcessId,
    /** First byte of the process's RAM block. */
    readonly memoryStart: number,
    /** Bytes in the RAM block (process memory plus kernel memory). */
    readonly memoryLength: number,
    appBreak: number,
    kernelMemoryBreak: number,
    grantCount: number,
    storedState: S,
    mpuConfig: C,
  ) {
    this.#processId = processId;
    this.#appBreak = appBreak;
    this.#kernelMemoryBreak = kernelMemoryBreak;
    this.#allowHighWaterMark = memoryStart;
    this.#grants = new Array<GrantEntry | undefined>(grantCount).fill(undefined);
    this.#storedState = storedState;
    this.#mpuConfig = mpuConfig;
  }

  /**
   * Creates a process from `image` in the slot `index`, carving its RAM block from `remaining`
   * (upstream `ProcessStandard::create`). On success returns the process and the memory left
   * over; on failure the error and the memory still available.
   */
  static create<C, S>(
    kernel: ProcessKernel,
    chip: Chip<C, S>,
    image: ProcessImage,
    remaining: MemorySpan,
    faultPolicy: ProcessFaultPolicy,
    shortId: ShortId,
    index: number,
  ): Result<
    { readonly process: ProcessStandard<C, S>; readonly remaining: MemorySpan },
    { readonly error: ProcessLoadError; readonly remaining: MemorySpan }
  > {
    const fail = (error: ProcessLoadError, left: MemorySpan = remaining) => err({ error, remaining: left });
    const mpu = chip.mpu;
    const config = mpu.newConfig();
    if (config === undefined) return fail({ kind: 'MpuConfigurationError' });
    const flash = mpu.allocateRegion(
      image.flashStart,
      image.flashLength,
      image.flashLength,
      Permissions.ReadExecuteOnly,
      config,
    );
    if (flash === undefined) return fail({ kind: 'MpuInvalidFlashLength' });

    const grantCount = kernel.grantCountAndFinalize();
    const kernelSize = initialKernelMemorySize(grantCount);
    const initialAppSize = chip.userspaceKernelBoundary.initialProcessAppBrkSize();
    const minimumTotal = Math.max(image.minimumRamSize, initialAppSize) + kernelSize;

    let pool = remaining;
    const fixedRam = image.fixedAddressRam;
    if (fixedRam !== undefined) {
      if (fixedRam < pool.start) {
        return fail({ kind: 'MemoryAddressMismatch', actualAddress: pool.start, expectedAddress: fixedRam });
      }
      const skip = fixedRam - pool.start;
      if (skip > pool.length) {
        return fail({
          kind: 'MemoryAddressMismatch',
          actualAddress: (pool.start + pool.length - 1) >>> 0,
          expectedAddress: fixedRam,
        });
      }
      pool = { start: fixedRam, length: pool.length - skip };
    }

    const allocation = mpu.allocateAppMemoryRegion(
      pool.start,
      pool.length,
      minimumTotal,
      initialAppSize,
      kernelSize,
      Permissions.ReadWriteOnly,
      config,
    );
    if (allocation === undefined) return fail({ kind: 'NotEnoughMemory' });
    if (fixedRam !== undefined && allocation.start !== fixedRam) {
      return fail({
        kind: 'MemoryAddressMismatch',
        actualAddress: allocation.start,
        expectedAddress: fixedRam,
      });
    }
    const poolEnd = pool.start + pool.length;
    const allocationEnd = allocation.start + allocation.size;
    const left: MemorySpan = { start: allocationEnd, length: Math.max(0, poolEnd - allocationEnd) };

    const appBreak = allocation.start + initialAppSize;
    const accessible = resolveMemory([chip.ram], allocation.start, initialAppSize);
    if (accessible === undefined) return fail({ kind: 'InternalError' }, left);
    accessible.bytes.fill(0, accessible.offset, accessible.offset + initialAppSize);

    const storedState = chip.userspaceKernelBoundary.createStoredState();
    const process = new ProcessStandard<C, S>(
      kernel,
      chip,
      image,
      faultPolicy,
      shortId,
      new ProcessId(index, kernel.createProcessIdentifier()),
      allocation.start,
      allocation.size,
      appBreak,
      initialKernelMemoryBreak(allocationEnd, grantCount),
      grantCount,
      storedState,
      config,
    );
    if (!chip.userspaceKernelBoundary.initializeProcess(allocation.start, appBreak, storedState)) {
      return fail({ kind: 'InternalError' }, left);
    }
    process.#enqueueInitFunction();
    return ok({ process, remaining: left });
  }

  // ─── Identity and addresses ──────────────────────────────────────────────────────────────────

  /** The current incarnation's id; changes on every restart. */
  get processId(): ProcessId {
    return this.#processId;
  }

  /** The package name from the TBF, or `''`. */
  get name(): string {
    return this.image.packageName;
  }

  /** One past the last byte of the RAM block. */
  get memoryEnd(): number {
    return this.memoryStart + this.memoryLength;
  }

  /** End of process-accessible memory. */
  get appBreak(): number {
    return this.#appBreak;
  }

  /** Start of kernel-owned memory at the top of the block (memop 6). */
  get kernelMemoryBreak(): number {
    return this.#kernelMemoryBreak;
  }

  /** The highest end address of any RAM allow; `brk` may not go below it. */
  get allowHighWaterMark(): number {
    return this.#allowHighWaterMark;
  }

  /** Start of the TBF in flash. */
  get flashStart(): number {
    return this.image.flashStart;
  }

  /** One past the end of the TBF in flash. */
  get flashEnd(): number {
    return this.image.flashStart + this.image.flashLength;
  }

  /** First flash byte the process may read as an allow (after header and protected trailer). */
  get flashNonProtectedStart(): number {
    return this.image.flashStart + this.image.protectedSize;
  }

  /** The arch's saved CPU state of this process. */
  get storedState(): S {
    return this.#storedState;
  }

  /** The MPU configuration of this process. */
  get mpuConfig(): C {
    return this.#mpuConfig;
  }

  // ─── State ───────────────────────────────────────────────────────────────────────────────────

  /** The scheduling state. */
  get state(): ProcessState {
    return this.#state;
  }

  /** How many times the process has been restarted. */
  get restartCount(): number {
    return this.#restartCount;
  }

  /** `undefined` if it never exited; otherwise the exit's code (`undefined` code for a fault or kill). */
  get completionCode(): { readonly code: number | undefined } | undefined {
    return this.#completionCode;
  }

  /** True for Running, Yielded, YieldedFor and Stopped (upstream `is_running`). */
  isRunning(): boolean {
    const kind = this.#state.kind;
    return kind === 'Running' || kind === 'Yielded' || kind === 'YieldedFor' || kind === 'Stopped';
  }

  /** True when the scheduler should run the process now (upstream `ready`). */
  ready(): boolean {
    switch (this.#state.kind) {
      case 'Running':
        return true;
      case 'Yielded':
        return this.#tasks.length > 0;
      case 'YieldedFor':
        return this.#isYieldWaitForReady;
      default:
        return false;
    }
  }

  /** Yield-wait: a running process waits for any upcall. */
  setYieldedState(): void {
    if (this.#state.kind === 'Running') this.#state = YIELDED;
  }

  /** Yield-wait-for: a running process waits for the upcall `upcallId` only. */
  setYieldedForState(upcallId: UpcallId): void {
    const state = this.#state;
    const resumingStopped =
      state.kind === 'Stopped' &&
      state.stopped.kind === 'YieldedFor' &&
      sameUpcallId(state.stopped.upcallId, upcallId);
    if (state.kind !== 'Running' && !resumingStopped) return;
    this.#state = { kind: 'YieldedFor', upcallId };
    this.#isYieldWaitForReady = this.#tasks.some((task) => taskMatchesUpcall(task, upcallId));
  }

  /** Pauses the process (process console `stop`); `resume` restores what it was doing. */
  stop(): void {
    const state = this.#state;
    if (state.kind === 'Running' || state.kind === 'Yielded' || state.kind === 'YieldedFor') {
      this.#state = { kind: 'Stopped', stopped: state };
    }
  }

  /** Undoes `stop`. */
  resume(): void {
    const state = this.#state;
    if (state.kind !== 'Stopped') return;
    const stopped = state.stopped;
    if (stopped.kind === 'Running') this.#state = RUNNING;
    else if (stopped.kind === 'Yielded') this.#state = YIELDED;
    else this.setYieldedForState(stopped.upcallId);
  }

  /** The process faulted: apply its fault policy (upstream `set_fault_state`). */
  setFaultState(): void {
    switch (this.faultPolicy.action(this)) {
      case FaultAction.Panic:
        this.#state = FAULTED;
        kernelPanic(`Process ${this.name} had a fault`);
        break;
      case FaultAction.Restart:
        this.tryRestart(undefined);
        break;
      case FaultAction.Stop:
        this.terminate(undefined);
        this.#state = FAULTED;
        break;
    }
  }

  /** Starts a terminated process again (process console `boot`). */
  start(capability: ProcessStartCapability): void {
    assertCapability(ProcessStartCapability, capability);
    if (this.#state.kind !== 'Terminated') return;
    if (this.#reset().ok) this.#state = YIELDED;
  }

  /** Terminates then restarts the process with a new id (exit-restart, `Restart` faults). */
  tryRestart(completionCode: number | undefined): void {
    if (this.#state.kind === 'Terminated') return;
    this.terminate(completionCode);
    if (this.#reset().ok) this.#state = YIELDED;
  }

  /**
   * Stops the process for good: empties its queue, drops every grant (and with them every
   * upcall and allow), records the completion code and leaves it Terminated.
   */
  terminate(completionCode: number | undefined): void {
    if (!this.isRunning() && this.#state.kind !== 'Faulted') return;
    this.#tasks.empty();
    this.#grants.fill(undefined);
    for (const lease of this.#leases) lease.revoke();
    this.#leases.clear();
    this.#completionCode = { code: completionCode };
    this.#state = TERMINATED;
  }

  #reset(): Result<void, ErrorCode> {
    this.#processId = new ProcessId(this.#processId.index, this.kernel.createProcessIdentifier());
    this.#debug = freshDebugCounters();
    const mpu = this.chip.mpu;
    mpu.resetConfig(this.#mpuConfig);
    this.#mpuRegions.fill(undefined);
    const flash = mpu.allocateRegion(
      this.image.flashStart,
      this.image.flashLength,
      this.image.flashLength,
      Permissions.ReadExecuteOnly,
      this.#mpuConfig,
    );
    if (flash === undefined) return err(ErrorCode.FAIL);
    const initialAppSize = this.chip.userspaceKernelBoundary.initialProcessAppBrkSize();
    const grantCount = this.kernel.grantCountAndFinalize();
    const kernelSize = initialKernelMemorySize(grantCount);
    const allocation = mpu.allocateAppMemoryRegion(
      this.memoryStart,
      this.memoryLength,
      this.memoryLength,
      initialAppSize,
      kernelSize,
      Permissions.ReadWriteOnly,
      this.#mpuConfig,
    );
    if (allocation === undefined) return err(ErrorCode.NOMEM);
    this.#appBreak = allocation.start + initialAppSize;
    // Upstream's reset subtracts the whole up-front size, alignment slack included, rather than
    // placing each piece as create does; the break after a restart is that much lower.
    this.#kernelMemoryBreak = allocation.start + allocation.size - kernelSize;
    this.#allowHighWaterMark = allocation.start;
    this.#grants = new Array<GrantEntry | undefined>(grantCount).fill(undefined);
    if (
      !this.chip.userspaceKernelBoundary.initializeProcess(
        allocation.start,
        this.#appBreak,
        this.#storedState,
      )
    ) {
      return err(ErrorCode.RESERVE);
    }
    this.#restartCount += 1;
    this.#state = YIELDED;
    return this.#enqueueInitFunction();
  }

  #enqueueInitFunction(): Result<void, ErrorCode> {
    return this.enqueueTask({
      kind: 'FunctionCall',
      source: { kind: 'Kernel' },
      pc: (this.image.flashStart + this.image.initFunctionOffset) >>> 0,
      argument0: (this.image.flashStart + this.image.protectedSize) >>> 0,
      argument1: this.memoryStart,
      argument2: this.memoryLength,
      argument3: this.#appBreak,
    });
  }

  // ─── Upcall queue ────────────────────────────────────────────────────────────────────────────

  /**
   * Queues `task`. NODEVICE for a process that is not running; NOMEM when the queue is full,
   * which also counts a dropped upcall.
   */
  enqueueTask(task: Task): Result<void, ErrorCode> {
    if (!this.isRunning()) return err(ErrorCode.NODEVICE);
    if (!this.#tasks.enqueue(task)) {
      this.#debug.droppedUpcallCount += 1;
      return err(ErrorCode.NOMEM);
    }
    const state = this.#state;
    const fromUpcall =
      task.kind === 'ReturnValue' || (task.kind === 'FunctionCall' && task.source.kind === 'Driver');
    if (state.kind === 'YieldedFor' && fromUpcall) {
      this.#isYieldWaitForReady = taskMatchesUpcall(task, state.upcallId);
    }
    return OK;
  }

  /** True when tasks are queued. */
  hasTasks(): boolean {
    return this.#tasks.length > 0;
  }

  /** How many tasks are queued. */
  pendingTasks(): number {
    return this.#tasks.length;
  }

  /** The queued tasks, oldest first. */
  queuedTasks(): readonly Task[] {
    return this.#tasks.snapshot();
  }

  /** Takes the oldest task. */
  dequeueTask(): Task | undefined {
    return this.#tasks.dequeue();
  }

  /** Takes the oldest task for `upcallId` (a function call or a Null-Upcall return value). */
  removeUpcall(upcallId: UpcallId): Task | undefined {
    return this.#tasks.removeFirstMatching((task) => taskMatchesUpcall(task, upcallId));
  }

  /** Drops queued function calls for `upcallId`; Null-Upcall return values stay. Returns how many. */
  removePendingUpcalls(upcallId: UpcallId): number {
    return this.#tasks.retain(
      (task) =>
        !(
          task.kind === 'FunctionCall' &&
          task.source.kind === 'Driver' &&
          sameUpcallId(task.source.upcallId, upcallId)
        ),
    );
  }

  // ─── Memory ──────────────────────────────────────────────────────────────────────────────────

  /** True when `[address, address + size)` lies in process-accessible RAM without wrapping. */
  inAppOwnedMemory(address: number, size: number): boolean {
    const end = address + size;
    return end <= 0xffff_ffff + 1 && address >= this.memoryStart && end <= this.#appBreak;
  }

  /** True when `[address, address + size)` lies in the non-protected part of the process's flash. */
  inAppFlashMemory(address: number, size: number): boolean {
    const end = address + size;
    return end <= 0xffff_ffff + 1 && address >= this.flashNonProtectedStart && end <= this.flashEnd;
  }

  /** Moves the app break by `increment` (signed) and returns the old break (memop 1). */
  sbrk(increment: number): Result<number, ProcessError> {
    if (!this.isRunning()) return err(ProcessError.InactiveApp);
    return this.brk((this.#appBreak + increment) >>> 0);
  }

  /** Sets the app break to `newBreak`; returns the old break (memop 0). */
  brk(newBreak: number): Result<number, ProcessError> {
    if (!this.isRunning()) return err(ProcessError.InactiveApp);
    if (newBreak < this.#allowHighWaterMark || newBreak >= this.memoryEnd) {
      return err(ProcessError.AddressOutOfBounds);
    }
    if (newBreak > this.#kernelMemoryBreak) return err(ProcessError.OutOfMemory);
    const mpu = this.chip.mpu;
    if (
      !mpu.updateAppMemoryRegion(
        newBreak,
        this.#kernelMemoryBreak,
        Permissions.ReadWriteOnly,
        this.#mpuConfig,
      )
    ) {
      return err(ProcessError.OutOfMemory);
    }
    const oldBreak = this.#appBreak;
    this.#appBreak = newBreak;
    mpu.configureMpu(this.#mpuConfig);
    if (newBreak > oldBreak) {
      const grown = resolveMemory([this.chip.ram], oldBreak, newBreak - oldBreak);
      grown?.bytes.fill(0, grown.offset, grown.offset + (newBreak - oldBreak));
    }
    return ok(oldBreak);
  }

  /** Writes one byte of process-accessible RAM; false (nothing written) elsewhere. */
  setByte(address: number, value: number): boolean {
    if (!this.inAppOwnedMemory(address, 1)) return false;
    const memory = resolveMemory([this.chip.ram], address, 1);
    if (memory === undefined) return false;
    memory.bytes[memory.offset] = value & 0xff;
    return true;
  }

  /** True when a subscribe's function pointer lies in the process's flash or accessible RAM. */
  isValidUpcallFunctionPointer(address: number): boolean {
    return this.inAppFlashMemory(address, 4) || this.inAppOwnedMemory(address, 4);
  }

  #newLease(): AllowLease {
    const lease = new AllowLease();
    this.#leases.add(lease);
    return lease;
  }

  /** Validates a read-write allow (RW and userspace-readable): FAIL if not running, INVAL outside RAM. */
  buildReadWriteProcessBuffer(address: number, size: number): Result<ReadWriteProcessBuffer, ErrorCode> {
    if (!this.isRunning()) return err(ErrorCode.FAIL);
    if (size === 0)
      return ok(
        new ReadWriteProcessBuffer(address, 0, { bytes: new Uint8Array(0), offset: 0 }, this.#newLease()),
      );
    if (!this.inAppOwnedMemory(address, size)) return err(ErrorCode.INVAL);
    const memory = resolveMemory([this.chip.ram], address, size);
    if (memory === undefined) return err(ErrorCode.INVAL);
    this.#allowHighWaterMark = Math.max(this.#allowHighWaterMark, address + size);
    return ok(new ReadWriteProcessBuffer(address, size, memory, this.#newLease()));
  }

  /** Validates a read-only allow: RAM as for read-write, or the process's non-protected flash. */
  buildReadOnlyProcessBuffer(address: number, size: number): Result<ReadOnlyProcessBuffer, ErrorCode> {
    if (!this.isRunning()) return err(ErrorCode.FAIL);
    if (size === 0)
      return ok(
        new ReadOnlyProcessBuffer(address, 0, { bytes: new Uint8Array(0), offset: 0 }, this.#newLease()),
      );
    const inRam = this.inAppOwnedMemory(address, size);
    if (!inRam && !this.inAppFlashMemory(address, size)) return err(ErrorCode.INVAL);
    const memory = resolveMemory([this.chip.ram, this.chip.flash], address, size);
    if (memory === undefined) return err(ErrorCode.INVAL);
    if (inRam) this.#allowHighWaterMark = Math.max(this.#allowHighWaterMark, address + size);
    return ok(new ReadOnlyProcessBuffer(address, size, memory, this.#newLease()));
  }

  /** @internal Forgets a lease whose buffer was swapped out (it is already revoked). */
  releaseLease(lease: AllowLease): void {
    this.#leases.delete(lease);
  }

  // ─── Grants ──────────────────────────────────────────────────────────────────────────────────

  /** Whether grant `grantNumber` is allocated; `undefined` if the process is not running. */
  grantIsAllocated(grantNumber: number): boolean | undefined {
    if (!this.isRunning()) return undefined;
    if (grantNumber < 0 || grantNumber >= this.#grants.length) return undefined;
    return this.#grants[grantNumber] !== undefined;
  }

  /**
   * Charges a grant below the kernel memory break and records it in entry `grantNumber`
   * (upstream `allocate_grant`). Fails if not running, already allocated, a grant for the same
   * driver exists, or the memory would reach the app break.
   */
  allocateGrant(grantNumber: number, request: GrantAllocationRequest): GrantEntry | undefined {
    if (!this.isRunning()) return undefined;
    if (grantNumber >= this.kernel.grantCountAndFinalize()) return undefined;
    if (this.#grants[grantNumber] !== undefined) return undefined;
    if (this.#grants.some((entry) => entry?.driverNumber === request.driverNumber)) return undefined;
    const address = this.#allocateInGrantRegion(request.size, request.alignment);
    if (address === undefined) return undefined;
    const entry = new GrantEntry(
      request.driverNumber,
      address,
      request.size,
      request.upcallCount,
      request.allowReadOnlyCount,
      request.allowReadWriteCount,
    );
    this.#grants[grantNumber] = entry;
    return entry;
  }

  /**
   * Charges `size` bytes for a custom grant below the kernel memory break (upstream
   * `allocate_custom_grant`); returns their address, or `undefined` if not running or no room.
   */
  allocateCustomGrant(size: number, alignment: number): number | undefined {
    if (!this.isRunning()) return undefined;
    return this.#allocateInGrantRegion(size, alignment);
  }

  #allocateInGrantRegion(size: number, alignment: number): number | undefined {
    const newBreak = alignDown(this.#kernelMemoryBreak - size, Math.max(alignment, 2));
    if (this.#kernelMemoryBreak - size < this.#appBreak || newBreak < this.#appBreak) return undefined;
    if (
      !this.chip.mpu.updateAppMemoryRegion(
        this.#appBreak,
        newBreak,
        Permissions.ReadWriteOnly,
        this.#mpuConfig,
      )
    ) {
      return undefined;
    }
    this.#kernelMemoryBreak = newBreak;
    return newBreak;
  }

  /** The allocated grant in entry `grantNumber`, if any. */
  grantEntry(grantNumber: number): GrantEntry | undefined {
    if (!this.isRunning()) return undefined;
    return this.#grants[grantNumber];
  }

  /** The index of the allocated grant for `driverNumber` (OutOfMemory when there is none). */
  lookupGrantFromDriverNumber(driverNumber: number): Result<number, ProcessError> {
    const index = this.#grants.findIndex((entry) => entry?.driverNumber === driverNumber);
    return index < 0 ? err(ProcessError.OutOfMemory) : ok(index);
  }

  /** How many grants are allocated; `undefined` if not running. */
  grantAllocatedCount(): number | undefined {
    if (!this.isRunning()) return undefined;
    return this.#grants.filter((entry) => entry !== undefined).length;
  }

  /** How many grants exist in total. */
  get grantCount(): number {
    return this.#grants.length;
  }

  // ─── MPU ─────────────────────────────────────────────────────────────────────────────────────

  /** Loads this process's MPU configuration into the hardware. */
  setupMpu(): void {
    this.chip.mpu.configureMpu(this.#mpuConfig);
  }

  /** Adds a read-write region (an IPC buffer) of at least `minRegionSize` inside the span. */
  addMpuRegion(start: number, size: number, minRegionSize: number): Region | undefined {
    const free = this.#mpuRegions.indexOf(undefined);
    if (free < 0) return undefined;
    const region = this.chip.mpu.allocateRegion(
      start,
      size,
      minRegionSize,
      Permissions.ReadWriteOnly,
      this.#mpuConfig,
    );
    if (region === undefined) return undefined;
    this.#mpuRegions[free] = region;
    return region;
  }

  /** Removes a region added by `addMpuRegion` (INVAL if it is not one; FAIL if the MPU refuses). */
  removeMpuRegion(region: Region): Result<void, ErrorCode> {
    const index = this.#mpuRegions.findIndex(
      (r) => r !== undefined && r.startAddress === region.startAddress && r.size === region.size,
    );
    if (index < 0) return err(ErrorCode.INVAL);
    if (!this.chip.mpu.removeMemoryRegion(region, this.#mpuConfig)) return err(ErrorCode.FAIL);
    this.#mpuRegions[index] = undefined;
    return OK;
  }

  /** The extra regions (IPC buffers) in use. */
  extraMpuRegions(): readonly Region[] {
    return this.#mpuRegions.filter((region): region is Region => region !== undefined);
  }

  // ─── Running ─────────────────────────────────────────────────────────────────────────────────

  /** Writes a syscall's return value and makes the process Running; a failed write faults it. */
  setSyscallReturnValue(value: SyscallReturn): void {
    const boundary = this.chip.userspaceKernelBoundary;
    if (boundary.setSyscallReturnValue(this.memoryStart, this.#appBreak, this.#storedState, value)) {
      this.#state = RUNNING;
      this.#isYieldWaitForReady = false;
    } else {
      this.setFaultState();
    }
  }

  /** Sets up a function call (an upcall or `_start`) and makes the process Running; failure faults it. */
  setProcessFunction(task: Extract<Task, { kind: 'FunctionCall' }>): void {
    const boundary = this.chip.userspaceKernelBoundary;
    if (boundary.setProcessFunction(this.memoryStart, this.#appBreak, this.#storedState, task)) {
      this.#state = RUNNING;
    } else {
      this.setFaultState();
    }
  }

  /** Runs the process until it traps; `undefined` if it is not running. */
  switchTo(): ContextSwitchReason | undefined {
    if (!this.isRunning()) return undefined;
    const boundary = this.chip.userspaceKernelBoundary;
    const reason = boundary.switchToProcess(this.memoryStart, this.#appBreak, this.#storedState);
    // Upstream `set_new_app_stack_min_pointer`: only a deeper stack moves the minimum.
    const stackPointer = boundary.processStackPointer?.(this.#storedState);
    if (stackPointer !== undefined) {
      const min = this.#debug.stackMin;
      if (min === undefined || stackPointer < min) this.#debug.stackMin = stackPointer;
    }
    return reason;
  }

  /** The Permissions TLV's answer for `driverNumber` at command offset `offset`. */
  commandPermissions(driverNumber: number, offset: number): CommandPermissions {
    return this.image.commandPermissions(driverNumber, offset);
  }

  // ─── Debug counters ──────────────────────────────────────────────────────────────────────────

  /** Syscalls made since the last (re)start. */
  get syscallCount(): number {
    return this.#debug.syscallCount;
  }

  /** Upcalls dropped because the queue was full. */
  get droppedUpcallCount(): number {
    return this.#debug.droppedUpcallCount;
  }

  /** Times the process used up its timeslice. */
  get timesliceExpirationCount(): number {
    return this.#debug.timesliceExpirationCount;
  }

  /** The most recent syscall. */
  get lastSyscall(): Syscall | undefined {
    return this.#debug.lastSyscall;
  }

  /** Counts a syscall (upstream `debug_syscall_called`). */
  debugSyscallCalled(syscall: Syscall): void {
    this.#debug.syscallCount += 1;
    this.#debug.lastSyscall = syscall;
  }

  /** The stack start the process reported with memop 10, if any. */
  get debugStackStart(): number | undefined {
    return this.#debug.stackStart;
  }

  /**
   * The lowest stack pointer seen since the stack start was reported (upstream
   * `get_app_stack_min_pointer`), if the arch reports stack pointers or memop 10 set a start.
   */
  get debugStackMin(): number | undefined {
    return this.#debug.stackMin;
  }

  /** The heap start the process reported with memop 11, if any. */
  get debugHeapStart(): number | undefined {
    return this.#debug.heapStart;
  }

  /** Records the stack start hint (memop 10) when it lies inside the RAM block. */
  updateStackStartPointer(address: number): void {
    if (address >= this.memoryStart && address < this.memoryEnd) {
      this.#debug.stackStart = address;
      // As upstream: whatever minimum was kept before may no longer mean anything.
      this.#debug.stackMin = address;
    }
  }

  /** Records the heap start hint (memop 11) when it lies inside the RAM block. */
  updateHeapStartPointer(address: number): void {
    if (address >= this.memoryStart && address < this.memoryEnd) this.#debug.heapStart = address;
  }

  /** Counts an expired timeslice. */
  debugTimesliceExpired(): void {
    this.#debug.timesliceExpirationCount += 1;
  }
}

/** True when `task` is a driver function call or Null-Upcall return value for `upcallId`. */
function taskMatchesUpcall(task: Task, upcallId: UpcallId): boolean {
  if (task.kind === 'FunctionCall') {
    return task.source.kind === 'Driver' && sameUpcallId(task.source.upcallId, upcallId);
  }
  return task.kind === 'ReturnValue' && sameUpcallId(task.upcallId, upcallId);
}
