/**
 * The console driver: processes write to and read from a serial port (upstream
 * `capsules/core/src/console.rs`, driver 0x1).
 *
 * A process allows a buffer read-only under number 1 and issues command 1 with a length; the
 * console copies the bytes in chunks of its transmit buffer and calls upcall 1 with the count
 * once all are out. Only one process transmits at a time: a write that arrives while another is
 * in flight waits and starts when the port is free. For reading, the process allows a buffer
 * read-write under number 1 and issues command 2; upcall 2 brings `(statuscode, count, 0)`.
 *
 * Commands:
 * - 0: exists → Success.
 * - 1: write min(arg0, allowed length) bytes → Success (upcall 1 when done).
 * - 2: read min(arg0, allowed length) bytes → Success; BUSY while another read is pending;
 *   INVAL when longer than the console's receive buffer.
 * - 3: abort the read → Success (upcall 2 with CANCEL and what arrived).
 * A process that cannot get its grant gets the grant's error (NOMEM when out of memory).
 */
import {
  ErrorCode,
  err,
  intoStatusCode,
  OK,
  type ReceiveClient,
  type Result,
  type TransmitClient,
  type UartData,
  UartError,
} from '@tock-ts/hil';
import {
  CommandReturn,
  type Grant,
  type GrantKernelData,
  type Kernel,
  type MemoryAllocationCapability,
  type ProcessError,
  type ProcessId,
  processErrorToErrorCode,
  type SyscallDriver,
} from '@tock-ts/kernel';
import { DriverNumber } from './driver-numbers.js';

/** The console's syscall driver number. */
export const CONSOLE_DRIVER_NUM = DriverNumber.Console;

/** Default size of the console's transmit and receive buffers (upstream `DEFAULT_BUF_SIZE`). */
export const CONSOLE_DEFAULT_BUFFER_SIZE = 64;

/** Command numbers of the console. */
export const ConsoleCommand = Object.freeze({
  Exists: 0,
  Write: 1,
  Read: 2,
  AbortRead: 3,
});

/** Upcall numbers of the console (slot 0 is unused). */
export const ConsoleUpcall = Object.freeze({
  /** `(bytes written, 0, 0)`. */
  WriteDone: 1,
  /** `(statuscode, bytes read, 0)`. */
  ReadDone: 2,
  /** Upcall slots in the grant. */
  Count: 3,
});

/** Read-only allow numbers of the console (slot 0 is unused). */
export const ConsoleAllowReadOnly = Object.freeze({
  /** The bytes to write. */
  Write: 1,
  Count: 2,
});

/** Read-write allow numbers of the console (slot 0 is unused). */
export const ConsoleAllowReadWrite = Object.freeze({
  /** Where read bytes go. */
  Read: 1,
  Count: 2,
});

/** One process's console state (upstream `App`). */
export interface ConsoleApp {
  /** Bytes the current write covers. */
  writeLength: number;
  /** Bytes of the current write not yet handed to the UART. */
  writeRemaining: number;
  /** True when a write waits for the port. */
  pendingWrite: boolean;
  /** Bytes the current read wants. */
  readLength: number;
}

/** The console syscall driver (upstream `Console`). Make it the client of both directions of `uart`. */
export class Console implements SyscallDriver, TransmitClient, ReceiveClient {
  /** The driver number it is registered under. */
  static readonly DRIVER_NUM = CONSOLE_DRIVER_NUM;
  readonly #uart: UartData;
  readonly #grant: Grant<ConsoleApp>;
  #txInProgress: ProcessId | undefined;
  #txBuffer: Uint8Array | undefined;
  #rxInProgress: ProcessId | undefined;
  #rxBuffer: Uint8Array | undefined;

  constructor(uart: UartData, txBuffer: Uint8Array, rxBuffer: Uint8Array, grant: Grant<ConsoleApp>) {
    this.#uart = uart;
    this.#txBuffer = txBuffer;
    this.#rxBuffer = rxBuffer;
    this.#grant = grant;
  }

