// Every TRD104 syscall class through the kernel loop, with scripted processes on the fake chip.
import { ErrorCode } from '@tock-ts/hil';
import { beforeEach, describe, expect, it } from 'vitest';
import { ReturnVariant, type SyscallReturn } from './syscall.js';
import type { SyscallDriver } from './syscall-driver.js';
import { CommandReturn } from './syscall-driver.js';
import { TbfHeaderFilterDefaultAllow } from './syscall-filter.js';
import {
  allowReadOnly,
  allowReadWrite,
  allowUserspaceReadable,
  command,
  compute,
  exitRestart,
  exitTerminate,
  FakeBoard,
  FakeDriver,
  type FakeProcess,
  type FakeStep,
  memop,
  subscribe,
  trap,
  yieldNoWait,
  yieldWait,
  yieldWaitFor,
} from './testing/index.js';

const DRIVER = 0x99;
const RAM = 0x2000_0000;
const FLASH = 0x0004_0000;
const UPCALL_FN = FLASH + 0x100;

function successU32U32(v0: number, v1: number): SyscallReturn {
  return { variant: ReturnVariant.SuccessU32U32, v0, v1 };
}

function failureU32U32(error: ErrorCode, v0: number, v1: number): SyscallReturn {
  return { variant: ReturnVariant.FailureU32U32, error, v0, v1 };
}

let board: FakeBoard;
let driver: FakeDriver;
let process: FakeProcess;

/** Runs the scripted steps to completion and returns every return value they produced. */
function run(...steps: FakeStep[]): SyscallReturn[] {
  const before = process.storedState.returns.length;
  board.runScript(process, ...steps);
  return process.storedState.returns.slice(before);
}

beforeEach(() => {
  board = new FakeBoard();
  driver = new FakeDriver(board.kernel, DRIVER, board.capabilities.memoryAllocation, {
    upcallCount: 2,
    allowReadOnlyCount: 2,
    allowReadWriteCount: 2,
  });
  board.addDriver(DRIVER, driver);
  process = board.createProcess({ packageName: 'hello' });
});

describe('process start', () => {
  it('calls _start(app start, RAM start, RAM length, app break) first', () => {
    board.run();
    expect(process.storedState.functionCalls[0]).toEqual({
      pc: FLASH + 0x41,
      argument0: FLASH + 0x40,
      argument1: RAM,
      argument2: process.memoryLength,
      argument3: RAM + 32,
    });
    expect(process.state.kind).toBe('Yielded');
  });
});

describe('process start on an arch with no initial frame (RISC-V)', () => {
  it('starts with the app break at the RAM start and lets the process claim memory', () => {
    const riscv = new FakeBoard({ initialAppBrkSize: 0 });
    const app = riscv.createProcess();
    riscv.runScript(app, memop(0, RAM + 0x400));
    expect(app.storedState.functionCalls[0]?.argument3).toBe(RAM);
    expect(app.storedState.lastReturn).toEqual({ variant: ReturnVariant.Success });
    expect(app.appBreak).toBe(RAM + 0x400);
  });
});

