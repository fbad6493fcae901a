/**
 * SysTick, the 24-bit system timer at 0xE000E010 (ARMv7-M ARM B3.3), counting core cycles.
 *
 * The counter is not ticked per instruction: it is computed from the core's cycle count since
 * the last reload, and the core's cycle alarm fires at each zero crossing, which sets COUNTFLAG
 * and, with TICKINT, pends the SysTick exception. A new RVR value takes effect at the next reload.
 */
import { ExceptionNumber } from './architecture.js';
import type { CortexMCore } from './cortexm-core.js';

/** Register offsets from 0xE000E010. */
export const SYST_CSR = 0x0;
export const SYST_RVR = 0x4;
export const SYST_CVR = 0x8;
export const SYST_CALIB = 0xc;

const CSR_ENABLE = 1 << 0;
const CSR_TICKINT = 1 << 1;
const CSR_CLKSOURCE = 1 << 2;
const CSR_COUNTFLAG = 1 << 16;
const COUNTER_MASK = 0x00ff_ffff;

/** The SysTick timer of one core. */
export class SysTick {
  readonly #core: CortexMCore;
  readonly #calibration: number;
  #control = 0;
  #reloadRegister = 0;
  #countFlag = 0;
  /** Counter value while disabled. */
  #frozenValue = 0;
  /** While enabled: the counter held `#anchorValue` at cycle `#anchorCycle`. */
  #anchorCycle = 0;
  #anchorValue = 0;
  /** The reload value in force for periods after the anchor. */
  #periodReload = 0;
  /**
   * True when software (re)started the counter at 0 in the anchor cycle: it reads as the reload
   * value straight away, since host-side drivers spend no cycles between writing and reading.
   */
  #freshStart = false;
  #deadline = Number.POSITIVE_INFINITY;

  /** `calibration` is the SYST_CALIB value (TENMS in bits 23:0, NOREF bit 31, SKEW bit 30). */
  constructor(core: CortexMCore, calibration: number) {
    this.#core = core;
    this.#calibration = calibration >>> 0;
  }

  /** Back to the reset state (disabled, counter and flags clear). */
  reset(): void {
    this.#control = 0;
    this.#reloadRegister = 0;
    this.#countFlag = 0;
    this.#frozenValue = 0;
    this.#schedule(Number.POSITIVE_INFINITY);
  }

  /** Reads a register. Reading CSR clears COUNTFLAG. */
  read(offset: number): number {
    this.#catchUp();
    switch (offset) {
      case SYST_CSR: {
        const value = this.#control | (this.#countFlag !== 0 ? CSR_COUNTFLAG : 0);
        this.#countFlag = 0;
        return value >>> 0;
      }
      case SYST_RVR:
        return this.#reloadRegister;
      case SYST_CVR:
        return this.currentValue();
      case SYST_CALIB:
        return this.#calibration;
      default:
        return 0;
    }
  }

  /** Writes a register. Any write to CVR clears the counter and COUNTFLAG. */
  write(offset: number, value: number): void {
    this.#catchUp();
    switch (offset) {
      case SYST_CSR: {
        const wasEnabled = (this.#control & CSR_ENABLE) !== 0;
        const current = this.currentValue();
        this.#control = value & (CSR_ENABLE | CSR_TICKINT | CSR_CLKSOURCE);
        const enabled = (this.#control & CSR_ENABLE) !== 0;
        if (enabled && !wasEnabled) this.#anchor(current);
        if (!enabled) {
          this.#frozenValue = current;
          this.#schedule(Number.POSITIVE_INFINITY);
        }
        return;
      }
      case SYST_RVR:
        this.#reloadRegister = value & COUNTER_MASK;
        return;
      case SYST_CVR:
        this.#countFlag = 0;
        this.#frozenValue = 0;
        if ((this.#control & CSR_ENABLE) !== 0) this.#anchor(0);
        return;
      default:
        return;
    }
  }

  /** The counter value now. */
  currentValue(): number {
    if ((this.#control & CSR_ENABLE) === 0) return this.#frozenValue;
    const elapsed = this.#core.cycles - this.#anchorCycle;
    if (elapsed === 0 && this.#freshStart) return this.#periodReload;
    if (elapsed <= this.#anchorValue) return this.#anchorValue - elapsed;
    const period = this.#periodReload + 1;
    return this.#periodReload - ((elapsed - this.#anchorValue - 1) % period);
  }

  #anchor(value: number): void {
    this.#freshStart = value === 0;
    this.#anchorCycle = this.#core.cycles;
    this.#anchorValue = value;
    this.#periodReload = this.#reloadRegister;
    this.#scheduleNextZero();
  }

  #scheduleNextZero(): void {
    if (this.#anchorValue > 0) this.#schedule(this.#anchorCycle + this.#anchorValue);
    else if (this.#periodReload > 0) this.#schedule(this.#anchorCycle + this.#periodReload + 1);
    else this.#schedule(Number.POSITIVE_INFINITY);
  }

  #schedule(cycle: number): void {
    this.#deadline = cycle;
    this.#core.setCycleAlarm(cycle, () => this.#catchUp());
  }

  /** Processes every zero crossing up to the core's current cycle. */
  #catchUp(): void {
    while (this.#deadline <= this.#core.cycles) {
      const crossing = this.#deadline;
      this.#countFlag = 1;
      this.#freshStart = false;
      if ((this.#control & CSR_TICKINT) !== 0)
        this.#core.exceptions.setPending(ExceptionNumber.SysTick, true);
      this.#anchorCycle = crossing;
      this.#anchorValue = 0;
      this.#periodReload = this.#reloadRegister;
      this.#deadline = this.#periodReload > 0 ? crossing + this.#periodReload + 1 : Number.POSITIVE_INFINITY;
    }
    if (this.#core.cycleAlarm !== this.#deadline)
      this.#core.setCycleAlarm(this.#deadline, () => this.#catchUp());
  }
}
