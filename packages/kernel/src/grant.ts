/**
 * Grants: per-process state a capsule keeps in the process's own RAM block (upstream
 * `kernel/src/grant.rs`).
 *
 * A board creates each grant once, with the `MemoryAllocationCapability`, before the first
 * process exists. The first `enter` for a process charges the grant's bytes below that
 * process's kernel memory break (counters word, one 8-byte slot per upcall and allow, then the
 * data); if the process cannot spare them, `enter` answers `OutOfMemory`. The grant also holds
 * the process's subscribed upcalls and allowed buffers for this driver, which the kernel fills
 * in on subscribe and allow. Entering a grant that is already entered for the same process is a
 * kernel panic, so a capsule does side effects after `enter` returns. When the process
 * terminates or restarts, all its grants vanish.
 */
import { ErrorCode, err, OK, ok, type Result } from '@tock-ts/hil';
import { kernelPanic } from './kernel-panic.js';
import { ReadOnlyProcessBuffer, ReadWriteProcessBuffer } from './process-buffer.js';
import type { ProcessId } from './process-id.js';
import { type GrantSize, grantAlignment, grantAllocationSize } from './process-memory.js';
import type { GrantEntry, ProcessStandard, SavedAllow, SavedUpcall } from './process-standard.js';
import { ProcessError, UpcallError, type UpcallId } from './process-types.js';

/** A grant's declared shape and how to build its data for a new process. */
export interface GrantLayout<T> extends GrantSize {
  /** Builds the data for one process (upstream `T::default()`). */
  createData(): T;
}

/** What a grant needs from the kernel: looking processes up by id. */
export interface GrantProcessLookup {
  /** The live process `processId` names, or `undefined` for a stale id. */
  getProcess(processId: ProcessId): ProcessStandard | undefined;
  /** Every process in a slot, in slot order. */
  processes(): readonly ProcessStandard[];
}

/**
 * The kernel-owned part of an entered grant (upstream `GrantKernelData`): scheduling upcalls
 * and reading the process's allowed buffers for this driver.
 */
export class GrantKernelData {
  readonly #process: ProcessStandard;
  readonly #entry: GrantEntry;

  /** @internal Made by `Grant.enter`. */
  constructor(process: ProcessStandard, entry: GrantEntry) {
    this.#process = process;
    this.#entry = entry;
  }

  /** The process this grant belongs to. */
  get processId(): ProcessId {
    return this.#process.processId;
  }

  /** How many upcall slots the grant has. */
  get upcallCount(): number {
    return this.#entry.upcalls.length;
  }

  /** How many read-only allow slots the grant has. */
  get allowReadOnlyCount(): number {
    return this.#entry.allowReadOnly.length;
  }

  /** How many read-write allow slots the grant has. */
  get allowReadWriteCount(): number {
    return this.#entry.allowReadWrite.length;
  }

  /**
   * Queues upcall `subscribeNumber` with arguments `(a0, a1, a2)`: a function call to the
   * subscribed function, or a Null-Upcall return value that only yield-wait-for sees.
   * `InvalidSubscribeNum` beyond the grant's upcalls; `QueueFull` when 10 tasks wait.
   */
  scheduleUpcall(subscribeNumber: number, a0: number, a1: number, a2: number): Result<void, UpcallError> {
    const saved = this.#entry.upcalls[subscribeNumber];
    if (saved === undefined) return err(UpcallError.InvalidSubscribeNum);
    const upcallId: UpcallId = { driverNumber: this.#entry.driverNumber, subscribeNumber };
    const result = this.#process.enqueueTask(
      saved.functionPointer === 0
        ? { kind: 'ReturnValue', upcallId, argument0: a0 >>> 0, argument1: a1 >>> 0, argument2: a2 >>> 0 }
        : {
            kind: 'FunctionCall',
            source: { kind: 'Driver', upcallId },
            pc: saved.functionPointer,
            argument0: a0 >>> 0,
            argument1: a1 >>> 0,
            argument2: a2 >>> 0,
            argument3: saved.appdata,
          },
    );
    if (result.ok) return OK;
    return err(result.error === ErrorCode.NOMEM ? UpcallError.QueueFull : UpcallError.KernelError);
  }

