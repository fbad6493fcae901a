/**
 * The register conventions every nRF52 peripheral shares, as one base class for the models.
 *
 * Tasks sit at 0x000–0x0FC (writing 1 triggers), events at 0x100–0x17C (EVENTS_x, set by hardware,
 * cleared by writing 0), and interrupt enable bit n belongs to the event at 0x100 + 4n (INTEN at
 * 0x300, INTENSET 0x304, INTENCLR 0x308). The interrupt line is recomputed in one place,
 * `checkInterrupts()`, after every change. Subclasses handle their own registers in `readRegister`
 * and `writeRegister` and their tasks in `triggerTask`.
 */
import { type InterruptLine, type Peripheral, setInterruptLevel } from '@tock-ts/silicon';

/** First task register. */
export const TASKS_START_OFFSET = 0x000;
/** First event register (event index 0). */
export const EVENTS_START_OFFSET = 0x100;
/** One past the last event register (event index 31 is at 0x17C). */
export const EVENTS_END_OFFSET = 0x180;
/** Shortcuts between events and tasks. */
export const SHORTS = 0x200;
/** Interrupt enable (read/write). */
export const INTEN = 0x300;
/** Interrupt enable set: writing 1 to bit n enables the interrupt of event n. */
export const INTENSET = 0x304;
/** Interrupt enable clear: writing 1 to bit n disables the interrupt of event n. */
export const INTENCLR = 0x308;

/** The event index of the event register at `offset` (0x100 → 0, 0x104 → 1, …). */
export function eventIndex(offset: number): number {
  return (offset - EVENTS_START_OFFSET) >>> 2;
}

/** Base of the nRF52 peripheral models: events, interrupt enables, shortcuts and the IRQ level. */
export abstract class NrfPeripheral implements Peripheral {
  /** EVENTS_x registers by event index (0 or 1). */
  protected readonly events = new Uint8Array(32);
  /** INTEN: bit n enables the interrupt of event n. */
  protected interruptEnable = 0;
  /** SHORTS. */
  protected shorts = 0;
  readonly #interruptLine: InterruptLine | undefined;

  /** `interruptLine` is undefined for peripherals without an interrupt (NVMC, FICR). */
  constructor(interruptLine: InterruptLine | undefined) {
    this.#interruptLine = interruptLine;
  }

  read32(offset: number): number {
    if (offset >= EVENTS_START_OFFSET && offset < EVENTS_END_OFFSET && (offset & 3) === 0) {
      const value = this.readEvent(eventIndex(offset));
      if (value !== undefined) return value;
    }
    switch (offset) {
      case SHORTS:
        return this.shorts >>> 0;
      case INTEN:
      case INTENSET:
      case INTENCLR:
        return this.interruptEnable >>> 0;
      default:
        return this.readRegister(offset) >>> 0;
    }
  }

  write32(offset: number, value: number): void {
    if (offset < EVENTS_START_OFFSET) {
      if ((value & 1) !== 0) this.triggerTask(offset);
      return;
    }
    if (offset < EVENTS_END_OFFSET) {
      const index = eventIndex(offset);
      if (this.hasEvent(index)) {
        this.events[index] = value & 1;
        this.checkInterrupts();
      }
      return;
    }
    switch (offset) {
      case SHORTS:
        this.shorts = value & this.shortsMask();
        this.shortsChanged();
        return;
      case INTEN:
        this.setInterruptEnable(value & this.eventMask());
        return;
      case INTENSET:
        this.setInterruptEnable(this.interruptEnable | (value & this.eventMask()));
        return;
      case INTENCLR:
        this.setInterruptEnable(this.interruptEnable & ~value);
        return;
      default:
        this.writeRegister(offset, value >>> 0);
    }
  }

  /** Raises the interrupt line while some enabled event is set, lowers it otherwise. */
  protected checkInterrupts(): void {
    const line = this.#interruptLine;
    if (line === undefined) return;
    let level = false;
    const enabled = this.interruptEnable;
    for (let index = 0; index < 32; index++) {
      if (this.events[index] !== 0 && ((enabled >>> index) & 1) !== 0) {
        level = true;
        break;
      }
    }
    setInterruptLevel(line, level);
  }

  /** Sets event `index` (as hardware does), then applies shortcuts and the interrupt level. */
  protected generateEvent(index: number): void {
    this.events[index] = 1;
    this.eventGenerated(index);
    this.checkInterrupts();
  }

  /** Changes INTEN and recomputes the line; subclasses may react (`interruptEnableChanged`). */
  protected setInterruptEnable(value: number): void {
    this.interruptEnable = value >>> 0;
    this.interruptEnableChanged();
    this.checkInterrupts();
  }

  /** Bits of INTEN (and the event indices) this peripheral implements. */
  protected abstract eventMask(): number;

  /** True when event index `index` exists in this peripheral. */
  protected hasEvent(index: number): boolean {
    return ((this.eventMask() >>> index) & 1) !== 0;
  }

  /** Reads an event register; the default shows the stored event bit for implemented events. */
  protected readEvent(index: number): number | undefined {
    return this.hasEvent(index) ? (this.events[index] ?? 0) : undefined;
  }

  /** Implemented SHORTS bits (none by default). */
  protected shortsMask(): number {
    return 0;
  }

  /** Called after SHORTS changed. */
  protected shortsChanged(): void {}

  /** Called after INTEN changed, before the line is recomputed. */
  protected interruptEnableChanged(): void {}

  /** Called after event `index` was generated, before the line is recomputed (for shortcuts). */
  protected eventGenerated(_index: number): void {}

  /** A task register at `offset` was written with 1. */
  protected abstract triggerTask(offset: number): void;

  /** Reads a register outside the task/event/interrupt blocks; unimplemented ones read 0. */
  protected abstract readRegister(offset: number): number;

  /** Writes a register outside the task/event/interrupt blocks; unimplemented ones ignore it. */
  protected abstract writeRegister(offset: number, value: number): void;
}
