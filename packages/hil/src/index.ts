/**
 * @tock-ts/hil: Tock's hardware interface layer.
 *
 * The error codes and result type shared by every layer, and the HIL interfaces that chip
 * drivers implement and capsules use (as upstream `kernel/src/hil`).
 */
export { ALL_ERROR_CODES, ErrorCode, errorCodeFromNumber, errorCodeName, isErrorCode } from './error-code.js';
export {
  type BufferError,
  err,
  fromStatusCode,
  intoStatusCode,
  mapResult,
  OK,
  ok,
  type Result,
  unwrapOr,
} from './result.js';
export {
  type Configure,
  Parity,
  type Receive,
  type ReceiveAdvanced,
  type ReceiveClient,
  StopBits,
  type Transmit,
  type TransmitClient,
  type Uart,
  type UartAdvanced,
  type UartClient,
  type UartData,
  UartError,
  type UartParameters,
  Width,
} from './uart.js';
