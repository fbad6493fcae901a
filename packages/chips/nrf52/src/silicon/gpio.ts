/**
 * GPIO: the nRF52840's two general-purpose I/O ports, P0 (32 pins) and P1 (16 pins).
 *
 * P0's registers sit at 0x5000_0504… and P1's at 0x5000_0804…, so both ports are mapped as one
 * block at 0x5000_0000 (`Nrf52840Gpio`), which hands each access to its port (`GpioPort`). Per
 * port: OUT/OUTSET/OUTCLR, IN, DIR/DIRSET/DIRCLR and PIN_CNF[n] (DIR, INPUT, PULL, DRIVE, SENSE).
 *
 * A pin's level is what drives it: the output driver when DIR is output (or a GPIOTE task channel
 * that owns the pin), else the host's input drive (`setInputLevel`), else the pull resistor (no
 * pull reads low). IN shows the level of pins whose input buffer is connected. Level changes go
 * to the host (`onPinChange`) and to GPIOTE (`connectEdgeListener`). SENSE/LATCH/DETECT (the
 * PORT event) are not modelled.
 */
import type { Peripheral } from '@tock-ts/silicon';

/** Base of the GPIO block; P0 and P1 follow at 0x000 and 0x300. */
export const GPIO_BASE = 0x5000_0000;
/** Distance between P0 and P1. */
export const GPIO_PORT_STRIDE = 0x300;
/** Size of the mapped block holding both ports. */
export const GPIO_BLOCK_SIZE = 0x1000;
/** Pins on P0 and P1 of the nRF52840. */
export const P0_PIN_COUNT = 32;
export const P1_PIN_COUNT = 16;
/** Global pin numbers: P1.n is 32 + n. */
export const PINS_PER_PORT = 32;
export const NRF52840_PIN_COUNT = P0_PIN_COUNT + P1_PIN_COUNT;

export const OUT = 0x504;
export const OUTSET = 0x508;
export const OUTCLR = 0x50c;
export const IN = 0x510;
export const DIR = 0x514;
export const DIRSET = 0x518;
export const DIRCLR = 0x51c;
export const LATCH = 0x520;
export const DETECTMODE = 0x524;
/** PIN_CNF[n] is at PIN_CNF0 + 4n. */
export const PIN_CNF0 = 0x700;

/** PIN_CNF fields. */
export const PIN_CNF_DIR_OUTPUT = 1 << 0;
export const PIN_CNF_INPUT_DISCONNECT = 1 << 1;
export const PIN_CNF_PULL_SHIFT = 2;
export const PIN_CNF_PULL_MASK = 0x3 << PIN_CNF_PULL_SHIFT;
export const PULL_DISABLED = 0;
export const PULL_DOWN = 1;
export const PULL_UP = 3;
/** Implemented PIN_CNF bits: DIR, INPUT, PULL, DRIVE (8–10), SENSE (16–17). */
export const PIN_CNF_MASK = 0x0003_070f;
/** PIN_CNF reset value: input, buffer disconnected, no pull. */
export const PIN_CNF_RESET = PIN_CNF_INPUT_DISCONNECT;

/** Told about every change of a pin's level (global pin number). */
export type PinLevelListener = (pin: number, level: boolean) => void;

/** One GPIO port's registers and pin levels. */
export class GpioPort {
  /** Port number (0 or 1). */
  readonly portNumber: number;
  readonly pinCount: number;
  readonly #pinMask: number;
  #out = 0;
  #detectMode = 0;
  readonly #pinConfig: Uint32Array;
  /** Host input drive per pin: -1 undriven, 0 low, 1 high. */
  readonly #inputDrive: Int8Array;
  /** GPIOTE task ownership per pin: -1 none, else the level GPIOTE drives. */
  readonly #taskDrive: Int8Array;
  /** Levels as last reported, to detect changes. */
  readonly #levels: Uint8Array;
  readonly #notify: PinLevelListener;

