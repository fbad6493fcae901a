/**
 * UART: a split-phase serial byte stream (upstream `kernel/src/hil/uart.rs`).
 *
 * Control (`Configure`) is kept apart from data (`Transmit`, `Receive`); `Uart` is all three.
 * Transmit and receive are split-phase: a start call that returns `OK` is answered by exactly
 * one client callback later (never from inside the call), which hands the buffer back; a start
 * call that fails returns the buffer at once and no callback follows.
 */
import type { ErrorCode } from './error-code.js';
import type { BufferError, Result } from './result.js';

/** Stop bits per frame. */
export enum StopBits {
  One = 1,
  Two = 2,
}

/** Parity bit. */
export enum Parity {
  None = 0,
  Odd = 1,
  Even = 2,
}

/** Data bits per frame. */
export enum Width {
  Six = 6,
  Seven = 7,
  Eight = 8,
}

/** Line settings. */
export interface UartParameters {
  readonly baudRate: number;
  readonly width: Width;
  readonly parity: Parity;
  readonly stopBits: StopBits;
  readonly hardwareFlowControl: boolean;
}

/** What went wrong on the line during a receive (upstream `uart::Error`). */
export enum UartError {
  None = 'None',
  ParityError = 'ParityError',
  FramingError = 'FramingError',
  OverrunError = 'OverrunError',
  RepeatCallError = 'RepeatCallError',
  ResetError = 'ResetError',
  BreakError = 'BreakError',
  Aborted = 'Aborted',
}

/** Line configuration. */
export interface Configure {
  /** Applies `parameters`; INVAL/NOSUPPORT for settings the hardware cannot do, BUSY mid-transfer. */
  configure(parameters: UartParameters): Result<void, ErrorCode>;
}

/** Told when a transmission finishes. */
export interface TransmitClient {
  /** Exactly once per accepted `transmitBuffer`; hands `buffer` back with how many bytes went out. */
  transmittedBuffer(buffer: Uint8Array, length: number, status: Result<void, ErrorCode>): void;
  /** Once per accepted `transmitWord`. */
  transmittedWord?(status: Result<void, ErrorCode>): void;
}

/** Sending bytes. */
export interface Transmit {
  setTransmitClient(client: TransmitClient): void;
  /**
   * Sends the first `length` bytes of `buffer`. OK: one `transmittedBuffer` follows. Err (BUSY
   * while a transmission is in flight, SIZE when `length` exceeds the buffer, OFF when powered
   * down): no callback; the buffer comes back in the error.
   */
  transmitBuffer(buffer: Uint8Array, length: number): Result<void, BufferError>;
  /** Sends one word; FAIL/NOSUPPORT where unsupported. */
  transmitWord(word: number): Result<void, ErrorCode>;
  /** Stops a transmission: OK when nothing was in flight; BUSY when a callback with CANCEL follows. */
  transmitAbort(): Result<void, ErrorCode>;
}

/** Told when a reception finishes. */
export interface ReceiveClient {
  /** Exactly once per accepted `receiveBuffer`; hands `buffer` back with how many bytes arrived. */
  receivedBuffer(buffer: Uint8Array, length: number, status: Result<void, ErrorCode>, error: UartError): void;
  /** Once per accepted `receiveWord`. */
  receivedWord?(word: number, status: Result<void, ErrorCode>, error: UartError): void;
}

/** Receiving bytes. */
export interface Receive {
  setReceiveClient(client: ReceiveClient): void;
  /**
   * Fills the first `length` bytes of `buffer`. OK: one `receivedBuffer` follows. Err (BUSY,
   * SIZE, OFF): no callback; the buffer comes back in the error.
   */
  receiveBuffer(buffer: Uint8Array, length: number): Result<void, BufferError>;
  /** Receives one word. */
  receiveWord(): Result<void, ErrorCode>;
  /** Stops a reception: OK when nothing was in flight; BUSY when a callback with CANCEL follows. */
  receiveAbort(): Result<void, ErrorCode>;
}

/** Receiving with an inter-byte timeout (upstream `ReceiveAdvanced`). */
export interface ReceiveAdvanced extends Receive {
  /** Like `receiveBuffer`, but ends early after `interbyteTimeout` idle byte-times. */
  receiveAutomatic(buffer: Uint8Array, length: number, interbyteTimeout: number): Result<void, BufferError>;
}

/** Both client roles (upstream `uart::Client`). */
export interface UartClient extends TransmitClient, ReceiveClient {}

/** A full UART: configuration plus both directions. */
export interface Uart extends Configure, Transmit, Receive {}

/** Data directions only, for virtualized UARTs. */
export interface UartData extends Transmit, Receive {}

/** A UART with inter-byte-timeout reception. */
export interface UartAdvanced extends Configure, Transmit, ReceiveAdvanced {}
