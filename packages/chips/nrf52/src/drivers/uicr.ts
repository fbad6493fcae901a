/**
 * The UICR driver (upstream `chips/nrf52/src/uicr.rs`): the reset-pin, regulator-output, NFC-pin
 * and access-port settings the nRF startup code checks and programs.
 *
 * The UICR is flash: writes only take effect while the NVMC is in write mode, and can only clear
 * bits, so changing a setting that needs a 1 takes an `Nvmc.eraseUicr()` first (as upstream's
 * startup component does).
 */
import type { RegisterBus } from '../silicon/nrf52840-silicon.js';
import { field, RegisterBlock } from './registers.js';

/** The UICR's base address. */
export const UICR_BASE = 0x1000_1000;

const Register = {
  PSELRESET0: 0x200,
  PSELRESET1: 0x204,
  APPROTECT: 0x208,
  NFCPINS: 0x20c,
  REGOUT0: 0x304,
} as const;
const REGOUT0_VOUT = field(0, 3);
const APPROTECT_PALL = field(0, 8);
/** APPROTECT.PALL "disabled" on parts before the updated access-port logic (such as AAD0). */
const APPROTECT_DISABLED = 0xff;
const APPROTECT_ENABLED = 0x00;
const NFCPINS_PROTECT_NFC = 1;
const NFCPINS_PROTECT_DISABLED = 0;
/** Highest pin number PSELRESET accepts. */
const LAST_PIN = 47;

/** REGOUT0.VOUT: the GPIO output voltage the VDD regulator gives in high-voltage mode. */
export enum Regulator0Output {
  V1_8 = 0,
  V2_1 = 1,
  V2_4 = 2,
  V2_7 = 3,
  V3_0 = 4,
  V3_3 = 5,
  Default = 7,
}

/** The UICR driver. */
export class Uicr {
  readonly #registers: RegisterBlock;

  constructor(bus: RegisterBus, base: number = UICR_BASE) {
    this.#registers = new RegisterBlock(bus, base);
  }

  /** The pin PSELRESET[0] routes to nRESET, or undefined when unset. */
  getPsel0ResetPin(): number | undefined {
    return pinOrUndefined(this.#registers.get(Register.PSELRESET0));
  }

  setPsel0ResetPin(pin: number): void {
    this.#registers.set(Register.PSELRESET0, pin);
  }

  /** The pin PSELRESET[1] routes to nRESET, or undefined when unset. */
  getPsel1ResetPin(): number | undefined {
    return pinOrUndefined(this.#registers.get(Register.PSELRESET1));
  }

  setPsel1ResetPin(pin: number): void {
    this.#registers.set(Register.PSELRESET1, pin);
  }

  getVout(): Regulator0Output {
    const value = this.#registers.read(Register.REGOUT0, REGOUT0_VOUT);
    return value <= Regulator0Output.V3_3 ? value : Regulator0Output.Default;
  }

  setVout(vout: Regulator0Output): void {
    this.#registers.modify(Register.REGOUT0, REGOUT0_VOUT, vout);
  }

  setNfcPinsProtection(protectedPins: boolean): void {
    this.#registers.set(Register.NFCPINS, protectedPins ? NFCPINS_PROTECT_NFC : NFCPINS_PROTECT_DISABLED);
  }

  /** True when the NFC pins are protected (usable as GPIOs). */
  isNfcPinsProtectionEnabled(): boolean {
    return (this.#registers.get(Register.NFCPINS) & 1) === NFCPINS_PROTECT_DISABLED;
  }

  /** True unless APPROTECT.PALL holds the disabled value. */
  isApProtectEnabled(): boolean {
    return this.#registers.read(Register.APPROTECT, APPROTECT_PALL) !== APPROTECT_DISABLED;
  }

  setApProtect(): void {
    this.#registers.set(Register.APPROTECT, APPROTECT_ENABLED);
  }

  disableApProtect(): void {
    this.#registers.set(Register.APPROTECT, APPROTECT_DISABLED);
  }
}

function pinOrUndefined(value: number): number | undefined {
  return value <= LAST_PIN ? value : undefined;
}
