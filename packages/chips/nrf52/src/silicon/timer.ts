/**
 * TIMER: the nRF52 timer/counter (TIMER0–TIMER4).
 *
 * In timer mode the counter runs at 16 MHz / 2^PRESCALER while started; in counter mode it
 * increments on TASKS_COUNT. BITMODE sets the width (16, 8, 24 or 32 bits). COMPARE[n] fires when
 * the counter becomes equal to CC[n]; the COMPAREn_CLEAR and COMPAREn_STOP shortcuts apply.
 * TASKS_CAPTURE[n] copies the counter into CC[n]. PRESCALER only changes while stopped. As for the RTC, the counter is computed from
 * virtual time and one clock event is scheduled for the next compare match.
 */
import type { InterruptLine, SimulationClock } from '@tock-ts/silicon';
import { NrfPeripheral } from './nrf-peripheral.js';
import { edgesAt, HFCLK_16MHZ_RATIO, nanosOfEdge } from './tick-time.js';

/** Base addresses of the timers. */
export const TIMER0_BASE = 0x4000_8000;
export const TIMER1_BASE = 0x4000_9000;
export const TIMER2_BASE = 0x4000_a000;
export const TIMER3_BASE = 0x4001_a000;
export const TIMER4_BASE = 0x4001_b000;

export const TASKS_START = 0x000;
export const TASKS_STOP = 0x004;
export const TASKS_COUNT = 0x008;
export const TASKS_CLEAR = 0x00c;
export const TASKS_SHUTDOWN = 0x010;
/** TASKS_CAPTURE[n] is at TASKS_CAPTURE0 + 4n. */
export const TASKS_CAPTURE0 = 0x040;
/** COMPARE[n] is event index 16 + n (offset 0x140 + 4n). */
export const EVENT_COMPARE0 = 16;
export const MODE = 0x504;
export const BITMODE = 0x508;
export const PRESCALER = 0x510;
/** CC[n] is at CC0 + 4n. */
export const CC0 = 0x540;

export const MODE_TIMER = 0;
export const MODE_COUNTER = 1;
export const MODE_LOW_POWER_COUNTER = 2;
export const BITMODE_16 = 0;
export const BITMODE_08 = 1;
export const BITMODE_24 = 2;
export const BITMODE_32 = 3;
/** PRESCALER reset value (1 MHz). */
export const PRESCALER_RESET = 4;
/** Largest PRESCALER value the hardware honours. */
export const PRESCALER_MAXIMUM = 9;
/** SHORTS: COMPAREn_CLEAR is bit n, COMPAREn_STOP is bit 8 + n. */
export const SHORTS_STOP_SHIFT = 8;

const WIDTHS = [16, 8, 24, 32] as const;

/** One TIMER instance. */
export class Timer extends NrfPeripheral {
  /** Number of CC registers (4 on TIMER0–2, 6 on TIMER3–4). */
  readonly compareCount: number;
  readonly #clock: SimulationClock;
  readonly #compare: Uint32Array;
  #mode = MODE_TIMER;
  #bitMode = BITMODE_16;
  #prescaler = PRESCALER_RESET;
  #running = false;
  #counterBase = 0;
  #baseEdge = 0;
  #scheduled: number | undefined;

  constructor(clock: SimulationClock, interruptLine: InterruptLine, compareCount: 4 | 6) {
    super(interruptLine);
    this.#clock = clock;
    this.compareCount = compareCount;
    this.#compare = new Uint32Array(compareCount);
  }

