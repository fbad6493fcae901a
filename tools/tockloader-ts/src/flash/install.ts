/**
 * Installing apps from TABs into a flash image, as tockloader's `install`: pick each TAB's TBFs
 * for the board, round sizes up to powers of two where the MPU needs it, merge with the apps
 * already installed (replacing those of the same name), then lay everything out again.
 */
import { err, ok, type Result } from '@tock-ts/hil';
import { readU16 } from '../bytes.js';
import { type Tab, tabSupportsBoard, tabTbfsFor } from '../tab/tab-file.js';
import { readBaseHeader, withFlags, withTotalSize } from '../tbf/header-edit.js';
import { findTlv } from '../tbf/read-header.js';
import { TbfFlags, TlvType } from '../tbf/tbf-types.js';
import { decodeUtf8 } from '../text/utf8.js';
import type { AppFlash } from './app-flash.js';
import { installedApp, isSticky, type PlacedApp } from './app-placement.js';
import type { BoardSettings } from './board-settings.js';
import { findInstalledObjects } from './installed-apps.js';
import { layOutApps } from './layout.js';

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

function nextPowerOfTwo(size: number): number {
  if ((size & (size - 1)) === 0) return size;
  return 2 ** Math.ceil(Math.log2(size + 1));
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
  flash: AppFlash,
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
