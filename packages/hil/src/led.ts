/**
 * LED HIL: an on/off light, and the two adapters that make one from a GPIO pin (upstream
 * `kernel/src/hil/led.rs`). LEDs are synchronous, as GPIO is.
 */
import type { Pin } from './gpio.js';

/** A light that can be switched (upstream `Led`). */
export interface Led {
  /** Prepares the pin; call before any other method. */
  init(): void;
  on(): void;
  off(): void;
  toggle(): void;
  /** True while lit. */
  read(): boolean;
}

/** An LED lit by driving its pin high (upstream `LedHigh`). */
export class LedHigh implements Led {
  /** The pin the LED hangs on. */
  readonly pin: Pin;

  constructor(pin: Pin) {
    this.pin = pin;
  }

  init(): void {
    this.pin.makeOutput();
  }

  on(): void {
    this.pin.set();
  }

  off(): void {
    this.pin.clear();
  }

  toggle(): void {
    this.pin.toggle();
  }

  read(): boolean {
    return this.pin.read();
  }
}

/** An LED lit by driving its pin low, as on the nRF52840-DK (upstream `LedLow`). */
export class LedLow implements Led {
  /** The pin the LED hangs on. */
  readonly pin: Pin;

  constructor(pin: Pin) {
    this.pin = pin;
  }

  init(): void {
    this.pin.makeOutput();
  }

  on(): void {
    this.pin.clear();
  }

  off(): void {
    this.pin.set();
  }

  toggle(): void {
    this.pin.toggle();
  }

  read(): boolean {
    return !this.pin.read();
  }
}
