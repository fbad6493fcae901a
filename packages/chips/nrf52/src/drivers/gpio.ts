/**
 * The GPIO driver (upstream `chips/nrf5x/src/gpio.rs`, `chips/nrf52840/src/gpio.rs`): one
 * `GpioPin` per pin implementing `gpio::InterruptPin`, and the `GpioPort` of all 48 pins whose
 * bottom half dispatches GPIOTE events.
 *
 * Pins are configured through PIN_CNF and driven through OUTSET/OUTCLR/OUT. Interrupts use a
 * GPIOTE channel in event mode: a pin takes the first channel whose CONFIG.MODE is disabled, keeps
 * it while interrupts stay enabled (one edge setting per pin, as upstream), and frees it on
 * `disableInterrupts`. With all eight channels taken, `enableInterrupts` does nothing (upstream
 * prints a debug line).
 */
import {
  Configuration,
  FloatingState,
  type GpioClient,
  InterruptEdge,
  type InterruptPin,
} from '@tock-ts/hil';
import type { RegisterBus } from '../silicon/nrf52840-silicon.js';
import { type Field, field, RegisterBlock } from './registers.js';

/** Base of P0; P1 is 0x300 further. */
export const GPIO_P0_BASE = 0x5000_0000;
export const GPIO_P1_BASE = 0x5000_0300;
/** GPIOTE's base address. */
export const GPIOTE_BASE = 0x4000_6000;
/** Pins of the nRF52840 (P0.00–P0.31, P1.00–P1.15). */
export const NRF52840_PIN_COUNT = 48;
/** GPIOTE channels on the nRF52. */
export const GPIOTE_CHANNEL_COUNT = 8;
const PINS_PER_PORT = 32;

const GpioRegister = {
  OUT: 0x504,
  OUTSET: 0x508,
  OUTCLR: 0x50c,
  IN: 0x510,
  PIN_CNF0: 0x700,
} as const;

const GpioteRegister = {
  EVENTS_IN0: 0x100,
  INTENSET: 0x304,
  INTENCLR: 0x308,
  CONFIG0: 0x510,
} as const;

/** PIN_CNF fields. */
const PinConfig = {
  DIR: field(0),
  INPUT: field(1),
  PULL: field(2, 2),
  DRIVE: field(8, 3),
  SENSE: field(16, 2),
} as const satisfies Record<string, Field>;
const DIR_INPUT = 0;
const DIR_OUTPUT = 1;
const INPUT_CONNECT = 0;
const INPUT_DISCONNECT = 1;
const PULL_DISABLED = 0;
const PULL_DOWN = 1;
const PULL_UP = 3;

/** GPIOTE CONFIG fields. */
const GpioteConfig = {
  MODE: field(0, 2),
  PSEL: field(8, 6),
  POLARITY: field(16, 2),
} as const satisfies Record<string, Field>;
const MODE_DISABLED = 0;
const MODE_EVENT = 1;
const POLARITY_LO_TO_HI = 1;
const POLARITY_HI_TO_LO = 2;
const POLARITY_TOGGLE = 3;

/** One pin. */
export class GpioPin implements InterruptPin {
  /** The global pin number (P1.n is 32 + n). */
  readonly pinNumber: number;
  readonly #pinBit: number;
  readonly #configOffset: number;
  readonly #gpio: RegisterBlock;
  readonly #gpiote: RegisterBlock;
  #client: GpioClient | undefined;
  #channel: number | undefined;

  constructor(bus: RegisterBus, pinNumber: number) {
    if (!Number.isInteger(pinNumber) || pinNumber < 0 || pinNumber >= NRF52840_PIN_COUNT) {
      throw new RangeError(`GpioPin: no pin ${pinNumber} on the nRF52840 (0–${NRF52840_PIN_COUNT - 1})`);
    }
    this.pinNumber = pinNumber;
    const local = pinNumber % PINS_PER_PORT;
    this.#pinBit = (1 << local) >>> 0;
    this.#configOffset = GpioRegister.PIN_CNF0 + 4 * local;
    this.#gpio = new RegisterBlock(bus, pinNumber < PINS_PER_PORT ? GPIO_P0_BASE : GPIO_P1_BASE);
    this.#gpiote = new RegisterBlock(bus, GPIOTE_BASE);
  }

  /** The GPIOTE channel this pin's interrupt uses, if any. */
  get channel(): number | undefined {
    return this.#channel;
  }

  /** Sets high drive (H0H1) or standard drive (S0S1). */
  setHighDrive(highDrive: boolean): void {
    this.#gpio.modify(this.#configOffset, PinConfig.DRIVE, highDrive ? 3 : 0);
  }

  setFloatingState(state: FloatingState): void {
    const pull =
      state === FloatingState.PullUp ? PULL_UP : state === FloatingState.PullDown ? PULL_DOWN : PULL_DISABLED;
    this.#gpio.modify(this.#configOffset, PinConfig.PULL, pull);
  }

  floatingState(): FloatingState {
    const pull = this.#gpio.read(this.#configOffset, PinConfig.PULL);
    if (pull === PULL_UP) return FloatingState.PullUp;
    if (pull === PULL_DOWN) return FloatingState.PullDown;
    return FloatingState.PullNone;
  }

  makeOutput(): Configuration {
    this.#gpio.modify(this.#configOffset, PinConfig.DIR, DIR_OUTPUT);
    return Configuration.Output;
  }

