/**
 * Installing and removing apps in a flash image, with tockloader's placement rules.
 *
 * Position-independent apps are written back to back from the app start address (Cortex-M:
 * largest first, sizes rounded up to powers of two, each aligned to its size, with padding
 * objects filling the gaps). Fixed-address apps are placed so each binary lands on its fixed
 * address, with the TBF header on the 1024-byte boundary below it. A single 0x00 byte after the
 * last app ends the list. Uninstalling overwrites an app's header with a padding header of the
 * same size, so later apps stay where they are.
 */
import { err, ok, type Result } from '@tock-ts/hil';
import { alignDown, readU16 } from '../bytes.js';
import { type Tab, tabSupportsBoard, tabTbfsFor } from '../tab/tab-file.js';
import {
  fixedFlashAddress,
  paddingHeader,
  placeFixedAddressTbf,
  readBaseHeader,
  withFlags,
  withTotalSize,
} from '../tbf/header-edit.js';
import { findTlv } from '../tbf/read-header.js';
import { TBF_BASE_HEADER_SIZE, TbfFlags, TlvType } from '../tbf/tbf-types.js';
import { decodeUtf8 } from '../text/utf8.js';
import { appSize, filterByRamAddress, hasFixedAddresses, isSticky, type PlacedApp } from './app-placement.js';
import type { BoardSettings } from './board-settings.js';
import type { FlashImage } from './flash-image.js';
import { findInstalledObjects, type InstalledObject } from './installed-apps.js';

/** How `install` treats apps of the same name already in flash (tockloader's `replace`). */
export type ReplaceMode = 'yes' | 'no' | 'only';