describe('command (class 2)', () => {
  it('returns the driver’s variant', () => {
    expect(run(command(DRIVER, 0), command(DRIVER, 1, 40, 2))).toEqual([
      { variant: ReturnVariant.Success },
      { variant: ReturnVariant.SuccessU32, v0: 42 },
    ]);
    expect(driver.log.map((entry) => entry.commandNumber)).toEqual([0, 1]);
  });

  it('answers Failure(NODEVICE) for a missing driver and NOSUPPORT for an unknown command', () => {
    expect(run(command(0x1234, 0), command(DRIVER, 77))).toEqual([
      { variant: ReturnVariant.Failure, error: ErrorCode.NODEVICE },
      { variant: ReturnVariant.Failure, error: ErrorCode.NOSUPPORT },
    ]);
  });

  it('passes every CommandReturn variant through unchanged', () => {
    const answers = [
      CommandReturn.failure(ErrorCode.BUSY),
      CommandReturn.failureU32(ErrorCode.SIZE, 7),
      CommandReturn.failureU32U32(ErrorCode.OFF, 1, 2),
      CommandReturn.failureU64(ErrorCode.FAIL, 0x1_0000_0002n),
      CommandReturn.success(),
      CommandReturn.successU32(3),
      CommandReturn.successU32U32(4, 5),
      CommandReturn.successU64(0xffff_ffff_0000_0001n),
      CommandReturn.successU32U32U32(6, 7, 8),
      CommandReturn.successU32U64(9, 0x2_0000_0003n),
    ];
    const scripted: SyscallDriver = {
      command: (commandNumber) => answers[commandNumber] ?? CommandReturn.failure(ErrorCode.NOSUPPORT),
      allocateGrant: () => ({ ok: true, value: undefined }),
    };
    board.addDriver(0x500, scripted);
    const returns = run(...answers.map((_, index) => command(0x500, index)));
    expect(returns).toEqual(answers.map((answer) => answer.value));
    const registers = process.storedState.registers;
    expect([...registers]).toEqual([ReturnVariant.SuccessU32U64, 9, 3, 2]);
  });
});

describe('subscribe (class 1)', () => {
  it('swaps upcalls: the first returns the Null Upcall, the next returns the previous one', () => {
    expect(run(subscribe(DRIVER, 0, UPCALL_FN, 11), subscribe(DRIVER, 0, UPCALL_FN + 4, 22))).toEqual([
      successU32U32(0, 0),
      successU32U32(UPCALL_FN, 11),
    ]);
  });

  it('refuses function pointers outside the process’s flash and RAM with INVAL', () => {
    const other = board.createProcess({ packageName: 'other', flashStart: FLASH + 0x400 });
    const hostile = [
      0x0000_0004, // kernel memory
      FLASH + 0x10, // the protected TBF header
      other.memoryStart, // another process's RAM
      process.kernelMemoryBreak, // this process's grant region
      0xffff_fffe, // wraps past the end of the address space
    ];
    const returns = run(...hostile.map((pointer) => subscribe(DRIVER, 0, pointer, 5)));
    expect(returns).toEqual(hostile.map((pointer) => failureU32U32(ErrorCode.INVAL, pointer, 5)));
    expect(driver.grant.iterate()).toHaveLength(0);
  });

  it('answers NODEVICE for a missing driver and NOSUPPORT past the grant’s upcalls', () => {
    expect(run(subscribe(0x4444, 0, UPCALL_FN, 1), subscribe(DRIVER, 2, UPCALL_FN, 1))).toEqual([
      failureU32U32(ErrorCode.NODEVICE, UPCALL_FN, 1),
      failureU32U32(ErrorCode.NOSUPPORT, UPCALL_FN, 1),
    ]);
  });

  it('removes queued function calls for that upcall but keeps Null-Upcall values', () => {
    const pending: number[] = [];
    const observe = () =>
      compute(() => {
        pending.push(process.pendingTasks());
        return command(DRIVER, 0);
      });
    run(
      subscribe(DRIVER, 0, UPCALL_FN, 1),
      command(DRIVER, 2, 0, 5),
      command(DRIVER, 2, 0, 6),
      observe(),
      subscribe(DRIVER, 0, UPCALL_FN + 8, 2),
      observe(),
      subscribe(DRIVER, 1, 0, 0),
      command(DRIVER, 2, 1, 9),
      subscribe(DRIVER, 1, UPCALL_FN, 0),
      compute(() => {
        pending.push(process.pendingTasks());
        expect(process.queuedTasks()).toEqual([
          {
            kind: 'ReturnValue',
            upcallId: { driverNumber: DRIVER, subscribeNumber: 1 },
            argument0: 9,
            argument1: 0,
            argument2: 0,
          },
        ]);
        return command(DRIVER, 0);
      }),
    );
    expect(pending).toEqual([2, 0, 1]);
  });
});

