/**
 * Process buffers: the kernel's views of memory a process allowed to a driver (upstream
 * `kernel/src/processbuffer.rs`).
 *
 * A capsule never holds process memory directly. It holds a buffer and reads or writes through
 * `enter`, which checks that the process is still alive and the allow still in place, then lends
 * a slice that works only until the closure returns. Once the process dies or restarts, or the
 * process swaps the allow out, `enter` answers `NoSuchApp` and touches nothing.
 */
import { err, ok, type Result } from '@tock-ts/hil';
import { kernelPanic } from './kernel-panic.js';
import { ProcessError } from './process-types.js';

/**
 * The kernel's record that one allow is in force. The process revokes it when the allow is
 * swapped out or the process terminates, which kills every buffer made from it.
 */
export class AllowLease {
  #live = true;

  /** True until revoked. */
  get live(): boolean {
    return this.#live;
  }

  /** Ends the allow: buffers made from this lease stop working. */
  revoke(): void {
    this.#live = false;
  }
}

/** Where a buffer's bytes live: a memory array and the index of the buffer's first byte. */
export interface BufferMemory {
  readonly bytes: Uint8Array;
  readonly offset: number;
}

/** Marks the lifetime of one `enter` call; slices check it on every access. */
class EnterScope {
  open = true;
}

/** A read-only view of process memory, valid only inside the `enter` that lent it. */
export class ReadableProcessSlice {
  protected readonly bytes: Uint8Array;
  protected readonly start: number;
  /** Bytes in the slice. */
  readonly length: number;
  protected readonly scope: EnterScope;

  /** @internal Slices are lent by `enter`. */
  constructor(bytes: Uint8Array, start: number, length: number, scope: EnterScope) {
    this.bytes = bytes;
    this.start = start;
    this.length = length;
    this.scope = scope;
  }

  protected check(index: number, count: number): void {
    if (!this.scope.open) kernelPanic('process slice used after its enter() returned');
    if (index < 0 || count < 0 || index + count > this.length) {
      kernelPanic(`process slice index ${index}+${count} out of range (length ${this.length})`);
    }
  }

  /** The byte at `index`. Panics outside the slice, like a Rust index. */
  get(index: number): number {
    this.check(index, 1);
    return this.bytes[this.start + index] ?? 0;
  }

  /** Copies the whole slice into `destination`, which must have the same length. */
  copyToSlice(destination: Uint8Array): void {
    if (destination.length !== this.length) {
      kernelPanic(`copyToSlice: destination length ${destination.length} ≠ slice length ${this.length}`);
    }
    this.check(0, this.length);
    destination.set(this.bytes.subarray(this.start, this.start + this.length));
  }

  /** The bytes `[start, end)` of this slice as a slice with the same lifetime. */
  subslice(start: number, end: number = this.length): ReadableProcessSlice {
    this.check(start, end - start);
    return new ReadableProcessSlice(this.bytes, this.start + start, end - start, this.scope);
  }
}

/** A writable view of process memory, valid only inside the `enter` that lent it. */
export class WriteableProcessSlice extends ReadableProcessSlice {
  /** Writes `value` (low 8 bits) at `index`. Panics outside the slice. */
  set(index: number, value: number): void {
    this.check(index, 1);
    this.bytes[this.start + index] = value & 0xff;
  }

  /** Copies `source`, which must have the slice's length, into the slice. */
  copyFromSlice(source: Uint8Array): void {
    if (source.length !== this.length) {
      kernelPanic(`copyFromSlice: source length ${source.length} ≠ slice length ${this.length}`);
    }
    this.check(0, this.length);
    this.bytes.set(source, this.start);
  }

  /** The bytes `[start, end)` of this slice as a writable slice with the same lifetime. */
  override subslice(start: number, end: number = this.length): WriteableProcessSlice {
    this.check(start, end - start);
    return new WriteableProcessSlice(this.bytes, this.start + start, end - start, this.scope);
  }
}

const NO_MEMORY: BufferMemory = Object.freeze({ bytes: new Uint8Array(0), offset: 0 });

abstract class ProcessBufferBase {
  /** The address the process passed (echoed back to it when the allow is swapped out). */
  readonly address: number;
  /** The length the process passed. */
  readonly length: number;
  /** @internal Where the bytes live. */
  readonly memory: BufferMemory;
  /** @internal The allow this buffer belongs to. */
  readonly lease: AllowLease;

  /** @internal The kernel builds buffers when a process allows memory. */
  constructor(address: number, length: number, memory: BufferMemory, lease: AllowLease) {
    this.address = address >>> 0;
    this.length = length >>> 0;
    this.memory = length === 0 ? NO_MEMORY : memory;
    this.lease = lease;
  }

  /** True while the process lives and the allow is in force. */
  get live(): boolean {
    return this.lease.live;
  }

  /** @internal Ends the buffer (its allow was swapped out) and gives back what the process passed. */
  consume(): { readonly address: number; readonly length: number } {
    this.lease.revoke();
    return { address: this.address, length: this.length };
  }

  protected lend<S extends ReadableProcessSlice, R>(
    make: (scope: EnterScope) => S,
    fn: (slice: S) => R,
  ): Result<R, ProcessError> {
    if (!this.lease.live) return err(ProcessError.NoSuchApp);
    const scope = new EnterScope();
    try {
      return ok(fn(make(scope)));
    } finally {
      scope.open = false;
    }
  }
}

/** Memory a process allowed read-only (upstream `ReadOnlyProcessBuffer`). */
export class ReadOnlyProcessBuffer extends ProcessBufferBase {
  /** A buffer naming no memory: what an empty allow slot holds. */
  static empty(): ReadOnlyProcessBuffer {
    return new ReadOnlyProcessBuffer(0, 0, NO_MEMORY, new AllowLease());
  }

  /** Lends the memory to `fn` as a read-only slice; `NoSuchApp` once the allow is gone. */
  enter<R>(fn: (slice: ReadableProcessSlice) => R): Result<R, ProcessError> {
    return this.lend(
      (scope) => new ReadableProcessSlice(this.memory.bytes, this.memory.offset, this.length, scope),
      fn,
    );
  }
}

/** Memory a process allowed read-write (upstream `ReadWriteProcessBuffer`). */
export class ReadWriteProcessBuffer extends ProcessBufferBase {
  /** A buffer naming no memory: what an empty allow slot holds. */
  static empty(): ReadWriteProcessBuffer {
    return new ReadWriteProcessBuffer(0, 0, NO_MEMORY, new AllowLease());
  }

  /** Lends the memory to `fn` as a read-only slice; `NoSuchApp` once the allow is gone. */
  enter<R>(fn: (slice: ReadableProcessSlice) => R): Result<R, ProcessError> {
    return this.lend(
      (scope) => new ReadableProcessSlice(this.memory.bytes, this.memory.offset, this.length, scope),
      fn,
    );
  }

  /** Lends the memory to `fn` as a writable slice; `NoSuchApp` once the allow is gone. */
  mutEnter<R>(fn: (slice: WriteableProcessSlice) => R): Result<R, ProcessError> {
    return this.lend(
      (scope) => new WriteableProcessSlice(this.memory.bytes, this.memory.offset, this.length, scope),
      fn,
    );
  }
}
