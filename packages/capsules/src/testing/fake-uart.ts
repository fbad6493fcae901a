/**
 * A fake UART for capsule tests. Transmissions record their bytes and complete either when the
 * test calls `complete()` or, when built with a kernel's deferred-call registry, in the next
 * kernel-work phase. Input bytes the test `feed`s fill pending receives, as a receive
 * interrupt's bottom half would.
 */
import {
  type BufferError,
  ErrorCode,
  err,
  OK,
  type ReceiveClient,
  type Result,
  type TransmitClient,
  type Uart,
  UartError,
  type UartParameters,
} from '@tock-ts/hil';
import type { DeferredCall, DeferredCallRegistry } from '@tock-ts/kernel';

interface PendingReceive {
  readonly buffer: Uint8Array;
  readonly length: number;
  received: number;
}

/** The fake UART. */
export class FakeUart implements Uart {
  readonly #deferredCall: DeferredCall | undefined;
  #transmitClient: TransmitClient | undefined;
  #receiveClient: ReceiveClient | undefined;
  #transmitting: { readonly buffer: Uint8Array; readonly length: number } | undefined;
  #receiving: PendingReceive | undefined;
  #abortRequested = false;
  #input: number[] = [];
  /** Every byte transmitted, in order. */
  readonly output: number[] = [];
  /** The lengths of the transmissions started, in order. */
  readonly transmissions: number[] = [];
  /** The receive lengths asked for, in order. */
  readonly receives: number[] = [];
  /** The last parameters configured. */
  parameters: UartParameters | undefined;
  /** When set, `transmitBuffer` fails with this code. */
  failTransmitWith: ErrorCode | undefined;

  /** With `deferredCalls`, transmissions and aborts complete in the kernel's next work phase. */
  constructor(deferredCalls?: DeferredCallRegistry) {
    this.#deferredCall = deferredCalls?.register({ handleDeferredCall: () => this.complete() });
  }

  /** The transmitted bytes as text (Latin-1). */
  get text(): string {
    return String.fromCharCode(...this.output);
  }

  /** True while a transmission waits to complete. */
  get busy(): boolean {
    return this.#transmitting !== undefined;
  }

  /** True while a transmission or a receive abort waits for `complete()`. */
  get completionPending(): boolean {
    return this.#transmitting !== undefined || (this.#abortRequested && this.#receiving !== undefined);
  }

  /** True while a receive is pending. */
  get receiving(): boolean {
    return this.#receiving !== undefined;
  }

  configure(parameters: UartParameters): Result<void, ErrorCode> {
    this.parameters = parameters;
    return OK;
  }

  setTransmitClient(client: TransmitClient): void {
    this.#transmitClient = client;
  }

  setReceiveClient(client: ReceiveClient): void {
    this.#receiveClient = client;
  }

  transmitBuffer(buffer: Uint8Array, length: number): Result<void, BufferError> {
    if (this.failTransmitWith !== undefined) return err({ code: this.failTransmitWith, buffer });
    if (this.#transmitting !== undefined) return err({ code: ErrorCode.BUSY, buffer });
    if (length === 0 || length > buffer.length) return err({ code: ErrorCode.SIZE, buffer });
    this.#transmitting = { buffer, length };
    this.transmissions.push(length);
    this.#deferredCall?.set();
    return OK;
  }

  transmitWord(): Result<void, ErrorCode> {
    return err(ErrorCode.NOSUPPORT);
  }

  transmitAbort(): Result<void, ErrorCode> {
    return this.#transmitting === undefined ? OK : err(ErrorCode.BUSY);
  }

  receiveBuffer(buffer: Uint8Array, length: number): Result<void, BufferError> {
    if (this.#receiving !== undefined) return err({ code: ErrorCode.BUSY, buffer });
    if (length === 0 || length > buffer.length) return err({ code: ErrorCode.SIZE, buffer });
    this.#receiving = { buffer, length, received: 0 };
    this.receives.push(length);
    return OK;
  }

  receiveWord(): Result<void, ErrorCode> {
    return err(ErrorCode.NOSUPPORT);
  }

  receiveAbort(): Result<void, ErrorCode> {
    if (this.#receiving === undefined) return OK;
    this.#abortRequested = true;
    this.#deferredCall?.set();
    return err(ErrorCode.BUSY);
  }

  /**
   * Completes what is pending, as the transmit-done and abort interrupts would: the
   * transmission's bytes go to `output` and its client is called; an aborted receive returns
   * with what it got so far.
   */
  complete(): void {
    const transmitting = this.#transmitting;
    if (transmitting !== undefined) {
      this.#transmitting = undefined;
      this.output.push(...transmitting.buffer.subarray(0, transmitting.length));
      this.#transmitClient?.transmittedBuffer(transmitting.buffer, transmitting.length, OK);
    }
    const receiving = this.#receiving;
    if (this.#abortRequested && receiving !== undefined) {
      this.#abortRequested = false;
      this.#receiving = undefined;
      this.#receiveClient?.receivedBuffer(
        receiving.buffer,
        receiving.received,
        err(ErrorCode.CANCEL),
        UartError.Aborted,
      );
    }
  }

  /** Completes transmissions until none is pending (clients may start new ones); returns how many. */
  drain(limit = 10_000): number {
    let completed = 0;
    while (this.#transmitting !== undefined) {
      if (completed >= limit) throw new Error('fake UART: transmissions never stop');
      this.complete();
      completed += 1;
    }
    return completed;
  }

  /** Bytes arriving on the line: they fill pending receives; bytes with no receive wait. */
  feed(bytes: Uint8Array | string): void {
    const values = typeof bytes === 'string' ? Array.from(bytes, (c) => c.charCodeAt(0) & 0xff) : [...bytes];
    this.#input.push(...values);
    this.#deliver();
  }

  #deliver(): void {
    for (;;) {
      const receiving = this.#receiving;
      if (receiving === undefined || this.#input.length === 0) return;
      while (receiving.received < receiving.length && this.#input.length > 0) {
        receiving.buffer[receiving.received] = this.#input.shift() ?? 0;
        receiving.received += 1;
      }
      if (receiving.received < receiving.length) return;
      this.#receiving = undefined;
      this.#abortRequested = false;
      this.#receiveClient?.receivedBuffer(receiving.buffer, receiving.received, OK, UartError.None);
    }
  }
}
