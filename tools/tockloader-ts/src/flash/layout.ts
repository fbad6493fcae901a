/**
 * Laying apps out in flash from the app start address, as tockloader's `_reshuffle_apps`.
 *
 * Position-independent apps are written back to back (Cortex-M: largest first, each aligned to
 * its size, with padding objects filling the gaps). Fixed-address apps are placed so each
 * binary lands on its fixed address, with the TBF header on the 1024-byte boundary below it.
 * Only apps that are new, changed or moved are written. A single 0x00 byte after the last app
 * ends the list.
 */
import { err, ok, type Result } from '@tock-ts/hil';
import { alignDown } from '../bytes.js';
import {
  fixedFlashAddress,
  paddingHeader,
  placeFixedAddressTbf,
  readBaseHeader,
} from '../tbf/header-edit.js';
import type { AppFlash } from './app-flash.js';
import { appSize, filterByRamAddress, hasFixedAddresses, type PlacedApp } from './app-placement.js';
import type { BoardSettings } from './board-settings.js';

/** Options of `layOutApps`. */
export interface LayoutOptions {
  /** Keep the given order instead of sorting (`--preserve-order`). */
  readonly preserveOrder?: boolean;
  /** Receives progress messages. */
  readonly log?: (message: string) => void;
}

/** Fixed-address apps are not placed more than this far above the app start (tockloader's guess). */
const FIXED_ADDRESS_WINDOW = 0x200000;
/** The TBF header of a fixed-address app starts on this boundary below its binary. */
const FIXED_ADDRESS_HEADER_ALIGNMENT = 1024;

/** Writes a padding object of `size` bytes at `address`: its header, then zeros. */
function writePadding(flash: AppFlash, address: number, size: number): void {
  flash.writeZeroPadded(address, paddingHeader(size), size);
}
/** Writes `apps` into flash from the app start address, then ends the list. */
export function layOutApps(
  flash: AppFlash,
  settings: BoardSettings,
  apps: PlacedApp[],
  options: LayoutOptions = {},
): Result<void, string> {
  const fixed = apps.filter(hasFixedAddresses).length;
  if (fixed > 0 && fixed < apps.length) {
    return err('Mixing fixed address and position-independent apps is currently unsupported.');
  }
  return fixed > 0
    ? layOutFixedApps(flash, settings, apps, options)
    : layOutPicApps(flash, settings, apps, options);
}

function layOutPicApps(
  flash: AppFlash,
  settings: BoardSettings,
  apps: PlacedApp[],
  options: LayoutOptions,
): Result<void, string> {
  const log = options.log ?? (() => {});
  const ordered =
    options.preserveOrder !== true && settings.sizeDescending
      ? [...apps].sort((a, b) => appSize(b) - appSize(a))
      : apps;
  let address = settings.appAddress;
  for (const app of ordered) {
    const size = appSize(app);
    if (settings.alignToSize && address % size !== 0) {
      const aligned = (Math.floor(address / size) + 1) * size;
      log(`Flashing padding of ${aligned - address} bytes at 0x${address.toString(16)}.`);
      writePadding(flash, address, aligned - address);
      address = aligned;
    }
    const [tbf] = app.tbfs;
    if (tbf !== undefined && (app.modified || app.installedAddress !== address)) {
      log(`Flashing app ${app.name} (${size} bytes) at 0x${address.toString(16)}.`);
      flash.write(address, tbf);
    }
    address += size;
  }
  flash.clearBytes(address);
  return ok(undefined);
}

/** tockloader's brute-force search for non-overlapping (start, size) choices, one per app. */
function findFixedOrder(slices: readonly (readonly [number, number][])[]): [number, number][] | undefined {
  const choice: [number, number][] = [];
  const search = (index: number): boolean => {
    if (index === slices.length) {
      const sorted = [...choice].sort((a, b) => a[0] - b[0]);
      let end = 0;
      for (const [start, size] of sorted) {
        if (start < end) return false;
        end = start + size;
      }
      return true;
    }
    for (const option of slices[index] ?? []) {
      choice.push(option);
      if (search(index + 1)) return true;
      choice.pop();
    }
    return false;
  };
  return search(0) ? choice : undefined;
}

function layOutFixedApps(
  flash: AppFlash,
  settings: BoardSettings,
  apps: PlacedApp[],
  options: LayoutOptions,
): Result<void, string> {
  if (options.preserveOrder === true) return err('Cannot preserve order with fixed-address apps.');
  const log = options.log ?? (() => {});
  const ramAddress = settings.appRamAddress;
  if (ramAddress !== undefined) {
    for (const app of apps) app.tbfs = filterByRamAddress(app.tbfs, ramAddress);
  }
  const slices = apps.map((app) =>
    app.tbfs.flatMap((tbf): [number, number][] => {
      const start = fixedFlashAddress(tbf) ?? 0;
      if (start < settings.appAddress || start > settings.appAddress + FIXED_ADDRESS_WINDOW) return [];
      return [[start, readBaseHeader(tbf).totalSize]];
    }),
  );
  const order = findFixedOrder(slices);
  if (order === undefined) return err('Unable to find a valid sort order to flash apps.');
  const sorted = order
    .map((slice, index) => ({ start: slice[0], app: apps[index] }))
    .sort((a, b) => a.start - b.start);

  let address = settings.appAddress;
  for (const { app } of sorted) {
    if (app === undefined) continue;
    // The candidate whose header, on the 1024-byte boundary below its binary, comes first at or
    // after `address` (tockloader's `fix_at_next_loadable_address`).
    let best: { address: number; tbf: Uint8Array } | undefined;
    for (const tbf of app.tbfs) {
      const wanted = alignDown(fixedFlashAddress(tbf) ?? 0, FIXED_ADDRESS_HEADER_ALIGNMENT);
      if (wanted >= address && (best === undefined || wanted < best.address)) best = { address: wanted, tbf };
    }
    if (best === undefined) {
      return err(
        `Could not load apps due to address mismatches (app "${app.name}" at 0x${address.toString(16)})`,
      );
    }
    app.tbfs = [best.tbf];
    if (best.address > address) {
      log(`Flashing padding of ${best.address - address} bytes at 0x${address.toString(16)}.`);
      writePadding(flash, address, best.address - address);
      address = best.address;
    }
    if (app.modified || app.installedAddress !== address) {
      const placed = placeFixedAddressTbf(best.tbf, address);
      if (!placed.ok) return placed;
      log(`Flashing app ${app.name} at 0x${address.toString(16)}.`);
      flash.write(address, placed.value);
    }
    address += appSize(app);
  }
  flash.clearBytes(address);
  return ok(undefined);
}
