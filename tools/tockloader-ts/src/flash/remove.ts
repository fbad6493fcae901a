/**
 * Removing apps from a flash image, as tockloader: `uninstall` overwrites an app's header with
 * a padding header of the same size (later apps stay put); `erase-apps` invalidates the first
 * header, or keeps the sticky apps and lays them out again.
 */
import { err, ok, type Result } from '@tock-ts/hil';
import { paddingHeader } from '../tbf/header-edit.js';
import { TbfFlags } from '../tbf/tbf-types.js';
import type { AppFlash } from './app-flash.js';
import { installedApp, isSticky } from './app-placement.js';
import type { BoardSettings } from './board-settings.js';
import { findInstalledObjects, type InstalledObject } from './installed-apps.js';
import { layOutApps } from './layout.js';

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
  flash: AppFlash,
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

/**
 * Removes every app, as tockloader's `erase-apps`: with `force`, or when no app is sticky, the
 * first header is invalidated (one 0x00 byte at the app start); otherwise the sticky apps are
 * kept and laid out again. Returns the names of the apps kept.
 */
export function eraseApps(
  flash: AppFlash,
  settings: BoardSettings,
  force: boolean,
): Result<string[], string> {
  const kept = force
    ? []
    : findInstalledObjects(flash, settings.appAddress, false)
        .map((object) => installedApp(flash, object))
        .filter(isSticky);
  if (kept.length === 0) {
    flash.clearBytes(settings.appAddress);
    return ok([]);
  }
  const laidOut = layOutApps(flash, settings, kept);
  return laidOut.ok ? ok(kept.map((app) => app.name)) : laidOut;
}
