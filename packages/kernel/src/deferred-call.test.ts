// Deferred calls: registration limit, lowest index first, and servicing from the kernel loop.
import { describe, expect, it } from 'vitest';
import { DeferredCallRegistry, MAXIMUM_DEFERRED_CALLS } from './deferred-call.js';
import { KernelPanic } from './kernel-panic.js';
import { FakeBoard } from './testing/index.js';

describe('DeferredCallRegistry', () => {
  it('runs pending calls lowest index first, once per set()', () => {
    const registry = new DeferredCallRegistry();
    const order: number[] = [];
    const calls = Array.from({ length: 5 }, (_, index) =>
      registry.register({ handleDeferredCall: () => order.push(index) }),
    );
    calls[3]?.set();
    calls[1]?.set();
    calls[4]?.set();
    calls[1]?.set();
    expect(calls[1]?.isPending()).toBe(true);
    while (registry.serviceNextPending() !== undefined) {}
    expect(order).toEqual([1, 3, 4]);
    expect(registry.hasTasks()).toBe(false);
    expect(registry.serviceNextPending()).toBeUndefined();
  });

  it('holds 32 calls and panics on the 33rd; bit 31 works', () => {
    const registry = new DeferredCallRegistry();
    let ran = 0;
    const calls = Array.from({ length: MAXIMUM_DEFERRED_CALLS }, () =>
      registry.register({ handleDeferredCall: () => ran++ }),
    );
    calls[31]?.set();
    expect(registry.serviceNextPending()).toBe(31);
    expect(ran).toBe(1);
    expect(() => registry.register({ handleDeferredCall: () => undefined })).toThrow(KernelPanic);
  });

  it('runs in the kernel-work phase of the loop, before any process', () => {
    const board = new FakeBoard();
    const process = board.createProcess();
    const seen: string[] = [];
    const call = board.kernel.deferredCalls.register({
      handleDeferredCall: () => seen.push(`deferred with process ${process.state.kind}`),
    });
    call.set();
    expect(board.step()).toEqual({ kind: 'KernelWork' });
    expect(seen).toEqual(['deferred with process Yielded']);
    expect(board.step().kind).toBe('RanProcess');
  });
});