  /** The counter width in bits. */
  get width(): number {
    return WIDTHS[this.#bitMode] ?? 16;
  }

  /** Counting frequency in timer mode, in Hz. */
  get frequencyHz(): number {
    return 16_000_000 / 2 ** Math.min(this.#prescaler, PRESCALER_MAXIMUM);
  }

  /** The counter value now. */
  get counter(): number {
    return this.#counterAt(this.#clock.nowNanos);
  }

  protected override eventMask(): number {
    return (((1 << this.compareCount) - 1) << EVENT_COMPARE0) >>> 0;
  }

  protected override shortsMask(): number {
    const compares = (1 << this.compareCount) - 1;
    return compares | (compares << SHORTS_STOP_SHIFT);
  }

  protected override triggerTask(offset: number): void {
    if (offset >= TASKS_CAPTURE0 && offset < TASKS_CAPTURE0 + 4 * this.compareCount) {
      this.#compare[(offset - TASKS_CAPTURE0) >>> 2] = this.counter;
      this.#reschedule();
      return;
    }
    switch (offset) {
      case TASKS_START:
        if (this.#running) return;
        this.#running = true;
        this.#baseEdge = edgesAt(HFCLK_16MHZ_RATIO, this.#clock.nowNanos);
        break;
      case TASKS_STOP:
      case TASKS_SHUTDOWN:
        this.#rebase();
        this.#running = false;
        break;
      case TASKS_CLEAR:
        this.#rebase();
        this.#counterBase = 0;
        break;
      case TASKS_COUNT:
        if (this.#mode === MODE_TIMER || !this.#running) return;
        this.#counterBase = (this.#counterBase + 1) % this.#modulus();
        this.#matchCompares(this.#counterBase);
        break;
      default:
        return;
    }
    this.#reschedule();
  }

  protected override readRegister(offset: number): number {
    switch (offset) {
      case MODE:
        return this.#mode;
      case BITMODE:
        return this.#bitMode;
      case PRESCALER:
        return this.#prescaler;
      default: {
        const index = this.#compareIndex(offset);
        return index === undefined ? 0 : (this.#compare[index] ?? 0);
      }
    }
  }

  protected override writeRegister(offset: number, value: number): void {
    this.#rebase();
    switch (offset) {
      case MODE:
        this.#mode = value & 0x3;
        break;
      case BITMODE:
        this.#bitMode = value & 0x3;
        this.#counterBase %= this.#modulus();
        break;
      case PRESCALER:
        // Only taken while stopped: the datasheet allows changing it only then.
        if (!this.#running) this.#prescaler = value & 0xf;
        break;
      default: {
        const index = this.#compareIndex(offset);
        if (index === undefined) return;
        this.#compare[index] = value >>> 0;
      }
    }
    this.#reschedule();
  }

  #compareIndex(offset: number): number | undefined {
    const index = (offset - CC0) >>> 2;
    return offset >= CC0 && (offset & 3) === 0 && index < this.compareCount ? index : undefined;
  }

  #modulus(): number {
    return 2 ** this.width;
  }

  #edgesPerIncrement(): number {
    return 2 ** Math.min(this.#prescaler, PRESCALER_MAXIMUM);
  }

  #incrementsAt(nanos: number): number {
    if (!this.#running || this.#mode !== MODE_TIMER) return 0;
    return Math.floor((edgesAt(HFCLK_16MHZ_RATIO, nanos) - this.#baseEdge) / this.#edgesPerIncrement());
  }

  #counterAt(nanos: number): number {
    return (this.#counterBase + this.#incrementsAt(nanos)) % this.#modulus();
  }

  #rebase(): void {
    const increments = this.#incrementsAt(this.#clock.nowNanos);
    this.#counterBase = (this.#counterBase + increments) % this.#modulus();
    this.#baseEdge += increments * this.#edgesPerIncrement();
  }

  #reschedule(): void {
    if (this.#scheduled !== undefined) this.#clock.cancel(this.#scheduled);
    this.#scheduled = undefined;
    if (!this.#running || this.#mode !== MODE_TIMER) return;
    this.#rebase();
    const modulus = this.#modulus();
    let steps: number | undefined;
    for (let index = 0; index < this.compareCount; index++) {
      const target = (this.#compare[index] ?? 0) % modulus;
      const distance = (target - this.#counterBase + modulus) % modulus;
      const candidate = distance === 0 ? modulus : distance;
      if (steps === undefined || candidate < steps) steps = candidate;
    }
    if (steps === undefined) return;
    const edge = this.#baseEdge + steps * this.#edgesPerIncrement();
    this.#scheduled = this.#clock.schedule(nanosOfEdge(HFCLK_16MHZ_RATIO, edge), () => {
      this.#scheduled = undefined;
      this.#rebase();
      this.#matchCompares(this.#counterBase);
      this.#reschedule();
    });
  }

  /** Generates COMPARE[n] for every CC equal to `counter`, then applies the shortcuts. */
  #matchCompares(counter: number): void {
    let clear = false;
    let stop = false;
    for (let index = 0; index < this.compareCount; index++) {
      if ((this.#compare[index] ?? 0) % this.#modulus() !== counter) continue;
      this.generateEvent(EVENT_COMPARE0 + index);
      if (((this.shorts >>> index) & 1) !== 0) clear = true;
      if (((this.shorts >>> (SHORTS_STOP_SHIFT + index)) & 1) !== 0) stop = true;
    }
    if (clear) this.#counterBase = 0;
    if (stop) this.#running = false;
  }
}
