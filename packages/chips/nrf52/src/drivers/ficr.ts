/**
 * The FICR driver (upstream `chips/nrf52/src/ficr.rs`): the device id and address, and what the
 * part is.
 */
import type { RegisterBus } from '../silicon/nrf52840-silicon.js';
import { RegisterBlock } from './registers.js';

/** The FICR's base address. */
export const FICR_BASE = 0x1000_0000;

const Register = {
  DEVICEID0: 0x060,
  DEVICEID1: 0x064,
  DEVICEADDRTYPE: 0x0a0,
  DEVICEADDR0: 0x0a4,
  DEVICEADDR1: 0x0a8,
  INFO_PART: 0x100,
  INFO_VARIANT: 0x104,
} as const;

/** The FICR driver. */
export class Ficr {
  readonly #registers: RegisterBlock;

  constructor(bus: RegisterBus, base: number = FICR_BASE) {
    this.#registers = new RegisterBlock(bus, base);
  }

  /** The 64-bit device id as 8 bytes, least significant first (upstream `id`). */
  id(): Uint8Array {
    return littleEndianBytes(
      [this.#registers.get(Register.DEVICEID0), this.#registers.get(Register.DEVICEID1)],
      8,
    );
  }

  /** The 48-bit device address as 6 bytes, least significant first. */
  address(): Uint8Array {
    return littleEndianBytes(
      [this.#registers.get(Register.DEVICEADDR0), this.#registers.get(Register.DEVICEADDR1)],
      6,
    );
  }

  /** True when the device address is random (DEVICEADDRTYPE = 1), false when public. */
  isAddressRandom(): boolean {
    return (this.#registers.get(Register.DEVICEADDRTYPE) & 1) === 1;
  }

  /** INFO.PART (0x52840 on the nRF52840). */
  part(): number {
    return this.#registers.get(Register.INFO_PART);
  }

  /** INFO.VARIANT as its four ASCII characters (for example "AAD0"). */
  variant(): string {
    const value = this.#registers.get(Register.INFO_VARIANT);
    return String.fromCharCode(
      (value >>> 24) & 0xff,
      (value >>> 16) & 0xff,
      (value >>> 8) & 0xff,
      value & 0xff,
    );
  }
}

function littleEndianBytes(words: readonly number[], length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let index = 0; index < length; index++) {
    bytes[index] = ((words[index >>> 2] ?? 0) >>> (8 * (index & 3))) & 0xff;
  }
  return bytes;
}
