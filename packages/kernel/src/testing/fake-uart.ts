/**
 * A UART for tests: what is transmitted collects in `output`; `type()` feeds bytes to a pending
 * receive. Completions arrive through a kernel deferred call, never inside the start call.
 */

import type { BufferError, ReceiveClient, TransmitClient, UartData } from '@tock-ts/hil';
import { ErrorCode, err, OK, type Result, UartError } from '@tock-ts/hil';
import type { DeferredCall, DeferredCallRegistry } from '../deferred-call.js';
import { utf8Text } from '../utf8.js';

/** A loopback-free UART whose far end is the test. */
export class FakeUart implements UartData {
  #transmitClient: TransmitClient | undefined;
  #receiveClient: ReceiveClient | undefined;
  #transmitting: { buffer: Uint8Array; length: number } | undefined;
  #receiving: { buffer: Uint8Array; length: number } | undefined;
  readonly #input: number[] = [];
  readonly #deferredCall: DeferredCall;
  /** Every byte transmitted so far. */
  readonly transmitted: number[] = [];

  constructor(deferredCalls: DeferredCallRegistry) {
    this.#deferredCall = deferredCalls.register({ handleDeferredCall: () => this.#complete() });
  }

  /** The transmitted bytes as text (UTF-8). */
  get output(): string {
    return utf8Text(this.transmitted);
  }

  /** Clears `transmitted`. */
  clearOutput(): void {
    this.transmitted.length = 0;
  }

  /** Queues input bytes (a string is taken as ASCII/UTF-16 code units below 256). */
  type(text: string | readonly number[]): void {
    const bytes =
      typeof text === 'string' ? Array.from(text, (character) => character.charCodeAt(0) & 0xff) : text;
    this.#input.push(...bytes);
    this.#deferredCall.set();
  }

  setTransmitClient(client: TransmitClient): void {
    this.#transmitClient = client;
  }

  setReceiveClient(client: ReceiveClient): void {
    this.#receiveClient = client;
  }

  transmitBuffer(buffer: Uint8Array, length: number): Result<void, BufferError> {
    if (this.#transmitting !== undefined) {
      return err({ code: ErrorCode.BUSY, buffer });
    }
    if (length > buffer.length) return err({ code: ErrorCode.SIZE, buffer });
    this.#transmitting = { buffer, length };
    this.#deferredCall.set();
    return OK;
  }

  transmitWord(): Result<void, ErrorCode> {
    return err(ErrorCode.NOSUPPORT);
  }

  transmitAbort(): Result<void, ErrorCode> {
    return OK;
  }

  receiveBuffer(buffer: Uint8Array, length: number): Result<void, BufferError> {
    if (this.#receiving !== undefined) return err({ code: ErrorCode.BUSY, buffer });
    if (length > buffer.length) return err({ code: ErrorCode.SIZE, buffer });
    this.#receiving = { buffer, length };
    if (this.#input.length > 0) this.#deferredCall.set();
    return OK;
  }

  receiveWord(): Result<void, ErrorCode> {
    return err(ErrorCode.NOSUPPORT);
  }

  receiveAbort(): Result<void, ErrorCode> {
    return OK;
  }

  #complete(): void {
    const sending = this.#transmitting;
    if (sending !== undefined) {
      this.#transmitting = undefined;
      this.transmitted.push(...sending.buffer.subarray(0, sending.length));
      this.#transmitClient?.transmittedBuffer(sending.buffer, sending.length, OK);
    }
    const receiving = this.#receiving;
    if (receiving !== undefined && this.#input.length >= receiving.length) {
      this.#receiving = undefined;
      receiving.buffer.set(this.#input.splice(0, receiving.length));
      this.#receiveClient?.receivedBuffer(receiving.buffer, receiving.length, OK, UartError.None);
    }
    if (this.#transmitting !== undefined || (this.#receiving !== undefined && this.#input.length > 0)) {
      this.#deferredCall.set();
    }
  }
}
