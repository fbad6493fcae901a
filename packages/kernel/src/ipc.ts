/**
 * Inter-process communication (upstream `kernel/src/ipc.rs`), driver number 0x10000.
 *
 * A client finds a service by package name (command 1 with the name allowed read-only in slot
 * 0), then notifies it (command 2). A service notifies a client back (command 3). Processes
 * are named by their slot index. A process shares memory with another by allowing a
 * read-write buffer in slot `other's index`; when the other side is notified, the kernel adds
 * that buffer to the notified process's MPU configuration so it can use it directly, and passes
 * its address and length in the upcall.
 *
 * | command | arguments        | returns                                         |
 * |---------|------------------|-------------------------------------------------|
 * | 0       |                  | Success                                         |
 * | 1       |                  | SuccessU32(index) of the process named in RO 0; NODEVICE if none, INVAL without a name, NOMEM without grant memory |
 * | 2       | service index    | Success; INVAL for no such process              |
 * | 3       | client index     | Success; INVAL for no such process              |
 *
 * Upcalls: a service gets upcall `its own index` with (client index, buffer length, buffer
 * address); a client gets upcall `service index` with (service index, length, address).
 */
import { ErrorCode, err, type Result } from '@tock-ts/hil';
import type { MemoryAllocationCapability } from './capabilities.js';
import type { Grant } from './grant.js';
import type { IpcUpcallDelivery, Kernel } from './kernel.js';
import type { ProcessId } from './process-id.js';
import { IpcUpcallType, ProcessError } from './process-types.js';
import { CommandReturn, type SyscallDriver } from './syscall-driver.js';
import { utf8Bytes } from './utf8.js';

/** The IPC driver number (upstream `ipc::DRIVER_NUM`). */
export const IPC_DRIVER_NUMBER = 0x10000;

/** Read-only allow slot holding the package name to discover. */
export const IPC_ALLOW_READ_ONLY_SEARCH = 0;

/** The IPC capsule: discovery, notification and shared buffers. */
export class Ipc implements SyscallDriver, IpcUpcallDelivery {
  readonly #grant: Grant<Record<string, never>>;

  /** IPC for a kernel with `kernel.processSlotCount` slots; created at board setup. */
  constructor(
    private readonly kernel: Kernel,
    capability: MemoryAllocationCapability,
  ) {
    const slots = kernel.processSlotCount;
    this.#grant = kernel.createGrant(
      IPC_DRIVER_NUMBER,
      {
        upcallCount: slots,
        allowReadOnlyCount: 1,
        allowReadWriteCount: slots,
        dataSize: 0,
        dataAlignment: 1,
        createData: () => ({}),
      },
      capability,
    );
  }

  command(commandNumber: number, arg0: number, _arg1: number, processId: ProcessId): CommandReturn {
    switch (commandNumber) {
      case 0:
        return CommandReturn.success();
      case 1:
        return this.#discover(processId);
      case 2:
        return this.#notify(processId, arg0, IpcUpcallType.Service);
      case 3:
        return this.#notify(processId, arg0, IpcUpcallType.Client);
      default:
        return CommandReturn.failure(ErrorCode.NOSUPPORT);
    }
  }

  allocateGrant(processId: ProcessId): Result<void, ProcessError> {
    return this.#grant.enter(processId, () => undefined);
  }

  #discover(processId: ProcessId): CommandReturn {
    const answer = this.#grant.enter(processId, (_data, kernelData) => {
      const search = kernelData.getReadOnlyProcessBuffer(IPC_ALLOW_READ_ONLY_SEARCH);
      if (!search.ok) return CommandReturn.failure(ErrorCode.INVAL);
      const found = search.value.enter((slice) => {
        const name = new Uint8Array(slice.length);
        slice.copyToSlice(name);
        return this.kernel.processUntil((process) =>
          sameBytes(utf8Bytes(process.name), name) ? process.processId.index : undefined,
        );
      });
      if (!found.ok) return CommandReturn.failure(ErrorCode.INVAL);
      return found.value === undefined
        ? CommandReturn.failure(ErrorCode.NODEVICE)
        : CommandReturn.successU32(found.value);
    });
    return answer.ok ? answer.value : CommandReturn.failure(ErrorCode.NOMEM);
  }

  #notify(processId: ProcessId, targetIndex: number, upcallType: IpcUpcallType): CommandReturn {
    const target = this.kernel.processAt(targetIndex);
    if (target === undefined) return CommandReturn.failure(ErrorCode.INVAL);
    const queued = target.enqueueTask({ kind: 'Ipc', from: processId, upcallType });
    return queued.ok ? CommandReturn.success() : CommandReturn.failure(queued.error);
  }

  /**
   * Delivers an IPC task to `scheduleOn` (upstream `IPC::schedule_upcall`): maps the caller's
   * shared buffer into `scheduleOn`'s MPU configuration and queues its upcall.
   */
  scheduleUpcall(scheduleOn: ProcessId, calledFrom: ProcessId, upcallType: IpcUpcallType): void {
    this.#scheduleUpcall(scheduleOn, calledFrom, upcallType);
  }

  #scheduleUpcall(
    scheduleOn: ProcessId,
    calledFrom: ProcessId,
    upcallType: IpcUpcallType,
  ): Result<void, ProcessError> {
    const target = this.kernel.getProcess(scheduleOn);
    if (target === undefined || this.kernel.getProcess(calledFrom) === undefined) {
      return err(ProcessError.NoSuchApp);
    }
    if (scheduleOn.index === calledFrom.index) return err(ProcessError.AlreadyInUse);
    const outer = this.#grant.enter(scheduleOn, (_targetData, targetKernelData) =>
      this.#grant.enter(calledFrom, (_callerData, callerKernelData) => {
        const shared = callerKernelData.getReadWriteProcessBuffer(scheduleOn.index);
        let length = 0;
        let address = 0;
        if (shared.ok) {
          length = shared.value.length;
          address = shared.value.address;
          target.addMpuRegion(address, length, length);
        }
        const upcall = upcallType === IpcUpcallType.Service ? scheduleOn.index : calledFrom.index;
        targetKernelData.scheduleUpcall(upcall, calledFrom.index, length, address);
      }),
    );
    if (!outer.ok) return outer;
    return outer.value;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}
