/**
 * Virtual UARTs: several kernel users share one serial port (upstream
 * `capsules/core/src/virtualizers/virtual_uart.rs`).
 *
 * `MuxUart` is the port's client. Each `UartDevice` offers the `UartData` interface to one user
 * (the console, the debug writer, the process console). Transmissions queue: each device has
 * at most one in flight, and the mux sends them one at a time, always starting with the first
 * device in its list that has one waiting — from a deferred call, so a failure is never reported
 * from inside the user's `transmitBuffer`. Received bytes fan out: every receiving device with a
 * pending receive gets a copy, and the mux keeps the port reading for the shortest outstanding
 * request.
 *
 * ```ts
 * const mux = new MuxUart(uart, new Uint8Array(RX_BUF_LEN), 115_200, kernel.deferredCalls);
 * uart.setTransmitClient(mux);
 * uart.setReceiveClient(mux);
 * mux.initialize();
 * const consoleUart = new UartDevice(mux, true);
 * consoleUart.setup();
 * ```
 */
import {
  type BufferError,
  ErrorCode,
  err,
  OK,
  Parity,
  type ReceiveClient,
  type Result,
  StopBits,
  type TransmitClient,
  type Uart,
  type UartData,
  UartError,
  Width,
} from '@tock-ts/hil';
import type { DeferredCall, DeferredCallClient, DeferredCallRegistry } from '@tock-ts/kernel';

/** The size of the receive buffer a board usually gives the mux (upstream `RX_BUF_LEN`). */
export const RX_BUF_LEN = 64;

/** What a device asked the mux to send. */
type Operation =
  | { readonly kind: 'Transmit'; readonly length: number }
  | { readonly kind: 'TransmitWord'; readonly word: number };

/** Where a device's receive stands. */
enum ReceiveState {
  Idle = 'Idle',
  Receiving = 'Receiving',
  Aborting = 'Aborting',
}

/** Shares one UART among `UartDevice`s (upstream `MuxUart`). */
export class MuxUart implements TransmitClient, ReceiveClient, DeferredCallClient {
  /** The shared port. */
  readonly uart: Uart;
  readonly #speed: number;
  readonly #devices: UartDevice[] = [];
  readonly #deferredCall: DeferredCall;
  #inflight: UartDevice | undefined;
  #buffer: Uint8Array | undefined;
  #completingRead = false;

  /** A mux over `uart` at `speed` baud, reading through `buffer`; registers its deferred call. */
  constructor(uart: Uart, buffer: Uint8Array, speed: number, deferredCalls: DeferredCallRegistry) {
    this.uart = uart;
    this.#buffer = buffer;
    this.#speed = speed;
    this.#deferredCall = deferredCalls.register(this);
  }

  /** Configures the port: the mux's speed, 8 data bits, no parity, one stop bit, no flow control. */
  initialize(): void {
    this.uart.configure({
      baudRate: this.#speed,
      width: Width.Eight,
      stopBits: StopBits.One,
      parity: Parity.None,
      hardwareFlowControl: false,
    });
  }