describe('yield (class 0)', () => {
  it('yield-wait delivers a queued upcall as a function call with appdata', () => {
    run(subscribe(DRIVER, 1, UPCALL_FN, 0xabc), command(DRIVER, 2, 1, 77), yieldWait());
    expect(process.storedState.lastFunctionCall).toEqual({
      pc: UPCALL_FN,
      argument0: 77,
      argument1: 0,
      argument2: 0,
      argument3: 0xabc,
    });
  });

  it('yield-wait drops a Null-Upcall value without waking the process', () => {
    run(subscribe(DRIVER, 0, 0, 0));
    const calls = process.storedState.functionCalls.length;
    driver.withKernelData(process.processId, (kernelData) => kernelData.scheduleUpcall(0, 1, 2, 3));
    expect(process.pendingTasks()).toBe(1);
    board.run();
    expect(process.pendingTasks()).toBe(0);
    expect(process.state.kind).toBe('Yielded');
    expect(process.storedState.functionCalls).toHaveLength(calls);
  });

  it('yield-no-wait writes 0 or 1 into the flag byte only inside process memory', () => {
    const flag = RAM + 8;
    const bytes = board.chip.ram.bytes;
    bytes[8] = 0xee;
    run(yieldNoWait(flag));
    expect(bytes[8]).toBe(0);
    run(subscribe(DRIVER, 0, UPCALL_FN, 0), command(DRIVER, 2, 0, 1), yieldNoWait(flag));
    expect(bytes[8]).toBe(1);
    expect(process.storedState.lastFunctionCall?.pc).toBe(UPCALL_FN);

    const kernelByte = process.kernelMemoryBreak - RAM;
    bytes[kernelByte] = 0x55;
    run(yieldNoWait(process.kernelMemoryBreak));
    expect(bytes[kernelByte]).toBe(0x55);
  });

  it('yield-no-wait returns no value: the process continues right after the trap', () => {
    const returns = run(yieldNoWait(0), command(DRIVER, 0));
    expect(returns).toEqual([{ variant: ReturnVariant.Success }]);
  });

  it('yield-wait-for returns the upcall’s values raw and leaves other tasks queued', () => {
    let queuedArguments: number[] = [];
    const returns = run(
      subscribe(DRIVER, 0, UPCALL_FN, 0),
      subscribe(DRIVER, 1, 0, 0),
      command(DRIVER, 2, 0, 1),
      command(DRIVER, 2, 1, 2),
      command(DRIVER, 2, 0, 3),
      yieldWaitFor(DRIVER, 1),
      compute(() => {
        queuedArguments = process
          .queuedTasks()
          .map((task) => (task.kind === 'FunctionCall' ? task.argument0 : -1));
        return command(DRIVER, 0);
      }),
    );
    expect(returns[5]).toEqual({ variant: 'YieldWaitFor', a: 2, b: 0, c: 0 });
    expect(queuedArguments).toEqual([1, 3]);
  });

  it('yield-wait-for waits until the matching upcall arrives', () => {
    run(subscribe(DRIVER, 0, UPCALL_FN, 0), yieldWaitFor(DRIVER, 0));
    expect(process.state).toEqual({
      kind: 'YieldedFor',
      upcallId: { driverNumber: DRIVER, subscribeNumber: 0 },
    });
    expect(process.ready()).toBe(false);
    driver.withKernelData(process.processId, (kernelData) => kernelData.scheduleUpcall(0, 4, 5, 6));
    expect(process.ready()).toBe(true);
    board.run();
    expect(process.storedState.lastReturn).toEqual({ variant: 'YieldWaitFor', a: 4, b: 5, c: 6 });
  });

  it('an unknown yield number or syscall class faults the process', () => {
    run(trap(0, 3));
    expect(process.state.kind).toBe('Faulted');
    const second = board.createProcess({ packageName: 'second', flashStart: FLASH + 0x400 });
    second.storedState.push(trap(8, 0));
    board.run();
    expect(second.state.kind).toBe('Faulted');
  });
});

