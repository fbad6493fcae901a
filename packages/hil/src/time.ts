/**
 * Time HIL: tick values, frequencies, counters and alarms (upstream `kernel/src/hil/time.rs`).
 *
 * A hardware counter is described by its frequency in hertz and its width in bits. Tick values
 * are unsigned numbers below 2^width that wrap; every comparison goes through the wrapping
 * helpers here, so a reference taken just before a wrap still compares correctly. Widths run
 * from 1 to 32 bits: a chip with a wider counter (the RISC-V CLINT's 64 bits) presents its low
 * 32 bits, which is also what userspace sees of it through the alarm driver. Alarms take a
 * `(reference, dt)` pair rather than an absolute time so an alarm that has only just passed
 * cannot be mistaken for one in the far future.
 *
 * The helpers are plain number arithmetic; conversions fall back to `bigint` only when a
 * product leaves the exact range of a double, which only happens for values that saturate.
 */
import type { ErrorCode } from './error-code.js';
import type { Result } from './result.js';

declare const ticksBrand: unique symbol;

/** A counter value: an unsigned integer below 2^width of the counter it came from. */
export type Ticks = number & { readonly [ticksBrand]: true };

/** The width of a counter's tick values (upstream's `Ticks` implementations). */
export interface TicksWidth {
  /** Bits in a tick value, 1–32. */
  readonly bits: number;
  /** `2^bits − 1`: the largest value, and the mask that wraps a sum. */
  readonly mask: number;
}

/** A width of `bits` bits (1–32). Throws a `RangeError` for any other width. */
export function ticksWidth(bits: number): TicksWidth {
  if (!Number.isInteger(bits) || bits < 1 || bits > 32) {
    throw new RangeError(`tick width must be 1–32 bits, got ${String(bits)}`);
  }
  return Object.freeze({ bits, mask: bits === 32 ? 0xffff_ffff : 2 ** bits - 1 });
}

/** 16-bit ticks (upstream `Ticks16`). */
export const TICKS16: TicksWidth = ticksWidth(16);
/** 24-bit ticks, as the nRF52 RTC (upstream `Ticks24`). */
export const TICKS24: TicksWidth = ticksWidth(24);
/** 32-bit ticks (upstream `Ticks32`). */
export const TICKS32: TicksWidth = ticksWidth(32);

/** Named counter frequencies in hertz (upstream's `Freq…` marker types). */
export const Frequency = Object.freeze({
  Freq600MHz: 600_000_000,
  Freq100MHz: 100_000_000,
  Freq16MHz: 16_000_000,
  Freq10MHz: 10_000_000,
  Freq1MHz: 1_000_000,
  /** 32.768 kHz, the usual RTC crystal. */
  Freq32KHz: 32_768,
  Freq16KHz: 16_000,
  Freq1KHz: 1_000,
});

/** `value` wrapped into `width` as a tick value (upstream `From<u32>`). */
export function ticks(value: number, width: TicksWidth = TICKS32): Ticks {
  return ((value & width.mask) >>> 0) as Ticks;
}

/** `a + b`, wrapping at the width. */
export function ticksWrappingAdd(a: Ticks, b: Ticks, width: TicksWidth): Ticks {
  return (((a + b) & width.mask) >>> 0) as Ticks;
}

/** `a − b`, wrapping at the width: how far `a` lies after `b`. */
export function ticksWrappingSub(a: Ticks, b: Ticks, width: TicksWidth): Ticks {
  return (((a - b) & width.mask) >>> 0) as Ticks;
}

/**
 * True when counting up from `start`, `value` comes before `end`: `(value − start) <
 * (end − start)` in wrapping arithmetic. An empty range (`start == end`) contains nothing.
 */
export function ticksWithinRange(value: Ticks, start: Ticks, end: Ticks, width: TicksWidth): boolean {
  return ticksWrappingSub(value, start, width) < ticksWrappingSub(end, start, width);
}

/** The largest tick value, `2^bits − 1`. */
export function ticksMaxValue(width: TicksWidth): Ticks {
  return width.mask as Ticks;
}

/** Half the range, `2^(bits−1)` (upstream `half_max_value`). */
export function ticksHalfMaxValue(width: TicksWidth): Ticks {
  return (Math.floor(width.mask / 2) + 1) as Ticks;
}

/** `value` as ticks if it is below the maximum, else the maximum (upstream `from_or_max`). */
export function ticksFromOrMax(value: number, width: TicksWidth): Ticks {
  return value < width.mask ? (Math.floor(value) as Ticks) : (width.mask as Ticks);
}

/** Bits a value of this width is shifted left to wrap at 2^32 (upstream `u32_padding`). */
export function ticksU32Padding(width: TicksWidth): number {
  return 32 - width.bits;
}

/** The value shifted to the top of a 32-bit word, so it wraps at 2^32 (upstream `into_u32_left_justified`). */
export function ticksLeftJustified(value: Ticks, width: TicksWidth): number {
  return (value << ticksU32Padding(width)) >>> 0;
}

/** The frequency of left-justified ticks: `hz << padding` (upstream `u32_left_justified_scale_freq`). */
export function leftJustifiedFrequency(frequencyHz: number, width: TicksWidth): number {
  return (frequencyHz << ticksU32Padding(width)) >>> 0;
}

/**
 * `floor(value × numerator / denominator)`, exact for unsigned 32-bit inputs and a positive
 * denominator.
 */
