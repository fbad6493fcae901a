/**
 * RTC: the nRF52 real-time counter (RTC0, RTC1, RTC2), a 24-bit counter on the 32 768 Hz LFCLK
 * divided by PRESCALER + 1.
 *
 * COUNTER is computed from virtual time, not stepped: the model keeps the value at the last
 * change and the LFCLK edge it was taken at, and schedules one clock event for the next moment an
 * enabled event (TICK, OVRFLW, COMPARE[n]) is due. As on the chip, an RTC event is only generated
 * when it is enabled in EVTEN or INTEN. COMPARE[n] fires on the increment that makes COUNTER equal
 * CC[n]; writing CC[n] equal to the current COUNTER does not fire it (the datasheet's "N or N+1 may
 * not trigger" rule is met by never firing for N and always firing for N+1).
 */
import type { InterruptLine, SimulationClock } from '@tock-ts/silicon';
import { NrfPeripheral } from './nrf-peripheral.js';
import { edgesAt, LFCLK_RATIO, nanosOfEdge } from './tick-time.js';

/** Base addresses and compare-register counts of the three RTCs. */
export const RTC0_BASE = 0x4000_b000;
export const RTC1_BASE = 0x4001_1000;
export const RTC2_BASE = 0x4002_4000;

export const TASKS_START = 0x000;
export const TASKS_STOP = 0x004;
export const TASKS_CLEAR = 0x008;
export const TASKS_TRIGOVRFLW = 0x00c;

/** Event indices (offset 0x100 + 4 × index; INTEN/EVTEN bit = index). */
export const EVENT_TICK = 0;
export const EVENT_OVRFLW = 1;
/** COMPARE[n] is event index 16 + n. */
export const EVENT_COMPARE0 = 16;

export const EVTEN = 0x340;
export const EVTENSET = 0x344;
export const EVTENCLR = 0x348;
export const COUNTER = 0x504;
export const PRESCALER = 0x508;
/** CC[n] is at CC0 + 4n. */
export const CC0 = 0x540;

/** COUNTER is 24 bits wide. */
export const COUNTER_MASK = 0xff_ffff;
/** PRESCALER is 12 bits wide. */
export const PRESCALER_MASK = 0xfff;
/** TRIGOVRFLW sets COUNTER to this value. */
export const TRIGOVRFLW_VALUE = 0xff_fff0;

const COUNTER_MODULUS = COUNTER_MASK + 1;

/** One RTC instance. */
export class Rtc extends NrfPeripheral {
  /** Number of CC registers (3 on RTC0, 4 on RTC1 and RTC2). */
  readonly compareCount: number;
  readonly #clock: SimulationClock;
  readonly #compare: Uint32Array;
  #eventEnable = 0;
  #prescaler = 0;
  #running = false;
  /** COUNTER at `#baseEdge`. */
  #counterBase = 0;
  /** LFCLK edge count at which `#counterBase` held (the last increment or the start). */
  #baseEdge = 0;
  #scheduled: number | undefined;

  constructor(clock: SimulationClock, interruptLine: InterruptLine, compareCount: 3 | 4) {
    super(interruptLine);
    this.#clock = clock;
    this.compareCount = compareCount;
    this.#compare = new Uint32Array(compareCount);
  }

  /** True between START and STOP. */
  get running(): boolean {
    return this.#running;
  }

  /** The current COUNTER value. */
  get counter(): number {
    return this.#counterAt(this.#clock.nowNanos);
  }

  protected override eventMask(): number {
    const compares = ((1 << this.compareCount) - 1) << EVENT_COMPARE0;
    return ((1 << EVENT_TICK) | (1 << EVENT_OVRFLW) | compares) >>> 0;
  }

  protected override interruptEnableChanged(): void {
    this.#reschedule();
  }

