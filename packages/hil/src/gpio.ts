/**
 * GPIO HIL: configuring, driving, reading and taking interrupts from pins (upstream
 * `kernel/src/hil/gpio.rs`).
 *
 * GPIO is synchronous: every call takes effect before it returns. Only interrupts call back,
 * from the chip's bottom half. `InterruptValueWrapper` tags a pin's interrupt with a number so
 * one client (the button or GPIO capsule) can serve many pins.
 */
import type { ErrorCode } from './error-code.js';
import { OK, type Result } from './result.js';

/** Pull resistor setting (upstream `FloatingState`). */
export enum FloatingState {
  PullUp = 'PullUp',
  PullDown = 'PullDown',
  PullNone = 'PullNone',
}

/** Which edges raise an interrupt (upstream `InterruptEdge`). */
export enum InterruptEdge {
  RisingEdge = 'RisingEdge',
  FallingEdge = 'FallingEdge',
  EitherEdge = 'EitherEdge',
}

/** How a pin is configured (upstream `Configuration`). */
export enum Configuration {
  /** Inactive: cannot be read or written. */
  LowPower = 'LowPower',
  Input = 'Input',
  Output = 'Output',
  InputOutput = 'InputOutput',
  /** A chip-specific function (a peripheral owns the pin). */
  Function = 'Function',
  Other = 'Other',
}

/** Whether a pin is semantically on (an LED lit, a button pressed). */
export enum ActivationState {
  Inactive = 0,
  Active = 1,
}

/** Whether active means a high or a low level. */
export enum ActivationMode {
  ActiveHigh = 'ActiveHigh',
  ActiveLow = 'ActiveLow',
}

/** Pin configuration (upstream `gpio::Configure`). */
export interface GpioConfigure {
  configuration(): Configuration;
  /** Makes the pin an output; returns the new configuration. */
  makeOutput(): Configuration;
  disableOutput(): Configuration;
  /** Makes the pin an input; returns the new configuration. */
  makeInput(): Configuration;
  disableInput(): Configuration;
  /** Puts the pin in its lowest-power state; it must be configured again before use. */
  deactivateToLowPower(): void;
  setFloatingState(state: FloatingState): void;
  floatingState(): FloatingState;
  /** True in `Input` or `InputOutput`. */
  isInput(): boolean;
  /** True in `Output` or `InputOutput`. */
  isOutput(): boolean;
}

/** Driving a pin (upstream `Output`); ignored unless the pin is an output. */
export interface Output {
  set(): void;
  clear(): void;
  /** Inverts the level; returns the new level. */
  toggle(): boolean;
}

/** Reading a pin (upstream `Input`): the input level, or the driven level of an output. */
export interface Input {
  read(): boolean;
}

/** A configurable input/output pin (upstream `Pin`). */
export interface Pin extends Input, Output, GpioConfigure {}

/** Told when a pin interrupt fires (upstream `gpio::Client`). */
export interface GpioClient {
  fired(): void;
}

/** Pin interrupts (upstream `Interrupt`). */
export interface Interrupt extends Input {
  setClient(client: GpioClient): void;
  /** Enables interrupts on `edge`; the pin must be configured as an input separately. */
  enableInterrupts(edge: InterruptEdge): void;
  disableInterrupts(): void;
  isPending(): boolean;
}

/** A pin that can also interrupt (upstream `InterruptPin`). */
export interface InterruptPin extends Pin, Interrupt {}

/** Told when a tagged pin interrupt fires, with the pin's tag (upstream `ClientWithValue`). */
export interface GpioClientWithValue {
  fired(value: number): void;
}

/** Pin interrupts that report a tag (upstream `InterruptWithValue`). */
export interface InterruptWithValue extends Input {
  setClient(client: GpioClientWithValue): void;
  /** Enables interrupts on `edge`. `FAIL` when there is no interrupt source yet. */
  enableInterrupts(edge: InterruptEdge): Result<void, ErrorCode>;
  disableInterrupts(): void;
  isPending(): boolean;
  setValue(value: number): void;
  value(): number;
}

/** A pin whose interrupts carry a tag (upstream `InterruptValuePin`). */
export interface InterruptValuePin extends Pin, InterruptWithValue {}

/** Drives `pin` to `state` under `mode` (upstream `Output::write_activation`). */
export function writeActivation(pin: Output, state: ActivationState, mode: ActivationMode): void {
  const high = (state === ActivationState.Active) === (mode === ActivationMode.ActiveHigh);
  if (high) pin.set();
  else pin.clear();
}

/** Reads `pin` as active or inactive under `mode` (upstream `Input::read_activation`). */
export function readActivation(pin: Input, mode: ActivationMode): ActivationState {
  const high = pin.read();
  return high === (mode === ActivationMode.ActiveHigh) ? ActivationState.Active : ActivationState.Inactive;
}

/**
 * Wraps an interrupt pin so its interrupts reach a `GpioClientWithValue` with a fixed tag
 * (upstream `InterruptValueWrapper`). Call `finalize()` once to take the pin's interrupts.
 */
export class InterruptValueWrapper implements InterruptValuePin, GpioClient {
  readonly #source: InterruptPin;
  #value = 0;
  #client: GpioClientWithValue | undefined;

  constructor(source: InterruptPin) {
    this.#source = source;
  }

  /** Becomes the wrapped pin's interrupt client. */
  finalize(): this {
    this.#source.setClient(this);
    return this;
  }

  setValue(value: number): void {
    this.#value = value >>> 0;
  }

  value(): number {
    return this.#value;
  }

  setClient(client: GpioClientWithValue): void {
    this.#client = client;
  }

  isPending(): boolean {
    return this.#source.isPending();
  }

  enableInterrupts(edge: InterruptEdge): Result<void, ErrorCode> {
    this.#source.enableInterrupts(edge);
    return OK;
  }

  disableInterrupts(): void {
    this.#source.disableInterrupts();
  }

  fired(): void {
    this.#client?.fired(this.#value);
  }

  read(): boolean {
    return this.#source.read();
  }

  set(): void {
    this.#source.set();
  }

  clear(): void {
    this.#source.clear();
  }

  toggle(): boolean {
    return this.#source.toggle();
  }

  configuration(): Configuration {
    return this.#source.configuration();
  }

  makeOutput(): Configuration {
    return this.#source.makeOutput();
  }

  disableOutput(): Configuration {
    return this.#source.disableOutput();
  }

  makeInput(): Configuration {
    return this.#source.makeInput();
  }

  disableInput(): Configuration {
    return this.#source.disableInput();
  }

  deactivateToLowPower(): void {
    this.#source.deactivateToLowPower();
  }

  setFloatingState(state: FloatingState): void {
    this.#source.setFloatingState(state);
  }

  floatingState(): FloatingState {
    return this.#source.floatingState();
  }

  isInput(): boolean {
    return this.#source.isInput();
  }

  isOutput(): boolean {
    return this.#source.isOutput();
  }
}
