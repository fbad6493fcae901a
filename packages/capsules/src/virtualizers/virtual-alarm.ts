/**
 * Virtual alarms: many alarm users over one hardware alarm (upstream
 * `capsules/core/src/virtualizers/virtual_alarm.rs`).
 *
 * `MuxAlarm` is the hardware alarm's client. Each `VirtualMuxAlarm` keeps its own
 * `(reference, dt)`; the mux programs the hardware for the soonest armed one and, when the
 * hardware fires, calls every virtual alarm whose time has passed, then re-arms for the next.
 * All comparisons are wrapping: an alarm is due once `now` leaves `[reference, reference + dt)`.
 * A `dt` longer than half the counter range is split in two so that, even with latency, `now`
 * can never wrap past the end of the window unnoticed.
 *
 * ```ts
 * const mux = new MuxAlarm(rtc);
 * rtc.setAlarmClient(mux);
 * const virtualAlarm = new VirtualMuxAlarm(mux);
 * virtualAlarm.setup();
 * virtualAlarm.setAlarmClient(alarmDriver);
 * ```
 */
import {
  type Alarm,
  type AlarmClient,
  type ErrorCode,
  OK,
  type Result,
  type Ticks,
  type TicksWidth,
  ticks,
  ticksHalfMaxValue,
  ticksWithinRange,
  ticksWrappingAdd,
  ticksWrappingSub,
} from '@tock-ts/hil';

/** When one virtual alarm fires: `reference + dt`, possibly the first half of a long `dt`. */
interface TickDtReference {
  readonly reference: Ticks;
  readonly dt: Ticks;
  /** True when `dt` is the first part of a longer request; half the range remains after it. */
  readonly extended: boolean;
}

/** Multiplexes virtual alarms over one hardware alarm (upstream `MuxAlarm`). */
export class MuxAlarm implements AlarmClient {
  /** The hardware alarm. */
  readonly underlyingAlarm: Alarm;
  /** Virtual alarms, newest first (upstream pushes each onto the head of its list). */
  readonly #virtualAlarms: VirtualMuxAlarm[] = [];
  /** How many virtual alarms are armed. */
  #enabled = 0;
  /** True while expired alarms are being called back. */
  #firing = false;
  /** What the hardware was last armed with, if it is armed. */
  #next: { readonly reference: Ticks; readonly dt: Ticks } | undefined;

  constructor(alarm: Alarm) {
    this.underlyingAlarm = alarm;
  }

  /** How many virtual alarms are armed. */
  get enabledCount(): number {
    return this.#enabled;
  }

  /** @internal Links a virtual alarm in (its `setup()`). */
  addVirtualAlarm(virtualAlarm: VirtualMuxAlarm): void {
    if (!this.#virtualAlarms.includes(virtualAlarm)) this.#virtualAlarms.unshift(virtualAlarm);
  }

  /** @internal A virtual alarm became armed (`delta` 1) or disarmed (`delta` −1). */
  changeEnabled(delta: 1 | -1): number {
    this.#enabled += delta;
    return this.#enabled;
  }

  /** @internal True while the mux is calling back expired alarms. */
  get firing(): boolean {
    return this.#firing;
  }

  /** @internal The window the hardware is armed for, if any. */
  get next(): { readonly reference: Ticks; readonly dt: Ticks } | undefined {
    return this.#next;
  }

  /** Arms the hardware for `reference + dt`. */
  setAlarm(reference: Ticks, dt: Ticks): void {
    this.#next = { reference, dt };
    this.underlyingAlarm.setAlarm(reference, dt);
  }

  /** Disarms the hardware. */
  disarm(): void {
    this.#next = undefined;
    this.underlyingAlarm.disarm();
  }

  /** The hardware alarm fired: call back every due virtual alarm, then arm for the soonest left. */
  alarm(): void {
    const width = this.underlyingAlarm.ticksWidth;
    this.#firing = true;
    for (const current of this.#virtualAlarms) {
      if (!current.armed) continue;
      const when = current.dtReference;
      // Read `now` for each alarm: an earlier callback may have re-armed with a later reference.
      const now = this.underlyingAlarm.now();
      if (ticksWithinRange(now, when.reference, ticksWrappingAdd(when.reference, when.dt, width), width))
        continue;
      if (when.extended) {
        current.dtReference = {
          reference: ticksWrappingAdd(when.reference, when.dt, width),
          dt: ticksHalfMaxValue(width),
          extended: false,
        };
      } else {
        current.armed = false;
        this.#enabled -= 1;
        current.alarm();
      }
    }
    this.#firing = false;

    const now = this.underlyingAlarm.now();
    let soonest: VirtualMuxAlarm | undefined;
    let soonestRemaining = 0;
    for (const current of this.#virtualAlarms) {
      if (!current.armed) continue;
      const when = current.dtReference;
      const end = ticksWrappingAdd(when.reference, when.dt, width);
      // An alarm that expired after the loop above looked at it counts as due now.
      const remaining = ticksWithinRange(now, when.reference, end, width)
        ? ticksWrappingSub(end, now, width)
        : 0;
      if (soonest === undefined || remaining < soonestRemaining) {
        soonest = current;
        soonestRemaining = remaining;
      }
    }
    if (soonest === undefined) this.disarm();
    else this.setAlarm(soonest.dtReference.reference, soonest.dtReference.dt);
  }
}

/** One user's alarm on a `MuxAlarm` (upstream `VirtualMuxAlarm`). Call `setup()` once. */
export class VirtualMuxAlarm implements Alarm, AlarmClient {
  readonly #mux: MuxAlarm;
  #client: AlarmClient | undefined;
  /** @internal When this alarm fires. */
  dtReference: TickDtReference;
  /** @internal True while armed. */
  armed = false;