  /** Creates the console's grant (3 upcalls, 2 read-only and 2 read-write allows) at board setup. */
  static createGrant(kernel: Kernel, capability: MemoryAllocationCapability): Grant<ConsoleApp> {
    return kernel.createGrant<ConsoleApp>(
      CONSOLE_DRIVER_NUM,
      {
        upcallCount: ConsoleUpcall.Count,
        allowReadOnlyCount: ConsoleAllowReadOnly.Count,
        allowReadWriteCount: ConsoleAllowReadWrite.Count,
        dataSize: 16,
        dataAlignment: 4,
        createData: () => ({ writeLength: 0, writeRemaining: 0, pendingWrite: false, readLength: 0 }),
      },
      capability,
    );
  }

  command(commandNumber: number, arg0: number, _arg1: number, processId: ProcessId): CommandReturn {
    const entered = this.#grant.enter(processId, (app, kernelData): Result<void, ErrorCode> => {
      switch (commandNumber) {
        case ConsoleCommand.Exists:
          return OK;
        case ConsoleCommand.Write:
          return this.#sendNew(processId, app, kernelData, arg0 >>> 0);
        case ConsoleCommand.Read:
          return this.#receiveNew(processId, app, kernelData, arg0 >>> 0);
        case ConsoleCommand.AbortRead:
          this.#uart.receiveAbort();
          return OK;
        default:
          return err(ErrorCode.NOSUPPORT);
      }
    });
    if (!entered.ok) return CommandReturn.failure(processErrorToErrorCode(entered.error));
    return CommandReturn.fromResult(entered.value);
  }

  allocateGrant(processId: ProcessId): Result<void, ProcessError> {
    return this.#grant.enter(processId, () => undefined);
  }

  /** Starts a new write of up to `length` bytes of the allowed buffer. */
  #sendNew(processId: ProcessId, app: ConsoleApp, kernelData: GrantKernelData, length: number): Result<void> {
    const allowed = kernelData.getReadOnlyProcessBuffer(ConsoleAllowReadOnly.Write);
    app.writeLength = Math.min(allowed.ok ? allowed.value.length : 0, length);
    app.writeRemaining = app.writeLength;
    this.#send(processId, app, kernelData);
    return OK;
  }

  /** Sends the next chunk of a started write; true when a transmission is now in flight for it. */
  #sendContinue(processId: ProcessId, app: ConsoleApp, kernelData: GrantKernelData): boolean {
    if (app.writeRemaining === 0) return false;
    this.#send(processId, app, kernelData);
    return this.#txInProgress !== undefined;
  }

  /** Hands the next chunk to the UART, or marks the write pending when the port is busy. */
  #send(processId: ProcessId, app: ConsoleApp, kernelData: GrantKernelData): void {
    if (this.#txInProgress !== undefined) {
      app.pendingWrite = true;
      return;
    }
    const buffer = this.#txBuffer;
    if (buffer === undefined) return;
    this.#txInProgress = processId;
    this.#txBuffer = undefined;
    const allowed = kernelData.getReadOnlyProcessBuffer(ConsoleAllowReadOnly.Write);
    const copied = allowed.ok
      ? allowed.value.enter((slice) => {
          const start = app.writeLength - app.writeRemaining;
          if (slice.length < app.writeLength) {
            // The buffer shrank under the write: end it, reporting what was written.
            app.writeLength -= app.writeRemaining;
            app.writeRemaining = 0;
            return 0;
          }
          const count = Math.min(app.writeRemaining, buffer.length);
          for (let index = 0; index < count; index++) buffer[index] = slice.get(start + index);
          return count;
        })
      : undefined;
    const transactionLength = copied?.ok === true ? copied.value : 0;
    app.writeRemaining -= transactionLength;
    const started = this.#uart.transmitBuffer(buffer, transactionLength);
    if (!started.ok) {
      // The UART will not call back: report the write as finished now.
      this.#txBuffer = started.error.buffer;
      this.#txInProgress = undefined;
      const written = app.writeLength;
      app.writeLength = 0;
      kernelData.scheduleUpcall(ConsoleUpcall.WriteDone, written, 0, 0);
    }
  }

  /** Starts a read of up to `length` bytes into the allowed buffer. */
  #receiveNew(
    processId: ProcessId,
    app: ConsoleApp,
    kernelData: GrantKernelData,
    length: number,
  ): Result<void> {
    const buffer = this.#rxBuffer;
    // One read at a time across all processes; others retry.
    if (buffer === undefined) return err(ErrorCode.BUSY);
    const allowed = kernelData.getReadWriteProcessBuffer(ConsoleAllowReadWrite.Read);
    const readLength = Math.min(allowed.ok ? allowed.value.length : 0, length);
    if (readLength > buffer.length) return err(ErrorCode.INVAL);
    app.readLength = readLength;
    this.#rxBuffer = undefined;
    this.#rxInProgress = processId;
    const started = this.#uart.receiveBuffer(buffer, readLength);
    if (!started.ok) {
      this.#rxBuffer = started.error.buffer;
      this.#rxInProgress = undefined;
      return err(started.error.code);
    }
    return OK;
  }

  /** A chunk went out: continue this write or report it done, then start any waiting write. */
  transmittedBuffer(buffer: Uint8Array, _length: number, _status: Result<void, ErrorCode>): void {
    this.#txBuffer = buffer;
    const processId = this.#txInProgress;
    this.#txInProgress = undefined;
    if (processId !== undefined) {
      this.#grant.enter(processId, (app, kernelData) => {
        if (!this.#sendContinue(processId, app, kernelData)) {
          const written = app.writeLength;
          app.writeLength = 0;
          kernelData.scheduleUpcall(ConsoleUpcall.WriteDone, written, 0, 0);
        }
      });
    }
    if (this.#txInProgress !== undefined) return;
    for (const processGrant of this.#grant.iterate()) {
      const started = processGrant.enter((app, kernelData) => {
        if (!app.pendingWrite) return false;
        app.pendingWrite = false;
        return this.#sendContinue(processGrant.processId, app, kernelData);
      });
      if (started) break;
    }
  }

  /** A read finished: copy the bytes into the process's buffer and report the status. */
  receivedBuffer(
    buffer: Uint8Array,
    length: number,
    status: Result<void, ErrorCode>,
    error: UartError,
  ): void {
    const processId = this.#rxInProgress;
    this.#rxInProgress = undefined;
    if (processId !== undefined) {
      this.#grant.enter(processId, (_app, kernelData) => {
        if (error !== UartError.None && error !== UartError.Aborted) {
          kernelData.scheduleUpcall(ConsoleUpcall.ReadDone, ErrorCode.FAIL, 0, 0);
          return;
        }
        const allowed = kernelData.getReadWriteProcessBuffer(ConsoleAllowReadWrite.Read);
        const copied = allowed.ok
          ? allowed.value.mutEnter((slice) => {
              const count = Math.min(slice.length, length);
              for (let index = 0; index < count; index++) slice.set(index, buffer[index] ?? 0);
              return count;
            })
          : undefined;
        const bufferLength = allowed.ok ? allowed.value.length : 0;
        let outcome: Result<void, ErrorCode>;
        let received: number;
        if (copied === undefined || !copied.ok) {
          // The buffer is gone.
          outcome = err(ErrorCode.NOMEM);
          received = 0;
        } else if (length > bufferLength) {
          // More arrived than fits (a lower layer misbehaved): report what was kept.
          outcome = err(ErrorCode.SIZE);
          received = bufferLength;
        } else {
          outcome = status;
          received = length;
        }
        kernelData.scheduleUpcall(ConsoleUpcall.ReadDone, intoStatusCode(outcome), received, 0);
      });
    }
    this.#rxBuffer = buffer;
  }
}
