/**
 * The apps tockloader lays out in flash: apps taken from TABs (one or more candidate TBFs each)
 * and apps already installed (their bytes read from flash before anything is written).
 */
import { readU32 } from '../bytes.js';
import { fixedFlashAddress, fixedRamAddress, readBaseHeader } from '../tbf/header-edit.js';
import type { AppFlash } from './app-flash.js';
import type { InstalledObject } from './installed-apps.js';

/** An app to place: a name, candidate TBFs, and where it is now if it is installed. */
export interface PlacedApp {
  readonly name: string;
  /** Candidate TBFs; several only for fixed-address apps built for several addresses. */
  tbfs: Uint8Array[];
  /** The address it is installed at, `undefined` for apps from TABs. */
  readonly installedAddress: number | undefined;
  /** True when its bytes in flash must be rewritten even if it does not move. */
  modified: boolean;
}

/** Total size of the first candidate TBF. */
export function appSize(app: PlacedApp): number {
  const [first] = app.tbfs;
  return first === undefined ? 0 : readBaseHeader(first).totalSize;
}

/** Whether any candidate TBF is fixed to a flash address. */
export function hasFixedAddresses(app: PlacedApp): boolean {
  return app.tbfs.some((tbf) => fixedFlashAddress(tbf) !== undefined);
}

/** True when the sticky flag of the first candidate is set. */
export function isSticky(app: PlacedApp): boolean {
  const [first] = app.tbfs;
  return first !== undefined && (readU32(first, 8) & 0x2) !== 0;
}

/**
 * The candidates whose fixed RAM address lies within 2 MiB above `ramAddress` (tockloader's
 * `filter_fixed_ram_address`); TBFs without a fixed RAM address always stay.
 */
export function filterByRamAddress(tbfs: readonly Uint8Array[], ramAddress: number): Uint8Array[] {
  return tbfs.filter((tbf) => {
    const ram = fixedRamAddress(tbf);
    return ram === undefined || (ram >= ramAddress && ram <= ramAddress + 0x200000);
  });
}

/** An installed app as a `PlacedApp`: its bytes read from flash now, before anything is written. */
export function installedApp(flash: AppFlash, object: InstalledObject): PlacedApp {
  return {
    name: object.name,
    tbfs: [flash.read(object.address, object.totalSize)],
    installedAddress: object.address,
    modified: false,
  };
}