  /** Drops queued calls of upcall `subscribeNumber`; returns how many were removed. */
  removePendingUpcalls(subscribeNumber: number): number {
    return this.#process.removePendingUpcalls({ driverNumber: this.#entry.driverNumber, subscribeNumber });
  }

  /** The buffer in read-only slot `allowNumber` (empty if none); `AddressOutOfBounds` past the slots. */
  getReadOnlyProcessBuffer(allowNumber: number): Result<ReadOnlyProcessBuffer, ProcessError> {
    if (
      !Number.isInteger(allowNumber) ||
      allowNumber < 0 ||
      allowNumber >= this.#entry.allowReadOnly.length
    ) {
      return err(ProcessError.AddressOutOfBounds);
    }
    const saved = this.#entry.allowReadOnly[allowNumber];
    if (saved === undefined) return ok(ReadOnlyProcessBuffer.empty());
    return ok(new ReadOnlyProcessBuffer(saved.address, saved.length, saved.memory, saved.lease));
  }

  /** The buffer in read-write slot `allowNumber` (empty if none); `AddressOutOfBounds` past the slots. */
  getReadWriteProcessBuffer(allowNumber: number): Result<ReadWriteProcessBuffer, ProcessError> {
    if (
      !Number.isInteger(allowNumber) ||
      allowNumber < 0 ||
      allowNumber >= this.#entry.allowReadWrite.length
    ) {
      return err(ProcessError.AddressOutOfBounds);
    }
    const saved = this.#entry.allowReadWrite[allowNumber];
    if (saved === undefined) return ok(ReadWriteProcessBuffer.empty());
    return ok(new ReadWriteProcessBuffer(saved.address, saved.length, saved.memory, saved.lease));
  }
}

/**
 * Extra per-process memory a capsule allocated through `enterWithAllocator` (upstream
 * `CustomGrant`). It lives as long as the process incarnation that allocated it.
 */
export class CustomGrant<T> {
  readonly #lookup: GrantProcessLookup;
  readonly #value: T;
  /** The process it belongs to. */
  readonly processId: ProcessId;
  /** Where its bytes are charged in the process's RAM block. */
  readonly address: number;

  /** @internal Made by `GrantRegionAllocator.allocWith`. */
  constructor(lookup: GrantProcessLookup, processId: ProcessId, address: number, value: T) {
    this.#lookup = lookup;
    this.processId = processId;
    this.address = address;
    this.#value = value;
  }

