/**
 * GPIOTE: GPIO tasks and events, eight channels that each watch (event mode) or drive (task mode)
 * one pin.
 *
 * CONFIG[n]: MODE (0 disabled, 1 event, 3 task), PSEL and PORT (together the global pin number),
 * POLARITY (1 rising, 2 falling, 3 toggle/any) and OUTINIT. In event mode a matching edge on the
 * pin raises EVENTS_IN[n]; in task mode the channel owns the pin and TASKS_OUT[n] applies POLARITY,
 * TASKS_SET[n] drives it high and TASKS_CLR[n] low. The PORT event (from SENSE/DETECT) is not
 * modelled.
 */
import type { InterruptLine } from '@tock-ts/silicon';
import type { Nrf52840Gpio } from './gpio.js';
import { NrfPeripheral } from './nrf-peripheral.js';

/** Base address of GPIOTE. */
export const GPIOTE_BASE = 0x4000_6000;
/** Number of channels on the nRF52840. */
export const GPIOTE_CHANNEL_COUNT = 8;

/** TASKS_OUT[n], TASKS_SET[n], TASKS_CLR[n] are at these offsets + 4n. */
export const TASKS_OUT0 = 0x000;
export const TASKS_SET0 = 0x030;
export const TASKS_CLR0 = 0x060;
/** EVENTS_IN[n] is event index n; EVENTS_PORT is event index 31. */
export const EVENT_IN0 = 0;
export const EVENT_PORT = 31;
/** CONFIG[n] is at CONFIG0 + 4n. */
export const CONFIG0 = 0x510;

/** CONFIG fields. */
export const CONFIG_MODE_MASK = 0x3;
export const MODE_DISABLED = 0;
export const MODE_EVENT = 1;
export const MODE_TASK = 3;
export const CONFIG_PSEL_SHIFT = 8;
/** PSEL (5 bits) and PORT (1 bit) together: the global pin number. */
export const CONFIG_PIN_MASK = 0x3f << CONFIG_PSEL_SHIFT;
export const CONFIG_POLARITY_SHIFT = 16;
export const CONFIG_POLARITY_MASK = 0x3 << CONFIG_POLARITY_SHIFT;
export const POLARITY_NONE = 0;
export const POLARITY_LO_TO_HI = 1;
export const POLARITY_HI_TO_LO = 2;
export const POLARITY_TOGGLE = 3;
export const CONFIG_OUTINIT = 1 << 20;
const CONFIG_MASK = CONFIG_MODE_MASK | CONFIG_PIN_MASK | CONFIG_POLARITY_MASK | CONFIG_OUTINIT;

const EVENT_MASK = (((1 << GPIOTE_CHANNEL_COUNT) - 1) | (1 << EVENT_PORT)) >>> 0;

/** The GPIOTE block, watching and driving pins of an `Nrf52840Gpio`. */
export class Gpiote extends NrfPeripheral {
  readonly #gpio: Nrf52840Gpio;
  readonly #config = new Uint32Array(GPIOTE_CHANNEL_COUNT);
  /** The level each task-mode channel drives. */
  readonly #taskLevel = new Uint8Array(GPIOTE_CHANNEL_COUNT);

  constructor(gpio: Nrf52840Gpio, interruptLine: InterruptLine) {
    super(interruptLine);
    this.#gpio = gpio;
    gpio.connectEdgeListener((pin, level) => this.#pinChanged(pin, level));
  }

  protected override eventMask(): number {
    return EVENT_MASK;
  }

  protected override triggerTask(offset: number): void {
    const group = [TASKS_OUT0, TASKS_SET0, TASKS_CLR0].find(
      (start) => offset >= start && offset < start + 4 * GPIOTE_CHANNEL_COUNT,
    );
    if (group === undefined) return;
    const channel = (offset - group) >>> 2;
    const config = this.#config[channel] ?? 0;
    if ((config & CONFIG_MODE_MASK) !== MODE_TASK) return;
    let level = this.#taskLevel[channel] === 1;
    if (group === TASKS_OUT0) {
      const polarity = (config & CONFIG_POLARITY_MASK) >>> CONFIG_POLARITY_SHIFT;
      if (polarity === POLARITY_LO_TO_HI) level = true;
      else if (polarity === POLARITY_HI_TO_LO) level = false;
      else if (polarity === POLARITY_TOGGLE) level = !level;
    } else {
      level = group === TASKS_SET0;
    }
    this.#taskLevel[channel] = level ? 1 : 0;
    this.#gpio.setTaskDrive(pinOf(config), level);
  }

  protected override readRegister(offset: number): number {
    const channel = this.#configIndex(offset);
    return channel === undefined ? 0 : (this.#config[channel] ?? 0);
  }

  protected override writeRegister(offset: number, value: number): void {
    const channel = this.#configIndex(offset);
    if (channel === undefined) return;
    const before = this.#config[channel] ?? 0;
    const after = value & CONFIG_MASK;
    this.#config[channel] = after;
    if ((before & CONFIG_MODE_MASK) === MODE_TASK) this.#gpio.setTaskDrive(pinOf(before), undefined);
    if ((after & CONFIG_MODE_MASK) === MODE_TASK) {
      const level = (after & CONFIG_OUTINIT) !== 0;
      this.#taskLevel[channel] = level ? 1 : 0;
      this.#gpio.setTaskDrive(pinOf(after), level);
    }
  }

  #configIndex(offset: number): number | undefined {
    const channel = (offset - CONFIG0) >>> 2;
    return offset >= CONFIG0 && (offset & 3) === 0 && channel < GPIOTE_CHANNEL_COUNT ? channel : undefined;
  }

  #pinChanged(pin: number, level: boolean): void {
    for (let channel = 0; channel < GPIOTE_CHANNEL_COUNT; channel++) {
      const config = this.#config[channel] ?? 0;
      if ((config & CONFIG_MODE_MASK) !== MODE_EVENT || pinOf(config) !== pin) continue;
      const polarity = (config & CONFIG_POLARITY_MASK) >>> CONFIG_POLARITY_SHIFT;
      const matches =
        polarity === POLARITY_TOGGLE ||
        (polarity === POLARITY_LO_TO_HI && level) ||
        (polarity === POLARITY_HI_TO_LO && !level);
      if (matches) this.generateEvent(EVENT_IN0 + channel);
    }
  }
}

/** The global pin number a CONFIG value selects. */
function pinOf(config: number): number {
  return (config & CONFIG_PIN_MASK) >>> CONFIG_PSEL_SHIFT;
}
