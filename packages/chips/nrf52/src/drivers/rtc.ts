/**
 * The RTC driver (upstream `chips/nrf5x/src/rtc.rs`): `time::Alarm` and `time::Counter` at
 * 32 768 Hz with 24-bit ticks, on RTC1 by default, alarms on CC[0].
 *
 * `setAlarm(reference, dt)` programs CC[0] = reference + dt, except when that moment has already
 * passed or is within two ticks of now: then it fires at now + 2 (the RTC may miss a compare
 * written for the next tick). `isArmed` reads back INTEN.COMPARE0; upstream reads EVTEN there,
 * which it never sets, so it would always say unarmed.
 */
import {
  type Alarm,
  type AlarmClient,
  type Counter,
  type ErrorCode,
  Frequency,
  OK,
  type OverflowClient,
  type Result,
  TICKS24,
  type Ticks,
  ticks,
  ticksWithinRange,
  ticksWrappingAdd,
  ticksWrappingSub,
} from '@tock-ts/hil';
import type { RegisterBus } from '../silicon/nrf52840-silicon.js';
import { RegisterBlock } from './registers.js';

/** RTC1's base address, the RTC Tock's nRF52 boards use for alarms. */
export const RTC1_BASE = 0x4001_1000;

const Register = {
  TASKS_START: 0x000,
  TASKS_STOP: 0x004,
  TASKS_CLEAR: 0x008,
  EVENTS_OVRFLW: 0x104,
  EVENTS_COMPARE0: 0x140,
  INTENSET: 0x304,
  INTENCLR: 0x308,
  COUNTER: 0x504,
  PRESCALER: 0x508,
  CC0: 0x540,
} as const;

const INTERRUPT_OVRFLW = 1 << 1;
const INTERRUPT_COMPARE0 = 1 << 16;
const COUNTER_MASK = 0xff_ffff;
/** Ticks of margin the RTC needs between now and a compare value. */
const SYNC_TICKS = 2;

/** The RTC driver. */
export class Rtc implements Alarm, Counter {
  readonly frequency = Frequency.Freq32KHz;
  readonly ticksWidth = TICKS24;
  readonly #registers: RegisterBlock;
  #alarmClient: AlarmClient | undefined;
  #overflowClient: OverflowClient | undefined;
  #enabled = false;

  constructor(bus: RegisterBus, base: number = RTC1_BASE) {
    this.#registers = new RegisterBlock(bus, base);
  }

  now(): Ticks {
    return ticks(this.#registers.get(Register.COUNTER) & COUNTER_MASK, TICKS24);
  }

  start(): Result<void, ErrorCode> {
    this.#registers.set(Register.PRESCALER, 0);
    this.#registers.trigger(Register.TASKS_START);
    this.#enabled = true;
    return OK;
  }

  stop(): Result<void, ErrorCode> {
    this.#registers.trigger(Register.TASKS_STOP);
    this.#enabled = false;
    return OK;
  }

  reset(): Result<void, ErrorCode> {
    this.#registers.trigger(Register.TASKS_CLEAR);
    return OK;
  }

  isRunning(): boolean {
    return this.#enabled;
  }

  /** Sets the client told about counter overflows and enables the OVRFLW interrupt. */
  setOverflowClient(client: OverflowClient): void {
    this.#overflowClient = client;
    this.#registers.set(Register.INTENSET, INTERRUPT_OVRFLW);
  }

  setAlarmClient(client: AlarmClient): void {
    this.#alarmClient = client;
  }

  setAlarm(reference: Ticks, dt: Ticks): void {
    let expire = ticksWrappingAdd(reference, dt, TICKS24);
    const now = this.now();
    const earliest = ticksWrappingAdd(now, ticks(SYNC_TICKS, TICKS24), TICKS24);
    if (
      !ticksWithinRange(now, reference, expire, TICKS24) ||
      ticksWrappingSub(expire, now, TICKS24) <= SYNC_TICKS
    ) {
      expire = earliest;
    }
    const registers = this.#registers;
    registers.set(Register.CC0, expire);
    registers.clearEvent(Register.EVENTS_COMPARE0);
    registers.set(Register.INTENSET, INTERRUPT_COMPARE0);
  }

  getAlarm(): Ticks {
    return ticks(this.#registers.get(Register.CC0), TICKS24);
  }

  disarm(): Result<void, ErrorCode> {
    this.#registers.set(Register.INTENCLR, INTERRUPT_COMPARE0);
    this.#registers.clearEvent(Register.EVENTS_COMPARE0);
    return OK;
  }

  isArmed(): boolean {
    return (this.#registers.get(Register.INTENSET) & INTERRUPT_COMPARE0) !== 0;
  }

  minimumDt(): Ticks {
    return ticks(10, TICKS24);
  }

  /** The bottom half of the RTC interrupt: overflow, then the alarm. */
  handleInterrupt(): void {
    const registers = this.#registers;
    if (registers.isEventSet(Register.EVENTS_OVRFLW)) {
      registers.clearEvent(Register.EVENTS_OVRFLW);
      this.#overflowClient?.overflow();
    }
    if (registers.isEventSet(Register.EVENTS_COMPARE0)) {
      registers.set(Register.INTENCLR, INTERRUPT_COMPARE0);
      registers.clearEvent(Register.EVENTS_COMPARE0);
      this.#alarmClient?.alarm();
    }
  }
}
