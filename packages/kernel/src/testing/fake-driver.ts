/**
 * A syscall driver for kernel tests: a grant with configurable upcall and allow slots, a log of
 * commands, and hooks to schedule upcalls and read or write allowed buffers from the test.
 */
import { ErrorCode, err, errorCodeFromNumber, ok, type Result } from '@tock-ts/hil';
import type { MemoryAllocationCapability } from '../capabilities.js';
import type { Grant, GrantKernelData } from '../grant.js';
import type { Kernel } from '../kernel.js';
import { ReadWriteProcessBuffer } from '../process-buffer.js';
import type { ProcessId } from '../process-id.js';
import type { ProcessError } from '../process-types.js';
import { type AllowUserspaceReadableError, CommandReturn, type SyscallDriver } from '../syscall-driver.js';

/** Slot counts of the fake driver's grant. */
export interface FakeDriverOptions {
  readonly upcallCount?: number;
  readonly allowReadOnlyCount?: number;
  readonly allowReadWriteCount?: number;
  /** Bytes of grant data charged per process. */
  readonly dataSize?: number;
}

/** Per-process data of the fake driver: how many commands the process made. */
export interface FakeDriverData {
  commands: number;
}

/**
 * Commands: 0 exists → Success; 1 → SuccessU32(arg0 + arg1); 2 → schedules upcall arg0 with
 * (arg1, 0, 0) → Success or Failure(FAIL); 3 → Failure(arg0 as error); anything else NOSUPPORT.
 */
export class FakeDriver implements SyscallDriver {
  readonly grant: Grant<FakeDriverData>;
  /** Every command received: number, arguments and caller. */
  readonly log: { commandNumber: number; arg0: number; arg1: number; processId: ProcessId }[] = [];
  /** Userspace-readable buffers the driver keeps, per process identifier. */
  readonly userspaceReadable = new Map<number, ReadWriteProcessBuffer>();

  constructor(
    kernel: Kernel,
    readonly driverNumber: number,
    capability: MemoryAllocationCapability,
    options: FakeDriverOptions = {},
  ) {
    this.grant = kernel.createGrant<FakeDriverData>(
      driverNumber,
      {
        upcallCount: options.upcallCount ?? 2,
        allowReadOnlyCount: options.allowReadOnlyCount ?? 2,
        allowReadWriteCount: options.allowReadWriteCount ?? 2,
        dataSize: options.dataSize ?? 4,
        dataAlignment: 4,
        createData: () => ({ commands: 0 }),
      },
      capability,
    );
  }

  command(commandNumber: number, arg0: number, arg1: number, processId: ProcessId): CommandReturn {
    this.log.push({ commandNumber, arg0, arg1, processId });
    this.grant.enter(processId, (data) => {
      data.commands += 1;
    });
    switch (commandNumber) {
      case 0:
        return CommandReturn.success();
      case 1:
        return CommandReturn.successU32((arg0 + arg1) >>> 0);
      case 2: {
        const scheduled = this.grant.enter(processId, (_data, kernelData) =>
          kernelData.scheduleUpcall(arg0, arg1, 0, 0),
        );
        return scheduled.ok && scheduled.value.ok
          ? CommandReturn.success()
          : CommandReturn.failure(ErrorCode.FAIL);
      }
      case 3:
        return CommandReturn.failure(errorCodeFromNumber(arg0) ?? ErrorCode.FAIL);
      default:
        return CommandReturn.failure(ErrorCode.NOSUPPORT);
    }
  }

  allocateGrant(processId: ProcessId): Result<void, ProcessError> {
    return this.grant.enter(processId, () => undefined);
  }

  /** Keeps userspace-readable buffer 0 per process; other numbers are refused with NOSUPPORT. */
  allowUserspaceReadable(
    processId: ProcessId,
    allowNumber: number,
    buffer: ReadWriteProcessBuffer,
  ): Result<ReadWriteProcessBuffer, AllowUserspaceReadableError> {
    if (allowNumber !== 0) return err({ error: ErrorCode.NOSUPPORT, buffer });
    const old = this.userspaceReadable.get(processId.identifier) ?? ReadWriteProcessBuffer.empty();
    this.userspaceReadable.set(processId.identifier, buffer);
    return ok(old);
  }

  /** Runs `fn` inside `processId`'s grant (for tests that schedule upcalls or read buffers). */
  withKernelData<R>(processId: ProcessId, fn: (kernelData: GrantKernelData) => R): Result<R, ProcessError> {
    return this.grant.enter(processId, (_data, kernelData) => fn(kernelData));
  }
}
