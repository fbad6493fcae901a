/**
 * POWER and CLOCK: two peripherals that share one ID on the nRF52 (base 0x4000_0000, interrupt
 * POWER_CLOCK), so one register block with one interrupt enable and one interrupt line.
 *
 * CLOCK: HFCLKSTART/LFCLKSTART start the crystal (or the LFCLKSRC source) and raise
 * HFCLKSTARTED/LFCLKSTARTED after the datasheet's start-up time, with HFCLKSTAT/LFCLKSTAT showing
 * the running source; the STOP tasks stop them. Calibration (CAL, CTSTART) is not modelled.
 *
 * POWER: RESETREAS (write 1 to clear), GPREGRET/GPREGRET2, POFCON, DCDCEN/DCDCEN0, MAINREGSTATUS,
 * the RAM[n] power registers and USBREGSTATUS; the host attaches or removes USB power with
 * `setUsbPower`, which raises USBDETECTED and USBPWRRDY or USBREMOVED. SYSTEMOFF calls
 * `onSystemOff`.
 */
import type { InterruptLine, SimulationClock } from '@tock-ts/silicon';
import { NrfPeripheral } from './nrf-peripheral.js';

/** Base address of POWER and CLOCK. */
export const POWER_CLOCK_BASE = 0x4000_0000;

// CLOCK tasks, events and registers.
export const TASKS_HFCLKSTART = 0x000;
export const TASKS_HFCLKSTOP = 0x004;
export const TASKS_LFCLKSTART = 0x008;
export const TASKS_LFCLKSTOP = 0x00c;
export const EVENT_HFCLKSTARTED = 0;
export const EVENT_LFCLKSTARTED = 1;
export const HFCLKRUN = 0x408;
export const HFCLKSTAT = 0x40c;
export const LFCLKRUN = 0x414;
export const LFCLKSTAT = 0x418;
export const LFCLKSRCCOPY = 0x41c;
export const LFCLKSRC = 0x518;
/** HFCLKSTAT/LFCLKSTAT.STATE: running. */
export const CLOCK_STATE_RUNNING = 1 << 16;
/** HFCLKSTAT.SRC: crystal. */
export const HFCLK_SOURCE_XTAL = 1;
/** LFCLKSRC values. */
export const LFCLK_SOURCE_RC = 0;
export const LFCLK_SOURCE_XTAL = 1;
export const LFCLK_SOURCE_SYNTH = 2;
/** Start-up times (datasheet typical values). */
export const HFXO_STARTUP_NANOS = 360_000;
export const LFXO_STARTUP_NANOS = 250_000_000;
export const LFRC_STARTUP_NANOS = 600_000;
export const LFSYNT_STARTUP_NANOS = 100_000;

// POWER tasks, events and registers.
export const TASKS_CONSTLAT = 0x078;
export const TASKS_LOWPWR = 0x07c;
export const EVENT_POFWARN = 2;
export const EVENT_SLEEPENTER = 5;
export const EVENT_SLEEPEXIT = 6;
export const EVENT_USBDETECTED = 7;
export const EVENT_USBREMOVED = 8;
export const EVENT_USBPWRRDY = 9;
export const RESETREAS = 0x400;
export const USBREGSTATUS = 0x438;
export const SYSTEMOFF = 0x500;
export const POFCON = 0x510;
export const GPREGRET = 0x51c;
export const GPREGRET2 = 0x520;
export const DCDCEN = 0x578;
export const DCDCEN0 = 0x580;
export const MAINREGSTATUS = 0x640;
/** RAM[n].POWER at RAM_POWER0 + 0x10 n, POWERSET +4, POWERCLR +8. */
export const RAM_POWER0 = 0x900;
export const RAM_BANK_COUNT = 9;
/** USBREGSTATUS bits. */
export const USBREGSTATUS_VBUSDETECT = 1 << 0;
export const USBREGSTATUS_OUTPUTRDY = 1 << 1;

const EVENT_MASK =
  (1 << EVENT_HFCLKSTARTED) |
  (1 << EVENT_LFCLKSTARTED) |
  (1 << EVENT_POFWARN) |
  (1 << EVENT_SLEEPENTER) |
  (1 << EVENT_SLEEPEXIT) |
  (1 << EVENT_USBDETECTED) |
  (1 << EVENT_USBREMOVED) |
  (1 << EVENT_USBPWRRDY);

/** Start-up time of a low-frequency clock source. */
function lowStartupNanos(source: number): number {
  if (source === LFCLK_SOURCE_XTAL) return LFXO_STARTUP_NANOS;
  if (source === LFCLK_SOURCE_SYNTH) return LFSYNT_STARTUP_NANOS;
  return LFRC_STARTUP_NANOS;
}

/** The POWER/CLOCK block. */
export class PowerClock extends NrfPeripheral {
  /** Called when software writes SYSTEMOFF. */
  onSystemOff: (() => void) | undefined;
  readonly #clock: SimulationClock;
  #highRun = 0;
  #highStatus = 0;
  #lowRun = 0;
  #lowStatus = 0;
  #lowSource = LFCLK_SOURCE_RC;
  #lowSourceCopy = LFCLK_SOURCE_RC;
  #highStartup: number | undefined;
  #lowStartup: number | undefined;
  #resetReason = 0;
  #usbStatus = 0;
  #powerFailure = 0;
  #retained = 0;
  #retained2 = 0;
  #dcdc = 0;
  #dcdc0 = 0;
  #mainRegulatorHigh = false;
  readonly #ramPower = new Uint32Array(RAM_BANK_COUNT).fill(0xffff);

  constructor(clock: SimulationClock, interruptLine: InterruptLine) {
    super(interruptLine);
    this.#clock = clock;
  }

