/**
 * Process images for tests, without a TBF: the fields the kernel reads, with plain defaults.
 */
import type { CommandPermissions, ProcessImage, WriteableFlashRegion } from '../process-image.js';

/** A permissions entry: `driverNumber` at command offset `offset` allows the commands in the mask words. */
export interface FakePermission {
  readonly driverNumber: number;
  readonly offset: number;
  readonly low: number;
  readonly high: number;
}

/** Overrides for `fakeProcessImage`. */
export interface FakeProcessImageOptions {
  readonly flashStart?: number;
  readonly flashLength?: number;
  readonly packageName?: string;
  readonly initFunctionOffset?: number;
  readonly protectedSize?: number;
  readonly minimumRamSize?: number;
  readonly fixedAddressRam?: number;
  readonly fixedAddressFlash?: number;
  readonly writeableFlashRegions?: readonly WriteableFlashRegion[];
  /** `undefined`: no Permissions TLV at all. */
  readonly permissions?: readonly FakePermission[];
}

/** A process image: by default a 1 KiB TBF at 0x40000 with a 64-byte header and 2 KiB of RAM. */
export function fakeProcessImage(options: FakeProcessImageOptions = {}): ProcessImage {
  const permissions = options.permissions;
  return {
    flashStart: options.flashStart ?? 0x0004_0000,
    flashLength: options.flashLength ?? 0x400,
    packageName: options.packageName ?? 'app',
    initFunctionOffset: options.initFunctionOffset ?? 0x41,
    protectedSize: options.protectedSize ?? 0x40,
    minimumRamSize: options.minimumRamSize ?? 2048,
    fixedAddressRam: options.fixedAddressRam,
    fixedAddressFlash: options.fixedAddressFlash,
    writeableFlashRegions: options.writeableFlashRegions ?? [],
    commandPermissions(driverNumber: number, offset: number): CommandPermissions {
      if (permissions === undefined) return { kind: 'NoPermsAtAll' };
      const entry = permissions.find((p) => p.driverNumber === driverNumber && p.offset === offset);
      return entry === undefined
        ? { kind: 'NoPermsThisDriver' }
        : { kind: 'Mask', low: entry.low, high: entry.high };
    },
  };
}