export function scaleFloor(value: number, numerator: number, denominator: number): number {
  const product = value * numerator;
  let quotient: number;
  if (product <= Number.MAX_SAFE_INTEGER) {
    quotient = Math.floor(product / denominator);
    const remainder = product - quotient * denominator;
    if (remainder < 0) quotient -= 1;
    else if (remainder >= denominator) quotient += 1;
  } else {
    // Cold path: only products beyond 2^53, whose quotients nearly always saturate.
    quotient = Number((BigInt(value) * BigInt(numerator)) / BigInt(denominator));
  }
  return quotient;
}

/** `ticks × numerator / denominator`, saturating at 2^32 − 1 (upstream `saturating_scale`). */
export function ticksSaturatingScale(value: Ticks, numerator: number, denominator: number): number {
  const scaled = scaleFloor(value, numerator, denominator);
  return scaled < 0xffff_ffff ? scaled : 0xffff_ffff;
}

/** Reads a counter: its frequency, its width and the current value (upstream `Time`). */
export interface Time {
  /** Ticks per second. */
  readonly frequency: number;
  /** The width of this counter's tick values. */
  readonly ticksWidth: TicksWidth;
  /** The current counter value. */
  now(): Ticks;
}

/** Ticks in `seconds` (rounded down; the maximum if it does not fit). */
export function ticksFromSeconds(time: Time, seconds: number): Ticks {
  return ticksFromOrMax(scaleFloor(time.frequency, seconds >>> 0, 1), time.ticksWidth);
}

/** Ticks in `milliseconds` (rounded down; the maximum if it does not fit). */
export function ticksFromMs(time: Time, milliseconds: number): Ticks {
  return ticksFromOrMax(scaleFloor(time.frequency, milliseconds >>> 0, 1000), time.ticksWidth);
}

/** Ticks in `microseconds` (rounded down; the maximum if it does not fit). */
export function ticksFromUs(time: Time, microseconds: number): Ticks {
  return ticksFromOrMax(scaleFloor(time.frequency, microseconds >>> 0, 1_000_000), time.ticksWidth);
}

/** Whole seconds in `value` ticks, saturating at 2^32 − 1. */
export function ticksToSeconds(time: Time, value: Ticks): number {
  return ticksSaturatingScale(value, 1, time.frequency);
}

/** Whole milliseconds in `value` ticks, saturating at 2^32 − 1. */
export function ticksToMs(time: Time, value: Ticks): number {
  return ticksSaturatingScale(value, 1000, time.frequency);
}

/** Whole microseconds in `value` ticks, saturating at 2^32 − 1. */
export function ticksToUs(time: Time, value: Ticks): number {
  return ticksSaturatingScale(value, 1_000_000, time.frequency);
}

/** Told when a counter wraps to 0 (upstream `OverflowClient`). */
export interface OverflowClient {
  overflow(): void;
}

/** A free-running counter that can be started and stopped (upstream `Counter`). */
export interface Counter extends Time {
  /** Starts counting. `OFF` when its clock is off; `FAIL` otherwise. */
  start(): Result<void, ErrorCode>;
  /** Stops counting. `BUSY` when it is in use and cannot stop; `FAIL` otherwise. */
  stop(): Result<void, ErrorCode>;
  /** Sets the count to 0. `FAIL` when it could not. */
  reset(): Result<void, ErrorCode>;
  /** True while counting. */
  isRunning(): boolean;
}

/** Told when an alarm fires (upstream `AlarmClient`). The alarm is already disarmed. */
export interface AlarmClient {
  alarm(): void;
}

/** A counter that calls its client when it reaches a value (upstream `Alarm`). */
export interface Alarm extends Time {
  /** Sets who is called when the alarm fires, replacing any earlier client. */
  setAlarmClient(client: AlarmClient): void;
  /**
   * Arms the alarm to fire once the counter reaches `reference + dt` — never before, possibly
   * after. A `dt` below `minimumDt()` is raised to it.
   */
  setAlarm(reference: Ticks, dt: Ticks): void;
  /** `reference + dt` of the last `setAlarm` (undefined before the first). */
  getAlarm(): Ticks;
  /** Disarms the alarm: no callback follows. `FAIL` when it could not be stopped and will fire. */
  disarm(): Result<void, ErrorCode>;
  /** True while armed (a fired alarm whose callback is still pending reads false). */
  isArmed(): boolean;
  /** The smallest `dt` the hardware honours. */
  minimumDt(): Ticks;
}

/** Told when a timer fires (upstream `TimerClient`). */
export interface TimerClient {
  timer(): void;
}

/** One-shot and repeating intervals, for code that tolerates jitter (upstream `Timer`). */
export interface Timer extends Time {
  setTimerClient(client: TimerClient): void;
  /** Fires once, at least `interval` ticks from now; returns the interval used. */
  oneshot(interval: Ticks): Ticks;
  /** Fires every `interval` ticks; returns the interval used. */
  repeating(interval: Ticks): Ticks;
  /** The interval of the last timer started, if any. */
  interval(): Ticks | undefined;
  isOneshot(): boolean;
  isRepeating(): boolean;
  /** Ticks until the next callback, or `undefined` when disabled. */
  timeRemaining(): Ticks | undefined;
  isEnabled(): boolean;
  /** Cancels the timer. `FAIL` when a callback will still come. */
  cancel(): Result<void, ErrorCode>;
}
