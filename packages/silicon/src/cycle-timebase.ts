/**
 * `CycleTimebase`: the exact mapping between a core's cycle count and the board's virtual time in
 * nanoseconds, for a core clocked at a whole number of hertz. Cycle `c` happens at
 * `floor(c * 1e9 / hz)` ns, computed in steps of the smallest cycle count that lasts a whole
 * number of nanoseconds, so no product exceeds 2^53 for any run the clock can represent.
 */

const NANOS_PER_SECOND = 1_000_000_000;

function greatestCommonDivisor(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) {
    const rest = x % y;
    x = y;
    y = rest;
  }
  return x;
}

/** A core frequency and the cycle ↔ nanosecond conversions it implies. */
export class CycleTimebase {
  readonly frequencyHz: number;
  readonly #nanosPerStep: number;
  readonly #cyclesPerStep: number;

  /** `owner` names the core in the error for a frequency that is not a positive integer ≤ 4 GHz. */
  constructor(frequencyHz: number, owner = 'CycleTimebase') {
    if (!Number.isSafeInteger(frequencyHz) || frequencyHz <= 0 || frequencyHz > 4_000_000_000) {
      throw new RangeError(`${owner}: frequencyHz must be a positive integer, got ${frequencyHz}`);
    }
    this.frequencyHz = frequencyHz;
    const divisor = greatestCommonDivisor(frequencyHz, NANOS_PER_SECOND);
    this.#nanosPerStep = NANOS_PER_SECOND / divisor;
    this.#cyclesPerStep = frequencyHz / divisor;
  }

  /** Virtual time of cycle `cycles` (exact integer arithmetic, rounded down). */
  nanosAtCycle(cycles: number): number {
    const steps = Math.floor(cycles / this.#cyclesPerStep);
    const rest = cycles - steps * this.#cyclesPerStep;
    return steps * this.#nanosPerStep + Math.floor((rest * this.#nanosPerStep) / this.#cyclesPerStep);
  }

  /** The first cycle at or after virtual time `nanos`. */
  cycleAtNanos(nanos: number): number {
    const steps = Math.floor(nanos / this.#nanosPerStep);
    const rest = nanos - steps * this.#nanosPerStep;
    return steps * this.#cyclesPerStep + Math.ceil((rest * this.#cyclesPerStep) / this.#nanosPerStep);
  }
}
