/**
 * The TRD104 system call ABI as the kernel sees it: decoded syscalls and the return values the
 * arch boundary encodes back into registers.
 *
 * Mirrors upstream `kernel/src/syscall.rs`. The arch package decodes trapped registers into a
 * `Syscall` (or reports a fault for an unknown class or yield number) and encodes a
 * `SyscallReturn` into r0–r3 / a0–a3 with `encodeSyscallReturn`.
 */
import type { ErrorCode } from '@tock-ts/hil';

/** Syscall class numbers (the `svc` immediate on Cortex-M, a4 on RISC-V). */
export enum SyscallClass {
  Yield = 0,
  Subscribe = 1,
  Command = 2,
  ReadWriteAllow = 3,
  ReadOnlyAllow = 4,
  Memop = 5,
  Exit = 6,
  UserspaceReadableAllow = 7,
}

/** Yield variants (r0 of a yield). */
export enum YieldCall {
  NoWait = 0,
  Wait = 1,
  WaitFor = 2,
}

/** A decoded system call. Every number is an unsigned 32-bit value. */
export type Syscall =
  | {
      readonly class: SyscallClass.Yield;
      readonly which: YieldCall;
      readonly paramA: number;
      readonly paramB: number;
    }
  | {
      readonly class: SyscallClass.Subscribe;
      readonly driverNumber: number;
      readonly subdriverNumber: number;
      readonly upcallPtr: number;
      readonly appdata: number;
    }
  | {
      readonly class: SyscallClass.Command;
      readonly driverNumber: number;
      readonly subdriverNumber: number;
      readonly arg0: number;
      readonly arg1: number;
    }
  | {
      readonly class:
        | SyscallClass.ReadWriteAllow
        | SyscallClass.ReadOnlyAllow
        | SyscallClass.UserspaceReadableAllow;
      readonly driverNumber: number;
      readonly subdriverNumber: number;
      readonly allowAddress: number;
      readonly allowSize: number;
    }
  | { readonly class: SyscallClass.Memop; readonly operand: number; readonly arg0: number }
  | { readonly class: SyscallClass.Exit; readonly which: number; readonly completionCode: number };

/**
 * Decodes trapped registers into a syscall, as upstream `syscall_from_register_arguments_trd104`.
 * Returns `undefined` for an unknown class or yield number: the caller reports a fault.
 */
export function decodeSyscall(
  classId: number,
  r0: number,
  r1: number,
  r2: number,
  r3: number,
): Syscall | undefined {
  switch (classId) {
    case SyscallClass.Yield:
      if (r0 > YieldCall.WaitFor) return undefined;
      return { class: SyscallClass.Yield, which: r0 as YieldCall, paramA: r1 >>> 0, paramB: r2 >>> 0 };
    case SyscallClass.Subscribe:
      return {
        class: classId,
        driverNumber: r0 >>> 0,
        subdriverNumber: r1 >>> 0,
        upcallPtr: r2 >>> 0,
        appdata: r3 >>> 0,
      };
    case SyscallClass.Command:
      return {
        class: classId,
        driverNumber: r0 >>> 0,
        subdriverNumber: r1 >>> 0,
        arg0: r2 >>> 0,
        arg1: r3 >>> 0,
      };
    case SyscallClass.ReadWriteAllow:
    case SyscallClass.ReadOnlyAllow:
    case SyscallClass.UserspaceReadableAllow:
      return {
        class: classId,
        driverNumber: r0 >>> 0,
        subdriverNumber: r1 >>> 0,
        allowAddress: r2 >>> 0,
        allowSize: r3 >>> 0,
      };
    case SyscallClass.Memop:
      return { class: SyscallClass.Memop, operand: r0 >>> 0, arg0: r1 >>> 0 };
    case SyscallClass.Exit:
      return { class: SyscallClass.Exit, which: r0 >>> 0, completionCode: r1 >>> 0 };
    default:
      return undefined;
  }
}

