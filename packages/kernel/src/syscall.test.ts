/** Tests for TRD104 syscall decoding and return-value encoding. */
import { ErrorCode } from '@tock-ts/hil';
import { describe, expect, it } from 'vitest';
import { decodeSyscall, encodeSyscallReturn, ReturnVariant, SyscallClass, YieldCall } from './syscall.js';

describe('decodeSyscall', () => {
  it('decodes every class with its argument meaning', () => {
    expect(decodeSyscall(0, 2, 0x8, 1, 0)).toEqual({
      class: SyscallClass.Yield,
      which: YieldCall.WaitFor,
      paramA: 8,
      paramB: 1,
    });
    expect(decodeSyscall(1, 0, 1, 0x1001, 7)).toMatchObject({
      driverNumber: 0,
      upcallPtr: 0x1001,
      appdata: 7,
    });
    expect(decodeSyscall(2, 1, 1, 0xffffffff, 2)).toMatchObject({ subdriverNumber: 1, arg0: 0xffffffff });
    for (const cls of [3, 4, 7]) {
      expect(decodeSyscall(cls, 1, 2, 0x20000000, 16)).toMatchObject({ class: cls, allowSize: 16 });
    }
    expect(decodeSyscall(5, 1, -4 >>> 0, 0, 0)).toEqual({
      class: SyscallClass.Memop,
      operand: 1,
      arg0: 0xfffffffc,
    });
    expect(decodeSyscall(6, 1, 42, 0, 0)).toEqual({ class: SyscallClass.Exit, which: 1, completionCode: 42 });
  });

  it('refuses unknown classes and yield numbers, so the process faults', () => {
    expect(decodeSyscall(8, 0, 0, 0, 0)).toBeUndefined();
    expect(decodeSyscall(255, 0, 0, 0, 0)).toBeUndefined();
    expect(decodeSyscall(0, 3, 0, 0, 0)).toBeUndefined();
  });
});

describe('encodeSyscallReturn', () => {
  it('writes the variant and values, leaving unused registers alone', () => {
    const regs = new Uint32Array([9, 9, 9, 9]);
    encodeSyscallReturn({ variant: ReturnVariant.Failure, error: ErrorCode.NODEVICE }, regs);
    expect([...regs]).toEqual([0, 11, 9, 9]);
    encodeSyscallReturn({ variant: ReturnVariant.SuccessU32U32U32, v0: 1, v1: 2, v2: 3 }, regs);
    expect([...regs]).toEqual([132, 1, 2, 3]);
    encodeSyscallReturn({ variant: ReturnVariant.SuccessU64, low: 0xdeadbeef, high: 0x1 }, regs);
    expect([...regs]).toEqual([131, 0xdeadbeef, 1, 3]);
    encodeSyscallReturn(
      { variant: ReturnVariant.FailureU32U32, error: ErrorCode.INVAL, v0: 0x10, v1: 4 },
      regs,
    );
    expect([...regs]).toEqual([2, 6, 0x10, 4]);
  });

  it('writes yield-wait-for results raw, with no variant number', () => {
    const regs = new Uint32Array([0, 0, 0, 77]);
    encodeSyscallReturn({ variant: 'YieldWaitFor', a: 5, b: 6, c: 7 }, regs);
    expect([...regs]).toEqual([5, 6, 7, 77]);
  });
});