  /** @internal Links a device in (its `setup()`); the newest device comes first. */
  addDevice(device: UartDevice): void {
    if (!this.#devices.includes(device)) this.#devices.unshift(device);
  }

  /** @internal Runs the next queued transmission after the current call returns. */
  doNextOperationAsync(): void {
    this.#deferredCall.set();
  }

  handleDeferredCall(): void {
    this.#doNextOperation();
  }

  transmittedBuffer(buffer: Uint8Array, length: number, status: Result<void, ErrorCode>): void {
    const device = this.#inflight;
    this.#inflight = undefined;
    device?.transmittedBuffer(buffer, length, status);
    this.#doNextOperation();
  }

  transmittedWord(status: Result<void, ErrorCode>): void {
    const device = this.#inflight;
    this.#inflight = undefined;
    device?.transmittedWord(status);
    this.#doNextOperation();
  }

  receivedBuffer(
    buffer: Uint8Array,
    length: number,
    status: Result<void, ErrorCode>,
    error: UartError,
  ): void {
    let nextReadLength = buffer.length;
    let readPending = false;
    this.#completingRead = true;
    // Copy the bytes to every receiving device first: clients may start new reads in callbacks.
    for (const device of this.#devices) {
      const deviceBuffer = device.rxBuffer;
      if (!device.receiver || deviceBuffer === undefined) continue;
      const position = device.rxPosition;
      const count = Math.min(length, device.rxLength - position);
      if (device.state === ReceiveState.Receiving || device.state === ReceiveState.Aborting) {
        deviceBuffer.set(buffer.subarray(0, count), position);
      }
      device.rxPosition = position + count;
    }
    // Then complete the reads that are full or aborting, and find the next read length.
    for (const device of this.#devices) {
      const deviceBuffer = device.rxBuffer;
      if (!device.receiver || deviceBuffer === undefined) continue;
      const position = device.rxPosition;
      const remaining = device.rxLength - position;
      if (remaining === 0 || device.state === ReceiveState.Aborting) {
        const aborted = remaining !== 0;
        device.state = ReceiveState.Idle;
        device.rxBuffer = undefined;
        device.receivedBuffer(
          deviceBuffer,
          position,
          aborted ? err(ErrorCode.CANCEL) : status,
          aborted ? UartError.Aborted : error,
        );
        // The callback may have started the device's next read.
        if (device.isReceiving()) {
          readPending = true;
          nextReadLength = Math.min(nextReadLength, device.rxLength);
        }
      } else {
        nextReadLength = Math.min(nextReadLength, remaining);
        readPending = true;
      }
    }
    // Only now give the buffer back, so a read started in a callback did not start the port early.
    this.#buffer = buffer;
    this.#completingRead = false;
    if (!readPending) return;
    const started = this.startReceive(nextReadLength);
    if (started.ok) return;
    for (const device of this.#devices) {
      const deviceBuffer = device.rxBuffer;
      if (!device.receiver || deviceBuffer === undefined || device.state !== ReceiveState.Receiving) continue;
      device.state = ReceiveState.Idle;
      device.rxBuffer = undefined;
      device.receivedBuffer(deviceBuffer, device.rxPosition, err(started.error.code), UartError.Aborted);
    }
  }

  /**
   * @internal Starts a port receive of up to `length` bytes. `Ok(true)` when a receive was running
   * and was aborted so its completion recomputes the length; `Ok(false)` otherwise.
   */
  startReceive(length: number): Result<boolean, BufferError> {
    const buffer = this.#buffer;
    if (buffer === undefined) {
      // A receive is running. While completing one, `receivedBuffer` restarts reading itself.
      if (this.#completingRead) return { ok: true, value: false };
      this.uart.receiveAbort();
      return { ok: true, value: true };
    }
    this.#buffer = undefined;
    const started = this.uart.receiveBuffer(buffer, Math.min(length, buffer.length));
    if (!started.ok) {
      this.#buffer = started.error.buffer;
      return started;
    }
    return { ok: true, value: false };
  }

  #doNextOperation(): void {
    if (this.#inflight !== undefined) return;
    const device = this.#devices.find((candidate) => candidate.operation !== undefined);
    if (device === undefined) return;
    const operation = device.operation;
    device.operation = undefined;
    if (operation === undefined) return;
    if (operation.kind === 'Transmit') {
      const buffer = device.txBuffer;
      device.txBuffer = undefined;
      if (buffer === undefined) return;
      const started = this.uart.transmitBuffer(buffer, operation.length);
      if (started.ok) {
        this.#inflight = device;
      } else {
        device.transmitting = false;
        device.transmitClient?.transmittedBuffer(started.error.buffer, 0, err(started.error.code));
      }
    } else {
      const started = this.uart.transmitWord(operation.word);
      if (started.ok) {
        this.#inflight = device;
      } else {
        device.transmitting = false;
        device.transmitClient?.transmittedWord?.(started);
      }
    }
  }
}

/** One user's view of a shared UART (upstream `UartDevice`). Call `setup()` once. */
export class UartDevice implements UartData, TransmitClient, ReceiveClient {
  readonly #mux: MuxUart;
  /** Whether this device is given received bytes. */
  readonly receiver: boolean;
  #receiveClient: ReceiveClient | undefined;
  /** @internal */
  transmitClient: TransmitClient | undefined;
  /** @internal */
  state = ReceiveState.Idle;
  /** @internal The buffer of the queued transmission. */
  txBuffer: Uint8Array | undefined;
  /** @internal True from an accepted transmission until its callback. */
  transmitting = false;
  /** @internal The buffer of the pending receive. */
  rxBuffer: Uint8Array | undefined;
  /** @internal Bytes received into `rxBuffer` so far. */
  rxPosition = 0;
  /** @internal Bytes the pending receive wants. */
  rxLength = 0;
  /** @internal The queued transmission. */
  operation: Operation | undefined;

  /** A device on `mux`; `receiver` devices get received bytes. */
  constructor(mux: MuxUart, receiver: boolean) {
    this.#mux = mux;
    this.receiver = receiver;
  }

  /** @internal True while a receive is pending and not being aborted. */
  isReceiving(): boolean {
    return this.state === ReceiveState.Receiving;
  }

  /** Links the device into its mux; without it nothing is sent or received. */
  setup(): void {
    this.#mux.addDevice(this);
  }

  setTransmitClient(client: TransmitClient): void {
    this.transmitClient = client;
  }

  setReceiveClient(client: ReceiveClient): void {
    this.#receiveClient = client;
  }

  /** Queues a transmission. `SIZE` for an empty one, `BUSY` while this device has one in flight. */
  transmitBuffer(buffer: Uint8Array, length: number): Result<void, BufferError> {
    if (length === 0) return err({ code: ErrorCode.SIZE, buffer });
    if (this.transmitting) return err({ code: ErrorCode.BUSY, buffer });
    this.txBuffer = buffer;
    this.transmitting = true;
    this.operation = { kind: 'Transmit', length };
    this.#mux.doNextOperationAsync();
    return OK;
  }

  /** Queues one word. `BUSY` while this device has a transmission in flight. */
  transmitWord(word: number): Result<void, ErrorCode> {
    if (this.transmitting) return err(ErrorCode.BUSY);
    this.transmitting = true;
    this.operation = { kind: 'TransmitWord', word };
    this.#mux.doNextOperationAsync();
    return OK;
  }

  /** A shared port's transmission cannot be aborted: `FAIL`. */
  transmitAbort(): Result<void, ErrorCode> {
    return err(ErrorCode.FAIL);
  }

  /** Receives `length` bytes into `buffer`. `BUSY` while a receive is pending, `SIZE` past the buffer. */
  receiveBuffer(buffer: Uint8Array, length: number): Result<void, BufferError> {
    if (this.rxBuffer !== undefined) return err({ code: ErrorCode.BUSY, buffer });
    if (length > buffer.length) return err({ code: ErrorCode.SIZE, buffer });
    this.rxBuffer = buffer;
    this.rxLength = length;
    this.rxPosition = 0;
    this.state = ReceiveState.Idle;
    const started = this.#mux.startReceive(length);
    if (!started.ok) {
      this.rxBuffer = undefined;
      return err({ code: started.error.code, buffer });
    }
    this.state = ReceiveState.Receiving;
    return OK;
  }

  /**
   * Aborts this device's receive only; other devices keep reading. Always `BUSY`: the receive
   * completes later with `CANCEL` and the bytes received so far.
   */
  receiveAbort(): Result<void, ErrorCode> {
    this.state = ReceiveState.Aborting;
    this.#mux.uart.receiveAbort();
    return err(ErrorCode.BUSY);
  }

  /** Word receives are not virtualized: `FAIL`. */
  receiveWord(): Result<void, ErrorCode> {
    return err(ErrorCode.FAIL);
  }

  /** @internal The mux finished this device's transmission. */
  transmittedBuffer(buffer: Uint8Array, length: number, status: Result<void, ErrorCode>): void {
    this.transmitting = false;
    this.transmitClient?.transmittedBuffer(buffer, length, status);
  }

  /** @internal The mux finished this device's word. */
  transmittedWord(status: Result<void, ErrorCode>): void {
    this.transmitting = false;
    this.transmitClient?.transmittedWord?.(status);
  }

  /** @internal The mux finished this device's receive. */
  receivedBuffer(
    buffer: Uint8Array,
    length: number,
    status: Result<void, ErrorCode>,
    error: UartError,
  ): void {
    this.state = ReceiveState.Idle;
    this.#receiveClient?.receivedBuffer(buffer, length, status, error);
  }
}
