/**
 * The nRF52840's default peripheral drivers and their interrupt dispatch (upstream
 * `Nrf52DefaultPeripherals`, `Nrf52840DefaultPeripherals` and their `InterruptService`).
 *
 * One driver per peripheral the nRF52840-DK board uses, all over the same register bus; the
 * board takes the drivers from here and wires them to capsules. `serviceInterrupt(irq)` runs the
 * bottom half of the driver on interrupt `irq`, returning false for an interrupt no driver owns.
 */
import type { DeferredCallRegistry } from '@tock-ts/kernel';
import type { RegisterBus } from '../silicon/nrf52840-silicon.js';
import { Clock } from './clock.js';
import { Ficr } from './ficr.js';
import { GpioPort } from './gpio.js';
import { type BusyWait, Nvmc } from './nvmc.js';
import { Power } from './power.js';
import type { DmaRegion } from './registers.js';
import { Rtc } from './rtc.js';
import { Temp } from './temp.js';
import { TimerAlarm } from './timer-alarm.js';
import { Trng } from './trng.js';
import { Uarte } from './uarte.js';
import { Uicr } from './uicr.js';

/** Interrupt numbers the default peripherals use (upstream `peripheral_interrupts`). */
export const PeripheralInterrupt = {
  POWER_CLOCK: 0,
  UART0: 2,
  GPIOTE: 6,
  TIMER0: 8,
  TIMER1: 9,
  RTC1: 17,
  TEMP: 12,
  RNG: 13,
} as const;

/** Dispatches interrupt bottom halves by number (upstream `InterruptService`). */
export interface InterruptService {
  /** Runs the bottom half of `irq`; false when no driver handles it. */
  serviceInterrupt(irq: number): boolean;
}

/** What the default peripherals need. */
export interface Nrf52840PeripheralsOptions {
  readonly bus: RegisterBus;
  /** Polling in virtual time, for the NVMC. */
  readonly busyWait: BusyWait;
  readonly deferredCalls: DeferredCallRegistry;
  /** Data RAM reserved for the UARTE's EasyDMA (at least `UARTE_DMA_REGION_SIZE` bytes). */
  readonly uarteDmaRegion: DmaRegion;
}

/** The drivers of the nRF52840's peripherals. */
export class Nrf52840DefaultPeripherals implements InterruptService {
  readonly clock: Clock;
  readonly power: Power;
  readonly uarte0: Uarte;
  readonly gpioPort: GpioPort;
  readonly rtc: Rtc;
  readonly timer0: TimerAlarm;
  readonly timer1: TimerAlarm;
  readonly temp: Temp;
  readonly trng: Trng;
  readonly nvmc: Nvmc;
  readonly ficr: Ficr;
  readonly uicr: Uicr;

  constructor(options: Nrf52840PeripheralsOptions) {
    const bus = options.bus;
    this.clock = new Clock(bus);
    this.power = new Power(bus);
    this.uarte0 = new Uarte(bus, options.uarteDmaRegion);
    this.gpioPort = new GpioPort(bus);
    this.rtc = new Rtc(bus);
    this.timer0 = new TimerAlarm(bus, 0x4000_8000);
    this.timer1 = new TimerAlarm(bus, 0x4000_9000);
    this.temp = new Temp(bus);
    this.trng = new Trng(bus);
    this.nvmc = new Nvmc(bus, options.busyWait, options.deferredCalls);
    this.ficr = new Ficr(bus);
    this.uicr = new Uicr(bus);
  }

  serviceInterrupt(irq: number): boolean {
    switch (irq) {
      case PeripheralInterrupt.POWER_CLOCK:
        this.power.handleInterrupt();
        return true;
      case PeripheralInterrupt.UART0:
        this.uarte0.handleInterrupt();
        return true;
      case PeripheralInterrupt.GPIOTE:
        this.gpioPort.handleInterrupt();
        return true;
      case PeripheralInterrupt.TIMER0:
        this.timer0.handleInterrupt();
        return true;
      case PeripheralInterrupt.TIMER1:
        this.timer1.handleInterrupt();
        return true;
      case PeripheralInterrupt.RTC1:
        this.rtc.handleInterrupt();
        return true;
      case PeripheralInterrupt.TEMP:
        this.temp.handleInterrupt();
        return true;
      case PeripheralInterrupt.RNG:
        this.trng.handleInterrupt();
        return true;
      default:
        return false;
    }
  }
}
