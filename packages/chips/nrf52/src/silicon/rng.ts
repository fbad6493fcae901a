/**
 * RNG: the nRF52 random number generator, with a deterministic seeded source.
 *
 * TASKS_START starts generation; every byte-generation time a new byte appears in VALUE and
 * VALRDY is raised, until TASKS_STOP (or the VALRDY_STOP shortcut). CONFIG.DERCEN (bias
 * correction) makes generation slower, as on the chip. Bytes come from a xorshift32 generator
 * seeded at construction, so the same seed gives the same bytes on every run.
 */
import type { InterruptLine, SimulationClock } from '@tock-ts/silicon';
import { NrfPeripheral } from './nrf-peripheral.js';

/** Base address of RNG. */
export const RNG_BASE = 0x4000_d000;
export const TASKS_START = 0x000;
export const TASKS_STOP = 0x004;
/** VALRDY is event index 0 (offset 0x100). */
export const EVENT_VALRDY = 0;
/** SHORTS bit: VALRDY → STOP. */
export const SHORTS_VALRDY_STOP = 1 << 0;
export const CONFIG = 0x504;
export const VALUE = 0x508;
/** CONFIG.DERCEN: bias correction. */
export const CONFIG_DERCEN = 1 << 0;
/** Time to produce one byte without bias correction (datasheet typical, 30 µs). */
export const BYTE_TIME_NANOS = 30_000;
/** Time to produce one byte with bias correction (datasheet typical, 120 µs). */
export const BYTE_TIME_BIAS_CORRECTED_NANOS = 120_000;

/** The RNG peripheral. */
export class Rng extends NrfPeripheral {
  readonly #clock: SimulationClock;
  #state: number;
  #config = 0;
  #value = 0;
  #scheduled: number | undefined;

  /** `seed` selects the byte sequence; 0 is replaced by a fixed non-zero seed. */
  constructor(clock: SimulationClock, interruptLine: InterruptLine, seed: number) {
    super(interruptLine);
    this.#clock = clock;
    this.#state = seed >>> 0 || 0x2545_f491;
  }

  /** True while generating. */
  get running(): boolean {
    return this.#scheduled !== undefined;
  }

  protected override eventMask(): number {
    return 1 << EVENT_VALRDY;
  }

  protected override shortsMask(): number {
    return SHORTS_VALRDY_STOP;
  }

  protected override triggerTask(offset: number): void {
    if (offset === TASKS_START && this.#scheduled === undefined) this.#scheduleByte();
    else if (offset === TASKS_STOP && this.#scheduled !== undefined) {
      this.#clock.cancel(this.#scheduled);
      this.#scheduled = undefined;
    }
  }

  protected override readRegister(offset: number): number {
    if (offset === CONFIG) return this.#config;
    if (offset === VALUE) return this.#value;
    return 0;
  }

  protected override writeRegister(offset: number, value: number): void {
    if (offset === CONFIG) this.#config = value & CONFIG_DERCEN;
  }

  #scheduleByte(): void {
    const delay = (this.#config & CONFIG_DERCEN) !== 0 ? BYTE_TIME_BIAS_CORRECTED_NANOS : BYTE_TIME_NANOS;
    this.#scheduled = this.#clock.scheduleAfter(delay, () => {
      this.#scheduled = undefined;
      this.#value = this.#nextByte();
      if ((this.shorts & SHORTS_VALRDY_STOP) === 0) this.#scheduleByte();
      this.generateEvent(EVENT_VALRDY);
    });
  }

  #nextByte(): number {
    let x = this.#state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.#state = x >>> 0;
    return this.#state >>> 24;
  }
}