  /** True when the high-frequency crystal runs. */
  get highFrequencyRunning(): boolean {
    return (this.#highStatus & CLOCK_STATE_RUNNING) !== 0;
  }

  /** True when the low-frequency clock runs. */
  get lowFrequencyRunning(): boolean {
    return (this.#lowStatus & CLOCK_STATE_RUNNING) !== 0;
  }

  /** Sets the reset reason bits RESETREAS shows (the host models what reset the chip). */
  setResetReason(bits: number): void {
    this.#resetReason = bits >>> 0;
  }

  /** Sets whether the chip is supplied through VDDH (MAINREGSTATUS high). */
  setMainRegulatorHigh(high: boolean): void {
    this.#mainRegulatorHigh = high;
  }

  /** Attaches (true) or removes (false) USB VBUS. */
  setUsbPower(present: boolean): void {
    const wasPresent = (this.#usbStatus & USBREGSTATUS_VBUSDETECT) !== 0;
    if (present === wasPresent) return;
    if (present) {
      this.#usbStatus = USBREGSTATUS_VBUSDETECT | USBREGSTATUS_OUTPUTRDY;
      this.generateEvent(EVENT_USBDETECTED);
      this.generateEvent(EVENT_USBPWRRDY);
    } else {
      this.#usbStatus = 0;
      this.generateEvent(EVENT_USBREMOVED);
    }
  }

  protected override eventMask(): number {
    return EVENT_MASK;
  }

  protected override triggerTask(offset: number): void {
    switch (offset) {
      case TASKS_HFCLKSTART:
        this.#highRun = 1;
        if (this.#highStartup !== undefined || this.highFrequencyRunning) return;
        this.#highStartup = this.#clock.scheduleAfter(HFXO_STARTUP_NANOS, () => {
          this.#highStartup = undefined;
          this.#highStatus = CLOCK_STATE_RUNNING | HFCLK_SOURCE_XTAL;
          this.generateEvent(EVENT_HFCLKSTARTED);
        });
        return;
      case TASKS_HFCLKSTOP:
        this.#highRun = 0;
        this.#cancel(this.#highStartup);
        this.#highStartup = undefined;
        this.#highStatus = 0;
        return;
      case TASKS_LFCLKSTART: {
        this.#lowRun = 1;
        if (this.#lowStartup !== undefined || this.lowFrequencyRunning) return;
        const source = this.#lowSource;
        this.#lowSourceCopy = source;
        this.#lowStartup = this.#clock.scheduleAfter(lowStartupNanos(source), () => {
          this.#lowStartup = undefined;
          this.#lowStatus = CLOCK_STATE_RUNNING | source;
          this.generateEvent(EVENT_LFCLKSTARTED);
        });
        return;
      }
      case TASKS_LFCLKSTOP:
        this.#lowRun = 0;
        this.#cancel(this.#lowStartup);
        this.#lowStartup = undefined;
        this.#lowStatus = 0;
        return;
      default:
        return;
    }
  }

  protected override readRegister(offset: number): number {
    const ramBank = this.#ramBank(offset);
    if (ramBank !== undefined) return this.#ramPower[ramBank] ?? 0;
    switch (offset) {
      case HFCLKRUN:
        return this.#highRun;
      case HFCLKSTAT:
        return this.#highStatus;
      case LFCLKRUN:
        return this.#lowRun;
      case LFCLKSTAT:
        return this.#lowStatus;
      case LFCLKSRCCOPY:
        return this.#lowSourceCopy;
      case LFCLKSRC:
        return this.#lowSource;
      case RESETREAS:
        return this.#resetReason;
      case USBREGSTATUS:
        return this.#usbStatus;
      case POFCON:
        return this.#powerFailure;
      case GPREGRET:
        return this.#retained;
      case GPREGRET2:
        return this.#retained2;
      case DCDCEN:
        return this.#dcdc;
      case DCDCEN0:
        return this.#dcdc0;
      case MAINREGSTATUS:
        return this.#mainRegulatorHigh ? 1 : 0;
      default:
        return 0;
    }
  }

  protected override writeRegister(offset: number, value: number): void {
    if ((offset - RAM_POWER0) >>> 0 < RAM_BANK_COUNT * 0x10) {
      this.#writeRamPower(offset, value);
      return;
    }
    switch (offset) {
      case LFCLKSRC:
        this.#lowSource = value & 0x3;
        return;
      case RESETREAS:
        this.#resetReason = (this.#resetReason & ~value) >>> 0;
        return;
      case SYSTEMOFF:
        if ((value & 1) === 1) this.onSystemOff?.();
        return;
      case POFCON:
        this.#powerFailure = value & 0xf1f;
        return;
      case GPREGRET:
        this.#retained = value & 0xff;
        return;
      case GPREGRET2:
        this.#retained2 = value & 0xff;
        return;
      case DCDCEN:
        this.#dcdc = value & 1;
        return;
      case DCDCEN0:
        this.#dcdc0 = value & 1;
        return;
      default:
        return;
    }
  }

  #ramBank(offset: number): number | undefined {
    const relative = (offset - RAM_POWER0) >>> 0;
    if (relative >= RAM_BANK_COUNT * 0x10 || (relative & 0xf) !== 0) return undefined;
    return relative >>> 4;
  }

  #writeRamPower(offset: number, value: number): void {
    const relative = offset - RAM_POWER0;
    const bank = relative >>> 4;
    const current = this.#ramPower[bank] ?? 0;
    const register = relative & 0xf;
    if (register === 0) this.#ramPower[bank] = value;
    else if (register === 4) this.#ramPower[bank] = current | value;
    else if (register === 8) this.#ramPower[bank] = current & ~value;
  }

  #cancel(handle: number | undefined): void {
    if (handle !== undefined) this.#clock.cancel(handle);
  }
}
