/**
 * Deferred calls: work a driver asks the kernel to run soon, outside the current call stack
 * (upstream `kernel/src/deferred_call.rs`).
 *
 * A split-phase driver must never call its client back from inside the downcall (TRD3 rule 1);
 * it sets a deferred call instead, and the kernel loop runs it in the kernel-work phase. At most
 * 32 exist per kernel; a 32-bit mask holds the pending ones and the lowest index runs first.
 */
import { kernelPanic } from './kernel-panic.js';

/** Most deferred calls one kernel can hold (the width of the pending mask). */
export const MAXIMUM_DEFERRED_CALLS = 32;

/** Code a deferred call runs (upstream `DeferredCallClient`). */
export interface DeferredCallClient {
  /** Runs once per `set()`, from the kernel loop. */
  handleDeferredCall(): void;
}

/** One registered deferred call: `set()` marks it pending. */
export class DeferredCall {
  readonly #registry: DeferredCallRegistry;
  /** Its bit in the pending mask. */
  readonly index: number;

  /** @internal Built by `DeferredCallRegistry.register`. */
  constructor(registry: DeferredCallRegistry, index: number) {
    this.#registry = registry;
    this.index = index;
  }

  /** Asks for the client to run in the next kernel-work phase. */
  set(): void {
    this.#registry.markPending(this.index);
  }

  /** True while it waits to run. */
  isPending(): boolean {
    return this.#registry.isPending(this.index);
  }
}

/** The deferred calls of one kernel: registration, the pending mask and servicing. */
export class DeferredCallRegistry {
  readonly #clients: DeferredCallClient[] = [];
  #pending = 0;

  /** Registers `client` and returns its handle. Panics past 32 (upstream `verify_setup`). */
  register(client: DeferredCallClient): DeferredCall {
    const index = this.#clients.length;
    if (index >= MAXIMUM_DEFERRED_CALLS) kernelPanic(`too many deferred calls: ${index + 1}`);
    this.#clients.push(client);
    return new DeferredCall(this, index);
  }

  /** How many deferred calls are registered. */
  get count(): number {
    return this.#clients.length;
  }

  /** @internal */
  markPending(index: number): void {
    this.#pending = (this.#pending | (1 << index)) >>> 0;
  }

  /** @internal */
  isPending(index: number): boolean {
    return ((this.#pending >>> index) & 1) === 1;
  }

  /** True when any deferred call is pending. */
  hasTasks(): boolean {
    return this.#pending !== 0;
  }

  /** Runs the lowest-index pending call; returns its index, or `undefined` if none was pending. */
  serviceNextPending(): number | undefined {
    const pending = this.#pending;
    if (pending === 0) return undefined;
    const index = 31 - Math.clz32(pending & -pending);
    this.#pending = (pending & ~(1 << index)) >>> 0;
    this.#clients[index]?.handleDeferredCall();
    return index;
  }
}
