// Process buffers: views that work only inside enter(), and die with the allow or the process.
import { describe, expect, it } from 'vitest';
import { KernelPanic } from './kernel-panic.js';
import type { ReadableProcessSlice } from './process-buffer.js';
import { ProcessError } from './process-types.js';
import { allowReadWrite, exitRestart, FakeBoard, FakeDriver, memop } from './testing/index.js';

const DRIVER = 0x42;
const RAM = 0x2000_0000;

function setup() {
  const board = new FakeBoard();
  const driver = new FakeDriver(board.kernel, DRIVER, board.capabilities.memoryAllocation);
  board.addDriver(DRIVER, driver);
  const process = board.createProcess();
  board.runScript(process, memop(0, RAM + 0x400), allowReadWrite(DRIVER, 0, RAM + 0x100, 4));
  const buffer = driver.withKernelData(process.processId, (kernelData) =>
    kernelData.getReadWriteProcessBuffer(0),
  );
  if (!buffer.ok || !buffer.value.ok) throw new Error('no buffer');
  return { board, driver, process, buffer: buffer.value.value };
}

describe('process buffers', () => {
  it('read and write the process’s real bytes', () => {
    const { board, buffer } = setup();
    expect(buffer.mutEnter((slice) => slice.set(2, 0x1ff))).toEqual({ ok: true, value: undefined });
    expect(board.chip.ram.bytes[0x102]).toBe(0xff);
    const copy = new Uint8Array(2);
    buffer.enter((slice) => slice.subslice(1, 3).copyToSlice(copy));
    expect([...copy]).toEqual([0, 0xff]);
  });

  it('lend slices that stop working when enter returns', () => {
    const { buffer } = setup();
    let kept: ReadableProcessSlice | undefined;
    buffer.enter((slice) => {
      kept = slice;
    });
    expect(() => kept?.get(0)).toThrow(KernelPanic);
  });

  it('panic on out-of-range access like a Rust index', () => {
    const { buffer } = setup();
    expect(() => buffer.enter((slice) => slice.get(4))).toThrow(/out of range/);
    expect(() => buffer.mutEnter((slice) => slice.copyFromSlice(new Uint8Array(5)))).toThrow(KernelPanic);
  });

  it('die when the process swaps the allow out', () => {
    const { board, process, buffer } = setup();
    board.runScript(process, allowReadWrite(DRIVER, 0, RAM + 0x200, 4));
    expect(buffer.enter(() => 1)).toEqual({ ok: false, error: ProcessError.NoSuchApp });
  });

  it('die when the process restarts', () => {
    const { board, process, buffer } = setup();
    board.runScript(process, exitRestart(0));
    board.chip.ram.bytes[0x100] = 0x77;
    expect(buffer.live).toBe(false);
    expect(buffer.mutEnter((slice) => slice.set(0, 1))).toEqual({ ok: false, error: ProcessError.NoSuchApp });
    expect(board.chip.ram.bytes[0x100]).toBe(0x77);
  });
});
