/**
 * The interface every capsule that userspace can reach implements (upstream
 * `kernel/src/syscall_driver.rs`), and `CommandReturn`, the value a command answers with.
 *
 * Subscribe and the read-only / read-write allows never reach the driver: the kernel keeps those
 * in the driver's grant. Commands go to `command`; userspace-readable allows go to
 * `allowUserspaceReadable`, which the driver keeps itself.
 */
import type { ErrorCode, Result } from '@tock-ts/hil';
import type { ReadWriteProcessBuffer } from './process-buffer.js';
import type { ProcessId } from './process-id.js';
import type { ProcessError } from './process-types.js';
import { ReturnVariant, type SyscallReturn } from './syscall.js';

const U32_MASK = 0xffff_ffffn;

function lowWord(value: bigint): number {
  return Number(BigInt.asUintN(64, value) & U32_MASK);
}

function highWord(value: bigint): number {
  return Number((BigInt.asUintN(64, value) >> 32n) & U32_MASK);
}

/**
 * A command's answer. Built only through the named constructors, so each carries exactly one
 * TRD104 variant with its values as unsigned 32-bit words.
 */
export class CommandReturn {
  /** The return value the kernel hands the process. */
  readonly value: SyscallReturn;

  private constructor(value: SyscallReturn) {
    this.value = value;
  }

  /** `Failure(error)`. */
  static failure(error: ErrorCode): CommandReturn {
    return new CommandReturn({ variant: ReturnVariant.Failure, error });
  }

  /** `FailureU32(error, v0)`. */
  static failureU32(error: ErrorCode, v0: number): CommandReturn {
    return new CommandReturn({ variant: ReturnVariant.FailureU32, error, v0: v0 >>> 0 });
  }

  /** `FailureU32U32(error, v0, v1)`. */
  static failureU32U32(error: ErrorCode, v0: number, v1: number): CommandReturn {
    return new CommandReturn({ variant: ReturnVariant.FailureU32U32, error, v0: v0 >>> 0, v1: v1 >>> 0 });
  }

  /** `FailureU64(error, value)`. */
  static failureU64(error: ErrorCode, value: bigint): CommandReturn {
    return new CommandReturn({
      variant: ReturnVariant.FailureU64,
      error,
      low: lowWord(value),
      high: highWord(value),
    });
  }

  /** `Success`. */
  static success(): CommandReturn {
    return new CommandReturn({ variant: ReturnVariant.Success });
  }

  /** `SuccessU32(v0)`. */
  static successU32(v0: number): CommandReturn {
    return new CommandReturn({ variant: ReturnVariant.SuccessU32, v0: v0 >>> 0 });
  }

  /** `SuccessU32U32(v0, v1)`. */
  static successU32U32(v0: number, v1: number): CommandReturn {
    return new CommandReturn({ variant: ReturnVariant.SuccessU32U32, v0: v0 >>> 0, v1: v1 >>> 0 });
  }

  /** `SuccessU64(value)`. */
  static successU64(value: bigint): CommandReturn {
    return new CommandReturn({
      variant: ReturnVariant.SuccessU64,
      low: lowWord(value),
      high: highWord(value),
    });
  }

  /** `SuccessU32U32U32(v0, v1, v2)`. */
  static successU32U32U32(v0: number, v1: number, v2: number): CommandReturn {
    return new CommandReturn({
      variant: ReturnVariant.SuccessU32U32U32,
      v0: v0 >>> 0,
      v1: v1 >>> 0,
      v2: v2 >>> 0,
    });
  }

  /** `SuccessU32U64(v0, value)`. */
  static successU32U64(v0: number, value: bigint): CommandReturn {
    return new CommandReturn({
      variant: ReturnVariant.SuccessU32U64,
      v0: v0 >>> 0,
      low: lowWord(value),
      high: highWord(value),
    });
  }

  /** `Success` for `Ok`, `Failure(error)` for `Err` (upstream `From<Result<(), ErrorCode>>`). */
  static fromResult(result: Result<void, ErrorCode>): CommandReturn {
    return result.ok ? CommandReturn.success() : CommandReturn.failure(result.error);
  }

  /** True for the success variants. */
  isSuccess(): boolean {
    return this.value.variant !== 'YieldWaitFor' && this.value.variant >= ReturnVariant.Success;
  }
}

/** A driver's refusal of a userspace-readable allow, handing the buffer back. */
export interface AllowUserspaceReadableError {
  readonly error: ErrorCode;
  readonly buffer: ReadWriteProcessBuffer;
}

/** A capsule userspace can call (upstream `SyscallDriver`). */
export interface SyscallDriver {
  /**
   * Runs command `commandNumber` for `processId`. Command 0 answers whether the driver exists;
   * unknown numbers answer `Failure(NOSUPPORT)` by convention.
   */
  command(commandNumber: number, arg0: number, arg1: number, processId: ProcessId): CommandReturn;

  /**
   * Allocates this driver's grant for `processId`, usually `grant.enter(pid, () => {})`. The kernel
   * calls it the first time the process subscribes or allows to this driver.
   */
  allocateGrant(processId: ProcessId): Result<void, ProcessError>;

  /**
   * Takes a userspace-readable buffer and returns the one it replaces. Drivers without such
   * buffers leave it out; the kernel then answers NOSUPPORT.
   */
  allowUserspaceReadable?(
    processId: ProcessId,
    allowNumber: number,
    buffer: ReadWriteProcessBuffer,
  ): Result<ReadWriteProcessBuffer, AllowUserspaceReadableError>;
}

/** The driver-number switch a board provides (upstream `SyscallDriverLookup::with_driver`). */
export interface SyscallDriverLookup {
  /** The driver for `driverNumber`, or `undefined` (the kernel then answers NODEVICE). */
  withDriver(driverNumber: number): SyscallDriver | undefined;
}