  /** `notify` is called with the global pin number on every level change. */
  constructor(portNumber: number, pinCount: number, notify: PinLevelListener) {
    this.portNumber = portNumber;
    this.pinCount = pinCount;
    this.#pinMask = pinCount === 32 ? 0xffff_ffff : (1 << pinCount) - 1;
    this.#pinConfig = new Uint32Array(pinCount).fill(PIN_CNF_RESET);
    this.#inputDrive = new Int8Array(pinCount).fill(-1);
    this.#taskDrive = new Int8Array(pinCount).fill(-1);
    this.#levels = new Uint8Array(pinCount);
    this.#notify = notify;
  }

  /** The level on `pin` (local pin number). */
  level(pin: number): boolean {
    const task = this.#taskDrive[pin] ?? -1;
    if (task >= 0) return task === 1;
    const config = this.#pinConfig[pin] ?? 0;
    if ((config & PIN_CNF_DIR_OUTPUT) !== 0) return ((this.#out >>> pin) & 1) === 1;
    const drive = this.#inputDrive[pin] ?? -1;
    if (drive >= 0) return drive === 1;
    return (config & PIN_CNF_PULL_MASK) >>> PIN_CNF_PULL_SHIFT === PULL_UP;
  }

  /** True when `pin` is configured as an output. */
  isOutput(pin: number): boolean {
    return ((this.#pinConfig[pin] ?? 0) & PIN_CNF_DIR_OUTPUT) !== 0;
  }

  /** Drives `pin` from outside (a button, a wire); `undefined` lets it float to its pull. */
  setInputLevel(pin: number, level: boolean | undefined): void {
    this.#checkPin(pin);
    this.#inputDrive[pin] = level === undefined ? -1 : level ? 1 : 0;
    this.#update();
  }

  /** GPIOTE takes (`level` defined) or releases (`undefined`) a pin as a task output. */
  setTaskDrive(pin: number, level: boolean | undefined): void {
    if (pin >= this.pinCount) return;
    this.#taskDrive[pin] = level === undefined ? -1 : level ? 1 : 0;
    this.#update();
  }

  /** Reads a register at an offset from the port base. */
  read32(offset: number): number {
    switch (offset) {
      case OUT:
      case OUTSET:
      case OUTCLR:
        return this.#out >>> 0;
      case IN:
        return this.#inputRegister();
      case DIR:
      case DIRSET:
      case DIRCLR:
        return this.#directionRegister();
      case LATCH:
        return 0;
      case DETECTMODE:
        return this.#detectMode;
      default: {
        const pin = this.#configIndex(offset);
        return pin === undefined ? 0 : (this.#pinConfig[pin] ?? 0);
      }
    }
  }

  /** Writes a register at an offset from the port base. */
  write32(offset: number, value: number): void {
    const bits = value & this.#pinMask;
    switch (offset) {
      case OUT:
        this.#out = bits >>> 0;
        break;
      case OUTSET:
        this.#out = (this.#out | bits) >>> 0;
        break;
      case OUTCLR:
        this.#out = (this.#out & ~bits) >>> 0;
        break;
      case DIR:
        this.#setDirections(bits, ~bits & this.#pinMask);
        break;
      case DIRSET:
        this.#setDirections(bits, 0);
        break;
      case DIRCLR:
        this.#setDirections(0, bits);
        break;
      case DETECTMODE:
        this.#detectMode = value & 1;
        return;
      default: {
        const pin = this.#configIndex(offset);
        if (pin === undefined) return;
        this.#pinConfig[pin] = value & PIN_CNF_MASK;
      }
    }
    this.#update();
  }

  #checkPin(pin: number): void {
    if (!Number.isInteger(pin) || pin < 0 || pin >= this.pinCount) {
      throw new RangeError(`GPIO P${this.portNumber}: no pin ${pin} (port has ${this.pinCount})`);
    }
  }

  #configIndex(offset: number): number | undefined {
    const pin = (offset - PIN_CNF0) >>> 2;
    return offset >= PIN_CNF0 && (offset & 3) === 0 && pin < this.pinCount ? pin : undefined;
  }

  #setDirections(outputs: number, inputs: number): void {
    for (let pin = 0; pin < this.pinCount; pin++) {
      const config = this.#pinConfig[pin] ?? 0;
      if (((outputs >>> pin) & 1) !== 0) this.#pinConfig[pin] = config | PIN_CNF_DIR_OUTPUT;
      else if (((inputs >>> pin) & 1) !== 0) this.#pinConfig[pin] = config & ~PIN_CNF_DIR_OUTPUT;
    }
  }

  #directionRegister(): number {
    let value = 0;
    for (let pin = 0; pin < this.pinCount; pin++) if (this.isOutput(pin)) value |= 1 << pin;
    return value >>> 0;
  }

  #inputRegister(): number {
    let value = 0;
    for (let pin = 0; pin < this.pinCount; pin++) {
      const connected = ((this.#pinConfig[pin] ?? 0) & PIN_CNF_INPUT_DISCONNECT) === 0;
      if (connected && this.level(pin)) value |= 1 << pin;
    }
    return value >>> 0;
  }

  /** Recomputes every pin's level and reports the ones that changed. */
  #update(): void {
    for (let pin = 0; pin < this.pinCount; pin++) {
      const level = this.level(pin) ? 1 : 0;
      if (this.#levels[pin] === level) continue;
      this.#levels[pin] = level;
      this.#notify(this.portNumber * PINS_PER_PORT + pin, level === 1);
    }
  }
}

/** P0 and P1 as one peripheral mapped at `GPIO_BASE`, with the host-side pin ports. */
export class Nrf52840Gpio implements Peripheral {
  /** Called with the global pin number (P1.n = 32 + n) and level whenever a pin's level changes. */
  onPinChange: PinLevelListener | undefined;
  readonly ports: readonly [GpioPort, GpioPort];
  #edgeListener: PinLevelListener | undefined;

  constructor() {
    const notify: PinLevelListener = (pin, level) => {
      this.#edgeListener?.(pin, level);
      this.onPinChange?.(pin, level);
    };
    this.ports = [new GpioPort(0, P0_PIN_COUNT, notify), new GpioPort(1, P1_PIN_COUNT, notify)];
  }

  /** Connects GPIOTE, which watches every level change for its event channels. */
  connectEdgeListener(listener: PinLevelListener): void {
    this.#edgeListener = listener;
  }

  /** The level of global pin `pin`. */
  level(pin: number): boolean {
    const [port, local] = this.#locate(pin);
    return port.level(local);
  }

  /** Drives global pin `pin` from outside; `undefined` releases it. Throws on a pin that does not exist. */
  setInputLevel(pin: number, level: boolean | undefined): void {
    const [port, local] = this.#locate(pin);
    port.setInputLevel(local, level);
  }

  /** GPIOTE's task-mode drive of global pin `pin`; ignored for pins that do not exist. */
  setTaskDrive(pin: number, level: boolean | undefined): void {
    const port = this.ports[pin >= PINS_PER_PORT ? 1 : 0];
    port.setTaskDrive(pin % PINS_PER_PORT, level);
  }

  read32(offset: number): number {
    const [port, local] = this.#portForOffset(offset);
    return port === undefined ? 0 : port.read32(local);
  }

  write32(offset: number, value: number): void {
    const [port, local] = this.#portForOffset(offset);
    port?.write32(local, value);
  }

  #portForOffset(offset: number): [GpioPort | undefined, number] {
    // P0's registers occupy 0x504–0x77C and P1's 0x804–0xA7C of the block.
    if (offset >= 0x500 && offset < 0x800) return [this.ports[0], offset];
    if (offset >= 0x800 && offset < 0xb00) return [this.ports[1], offset - GPIO_PORT_STRIDE];
    return [undefined, offset];
  }

  #locate(pin: number): [GpioPort, number] {
    if (!Number.isInteger(pin) || pin < 0 || pin >= NRF52840_PIN_COUNT) {
      throw new RangeError(`GPIO: no pin ${pin} (the nRF52840 has pins 0–${NRF52840_PIN_COUNT - 1})`);
    }
    const port = pin >= PINS_PER_PORT ? this.ports[1] : this.ports[0];
    const local = pin % PINS_PER_PORT;
    if (local >= port.pinCount) {
      throw new RangeError(`GPIO: no pin P${port.portNumber}.${local}`);
    }
    return [port, local];
  }
}
