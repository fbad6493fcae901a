// CommandReturn: each named constructor yields exactly its TRD104 variant with u32 words.
import { ErrorCode } from '@tock-ts/hil';
import { describe, expect, it } from 'vitest';
import { ReturnVariant } from './syscall.js';
import { CommandReturn } from './syscall-driver.js';

describe('CommandReturn', () => {
  it('builds each variant with unsigned 32-bit values', () => {
    expect(CommandReturn.failure(ErrorCode.BUSY).value).toEqual({
      variant: ReturnVariant.Failure,
      error: ErrorCode.BUSY,
    });
    expect(CommandReturn.failureU32(ErrorCode.SIZE, -1).value).toEqual({
      variant: ReturnVariant.FailureU32,
      error: ErrorCode.SIZE,
      v0: 0xffff_ffff,
    });
    expect(CommandReturn.failureU64(ErrorCode.FAIL, -1n).value).toEqual({
      variant: ReturnVariant.FailureU64,
      error: ErrorCode.FAIL,
      low: 0xffff_ffff,
      high: 0xffff_ffff,
    });
    expect(CommandReturn.successU64(0x1234_5678_9abc_def0n).value).toEqual({
      variant: ReturnVariant.SuccessU64,
      low: 0x9abc_def0,
      high: 0x1234_5678,
    });
    expect(CommandReturn.successU32U32U32(1, 2, 3).value).toEqual({
      variant: ReturnVariant.SuccessU32U32U32,
      v0: 1,
      v1: 2,
      v2: 3,
    });
    expect(CommandReturn.successU32U64(7, 1n << 32n).value).toEqual({
      variant: ReturnVariant.SuccessU32U64,
      v0: 7,
      low: 0,
      high: 1,
    });
  });

  it('tells success from failure and converts a Result', () => {
    expect(CommandReturn.success().isSuccess()).toBe(true);
    expect(CommandReturn.failureU32U32(ErrorCode.OFF, 1, 2).isSuccess()).toBe(false);
    expect(CommandReturn.fromResult({ ok: false, error: ErrorCode.NOMEM }).value).toEqual({
      variant: ReturnVariant.Failure,
      error: ErrorCode.NOMEM,
    });
    expect(CommandReturn.fromResult({ ok: true, value: undefined }).value).toEqual({
      variant: ReturnVariant.Success,
    });
  });
});