  constructor(mux: MuxAlarm) {
    this.#mux = mux;
    const zero = ticks(0);
    this.dtReference = { reference: zero, dt: zero, extended: false };
  }

  /** Links this alarm into its mux; without it the alarm never fires. */
  setup(): void {
    this.#mux.addVirtualAlarm(this);
  }

  get frequency(): number {
    return this.#mux.underlyingAlarm.frequency;
  }

  get ticksWidth(): TicksWidth {
    return this.#mux.underlyingAlarm.ticksWidth;
  }

  now(): Ticks {
    return this.#mux.underlyingAlarm.now();
  }

  setAlarmClient(client: AlarmClient): void {
    this.#client = client;
  }

  disarm(): Result<void, ErrorCode> {
    if (!this.armed) return OK;
    this.armed = false;
    if (this.#mux.changeEnabled(-1) === 0) this.#mux.underlyingAlarm.disarm();
    return OK;
  }

  isArmed(): boolean {
    return this.armed;
  }

  setAlarm(reference: Ticks, dt: Ticks): void {
    const width = this.ticksWidth;
    const enabled = this.#mux.enabledCount;
    const halfMax = ticksHalfMaxValue(width);
    const split = dt > ticksWrappingAdd(halfMax, this.minimumDt(), width);
    this.dtReference = split
      ? { reference, dt: ticksWrappingSub(dt, halfMax, width), extended: true }
      : { reference, dt, extended: false };
    const windowDt = this.dtReference.dt;

    if (!this.armed) {
      this.#mux.changeEnabled(1);
      this.armed = true;
    }

    if (enabled === 0) {
      this.#mux.setAlarm(reference, windowDt);
    } else if (!this.#mux.firing) {
      // While firing, the mux picks the soonest alarm afterwards. Otherwise this alarm replaces
      // the hardware's only if the current one does not fall inside its window and has not
      // yet expired (now still lies in the current window).
      const current = this.#mux.underlyingAlarm.getAlarm();
      const now = this.#mux.underlyingAlarm.now();
      const expiration = ticksWrappingAdd(reference, windowDt, width);
      if (!ticksWithinRange(current, reference, expiration, width)) {
        const next = this.#mux.next;
        if (
          next === undefined ||
          ticksWithinRange(now, next.reference, ticksWrappingAdd(next.reference, next.dt, width), width)
        ) {
          this.#mux.setAlarm(reference, windowDt);
        }
      }
    }
  }

  getAlarm(): Ticks {
    const width = this.ticksWidth;
    const when = this.dtReference;
    const end = ticksWrappingAdd(when.reference, when.dt, width);
    return when.extended ? ticksWrappingAdd(end, ticksHalfMaxValue(width), width) : end;
  }

  minimumDt(): Ticks {
    return this.#mux.underlyingAlarm.minimumDt();
  }

  /** The mux found this alarm due. */
  alarm(): void {
    this.#client?.alarm();
  }
}