/** Options of `installTabs`. */
export interface InstallOptions {
  readonly replace?: ReplaceMode;
  /** Remove every non-sticky installed app first (`--erase`). */
  readonly erase?: boolean;
  /** Mark the new apps sticky (`--sticky`). */
  readonly sticky?: boolean;
  /** Install even where `only-for-boards` excludes the board (`--force`). */
  readonly force?: boolean;
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
function writePadding(flash: FlashImage, address: number, size: number): void {
  flash.write(address, paddingHeader(size));
  flash.fill(address + TBF_BASE_HEADER_SIZE, size - TBF_BASE_HEADER_SIZE);
}

function nextPowerOfTwo(size: number): number {
  if ((size & (size - 1)) === 0) return size;
  return 2 ** Math.ceil(Math.log2(size + 1));
}

function installedApp(flash: FlashImage, object: InstalledObject): PlacedApp {
  return {
    name: object.name,
    tbfs: [flash.read(object.address, object.totalSize)],
    installedAddress: object.address,
    modified: false,
  };
}

/** The apps of `tabs` for this board, with size and sticky edits applied. */
function appsFromTabs(
  tabs: readonly Tab[],
  settings: BoardSettings,
  options: InstallOptions,
): Result<PlacedApp[], string> {
  const log = options.log ?? (() => {});
  const apps: PlacedApp[] = [];
  for (const tab of tabs) {
    const name = tab.metadata.name ?? '';
    if (options.force !== true && !tabSupportsBoard(tab, settings.board)) {
      log(`App "${name}" is not compatible with your board.`);
      continue;
    }
    let tbfs = tabTbfsFor(tab, settings.architecture).map((entry) => entry.tbf);
    if (tbfs.length === 0) {
      return err(
        `Unable to locate a valid application binary matching the target architecture (${settings.architecture})`,
      );
    }
    for (const tbf of tbfs) {
      if (tbf.length > readBaseHeader(tbf).totalSize) {
        return err(
          `Invalid TAB, the app binary length (${tbf.length} bytes) is longer than its defined total_size ` +
            `(${readBaseHeader(tbf).totalSize} bytes)`,
        );
      }
    }
    if (settings.powerOfTwoSizes) {
      tbfs = tbfs.map((tbf) => {
        const size = readBaseHeader(tbf).totalSize;
        return nextPowerOfTwo(size) === size ? tbf : withTotalSize(tbf, nextPowerOfTwo(size));
      });
    }
    if (options.sticky === true) {
      tbfs = tbfs.map((tbf) => withFlags(tbf, readBaseHeader(tbf).flags | TbfFlags.STICKY));
    }
    const [first] = tbfs;
    apps.push({
      name: first === undefined ? name : packageName(first),
      tbfs,
      installedAddress: undefined,
      modified: true,
    });
  }
  if (apps.length === 0) return err('No valid apps for this board were provided. Use --force to override.');
  return ok(apps);
}

/** The package name in a TBF header ('' if there is none), which is what tockloader compares. */
function packageName(tbf: Uint8Array): string {
  const at = findTlv(tbf, TlvType.PACKAGE_NAME);
  if (at === undefined) return '';
  return decodeUtf8(tbf.subarray(at, at + readU16(tbf, at - 2))) ?? '';
}

/** Adds or updates the apps of `tabs` in `flash`. */
export function installTabs(
  flash: FlashImage,
  settings: BoardSettings,
  tabs: readonly Tab[],
  options: InstallOptions = {},
): Result<void, string> {
  if (tabs.length === 0) return err('No TABs to install');
  const replacements = appsFromTabs(tabs, settings, options);
  if (!replacements.ok) return replacements;

  let existing = findInstalledObjects(flash, settings.appAddress, false).map((object) =>
    installedApp(flash, object),
  );
  let changed = false;
  if (options.erase === true) {
    const kept = existing.filter(isSticky);
    changed = kept.length !== existing.length;
    existing = kept;
  }

  const replace = options.replace ?? 'yes';
  let resulting: PlacedApp[] = [];
  if (replace === 'no') {
    resulting = [...existing, ...replacements.value];
    changed = true;
  } else {
    for (const app of existing) {
      const replacement = replacements.value.find((candidate) => candidate.name === app.name);
      if (replacement !== undefined) {
        resulting.push({ ...replacement, tbfs: [...replacement.tbfs] });
        changed = true;
      } else {
        resulting.push(app);
      }
    }
    if (replace === 'yes') {
      for (const replacement of replacements.value) {
        if (!resulting.some((app) => app.name === replacement.name)) {
          resulting.push(replacement);
          changed = true;
        }
      }
    }
  }
  if (!changed) return err('Nothing found to update');
  return layOutApps(flash, settings, resulting, options);
}

/** Writes `apps` into flash from the app start address, then ends the list. */
export function layOutApps(
  flash: FlashImage,
  settings: BoardSettings,
  apps: PlacedApp[],
  options: InstallOptions = {},
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
  flash: FlashImage,
  settings: BoardSettings,
  apps: PlacedApp[],
  options: InstallOptions,
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
  flash.write(address, new Uint8Array(1));
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
  flash: FlashImage,
  settings: BoardSettings,
  apps: PlacedApp[],
  options: InstallOptions,
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
  flash.write(address, new Uint8Array(1));
  return ok(undefined);
}

/** Options of `uninstallApps`. */
export interface UninstallOptions {
  /** Remove sticky apps too (`--force`). */
  readonly force?: boolean;
  readonly log?: (message: string) => void;
}

/**
 * Removes the named apps (or the only app, when no names are given) by overwriting each header
 * with a padding header of the same total size.
 */
export function uninstallApps(
  flash: FlashImage,
  settings: BoardSettings,
  names: readonly string[],
  options: UninstallOptions = {},
): Result<string[], string> {
  const log = options.log ?? (() => {});
  const apps = findInstalledObjects(flash, settings.appAddress, false);
  let candidates: InstalledObject[];
  if (names.length === 0) {
    if (apps.length === 0) return err('No apps are installed on the board');
    if (apps.length > 1)
      return err(
        `Several apps are installed (${apps.map((app) => app.name).join(', ')}): name the ones to remove`,
      );
    candidates = apps;
  } else {
    candidates = apps.filter((app) => names.includes(app.name));
  }
  const removed: string[] = [];
  for (const app of candidates) {
    if ((app.flags & TbfFlags.STICKY) !== 0 && options.force !== true) {
      log(
        `Not removing app "${app.name}" because it is sticky. To remove this you need to include the --force option.`,
      );
      continue;
    }
    flash.write(app.address, paddingHeader(app.totalSize));
    removed.push(app.name);
  }
  if (removed.length === 0) return err('Could not find any apps on the board to uninstall.');
  return ok(removed);
}

/** A flag tockloader's `enable-app`/`disable-app`/`sticky-app`/`unsticky-app` set or clear. */
export type AppFlag = 'enable' | 'sticky';

/**
 * Sets or clears `flag` in the headers of the named installed apps, then lays the apps out
 * again as tockloader does (which rewrites only what changed or moved).
 */
export function setAppFlag(
  flash: FlashImage,
  settings: BoardSettings,
  names: readonly string[],
  flag: AppFlag,
  value: boolean,
): Result<string[], string> {
  const objects = findInstalledObjects(flash, settings.appAddress, false);
  if (objects.length === 0) return err('No apps are installed on the board');
  const apps = objects.map((object) => installedApp(flash, object));
  const bit = flag === 'enable' ? TbfFlags.ENABLED : TbfFlags.STICKY;
  const changed: string[] = [];
  for (const app of apps) {
    const [tbf] = app.tbfs;
    if (tbf === undefined || !names.includes(app.name)) continue;
    const flags = readBaseHeader(tbf).flags;
    app.tbfs = [withFlags(tbf, value ? flags | bit : flags & ~bit)];
    app.modified = true;
    changed.push(app.name);
  }
  if (changed.length === 0) return err('No matching apps found. Nothing changed.');
  const laidOut = layOutApps(flash, settings, apps);
  return laidOut.ok ? ok(changed) : laidOut;
}

/**
 * Removes every app, as tockloader's `erase-apps`: with `force`, or when no app is sticky, the
 * first header is invalidated (one 0x00 byte at the app start); otherwise the sticky apps are
 * kept and laid out again. Returns the names of the apps kept.
 */
export function eraseApps(
  flash: FlashImage,
  settings: BoardSettings,
  force: boolean,
): Result<string[], string> {
  const kept = force
    ? []
    : findInstalledObjects(flash, settings.appAddress, false)
        .map((object) => installedApp(flash, object))
        .filter(isSticky);
  if (kept.length === 0) {
    flash.write(settings.appAddress, new Uint8Array(1));
    return ok([]);
  }
  const laidOut = layOutApps(flash, settings, kept);
  return laidOut.ok ? ok(kept.map((app) => app.name)) : laidOut;
}
