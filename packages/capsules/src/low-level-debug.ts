/**
 * Low-level debug: processes print alert codes and numbers with no buffers and no upcalls
 * (upstream `capsules/core/src/low_level_debug/{mod.rs,fmt.rs}`, driver 0x8).
 *
 * Each message becomes one line on a UART (usually a `UartDevice` on the console's mux):
 *
 * ```text
 * LowLevelDebug: App 0x<id> alert code 0x<code>
 * LowLevelDebug: App 0x<id> prints 0x<number>
 * LowLevelDebug: App 0x<id> prints 0x<number> 0x<number>
 * LowLevelDebug: Dropped 0x<count> entries for app 0x<id>
 * LowLevelDebug: grant init failed
 * ```
 *
 * with lowercase hexadecimal and `<id>` the process's unique identifier. A message prints at
 * once when the UART is free; otherwise it waits in a 4-entry queue in the process's grant. When
 * the queue is full the last entry becomes a count of dropped messages.
 *
 * Commands (all answer Success):
 * - 0: exists.
 * - 1: print alert code `arg0` (0x01 app panic, 0x02 wrong flash location).
 * - 2: print `arg0`.
 * - 3: print `arg0` and `arg1`.
 */
import { ErrorCode, type Result, type Transmit, type TransmitClient } from '@tock-ts/hil';
import {
  CommandReturn,
  type Grant,
  type Kernel,
  type MemoryAllocationCapability,
  type ProcessError,
  type ProcessId,
  type SyscallDriver,
} from '@tock-ts/kernel';
import { DriverNumber } from './driver-numbers.js';
import { encodeUtf8 } from './utf8.js';

/** The low-level debug driver's syscall driver number. */
export const LOW_LEVEL_DEBUG_DRIVER_NUM = DriverNumber.LowLevelDebug;

/** Command numbers of the low-level debug driver. */
export const LowLevelDebugCommand = Object.freeze({
  Exists: 0,
  AlertCode: 1,
  Print1: 2,
  Print2: 3,
});

/** Alert codes userspace runtimes send with command 1. */
export const LowLevelDebugAlert = Object.freeze({
  AppPanic: 0x01,
  WrongFlashLocation: 0x02,
});

/** Entries queued per process (upstream `QUEUE_SIZE`). */
export const LOW_LEVEL_DEBUG_QUEUE_SIZE = 4;

/** Bytes the transmit buffer needs for the longest message on a 32-bit machine (upstream `BUF_LEN`). */
export const LOW_LEVEL_DEBUG_BUFFER_LENGTH = 61;

/** One queued message (upstream `DebugEntry`). */
export type DebugEntry =
  | { readonly kind: 'Dropped'; readonly count: number }
  | { readonly kind: 'AlertCode'; readonly code: number }
  | { readonly kind: 'Print1'; readonly value: number }
  | { readonly kind: 'Print2'; readonly first: number; readonly second: number };

/** One process's queue of waiting messages (upstream `AppData`). */
export interface LowLevelDebugApp {
  readonly queue: (DebugEntry | undefined)[];
}

function hex(value: number): string {
  return `0x${(value >>> 0).toString(16)}`;
}

/** The line printed for `entry` from the process with identifier `processIdentifier`. */
export function formatDebugEntry(processIdentifier: number, entry: DebugEntry): string {
  const app = hex(processIdentifier);
  switch (entry.kind) {
    case 'Dropped':
      return `LowLevelDebug: Dropped ${hex(entry.count)} entries for app ${app}\n`;
    case 'AlertCode':
      return `LowLevelDebug: App ${app} alert code ${hex(entry.code)}\n`;
    case 'Print1':
      return `LowLevelDebug: App ${app} prints ${hex(entry.value)}\n`;
    case 'Print2':
      return `LowLevelDebug: App ${app} prints ${hex(entry.first)} ${hex(entry.second)}\n`;
  }
}

const GRANT_INIT_FAILED = encodeUtf8('LowLevelDebug: grant init failed\n');

/** The low-level debug syscall driver (upstream `LowLevelDebug`). Make it the UART's transmit client. */
export class LowLevelDebug implements SyscallDriver, TransmitClient {
  /** The driver number it is registered under. */
  static readonly DRIVER_NUM = LOW_LEVEL_DEBUG_DRIVER_NUM;
  readonly #uart: Transmit;
  readonly #grant: Grant<LowLevelDebugApp>;
  #buffer: Uint8Array | undefined;
  #grantFailed = false;

