// Grants: creation rules, lazy allocation charged in process RAM, re-entry, iteration, reclamation.
import { describe, expect, it } from 'vitest';
import type { MemoryAllocationCapability } from './capabilities.js';
import { KernelPanic } from './kernel-panic.js';
import { grantAllocationSize, initialKernelMemoryBreak, initialKernelMemorySize } from './process-memory.js';
import { ProcessError, UpcallError } from './process-types.js';
import { command, exitRestart, exitTerminate, FakeBoard, FakeDriver, subscribe } from './testing/index.js';

const DRIVER = 0x42;
const UPCALL_FN = 0x0004_0100;

function setup(dataSize = 16) {
  const board = new FakeBoard();
  const driver = new FakeDriver(board.kernel, DRIVER, board.capabilities.memoryAllocation, {
    upcallCount: 1,
    allowReadOnlyCount: 1,
    allowReadWriteCount: 2,
    dataSize,
  });
  board.addDriver(DRIVER, driver);
  return { board, driver };
}

describe('Grant', () => {
  it('charges the declared layout below the kernel memory break on first enter', () => {
    const { board, driver } = setup(16);
    const process = board.createProcess();
    const before = process.kernelMemoryBreak;
    expect(before).toBe(initialKernelMemoryBreak(process.memoryEnd, 1));
    const size = grantAllocationSize({
      upcallCount: 1,
      allowReadOnlyCount: 1,
      allowReadWriteCount: 2,
      dataSize: 16,
      dataAlignment: 4,
    });
    expect(size).toBe(4 + 8 * 4 + 16);
    expect(driver.grant.enter(process.processId, (data) => data.commands)).toEqual({ ok: true, value: 0 });
    expect(process.kernelMemoryBreak).toBe(before - size);
    expect(process.grantAllocatedCount()).toBe(1);
    driver.grant.enter(process.processId, (data) => {
      data.commands = 5;
    });
    expect(process.kernelMemoryBreak).toBe(before - size);
    expect(driver.grant.enter(process.processId, (data) => data.commands)).toEqual({ ok: true, value: 5 });
  });

  it('answers OutOfMemory when the grant would reach the app break', () => {
    const { board, driver } = setup(0x10_0000);
    const process = board.createProcess();
    expect(driver.grant.enter(process.processId, () => 1)).toEqual({
      ok: false,
      error: ProcessError.OutOfMemory,
    });
    board.runScript(process, subscribe(DRIVER, 0, UPCALL_FN, 0));
    expect(process.storedState.lastReturn).toEqual({ variant: 2, error: 9, v0: UPCALL_FN, v1: 0 });
  });

  it('cannot be created after the first process exists', () => {
    const { board } = setup();
    board.createProcess();
    expect(() => new FakeDriver(board.kernel, 0x43, board.capabilities.memoryAllocation)).toThrow(
      KernelPanic,
    );
  });

  it('needs the real MemoryAllocationCapability', () => {
    const { board } = setup();
    const forged = { kind: 'MemoryAllocationCapability' } as MemoryAllocationCapability;
    expect(() => board.kernel.createGrant(1, { ...layout(), createData: () => 0 }, forged)).toThrow(
      /forged or missing MemoryAllocationCapability/,
    );
  });

  it('panics when re-entered for the same process, but allows another process inside', () => {
    const { board, driver } = setup();
    const first = board.createProcess();
    const second = board.createProcess({ flashStart: 0x0004_0400 });
    expect(() =>
      driver.grant.enter(first.processId, () => driver.grant.enter(first.processId, () => undefined)),
    ).toThrow('Attempted to re-enter a grant region.');
    const nested = driver.grant.enter(first.processId, () =>
      driver.grant.enter(second.processId, () => 'inner'),
    );
    expect(nested).toEqual({ ok: true, value: { ok: true, value: 'inner' } });
  });

  it('iterates and visits only processes where it is allocated', () => {
    const { board, driver } = setup();
    const first = board.createProcess();
    board.createProcess({ flashStart: 0x0004_0400 });
    const third = board.createProcess({ flashStart: 0x0004_0800 });
    driver.grant.enter(first.processId, (data) => {
      data.commands = 1;
    });
    driver.grant.enter(third.processId, (data) => {
      data.commands = 3;
    });
    const seen: number[] = [];
    driver.grant.each((processId, data) => seen.push(processId.index * 10 + data.commands));
    expect(seen).toEqual([1, 23]);
    expect(driver.grant.iterate().map((processGrant) => processGrant.processId.index)).toEqual([0, 2]);
  });

  it('resolves a stale id to NoSuchApp and a terminated process to InactiveApp', () => {
    const { board, driver } = setup();
    const process = board.createProcess();
    const staleId = process.processId;
    board.runScript(process, command(DRIVER, 0), exitRestart(0));
    expect(driver.grant.enter(staleId, () => 1)).toEqual({ ok: false, error: ProcessError.NoSuchApp });
    board.runScript(process, exitTerminate(0));
    expect(driver.grant.enter(process.processId, () => 1)).toEqual({
      ok: false,
      error: ProcessError.InactiveApp,
    });
  });

  it('is reclaimed on restart: data, upcalls and allows vanish and the bytes are free again', () => {
    const { board, driver } = setup();
    const process = board.createProcess();
    const emptyBreak = process.kernelMemoryBreak;
    board.runScript(process, subscribe(DRIVER, 0, UPCALL_FN, 7), command(DRIVER, 0), command(DRIVER, 0));
    expect(driver.grant.enter(process.processId, (data) => data.commands)).toEqual({ ok: true, value: 2 });
    expect(process.kernelMemoryBreak).toBeLessThan(emptyBreak);
    board.runScript(process, exitRestart(1));
    // As upstream's reset: the end of the block minus the whole up-front kernel size.
    expect(process.kernelMemoryBreak).toBe(process.memoryEnd - initialKernelMemorySize(1));
    expect(emptyBreak - process.kernelMemoryBreak).toBe(16);
    expect(process.grantAllocatedCount()).toBe(0);
    expect(driver.grant.enter(process.processId, (data) => data.commands)).toEqual({ ok: true, value: 0 });
    const scheduled = driver.withKernelData(process.processId, (kernelData) =>
      kernelData.scheduleUpcall(0, 1, 2, 3),
    );
    expect(scheduled).toEqual({ ok: true, value: { ok: true, value: undefined } });
    expect(process.queuedTasks()[0]?.kind).toBe('ReturnValue');
  });

  it('allocates custom grants below the kernel break; they die with the incarnation', () => {
    const { board, driver } = setup();
    const process = board.createProcess();
    driver.grant.enter(process.processId, () => undefined);
    const before = process.kernelMemoryBreak;
    const allocated = driver.grant.enterWithAllocator(process.processId, (_data, _kernelData, allocator) =>
      allocator.allocWith(24, 8, () => ({ samples: [1, 2, 3] })),
    );
    if (!allocated.ok || !allocated.value.ok) throw new Error('no custom grant');
    const custom = allocated.value.value;
    expect(custom.address).toBe(process.kernelMemoryBreak);
    expect(process.kernelMemoryBreak).toBe(before - 24 - ((before - 24) % 8));
    expect(custom.enter((value) => value.samples.length)).toEqual({ ok: true, value: 3 });
    const tooBig = driver.grant.enterWithAllocator(process.processId, (_data, _kernelData, allocator) =>
      allocator.allocWith(0x10_0000, 4, () => 0),
    );
    expect(tooBig).toEqual({ ok: true, value: { ok: false, error: ProcessError.OutOfMemory } });
    board.runScript(process, exitRestart(0));
    expect(custom.enter(() => 1)).toEqual({ ok: false, error: ProcessError.NoSuchApp });
  });

  it('reports scheduleUpcall errors', () => {
    const { board, driver } = setup();
    const process = board.createProcess();
    const tooHigh = driver.withKernelData(process.processId, (kernelData) =>
      kernelData.scheduleUpcall(1, 0, 0, 0),
    );
    expect(tooHigh).toEqual({ ok: true, value: { ok: false, error: UpcallError.InvalidSubscribeNum } });
    const readOnly = driver.withKernelData(process.processId, (kernelData) =>
      kernelData.getReadOnlyProcessBuffer(1),
    );
    expect(readOnly).toEqual({ ok: true, value: { ok: false, error: ProcessError.AddressOutOfBounds } });
  });
});

function layout() {
  return { upcallCount: 0, allowReadOnlyCount: 0, allowReadWriteCount: 0, dataSize: 0, dataAlignment: 1 };
}
