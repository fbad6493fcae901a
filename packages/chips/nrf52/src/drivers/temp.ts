/**
 * The TEMP driver (upstream `chips/nrf5x/src/temperature.rs`): `sensors::TemperatureDriver`,
 * reporting hundredths of a degree Celsius from TEMP's quarter-degree result.
 */
import {
  type ErrorCode,
  OK,
  ok,
  type Result,
  type TemperatureClient,
  type TemperatureDriver,
} from '@tock-ts/hil';
import type { RegisterBus } from '../silicon/nrf52840-silicon.js';
import { RegisterBlock } from './registers.js';

/** TEMP's base address. */
export const TEMP_BASE = 0x4000_c000;

const Register = {
  TASKS_START: 0x000,
  TASKS_STOP: 0x004,
  EVENTS_DATARDY: 0x100,
  INTENSET: 0x304,
  INTENCLR: 0x308,
  TEMP: 0x508,
} as const;
const INTERRUPT_DATARDY = 1 << 0;

/** The TEMP driver. */
export class Temp implements TemperatureDriver {
  readonly #registers: RegisterBlock;
  #client: TemperatureClient | undefined;

  constructor(bus: RegisterBus, base: number = TEMP_BASE) {
    this.#registers = new RegisterBlock(bus, base);
  }

  setClient(client: TemperatureClient): void {
    this.#client = client;
  }

  readTemperature(): Result<void, ErrorCode> {
    this.#registers.set(Register.INTENSET, INTERRUPT_DATARDY);
    this.#registers.clearEvent(Register.EVENTS_DATARDY);
    this.#registers.trigger(Register.TASKS_START);
    return OK;
  }

  /** The bottom half of the TEMP interrupt. */
  handleInterrupt(): void {
    const registers = this.#registers;
    registers.set(Register.INTENCLR, INTERRUPT_DATARDY);
    // TEMP is a two's-complement count of 0.25 °C; upstream divides (value * 100) / 4, truncating.
    const quarterDegrees = registers.get(Register.TEMP) | 0;
    const hundredths = Math.trunc((quarterDegrees * 100) / 4);
    registers.clearEvent(Register.EVENTS_DATARDY);
    registers.trigger(Register.TASKS_STOP);
    this.#client?.callback(ok(hundredths));
  }
}