  /** Prints through `uart` using `buffer`, which must hold `LOW_LEVEL_DEBUG_BUFFER_LENGTH` bytes. */
  constructor(buffer: Uint8Array, uart: Transmit, grant: Grant<LowLevelDebugApp>) {
    if (buffer.length < LOW_LEVEL_DEBUG_BUFFER_LENGTH) {
      throw new RangeError(
        `low-level debug buffer needs ${LOW_LEVEL_DEBUG_BUFFER_LENGTH} bytes, got ${buffer.length}`,
      );
    }
    this.#buffer = buffer;
    this.#uart = uart;
    this.#grant = grant;
  }

  /** Creates the driver's grant (no upcalls or allows; the 4-entry queue) at board setup. */
  static createGrant(kernel: Kernel, capability: MemoryAllocationCapability): Grant<LowLevelDebugApp> {
    return kernel.createGrant<LowLevelDebugApp>(
      LOW_LEVEL_DEBUG_DRIVER_NUM,
      {
        upcallCount: 0,
        allowReadOnlyCount: 0,
        allowReadWriteCount: 0,
        // Each entry: a tag and two words.
        dataSize: LOW_LEVEL_DEBUG_QUEUE_SIZE * 12,
        dataAlignment: 4,
        createData: () => ({
          queue: new Array<DebugEntry | undefined>(LOW_LEVEL_DEBUG_QUEUE_SIZE).fill(undefined),
        }),
      },
      capability,
    );
  }

  command(commandNumber: number, arg0: number, arg1: number, processId: ProcessId): CommandReturn {
    switch (commandNumber) {
      case LowLevelDebugCommand.Exists:
        return CommandReturn.success();
      case LowLevelDebugCommand.AlertCode:
        this.#pushEntry({ kind: 'AlertCode', code: arg0 }, processId);
        return CommandReturn.success();
      case LowLevelDebugCommand.Print1:
        this.#pushEntry({ kind: 'Print1', value: arg0 }, processId);
        return CommandReturn.success();
      case LowLevelDebugCommand.Print2:
        this.#pushEntry({ kind: 'Print2', first: arg0, second: arg1 }, processId);
        return CommandReturn.success();
      default:
        return CommandReturn.failure(ErrorCode.NOSUPPORT);
    }
  }

  allocateGrant(processId: ProcessId): Result<void, ProcessError> {
    return this.#grant.enter(processId, () => undefined);
  }

  /** A line went out: print the grant-failure note, else the next queued entry, else keep the buffer. */
  transmittedBuffer(buffer: Uint8Array, _length: number, _status: Result<void, ErrorCode>): void {
    if (this.#grantFailed) {
      this.#grantFailed = false;
      buffer.set(GRANT_INIT_FAILED);
      this.#transmit(buffer, GRANT_INIT_FAILED.length);
      return;
    }
    for (const processGrant of this.#grant.iterate()) {
      const first = processGrant.enter((app) => {
        const head = app.queue.shift();
        app.queue.push(undefined);
        return head;
      });
      if (first === undefined) continue;
      this.#transmitEntry(buffer, processGrant.processId.identifier, first);
      return;
    }
    this.#buffer = buffer;
  }

  /** Prints `entry` now if the UART is free; otherwise queues it in the process's grant. */
  #pushEntry(entry: DebugEntry, processId: ProcessId): void {
    const buffer = this.#buffer;
    if (buffer !== undefined) {
      this.#buffer = undefined;
      this.#transmitEntry(buffer, processId.identifier, entry);
      return;
    }
    const entered = this.#grant.enter(processId, (app) => {
      const free = app.queue.indexOf(undefined);
      if (free >= 0) {
        app.queue[free] = entry;
        return;
      }
      // Full: the last entry becomes (or grows) a drop count; a new count starts at 2 for the
      // entry it replaces and this one.
      const last = app.queue[LOW_LEVEL_DEBUG_QUEUE_SIZE - 1];
      app.queue[LOW_LEVEL_DEBUG_QUEUE_SIZE - 1] =
        last?.kind === 'Dropped' ? { kind: 'Dropped', count: last.count + 1 } : { kind: 'Dropped', count: 2 };
    });
    if (!entered.ok) this.#grantFailed = true;
  }

  #transmitEntry(buffer: Uint8Array, processIdentifier: number, entry: DebugEntry): void {
    const message = encodeUtf8(formatDebugEntry(processIdentifier, entry));
    buffer.set(message.subarray(0, buffer.length));
    this.#transmit(buffer, Math.min(message.length, buffer.length));
  }

  #transmit(buffer: Uint8Array, length: number): void {
    const started = this.#uart.transmitBuffer(buffer, length);
    // Nothing can be done about a failed print but keep the buffer for the next one.
    if (!started.ok) this.#buffer = started.error.buffer;
  }
}