/** TRD104 return variant numbers, written to r0 / a0. */
export enum ReturnVariant {
  Failure = 0,
  FailureU32 = 1,
  FailureU32U32 = 2,
  FailureU64 = 3,
  Success = 128,
  SuccessU32 = 129,
  SuccessU32U32 = 130,
  SuccessU64 = 131,
  SuccessU32U32U32 = 132,
  SuccessU32U64 = 133,
}

/**
 * A syscall's result before encoding. 64-bit values are carried as `bigint`-free (low, high)
 * word pairs. `YieldWaitFor` is written raw into r0–r2 with no variant number.
 */
export type SyscallReturn =
  | { readonly variant: ReturnVariant.Failure; readonly error: ErrorCode }
  | { readonly variant: ReturnVariant.FailureU32; readonly error: ErrorCode; readonly v0: number }
  | {
      readonly variant: ReturnVariant.FailureU32U32;
      readonly error: ErrorCode;
      readonly v0: number;
      readonly v1: number;
    }
  | {
      readonly variant: ReturnVariant.FailureU64;
      readonly error: ErrorCode;
      readonly low: number;
      readonly high: number;
    }
  | { readonly variant: ReturnVariant.Success }
  | { readonly variant: ReturnVariant.SuccessU32; readonly v0: number }
  | { readonly variant: ReturnVariant.SuccessU32U32; readonly v0: number; readonly v1: number }
  | { readonly variant: ReturnVariant.SuccessU64; readonly low: number; readonly high: number }
  | {
      readonly variant: ReturnVariant.SuccessU32U32U32;
      readonly v0: number;
      readonly v1: number;
      readonly v2: number;
    }
  | {
      readonly variant: ReturnVariant.SuccessU32U64;
      readonly v0: number;
      readonly low: number;
      readonly high: number;
    }
  | { readonly variant: 'YieldWaitFor'; readonly a: number; readonly b: number; readonly c: number };

/**
 * Encodes a return value into the four return registers, as upstream
 * `encode_syscall_return_trd104`. Registers the variant does not use keep their value in `out`.
 */
export function encodeSyscallReturn(ret: SyscallReturn, out: Uint32Array): void {
  switch (ret.variant) {
    case 'YieldWaitFor':
      out[0] = ret.a;
      out[1] = ret.b;
      out[2] = ret.c;
      return;
    case ReturnVariant.Failure:
      out[0] = ret.variant;
      out[1] = ret.error;
      return;
    case ReturnVariant.FailureU32:
      out[0] = ret.variant;
      out[1] = ret.error;
      out[2] = ret.v0;
      return;
    case ReturnVariant.FailureU32U32:
      out[0] = ret.variant;
      out[1] = ret.error;
      out[2] = ret.v0;
      out[3] = ret.v1;
      return;
    case ReturnVariant.FailureU64:
      out[0] = ret.variant;
      out[1] = ret.error;
      out[2] = ret.low;
      out[3] = ret.high;
      return;
    case ReturnVariant.Success:
      out[0] = ret.variant;
      return;
    case ReturnVariant.SuccessU32:
      out[0] = ret.variant;
      out[1] = ret.v0;
      return;
    case ReturnVariant.SuccessU32U32:
      out[0] = ret.variant;
      out[1] = ret.v0;
      out[2] = ret.v1;
      return;
    case ReturnVariant.SuccessU64:
      out[0] = ret.variant;
      out[1] = ret.low;
      out[2] = ret.high;
      return;
    case ReturnVariant.SuccessU32U32U32:
      out[0] = ret.variant;
      out[1] = ret.v0;
      out[2] = ret.v1;
      out[3] = ret.v2;
      return;
    case ReturnVariant.SuccessU32U64:
      out[0] = ret.variant;
      out[1] = ret.v0;
      out[2] = ret.low;
      out[3] = ret.high;
      return;
  }
}
