/**
 * The POWER driver (upstream `chips/nrf52/src/power.rs`): reset reason, the retained GPREGRET
 * byte, the main supply and USB power state, and the USB power events.
 */
import type { RegisterBus } from '../silicon/nrf52840-silicon.js';
import { RegisterBlock } from './registers.js';

/** POWER's base address (shared with CLOCK). */
export const POWER_BASE = 0x4000_0000;

const Register = {
  EVENTS_USBDETECTED: 0x11c,
  EVENTS_USBREMOVED: 0x120,
  EVENTS_USBPWRRDY: 0x124,
  INTENSET: 0x304,
  INTENCLR: 0x308,
  RESETREAS: 0x400,
  USBREGSTATUS: 0x438,
  GPREGRET: 0x51c,
  MAINREGSTATUS: 0x640,
} as const;
const INTERRUPT_USB = (1 << 7) | (1 << 8) | (1 << 9);

/** USB power events (upstream `PowerEvent`). */
export enum PowerEvent {
  UsbPluggedIn = 'UsbPluggedIn',
  UsbPluggedOut = 'UsbPluggedOut',
  UsbPowerReady = 'UsbPowerReady',
}

/** Told about USB power events. */
export interface PowerClient {
  handlePowerEvent(event: PowerEvent): void;
}

/** The POWER driver. */
export class Power {
  readonly #registers: RegisterBlock;
  #usbClient: PowerClient | undefined;

  constructor(bus: RegisterBus, base: number = POWER_BASE) {
    this.#registers = new RegisterBlock(bus, base);
  }

  /** Sets the USB power client and enables the USB power interrupts. */
  setUsbClient(client: PowerClient): void {
    this.#usbClient = client;
    this.#registers.set(Register.INTENSET, INTERRUPT_USB);
  }

  /** RESETREAS: why the chip last reset (0 after power-on). */
  resetReason(): number {
    return this.#registers.get(Register.RESETREAS);
  }

  /** Clears the given RESETREAS bits. */
  clearResetReason(bits: number): void {
    this.#registers.set(Register.RESETREAS, bits);
  }

  /** True when VBUS is present. */
  isVbusPresent(): boolean {
    return (this.#registers.get(Register.USBREGSTATUS) & 1) !== 0;
  }

  /** True when the USB regulator output is ready. */
  isUsbPowerReady(): boolean {
    return (this.#registers.get(Register.USBREGSTATUS) & 2) !== 0;
  }

  /** True when the chip runs from VDDH (high-voltage mode). */
  isMainSupplyHigh(): boolean {
    return (this.#registers.get(Register.MAINREGSTATUS) & 1) !== 0;
  }

  getGpregret(): number {
    return this.#registers.get(Register.GPREGRET) & 0xff;
  }

  setGpregret(value: number): void {
    this.#registers.set(Register.GPREGRET, value & 0xff);
  }

  /** The bottom half of the POWER_CLOCK interrupt: reports and clears the USB power events. */
  handleInterrupt(): void {
    const events: ReadonlyArray<readonly [number, PowerEvent]> = [
      [Register.EVENTS_USBDETECTED, PowerEvent.UsbPluggedIn],
      [Register.EVENTS_USBREMOVED, PowerEvent.UsbPluggedOut],
      [Register.EVENTS_USBPWRRDY, PowerEvent.UsbPowerReady],
    ];
    for (const [offset, event] of events) {
      if (!this.#registers.isEventSet(offset)) continue;
      this.#registers.clearEvent(offset);
      this.#usbClient?.handlePowerEvent(event);
    }
  }
}
