// Process states, stop/resume, fault policies, restart and terminate, through the kernel loop.
import { describe, expect, it } from 'vitest';
import { mintCapabilities, type ProcessStartCapability } from './capabilities.js';
import {
  PanicFaultPolicy,
  type ProcessFaultPolicy,
  RestartFaultPolicy,
  StopFaultPolicy,
  ThresholdRestartFaultPolicy,
  ThresholdRestartThenPanicFaultPolicy,
} from './fault-policies.js';
import { KernelPanic } from './kernel-panic.js';
import { StoppedExecutingReason } from './process-types.js';
import { command, FakeBoard, FakeDriver, fault, spin, subscribe, yieldWaitFor } from './testing/index.js';

const DRIVER = 0x42;
const START_PC = 0x0004_0041;

function boardWith(policy: ProcessFaultPolicy) {
  const board = new FakeBoard();
  const driver = new FakeDriver(board.kernel, DRIVER, board.capabilities.memoryAllocation);
  board.addDriver(DRIVER, driver);
  const process = board.createProcess({ packageName: 'crashy' }, policy);
  return { board, driver, process };
}

describe('fault policies', () => {
  it('Stop leaves the process Faulted with its grants gone, and the kernel goes on', () => {
    const { board, driver, process } = boardWith(new StopFaultPolicy());
    board.runScript(process, command(DRIVER, 0), fault());
    expect(process.state.kind).toBe('Faulted');
    expect(driver.grant.iterate()).toHaveLength(0);
    expect(process.ready()).toBe(false);
    expect(board.run()).toBe(1);
  });

  it('Panic faults the process and panics the kernel with upstream’s message', () => {
    const { board, process } = boardWith(new PanicFaultPolicy());
    process.storedState.push(fault());
    expect(() => board.run()).toThrow(new KernelPanic('Process crashy had a fault'));
    expect(process.state.kind).toBe('Faulted');
  });

  it('Restart starts the process again with a fresh id, each time', () => {
    const { board, process } = boardWith(new RestartFaultPolicy());
    const ids = [process.processId.identifier];
    for (let i = 0; i < 3; i++) {
      board.runScript(process, fault());
      ids.push(process.processId.identifier);
    }
    expect(process.restartCount).toBe(3);
    expect(new Set(ids).size).toBe(4);
    expect(process.completionCode).toEqual({ code: undefined });
    expect(process.storedState.functionCalls.filter((call) => call.pc === START_PC)).toHaveLength(4);
  });

  it('ThresholdRestart(n) restarts while the count is ≤ n, then stops', () => {
    const { board, process } = boardWith(new ThresholdRestartFaultPolicy(2));
    for (let i = 0; i < 3; i++) board.runScript(process, fault());
    expect(process.restartCount).toBe(3);
    expect(process.state.kind).toBe('Yielded');
    board.runScript(process, fault());
    expect(process.state.kind).toBe('Faulted');
    expect(process.restartCount).toBe(3);
  });

  it('ThresholdRestartThenPanic(n) restarts while the count is ≤ n, then panics', () => {
    const { board, process } = boardWith(new ThresholdRestartThenPanicFaultPolicy(1));
    board.runScript(process, fault());
    board.runScript(process, fault());
    expect(process.restartCount).toBe(2);
    process.storedState.push(fault());
    board.resume(process);
    expect(() => board.run()).toThrow(KernelPanic);
  });
});

describe('process states', () => {
  it('starts Yielded with _start queued, then runs', () => {
    const { board, process } = boardWith(new StopFaultPolicy());
    expect(process.state.kind).toBe('Yielded');
    expect(process.pendingTasks()).toBe(1);
    const step = board.step();
    expect(step).toMatchObject({ kind: 'RanProcess', reason: StoppedExecutingReason.NoWorkLeft });
    expect(process.state.kind).toBe('Yielded');
  });

  it('stop and resume restore what the process was waiting for', () => {
    const { board, driver, process } = boardWith(new StopFaultPolicy());
    board.runScript(process, subscribe(DRIVER, 0, 0, 0), yieldWaitFor(DRIVER, 0));
    process.stop();
    expect(process.state).toEqual({
      kind: 'Stopped',
      stopped: { kind: 'YieldedFor', upcallId: { driverNumber: DRIVER, subscribeNumber: 0 } },
    });
    driver.withKernelData(process.processId, (kernelData) => kernelData.scheduleUpcall(0, 1, 2, 3));
    expect(process.ready()).toBe(false);
    board.run();
    expect(process.storedState.lastReturn?.variant).not.toBe('YieldWaitFor');
    process.resume();
    expect(process.ready()).toBe(true);
    board.run();
    expect(process.storedState.lastReturn).toEqual({ variant: 'YieldWaitFor', a: 1, b: 2, c: 3 });
  });

  it('a stopped Running process reports Stopped to the scheduler', () => {
    const { board, process } = boardWith(new StopFaultPolicy());
    process.storedState.push(spin(Number.POSITIVE_INFINITY));
    board.step();
    expect(process.state.kind).toBe('Running');
    process.stop();
    process.stop();
    expect(process.state).toEqual({ kind: 'Stopped', stopped: { kind: 'Running' } });
    expect(process.ready()).toBe(false);
    process.resume();
    expect(process.state.kind).toBe('Running');
  });

  it('terminate then start (boot) re-runs the process from _start with a new id', () => {
    const { board, process } = boardWith(new StopFaultPolicy());
    board.run();
    const oldId = process.processId;
    process.terminate(undefined);
    expect(process.state.kind).toBe('Terminated');
    expect(process.completionCode).toEqual({ code: undefined });
    expect(board.kernel.getProcess(oldId)).toBe(process);
    process.start(board.capabilities.processStart);
    expect(process.state.kind).toBe('Yielded');
    expect(process.processId.identifier).not.toBe(oldId.identifier);
    board.run();
    expect(process.storedState.functionCalls.filter((call) => call.pc === START_PC)).toHaveLength(2);
  });

  it('start needs the ProcessStartCapability and ignores a process that is not terminated', () => {
    const { process } = boardWith(new StopFaultPolicy());
    const id = process.processId;
    process.start(mintCapabilities().processStart);
    expect(process.processId).toBe(id);
    const wrongToken: unknown = mintCapabilities().processManagement;
    expect(() => process.start(wrongToken as ProcessStartCapability)).toThrow(/ProcessStartCapability/);
  });
});
