/**
 * Sensor HILs: split-phase environment readings (upstream `kernel/src/hil/sensors.rs`). Only the
 * temperature sensor is here so far.
 */
import type { ErrorCode } from './error-code.js';
import type { Result } from './result.js';

/** Told when a temperature reading completes (upstream `TemperatureClient`). */
export interface TemperatureClient {
  /** The reading in hundredths of a degree Celsius, or why it failed. */
  callback(value: Result<number, ErrorCode>): void;
}

/** A temperature sensor (upstream `TemperatureDriver`). */
export interface TemperatureDriver {
  setClient(client: TemperatureClient): void;
  /** Starts a reading. `Ok`: one `callback` follows. `BUSY` or other errors: none follows. */
  readTemperature(): Result<void, ErrorCode>;
}