  protected override triggerTask(offset: number): void {
    switch (offset) {
      case TASKS_START:
        if (this.#running) return;
        this.#running = true;
        this.#baseEdge = edgesAt(LFCLK_RATIO, this.#clock.nowNanos);
        break;
      case TASKS_STOP:
        this.#rebase();
        this.#running = false;
        break;
      case TASKS_CLEAR:
        this.#rebase();
        this.#counterBase = 0;
        break;
      case TASKS_TRIGOVRFLW:
        this.#rebase();
        this.#counterBase = TRIGOVRFLW_VALUE;
        break;
      default:
        return;
    }
    this.#reschedule();
  }

  protected override readRegister(offset: number): number {
    switch (offset) {
      case EVTEN:
      case EVTENSET:
      case EVTENCLR:
        return this.#eventEnable;
      case COUNTER:
        return this.counter;
      case PRESCALER:
        return this.#prescaler;
      default: {
        const index = this.#compareIndex(offset);
        return index === undefined ? 0 : (this.#compare[index] ?? 0);
      }
    }
  }

  protected override writeRegister(offset: number, value: number): void {
    switch (offset) {
      case EVTEN:
        this.#eventEnable = value & this.eventMask();
        break;
      case EVTENSET:
        this.#eventEnable = (this.#eventEnable | (value & this.eventMask())) >>> 0;
        break;
      case EVTENCLR:
        this.#eventEnable = (this.#eventEnable & ~value) >>> 0;
        break;
      case PRESCALER:
        // Only writable while stopped (the datasheet forbids changing it while running).
        if (!this.#running) this.#prescaler = value & PRESCALER_MASK;
        return;
      default: {
        const index = this.#compareIndex(offset);
        if (index === undefined) return;
        this.#compare[index] = value & COUNTER_MASK;
      }
    }
    this.#reschedule();
  }

  #compareIndex(offset: number): number | undefined {
    const index = (offset - CC0) >>> 2;
    return offset >= CC0 && (offset & 3) === 0 && index < this.compareCount ? index : undefined;
  }

  /** Increments since `#baseEdge` at time `nanos`. */
  #incrementsAt(nanos: number): number {
    if (!this.#running) return 0;
    return Math.floor((edgesAt(LFCLK_RATIO, nanos) - this.#baseEdge) / (this.#prescaler + 1));
  }

  #counterAt(nanos: number): number {
    return (this.#counterBase + this.#incrementsAt(nanos)) % COUNTER_MODULUS;
  }

  /** Folds the increments so far into `#counterBase`, keeping the prescaler phase. */
  #rebase(): void {
    const increments = this.#incrementsAt(this.#clock.nowNanos);
    this.#counterBase = (this.#counterBase + increments) % COUNTER_MODULUS;
    this.#baseEdge += increments * (this.#prescaler + 1);
  }

  /** Events that are generated at all: enabled in EVTEN or INTEN. */
  #activeEvents(): number {
    return (this.#eventEnable | this.interruptEnable) & this.eventMask();
  }

  /** Increments from the current counter until the next active event, or undefined if none. */
  #incrementsToNextEvent(counter: number): number | undefined {
    const active = this.#activeEvents();
    let best: number | undefined;
    const consider = (steps: number): void => {
      if (best === undefined || steps < best) best = steps;
    };
    if ((active & (1 << EVENT_TICK)) !== 0) consider(1);
    if ((active & (1 << EVENT_OVRFLW)) !== 0) consider(COUNTER_MODULUS - counter);
    for (let index = 0; index < this.compareCount; index++) {
      if ((active & (1 << (EVENT_COMPARE0 + index))) === 0) continue;
      const steps = ((this.#compare[index] ?? 0) - counter + COUNTER_MODULUS) % COUNTER_MODULUS;
      consider(steps === 0 ? COUNTER_MODULUS : steps);
    }
    return best;
  }

  #reschedule(): void {
    if (this.#scheduled !== undefined) this.#clock.cancel(this.#scheduled);
    this.#scheduled = undefined;
    if (!this.#running) return;
    this.#rebase();
    const steps = this.#incrementsToNextEvent(this.#counterBase);
    if (steps === undefined) return;
    const edge = this.#baseEdge + steps * (this.#prescaler + 1);
    this.#scheduled = this.#clock.schedule(nanosOfEdge(LFCLK_RATIO, edge), () => {
      this.#scheduled = undefined;
      this.#fire();
    });
  }

  /** The counter has just reached the value an event waited for: generate every due event. */
  #fire(): void {
    this.#rebase();
    const counter = this.#counterBase;
    const active = this.#activeEvents();
    if ((active & (1 << EVENT_TICK)) !== 0) this.generateEvent(EVENT_TICK);
    if ((active & (1 << EVENT_OVRFLW)) !== 0 && counter === 0) this.generateEvent(EVENT_OVRFLW);
    for (let index = 0; index < this.compareCount; index++) {
      const event = EVENT_COMPARE0 + index;
      if ((active & (1 << event)) !== 0 && this.#compare[index] === counter) this.generateEvent(event);
    }
    this.#reschedule();
  }
}
