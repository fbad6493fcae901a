/**
 * A fake hardware alarm for capsule tests: a counter whose value the test sets or advances,
 * which calls its client when an advance passes the armed time, as a timer interrupt's bottom
 * half would.
 */
import {
  type Alarm,
  type AlarmClient,
  type ErrorCode,
  Frequency,
  OK,
  type Result,
  TICKS32,
  type Ticks,
  type TicksWidth,
  ticks,
  ticksWithinRange,
  ticksWrappingAdd,
  ticksWrappingSub,
} from '@tock-ts/hil';

/** How the fake alarm counts. */
export interface FakeAlarmOptions {
  /** Ticks per second (default 32 768). */
  readonly frequency?: number;
  /** Counter width (default 32 bits). */
  readonly width?: TicksWidth;
  /** The starting count (default 0). */
  readonly now?: number;
  /** The smallest dt honoured (default 0). */
  readonly minimumDt?: number;
  /** Ticks that pass on every `now()` read, to model a running counter (default 0). */
  readonly ticksPerRead?: number;
}

/** The fake alarm. */
export class FakeAlarm implements Alarm {
  readonly frequency: number;
  readonly ticksWidth: TicksWidth;
  readonly #minimumDt: Ticks;
  readonly #ticksPerRead: number;
  #now: Ticks;
  #reference: Ticks;
  #dt: Ticks;
  #armed = false;
  #client: AlarmClient | undefined;
  /** How many times the client was called. */
  fired = 0;
  /** Every `(reference, dt)` the alarm was armed with, oldest first. */
  readonly armings: { readonly reference: number; readonly dt: number }[] = [];

  constructor(options: FakeAlarmOptions = {}) {
    this.frequency = options.frequency ?? Frequency.Freq32KHz;
    this.ticksWidth = options.width ?? TICKS32;
    this.#minimumDt = ticks(options.minimumDt ?? 0, this.ticksWidth);
    this.#ticksPerRead = options.ticksPerRead ?? 0;
    this.#now = ticks(options.now ?? 0, this.ticksWidth);
    this.#reference = ticks(0, this.ticksWidth);
    this.#dt = ticks(0, this.ticksWidth);
  }

  /** The count without moving it. */
  get count(): Ticks {
    return this.#now;
  }

  /** Sets the count without firing anything. */
  setNow(value: number): void {
    this.#now = ticks(value, this.ticksWidth);
  }

  now(): Ticks {
    const value = this.#now;
    this.#now = ticksWrappingAdd(this.#now, ticks(this.#ticksPerRead, this.ticksWidth), this.ticksWidth);
    return value;
  }

  setAlarmClient(client: AlarmClient): void {
    this.#client = client;
  }

  setAlarm(reference: Ticks, dt: Ticks): void {
    this.#reference = reference;
    this.#dt = dt < this.#minimumDt ? this.#minimumDt : dt;
    this.#armed = true;
    this.armings.push({ reference, dt: this.#dt });
  }

  getAlarm(): Ticks {
    return ticksWrappingAdd(this.#reference, this.#dt, this.ticksWidth);
  }

  disarm(): Result<void, ErrorCode> {
    this.#armed = false;
    return OK;
  }

  isArmed(): boolean {
    return this.#armed;
  }

  minimumDt(): Ticks {
    return this.#minimumDt;
  }

  /** Ticks from the count until the armed time, or `undefined` when disarmed (0 when already due). */
  ticksUntilFire(): number | undefined {
    if (!this.#armed) return undefined;
    const width = this.ticksWidth;
    const end = this.getAlarm();
    return ticksWithinRange(this.#now, this.#reference, end, width)
      ? ticksWrappingSub(end, this.#now, width)
      : 0;
  }

  /**
   * Moves the count forward by `delta` ticks. Whenever the count reaches the armed time on the
   * way, the alarm disarms and calls its client (which may re-arm); returns how many fired.
   */
  advance(delta: number): number {
    let left = delta;
    let firedNow = 0;
    for (;;) {
      const until = this.ticksUntilFire();
      if (until === undefined || until > left) break;
      left -= until;
      this.#now = ticksWrappingAdd(this.#now, ticks(until, this.ticksWidth), this.ticksWidth);
      this.#armed = false;
      this.fired += 1;
      firedNow += 1;
      this.#client?.alarm();
      if (firedNow > 10_000) throw new Error('fake alarm: client re-arms without letting time pass');
    }
    this.#now = ticksWrappingAdd(this.#now, ticks(left, this.ticksWidth), this.ticksWidth);
    return firedNow;
  }
}