  /** Runs `fn` with the value: `NoSuchApp` once the process restarted, `InactiveApp` if it stopped running. */
  enter<R>(fn: (value: T) => R): Result<R, ProcessError> {
    const process = this.#lookup.getProcess(this.processId);
    if (process === undefined) return err(ProcessError.NoSuchApp);
    if (!process.isRunning()) return err(ProcessError.InactiveApp);
    return ok(fn(this.#value));
  }
}

/** Allocates custom grants in one process while its grant is entered (upstream `GrantRegionAllocator`). */
export class GrantRegionAllocator {
  readonly #lookup: GrantProcessLookup;
  readonly #process: ProcessStandard;

  /** @internal Made by `Grant.enterWithAllocator`. */
  constructor(lookup: GrantProcessLookup, process: ProcessStandard) {
    this.#lookup = lookup;
    this.#process = process;
  }

  /**
   * Charges `size` bytes aligned to `alignment` below the kernel memory break and stores
   * `init()` there; `OutOfMemory` when the process cannot spare them.
   */
  allocWith<T>(size: number, alignment: number, init: () => T): Result<CustomGrant<T>, ProcessError> {
    if (!Number.isInteger(size) || size < 0 || !Number.isInteger(alignment) || alignment < 1) {
      return err(ProcessError.OutOfMemory);
    }
    const address = this.#process.allocateCustomGrant(size, alignment);
    if (address === undefined) return err(ProcessError.OutOfMemory);
    return ok(new CustomGrant(this.#lookup, this.#process.processId, address, init()));
  }
}

/** One process's allocated instance of a grant, as `Grant.iterate` yields it. */
export interface ProcessGrant<T> {
  readonly processId: ProcessId;
  /** Enters this process's grant (panics if already entered). */
  enter<R>(fn: (data: T, kernelData: GrantKernelData) => R): R;
}

/** A capsule's per-process state of type `T` (upstream `Grant<T, Upcalls, AllowROs, AllowRWs>`). */
export class Grant<T> {
  readonly #lookup: GrantProcessLookup;
  readonly #layout: GrantLayout<T>;
  readonly #data = new WeakMap<GrantEntry, T>();
  /** The driver number whose upcalls and allows this grant holds. */
  readonly driverNumber: number;
  /** This grant's index in every process's grant pointer array. */
  readonly grantIndex: number;

  /** @internal Grants are made by `Kernel.createGrant`. */
  constructor(lookup: GrantProcessLookup, driverNumber: number, grantIndex: number, layout: GrantLayout<T>) {
    this.#lookup = lookup;
    this.driverNumber = driverNumber;
    this.grantIndex = grantIndex;
    this.#layout = layout;
  }

  /** Bytes one allocation charges in a process. */
  get allocationSize(): number {
    return grantAllocationSize(this.#layout);
  }

  /**
   * Runs `fn` with this process's data and kernel data, allocating the grant first if needed.
   * `NoSuchApp` for a stale id, `InactiveApp` for a process that is not running, `OutOfMemory`
   * when the grant does not fit. Re-entering a grant already entered for this process panics.
   */
  enter<R>(processId: ProcessId, fn: (data: T, kernelData: GrantKernelData) => R): Result<R, ProcessError> {
    const found = this.#allocated(processId);
    if (!found.ok) return found;
    return ok(this.#enterEntry(found.value.process, found.value.entry, fn));
  }

  /** Like `enter`, also lending an allocator for custom grants (upstream `enter_with_allocator`). */
  enterWithAllocator<R>(
    processId: ProcessId,
    fn: (data: T, kernelData: GrantKernelData, allocator: GrantRegionAllocator) => R,
  ): Result<R, ProcessError> {
    const found = this.#allocated(processId);
    if (!found.ok) return found;
    const { process, entry } = found.value;
    const allocator = new GrantRegionAllocator(this.#lookup, process);
    return ok(this.#enterEntry(process, entry, (data, kernelData) => fn(data, kernelData, allocator)));
  }

  /** The process and its entry for this grant, allocating the grant on first use. */
  #allocated(processId: ProcessId): Result<{ process: ProcessStandard; entry: GrantEntry }, ProcessError> {
    const process = this.#lookup.getProcess(processId);
    if (process === undefined) return err(ProcessError.NoSuchApp);
    const allocated = process.grantIsAllocated(this.grantIndex);
    if (allocated === undefined) return err(ProcessError.InactiveApp);
    const existing = process.grantEntry(this.grantIndex);
    if (existing !== undefined) return ok({ process, entry: existing });
    const entry = process.allocateGrant(this.grantIndex, {
      driverNumber: this.driverNumber,
      size: grantAllocationSize(this.#layout),
      alignment: grantAlignment(this.#layout),
      upcallCount: this.#layout.upcallCount,
      allowReadOnlyCount: this.#layout.allowReadOnlyCount,
      allowReadWriteCount: this.#layout.allowReadWriteCount,
    });
    if (entry === undefined) return err(ProcessError.OutOfMemory);
    this.#data.set(entry, this.#layout.createData());
    return ok({ process, entry });
  }

  #enterEntry<R>(
    process: ProcessStandard,
    entry: GrantEntry,
    fn: (data: T, kernelData: GrantKernelData) => R,
  ): R {
    if (entry.entered) kernelPanic('Attempted to re-enter a grant region.');
    const data = this.#data.get(entry);
    if (data === undefined) kernelPanic(`grant for driver 0x${this.driverNumber.toString(16)} has no data`);
    entry.entered = true;
    try {
      return fn(data, new GrantKernelData(process, entry));
    } finally {
      entry.entered = false;
    }
  }

  /** The processes where this grant is allocated, each enterable (upstream `iter`). */
  iterate(): ProcessGrant<T>[] {
    const result: ProcessGrant<T>[] = [];
    for (const process of this.#lookup.processes()) {
      const entry = process.grantEntry(this.grantIndex);
      if (entry === undefined) continue;
      result.push({
        processId: process.processId,
        enter: (fn) => this.#enterEntry(process, entry, fn),
      });
    }
    return result;
  }

  /** Runs `fn` for every process where this grant is allocated (upstream `each`). */
  each(fn: (processId: ProcessId, data: T, kernelData: GrantKernelData) => void): void {
    for (const processGrant of this.iterate()) {
      processGrant.enter((data, kernelData) => fn(processGrant.processId, data, kernelData));
    }
  }
}

/** Enters the kernel-managed slots of `driverNumber`'s grant in `process` (NOMEM when unallocated or entered). */
function kernelManagedEntry(process: ProcessStandard, driverNumber: number): Result<GrantEntry, ErrorCode> {
  const index = process.lookupGrantFromDriverNumber(driverNumber);
  if (!index.ok) return err(ErrorCode.NOMEM);
  const allocated = process.grantIsAllocated(index.value);
  if (allocated === undefined) return err(ErrorCode.FAIL);
  const entry = process.grantEntry(index.value);
  if (entry === undefined || entry.entered) return err(ErrorCode.NOMEM);
  return ok(entry);
}

/**
 * Swaps the upcall in slot `upcallId` of the driver's grant, returning the old one (upstream
 * `grant::subscribe`). NOMEM if the grant is not allocated; NOSUPPORT past the grant's upcalls.
 */
export function subscribeInGrant(
  process: ProcessStandard,
  upcallId: UpcallId,
  upcall: SavedUpcall,
): Result<SavedUpcall, ErrorCode> {
  const entry = kernelManagedEntry(process, upcallId.driverNumber);
  if (!entry.ok) return entry;
  const slot = entry.value.upcalls[upcallId.subscribeNumber];
  if (slot === undefined) return err(ErrorCode.NOSUPPORT);
  const old = { functionPointer: slot.functionPointer, appdata: slot.appdata };
  slot.functionPointer = upcall.functionPointer;
  slot.appdata = upcall.appdata;
  return ok(old);
}

function swapAllow(
  process: ProcessStandard,
  slots: (SavedAllow | undefined)[],
  allowNumber: number,
  buffer: ReadOnlyProcessBuffer | ReadWriteProcessBuffer,
): Result<{ readonly address: number; readonly length: number }, ErrorCode> {
  if (allowNumber >= slots.length) return err(ErrorCode.NOSUPPORT);
  const old = slots[allowNumber];
  slots[allowNumber] = {
    address: buffer.address,
    length: buffer.length,
    memory: buffer.memory,
    lease: buffer.lease,
  };
  if (old === undefined) return ok({ address: 0, length: 0 });
  old.lease.revoke();
  process.releaseLease(old.lease);
  return ok({ address: old.address, length: old.length });
}

/** Swaps read-only allow `allowNumber` of the driver's grant; returns the old (address, length). */
export function allowReadOnlyInGrant(
  process: ProcessStandard,
  driverNumber: number,
  allowNumber: number,
  buffer: ReadOnlyProcessBuffer,
): Result<{ readonly address: number; readonly length: number }, ErrorCode> {
  const entry = kernelManagedEntry(process, driverNumber);
  if (!entry.ok) return entry;
  return swapAllow(process, entry.value.allowReadOnly, allowNumber, buffer);
}

/** Swaps read-write allow `allowNumber` of the driver's grant; returns the old (address, length). */
export function allowReadWriteInGrant(
  process: ProcessStandard,
  driverNumber: number,
  allowNumber: number,
  buffer: ReadWriteProcessBuffer,
): Result<{ readonly address: number; readonly length: number }, ErrorCode> {
  const entry = kernelManagedEntry(process, driverNumber);
  if (!entry.ok) return entry;
  return swapAllow(process, entry.value.allowReadWrite, allowNumber, buffer);
}
