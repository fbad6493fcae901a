/**
 * FICR: the factory information configuration registers, read-only words at 0x1000_0000.
 *
 * The fields Tock's drivers read: CODEPAGESIZE, CODESIZE, DEVICEID[0–1], DEVICEADDRTYPE,
 * DEVICEADDR[0–1] and INFO.PART/VARIANT/PACKAGE/RAM/FLASH, with values of an nRF52840-QIAA
 * (the part on the nRF52840-DK). The device identity is a constructor option so boards can tell
 * two emulated devices apart.
 */
import type { Peripheral } from '@tock-ts/silicon';

/** Base address and size of FICR. */
export const FICR_BASE = 0x1000_0000;
export const FICR_SIZE = 0x1000;
export const CODEPAGESIZE = 0x010;
export const CODESIZE = 0x014;
export const DEVICEID0 = 0x060;
export const DEVICEID1 = 0x064;
export const DEVICEADDRTYPE = 0x0a0;
export const DEVICEADDR0 = 0x0a4;
export const DEVICEADDR1 = 0x0a8;
export const INFO_PART = 0x100;
export const INFO_VARIANT = 0x104;
export const INFO_PACKAGE = 0x108;
export const INFO_RAM = 0x10c;
export const INFO_FLASH = 0x110;

/** INFO values of the nRF52840-QIAA. */
export const PART_NRF52840 = 0x52840;
/** "AAD0" in ASCII. */
export const VARIANT_AAD0 = 0x4141_4430;
/** Package QI (aQFN73). */
export const PACKAGE_QI = 0x2004;
/** RAM and flash sizes in kB. */
export const RAM_KB = 256;
export const FLASH_KB = 1024;

/** The per-device values a FICR holds. */
export interface FicrIdentity {
  /** 64-bit device id as two words (DEVICEID[0] low, DEVICEID[1] high). */
  readonly deviceId: readonly [number, number];
  /** 48-bit device address as two words (DEVICEADDR[0], DEVICEADDR[1] low 16 bits). */
  readonly deviceAddress: readonly [number, number];
}

/** A fixed identity for tests and single-device boards. */
export const DEFAULT_FICR_IDENTITY: FicrIdentity = {
  deviceId: [0x1234_5678, 0x9abc_def0],
  deviceAddress: [0xc0de_cafe, 0x0000_e1f5],
};

/** The FICR of one device. */
export class Ficr implements Peripheral {
  readonly #values: Map<number, number>;

  constructor(identity: FicrIdentity = DEFAULT_FICR_IDENTITY) {
    this.#values = new Map([
      [CODEPAGESIZE, 4096],
      [CODESIZE, (FLASH_KB * 1024) / 4096],
      [DEVICEID0, identity.deviceId[0] >>> 0],
      [DEVICEID1, identity.deviceId[1] >>> 0],
      [DEVICEADDRTYPE, 1],
      [DEVICEADDR0, identity.deviceAddress[0] >>> 0],
      [DEVICEADDR1, (identity.deviceAddress[1] & 0xffff) | 0xffff_0000],
      [INFO_PART, PART_NRF52840],
      [INFO_VARIANT, VARIANT_AAD0],
      [INFO_PACKAGE, PACKAGE_QI],
      [INFO_RAM, RAM_KB],
      [INFO_FLASH, FLASH_KB],
    ]);
  }

  read32(offset: number): number {
    return (this.#values.get(offset) ?? 0xffff_ffff) >>> 0;
  }

  /** FICR is read-only: writes are ignored. */
  write32(_offset: number, _value: number): void {}
}
