/**
 * The TIMER alarm driver (upstream `chips/nrf5x/src/timer.rs`, `TimerAlarm`): `time::Alarm` on a
 * 32-bit TIMER, CC[0] for captures of now and CC[1] for the alarm.
 *
 * Upstream declares 16 kHz but leaves PRESCALER at its reset value (1 MHz); this driver sets
 * PRESCALER explicitly and reports the frequency it programs (1 MHz by default).
 */
import {
  type Alarm,
  type AlarmClient,
  type ErrorCode,
  OK,
  type Result,
  TICKS32,
  type Ticks,
  ticks,
  ticksWithinRange,
  ticksWrappingAdd,
  ticksWrappingSub,
} from '@tock-ts/hil';
import type { RegisterBus } from '../silicon/nrf52840-silicon.js';
import { RegisterBlock } from './registers.js';

const Register = {
  TASKS_START: 0x000,
  TASKS_STOP: 0x004,
  TASKS_CLEAR: 0x00c,
  TASKS_CAPTURE0: 0x040,
  EVENTS_COMPARE1: 0x144,
  INTENSET: 0x304,
  INTENCLR: 0x308,
  BITMODE: 0x508,
  PRESCALER: 0x510,
  CC0: 0x540,
  CC1: 0x544,
} as const;
const INTERRUPT_COMPARE1 = 1 << 17;
const BITMODE_32 = 3;
const SYNC_TICKS = 2;

/** The TIMER alarm driver. */
export class TimerAlarm implements Alarm {
  readonly frequency: number;
  readonly ticksWidth = TICKS32;
  readonly #registers: RegisterBlock;
  #client: AlarmClient | undefined;

  /** `prescaler` 0–9 gives 16 MHz / 2^prescaler (default 4: 1 MHz). */
  constructor(bus: RegisterBus, base: number, prescaler = 4) {
    if (!Number.isInteger(prescaler) || prescaler < 0 || prescaler > 9) {
      throw new RangeError(`TimerAlarm: prescaler must be 0–9, got ${prescaler}`);
    }
    this.#registers = new RegisterBlock(bus, base);
    this.frequency = 16_000_000 / 2 ** prescaler;
    this.#registers.set(Register.PRESCALER, prescaler);
  }

  now(): Ticks {
    this.#registers.trigger(Register.TASKS_CAPTURE0);
    return ticks(this.#registers.get(Register.CC0), TICKS32);
  }

  setAlarmClient(client: AlarmClient): void {
    this.#client = client;
  }

  setAlarm(reference: Ticks, dt: Ticks): void {
    this.#registers.set(Register.INTENCLR, INTERRUPT_COMPARE1);
    let expire = ticksWrappingAdd(reference, dt, TICKS32);
    const now = this.now();
    if (
      !ticksWithinRange(now, reference, expire, TICKS32) ||
      ticksWrappingSub(expire, now, TICKS32) <= SYNC_TICKS
    ) {
      expire = ticksWrappingAdd(now, ticks(SYNC_TICKS), TICKS32);
    }
    this.#registers.set(Register.BITMODE, BITMODE_32);
    this.#registers.set(Register.CC1, expire);
    this.#registers.trigger(Register.TASKS_START);
    this.#registers.set(Register.INTENSET, INTERRUPT_COMPARE1);
  }

  getAlarm(): Ticks {
    return ticks(this.#registers.get(Register.CC1), TICKS32);
  }

  disarm(): Result<void, ErrorCode> {
    this.#registers.set(Register.INTENCLR, INTERRUPT_COMPARE1);
    return OK;
  }

  isArmed(): boolean {
    return (this.#registers.get(Register.INTENSET) & INTERRUPT_COMPARE1) !== 0;
  }

  minimumDt(): Ticks {
    return ticks(10);
  }

  /** The bottom half: stops and clears the timer (as upstream), then calls the client. */
  handleInterrupt(): void {
    this.#registers.clearEvent(Register.EVENTS_COMPARE1);
    this.#registers.trigger(Register.TASKS_STOP);
    this.#registers.trigger(Register.TASKS_CLEAR);
    this.#registers.set(Register.INTENCLR, INTERRUPT_COMPARE1);
    this.#client?.alarm();
  }
}