describe('allow (classes 3, 4, 7)', () => {
  const heap = RAM + 0x100;

  beforeEach(() => {
    run(memop(0, RAM + 0x400));
  });

  it('read-write allow swaps buffers and gives capsules a live view', () => {
    expect(run(allowReadWrite(DRIVER, 0, heap, 16), allowReadWrite(DRIVER, 0, heap + 32, 8))).toEqual([
      successU32U32(0, 0),
      successU32U32(heap, 16),
    ]);
    const written = driver.withKernelData(process.processId, (kernelData) => {
      const buffer = kernelData.getReadWriteProcessBuffer(0);
      if (!buffer.ok) throw new Error('no buffer');
      return buffer.value.mutEnter((slice) => {
        slice.copyFromSlice(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]));
        return slice.length;
      });
    });
    expect(written).toEqual({ ok: true, value: { ok: true, value: 8 } });
    expect([...board.chip.ram.bytes.subarray(0x120, 0x128)]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('refuses hostile ranges with INVAL and echoes them back', () => {
    const other = board.createProcess({ packageName: 'other', flashStart: FLASH + 0x400 });
    const hostile: [number, number][] = [
      [0x1000, 16], // kernel RAM / unmapped
      [process.appBreak - 4, 8], // runs past the app break
      [process.kernelMemoryBreak, 4], // the grant region
      [other.memoryStart, 4], // another process
      [0xffff_fff0, 0x20], // wraps around the address space
      [heap, 0xffff_ffff], // absurd length
      [FLASH + 0x40, 4], // flash is not writable
    ];
    const returns = run(...hostile.map(([address, size]) => allowReadWrite(DRIVER, 0, address, size)));
    expect(returns).toEqual(hostile.map(([address, size]) => failureU32U32(ErrorCode.INVAL, address, size)));
  });

  it('accepts a zero-length buffer at any address', () => {
    expect(run(allowReadWrite(DRIVER, 1, 0xdead_beef, 0), allowReadOnly(DRIVER, 1, 4, 0))).toEqual([
      successU32U32(0, 0),
      successU32U32(0, 0),
    ]);
  });

  it('answers NOSUPPORT past the grant’s allows and NODEVICE for a missing driver', () => {
    expect(run(allowReadWrite(DRIVER, 2, heap, 4), allowReadOnly(0x777, 0, heap, 4))).toEqual([
      failureU32U32(ErrorCode.NOSUPPORT, heap, 4),
      failureU32U32(ErrorCode.NODEVICE, heap, 4),
    ]);
  });

  it('read-only allow accepts non-protected flash but not the TBF header', () => {
    board.chip.flash.bytes.set([9, 8, 7], 0x40);
    expect(run(allowReadOnly(DRIVER, 0, FLASH + 0x40, 3), allowReadOnly(DRIVER, 1, FLASH + 0x3c, 8))).toEqual(
      [successU32U32(0, 0), failureU32U32(ErrorCode.INVAL, FLASH + 0x3c, 8)],
    );
    const seen = driver.withKernelData(process.processId, (kernelData) => {
      const buffer = kernelData.getReadOnlyProcessBuffer(0);
      if (!buffer.ok) throw new Error('no buffer');
      return buffer.value.enter((slice) => [slice.get(0), slice.get(1), slice.get(2)]);
    });
    expect(seen).toEqual({ ok: true, value: { ok: true, value: [9, 8, 7] } });
  });

  it('raises the allow high-water mark so brk cannot drop below an allowed buffer', () => {
    run(allowReadWrite(DRIVER, 0, heap, 0x100));
    expect(process.allowHighWaterMark).toBe(heap + 0x100);
    expect(run(memop(0, heap + 0x80), memop(0, heap + 0x100))).toEqual([
      { variant: ReturnVariant.Failure, error: ErrorCode.NOMEM },
      { variant: ReturnVariant.Success },
    ]);
  });

  it('userspace-readable allow goes to the driver, which keeps it', () => {
    expect(
      run(allowUserspaceReadable(DRIVER, 0, heap, 8), allowUserspaceReadable(DRIVER, 0, heap + 8, 8)),
    ).toEqual([successU32U32(0, 0), successU32U32(heap, 8)]);
    expect(run(allowUserspaceReadable(DRIVER, 1, heap, 8))).toEqual([
      failureU32U32(ErrorCode.NOSUPPORT, heap, 8),
    ]);
    const plain: SyscallDriver = {
      command: () => CommandReturn.success(),
      allocateGrant: () => ({ ok: true, value: undefined }),
    };
    board.addDriver(0x600, plain);
    expect(run(allowUserspaceReadable(0x600, 0, heap, 8))).toEqual([
      failureU32U32(ErrorCode.NOSUPPORT, heap, 8),
    ]);
  });
});

describe('memop (class 5)', () => {
  it('answers every operation with upstream’s variant', () => {
    board = new FakeBoard();
    process = board.createProcess({ writeableFlashRegions: [{ offset: 0x200, size: 0x100 }] });
    const returns = run(
      memop(0, RAM + 0x800), // brk
      memop(1, 0x10), // sbrk returns the old break
      memop(1, -0x20 >>> 0),
      memop(2),
      memop(3),
      memop(4),
      memop(5),
      memop(6),
      memop(7),
      memop(8, 0),
      memop(9, 0),
      memop(8, 1),
      memop(10, RAM + 0x100),
      memop(11, RAM + 0x200),
      memop(12),
      memop(0, process.memoryEnd + 4), // past the block
      memop(0, RAM + 0x10_0000),
    );
    const u32 = (v0: number): SyscallReturn => ({ variant: ReturnVariant.SuccessU32, v0 });
    expect(returns).toEqual([
      { variant: ReturnVariant.Success },
      u32(RAM + 0x800),
      u32(RAM + 0x810),
      u32(RAM),
      u32(process.memoryEnd),
      u32(FLASH),
      u32(FLASH + 0x400),
      u32(process.kernelMemoryBreak),
      u32(1),
      u32(FLASH + 0x200),
      u32(FLASH + 0x300),
      { variant: ReturnVariant.Failure, error: ErrorCode.FAIL },
      { variant: ReturnVariant.Success },
      { variant: ReturnVariant.Success },
      { variant: ReturnVariant.Failure, error: ErrorCode.NOSUPPORT },
      { variant: ReturnVariant.Failure, error: ErrorCode.NOMEM },
      { variant: ReturnVariant.Failure, error: ErrorCode.NOMEM },
    ]);
    expect(process.appBreak).toBe(RAM + 0x7f0);
  });

  it('brk zeroes newly accessible memory and refuses to reach the grant region', () => {
    board.chip.ram.bytes.fill(0xaa, 0x20, 0x100);
    run(memop(0, RAM + 0x100));
    expect(board.chip.ram.bytes.subarray(0x20, 0x100).every((byte) => byte === 0)).toBe(true);
    expect(run(memop(0, process.kernelMemoryBreak + 1))).toEqual([
      { variant: ReturnVariant.Failure, error: ErrorCode.NOMEM },
    ]);
    expect(run(memop(0, process.kernelMemoryBreak))).toEqual([{ variant: ReturnVariant.Success }]);
  });

  it('shrinking brk under the stack makes the next return unwritable, which faults', () => {
    run(memop(0, RAM));
    expect(process.state.kind).toBe('Faulted');
  });
});

describe('exit (class 6)', () => {
  it('exit-terminate stores the completion code and drops grants', () => {
    run(subscribe(DRIVER, 0, UPCALL_FN, 0), exitTerminate(42));
    expect(process.state.kind).toBe('Terminated');
    expect(process.completionCode).toEqual({ code: 42 });
    expect(driver.grant.iterate()).toHaveLength(0);
  });

  it('exit-restart gives a new id, re-runs _start and counts the restart', () => {
    board.run();
    const oldId = process.processId;
    run(subscribe(DRIVER, 0, UPCALL_FN, 0), exitRestart(3));
    expect(process.processId.identifier).not.toBe(oldId.identifier);
    expect(process.processId.index).toBe(oldId.index);
    expect(board.kernel.getProcess(oldId)).toBeUndefined();
    expect(process.restartCount).toBe(1);
    expect(process.completionCode).toEqual({ code: 3 });
    expect(process.storedState.functionCalls.filter((call) => call.pc === FLASH + 0x41)).toHaveLength(2);
    expect(process.storedState.initializations).toBe(2);
    expect(run(subscribe(DRIVER, 0, UPCALL_FN + 4, 0))).toEqual([successU32U32(0, 0)]);
  });

  it('another exit number returns Failure(NOSUPPORT)', () => {
    expect(run(trap(6, 2, 0))).toEqual([{ variant: ReturnVariant.Failure, error: ErrorCode.NOSUPPORT }]);
  });
});

describe('syscall filter', () => {
  it('applies the Permissions TLV to commands, subscribe and allows but never to memop', () => {
    board = new FakeBoard({ syscallFilter: new TbfHeaderFilterDefaultAllow() });
    driver = new FakeDriver(board.kernel, DRIVER, board.capabilities.memoryAllocation);
    board.addDriver(DRIVER, driver);
    process = board.createProcess({
      permissions: [
        { driverNumber: DRIVER, offset: 0, low: 0b10, high: 0 },
        { driverNumber: DRIVER, offset: 1, low: 0, high: 1 },
      ],
    });
    const returns = run(
      command(DRIVER, 1, 1, 1),
      command(DRIVER, 0),
      command(DRIVER, 96),
      command(0x1234, 0),
      subscribe(0x1234, 0, 0, 0),
      subscribe(DRIVER, 0, 0, 0),
      memop(2),
    );
    expect(returns).toEqual([
      { variant: ReturnVariant.SuccessU32, v0: 2 },
      { variant: ReturnVariant.Failure, error: ErrorCode.NODEVICE },
      { variant: ReturnVariant.Failure, error: ErrorCode.NOSUPPORT },
      { variant: ReturnVariant.Failure, error: ErrorCode.NODEVICE },
      { variant: ReturnVariant.Failure, error: ErrorCode.NODEVICE },
      successU32U32(0, 0),
      { variant: ReturnVariant.SuccessU32, v0: RAM },
    ]);
  });
});

describe('upcall queue', () => {
  it('holds 10 tasks; the 11th is dropped and counted', () => {
    run(subscribe(DRIVER, 0, UPCALL_FN, 0));
    const results: boolean[] = [];
    for (let i = 0; i < 11; i++) {
      const scheduled = driver.withKernelData(process.processId, (kernelData) =>
        kernelData.scheduleUpcall(0, i, 0, 0),
      );
      results.push(scheduled.ok && scheduled.value.ok);
    }
    expect(results.filter(Boolean)).toHaveLength(10);
    expect(process.droppedUpcallCount).toBe(1);
    expect(
      driver.withKernelData(process.processId, (kernelData) => kernelData.scheduleUpcall(0, 0, 0, 0)),
    ).toEqual({ ok: true, value: { ok: false, error: 'QueueFull' } });
    expect(
      driver.withKernelData(process.processId, (kernelData) => kernelData.scheduleUpcall(5, 0, 0, 0)),
    ).toEqual({ ok: true, value: { ok: false, error: 'InvalidSubscribeNum' } });
  });

  it('delivers the upcall computed from what the process saw', () => {
    const seen: number[] = [];
    run(
      command(DRIVER, 1, 5, 6),
      compute((state) => {
        const last = state.lastReturn;
        seen.push(last?.variant === ReturnVariant.SuccessU32 ? last.v0 : -1);
        return command(DRIVER, 0);
      }),
    );
    expect(seen).toEqual([11]);
  });
});
