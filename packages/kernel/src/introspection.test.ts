// KernelInfo counts processes by state as upstream's introspection does.
import { describe, expect, it } from 'vitest';
import { KernelInfo } from './introspection.js';
import { FakeBoard, FakeDriver, spin, subscribe, yieldWaitFor } from './testing/index.js';

describe('KernelInfo', () => {
  it('counts loaded, active (Running or Yielded) and inactive processes, grants and expirations', () => {
    const board = new FakeBoard();
    const driver = new FakeDriver(board.kernel, 0x42, board.capabilities.memoryAllocation);
    board.addDriver(0x42, driver);
    const waiting = board.createProcess({ packageName: 'waiting' });
    const stopped = board.createProcess({ packageName: 'stopped', flashStart: 0x0004_0400 });
    const spinner = board.createProcess({ packageName: 'spinner', flashStart: 0x0004_0800 });
    board.runScript(waiting, subscribe(0x42, 0, 0, 0), yieldWaitFor(0x42, 0));
    spinner.storedState.push(spin(15_000));
    board.resume(spinner);
    board.run();
    stopped.stop();
    const info = new KernelInfo(board.kernel);
    const capability = board.capabilities.processManagement;
    expect(info.numberLoadedProcesses(capability)).toBe(3);
    expect(info.numberActiveProcesses(capability)).toBe(1);
    expect(info.numberInactiveProcesses(capability)).toBe(2);
    expect(info.numberAppGrantUses(waiting.processId, capability)).toEqual([1, 1]);
    expect(info.numberAppGrantUses(stopped.processId, capability)).toEqual([0, 1]);
    expect(info.timesliceExpirations(capability)).toBe(1);
  });
});
