/**
 * @tock-ts/hil: Tock's hardware interface layer.
 *
 * The error codes and result type shared by every layer, and the HIL interfaces that chip
 * drivers implement and capsules use (as upstream `kernel/src/hil`).
 */

export type {
  Entropy8,
  Entropy32,
  EntropyClient8,
  EntropyClient32,
  EntropyValues,
} from './entropy.js';
export { ALL_ERROR_CODES, ErrorCode, errorCodeFromNumber, errorCodeName, isErrorCode } from './error-code.js';
export { type Flash, type FlashClient, FlashError } from './flash.js';
export {
  ActivationMode,
  ActivationState,
  Configuration,
  FloatingState,
  type GpioClient,
  type GpioClientWithValue,
  type GpioConfigure,
  type Input,
  type Interrupt,
  InterruptEdge,
  type InterruptPin,
  type InterruptValuePin,
  InterruptValueWrapper,
  type InterruptWithValue,
  type Output,
  type Pin,
  readActivation,
  writeActivation,
} from './gpio.js';
export { type Led, LedHigh, LedLow } from './led.js';
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
export { Continue, type Random, type RandomWords, type Rng, type RngClient } from './rng.js';
export type { TemperatureClient, TemperatureDriver } from './sensors.js';
export {
  type Alarm,
  type AlarmClient,
  type Counter,
  Frequency,
  leftJustifiedFrequency,
  type OverflowClient,
  scaleFloor,
  TICKS16,
  TICKS24,
  TICKS32,
  type Ticks,
  type TicksWidth,
  type Time,
  type Timer,
  type TimerClient,
  ticks,
  ticksFromMs,
  ticksFromOrMax,
  ticksFromSeconds,
  ticksFromUs,
  ticksHalfMaxValue,
  ticksLeftJustified,
  ticksMaxValue,
  ticksSaturatingScale,
  ticksToMs,
  ticksToSeconds,
  ticksToUs,
  ticksU32Padding,
  ticksWidth,
  ticksWithinRange,
  ticksWrappingAdd,
  ticksWrappingSub,
} from './time.js';
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