  disableOutput(): Configuration {
    return this.makeInput();
  }

  makeInput(): Configuration {
    this.#gpio.modify(this.#configOffset, PinConfig.DIR, DIR_INPUT);
    this.#gpio.modify(this.#configOffset, PinConfig.INPUT, INPUT_CONNECT);
    return Configuration.Input;
  }

  /** Pins are either inputs or outputs; "disabling" input would drive the pin, so nothing changes. */
  disableInput(): Configuration {
    return this.configuration();
  }

  configuration(): Configuration {
    const word = this.#gpio.get(this.#configOffset);
    const direction = word & 1;
    const disconnected = (word >>> 1) & 1;
    if (direction === DIR_OUTPUT) return Configuration.Output;
    return disconnected === INPUT_DISCONNECT ? Configuration.LowPower : Configuration.Input;
  }

  deactivateToLowPower(): void {
    // DIR input, input buffer disconnected, no pull.
    this.#gpio.set(this.#configOffset, INPUT_DISCONNECT << PinConfig.INPUT.shift);
  }

  isInput(): boolean {
    return this.configuration() === Configuration.Input;
  }

  isOutput(): boolean {
    return this.configuration() === Configuration.Output;
  }

  read(): boolean {
    return (this.#gpio.get(GpioRegister.IN) & this.#pinBit) !== 0;
  }

  set(): void {
    this.#gpio.set(GpioRegister.OUTSET, this.#pinBit);
  }

  clear(): void {
    this.#gpio.set(GpioRegister.OUTCLR, this.#pinBit);
  }

  toggle(): boolean {
    const result = (this.#gpio.get(GpioRegister.OUT) ^ this.#pinBit) >>> 0;
    this.#gpio.set(GpioRegister.OUT, result);
    return (result & this.#pinBit) !== 0;
  }

  setClient(client: GpioClient): void {
    this.#client = client;
  }

  isPending(): boolean {
    const channel = this.#channel;
    return channel !== undefined && this.#gpiote.isEventSet(GpioteRegister.EVENTS_IN0 + 4 * channel);
  }

  enableInterrupts(edge: InterruptEdge): void {
    const channel = this.#channel ?? this.#allocateChannel();
    if (channel === undefined) return;
    this.#channel = channel;
    const polarity =
      edge === InterruptEdge.RisingEdge
        ? POLARITY_LO_TO_HI
        : edge === InterruptEdge.FallingEdge
          ? POLARITY_HI_TO_LO
          : POLARITY_TOGGLE;
    const config =
      (MODE_EVENT << GpioteConfig.MODE.shift) |
      (this.pinNumber << GpioteConfig.PSEL.shift) |
      (polarity << GpioteConfig.POLARITY.shift);
    this.#gpiote.set(GpioteRegister.CONFIG0 + 4 * channel, config >>> 0);
    this.#gpiote.set(GpioteRegister.INTENSET, 1 << channel);
  }

  disableInterrupts(): void {
    const channel = this.#channel;
    if (channel === undefined) return;
    this.#gpiote.set(GpioteRegister.CONFIG0 + 4 * channel, 0);
    this.#gpiote.set(GpioteRegister.INTENCLR, 1 << channel);
    this.#channel = undefined;
  }

  /** Called by the port's bottom half when this pin's channel fired. */
  handleInterrupt(): void {
    this.#client?.fired();
  }

  #allocateChannel(): number | undefined {
    for (let channel = 0; channel < GPIOTE_CHANNEL_COUNT; channel++) {
      const config = this.#gpiote.get(GpioteRegister.CONFIG0 + 4 * channel);
      if ((config & 0x3) === MODE_DISABLED) return channel;
    }
    return undefined;
  }
}

/** All pins of the nRF52840 and the GPIOTE bottom half (upstream `Port`). */
export class GpioPort {
  readonly pins: readonly GpioPin[];
  readonly #gpiote: RegisterBlock;

  constructor(bus: RegisterBus) {
    this.pins = Array.from({ length: NRF52840_PIN_COUNT }, (_, pin) => new GpioPin(bus, pin));
    this.#gpiote = new RegisterBlock(bus, GPIOTE_BASE);
  }

  /** Pin `pinNumber` (global numbering). Throws on a pin the chip does not have. */
  pin(pinNumber: number): GpioPin {
    const pin = this.pins[pinNumber];
    if (pin === undefined) throw new RangeError(`GpioPort: no pin ${pinNumber}`);
    return pin;
  }

  /** The GPIOTE bottom half: for each fired channel, clears it and calls its pin's client. */
  handleInterrupt(): void {
    for (let channel = 0; channel < GPIOTE_CHANNEL_COUNT; channel++) {
      const event = GpioteRegister.EVENTS_IN0 + 4 * channel;
      if (!this.#gpiote.isEventSet(event)) continue;
      this.#gpiote.clearEvent(event);
      const pinNumber = this.#gpiote.read(GpioteRegister.CONFIG0 + 4 * channel, GpioteConfig.PSEL);
      this.pins[pinNumber]?.handleInterrupt();
    }
  }
}

/** Global pin number of `P<port>.<pin>`. */
export function pinNumber(port: 0 | 1, pin: number): number {
  return port * PINS_PER_PORT + pin;
}
