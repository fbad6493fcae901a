/**
 * Setting and clearing the enabled and sticky flags of installed apps, as tockloader's
 * `enable-app`, `disable-app`, `sticky-app` and `unsticky-app`.
 */
import { err, ok, type Result } from '@tock-ts/hil';
import { readBaseHeader, withFlags } from '../tbf/header-edit.js';
import { TbfFlags } from '../tbf/tbf-types.js';
import type { AppFlash } from './app-flash.js';
import { installedApp } from './app-placement.js';
import type { BoardSettings } from './board-settings.js';
import { findInstalledObjects } from './installed-apps.js';
import { layOutApps } from './layout.js';

/** A flag tockloader's `enable-app`/`disable-app`/`sticky-app`/`unsticky-app` set or clear. */
export type AppFlag = 'enable' | 'sticky';

/**
 * Sets or clears `flag` in the headers of the named installed apps, then lays the apps out
 * again as tockloader does (which rewrites only what changed or moved).
 */
export function setAppFlag(
  flash: AppFlash,
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
