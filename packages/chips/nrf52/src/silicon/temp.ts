/**
 * TEMP: the nRF52 on-die temperature sensor, reading a temperature the host sets.
 *
 * TASKS_START begins a conversion; after the datasheet's conversion time (36 µs) TEMP holds the
 * temperature in 0.25 °C steps (two's complement) and DATARDY is raised. TASKS_STOP abandons a
 * conversion. The calibration registers A[0–5], B[0–5] and T[0–4] are stored but do not change
 * the result.
 */
import type { InterruptLine, SimulationClock } from '@tock-ts/silicon';
import { NrfPeripheral } from './nrf-peripheral.js';

/** Base address of TEMP. */
export const TEMP_BASE = 0x4000_c000;
export const TASKS_START = 0x000;
export const TASKS_STOP = 0x004;
/** DATARDY is event index 0 (offset 0x100). */
export const EVENT_DATARDY = 0;
export const TEMP = 0x508;
/** First calibration register (A0) and one past the last (T4). */
export const CALIBRATION_START = 0x520;
export const CALIBRATION_END = 0x574;
/** Conversion time (datasheet tTEMP, 36 µs). */
export const CONVERSION_TIME_NANOS = 36_000;

/** The TEMP peripheral. */
export class Temp extends NrfPeripheral {
  readonly #clock: SimulationClock;
  /** The die temperature in quarter degrees Celsius. */
  #quarterDegrees = 25 * 4;
  #result = 0;
  #scheduled: number | undefined;
  readonly #calibration = new Uint32Array((CALIBRATION_END - CALIBRATION_START) >>> 2);

  constructor(clock: SimulationClock, interruptLine: InterruptLine) {
    super(interruptLine);
    this.#clock = clock;
  }

  /** Sets the die temperature (°C); conversions report it rounded to 0.25 °C. */
  setTemperature(celsius: number): void {
    if (!Number.isFinite(celsius)) throw new RangeError(`TEMP: temperature must be finite, got ${celsius}`);
    this.#quarterDegrees = Math.round(celsius * 4);
  }

  protected override eventMask(): number {
    return 1 << EVENT_DATARDY;
  }

  protected override triggerTask(offset: number): void {
    if (offset === TASKS_START && this.#scheduled === undefined) {
      this.#scheduled = this.#clock.scheduleAfter(CONVERSION_TIME_NANOS, () => {
        this.#scheduled = undefined;
        this.#result = this.#quarterDegrees | 0;
        this.generateEvent(EVENT_DATARDY);
      });
    } else if (offset === TASKS_STOP && this.#scheduled !== undefined) {
      this.#clock.cancel(this.#scheduled);
      this.#scheduled = undefined;
    }
  }

  protected override readRegister(offset: number): number {
    if (offset === TEMP) return this.#result >>> 0;
    if (offset >= CALIBRATION_START && offset < CALIBRATION_END) {
      return this.#calibration[(offset - CALIBRATION_START) >>> 2] ?? 0;
    }
    return 0;
  }

  protected override writeRegister(offset: number, value: number): void {
    if (offset >= CALIBRATION_START && offset < CALIBRATION_END) {
      this.#calibration[(offset - CALIBRATION_START) >>> 2] = value;
    }
  }
}
