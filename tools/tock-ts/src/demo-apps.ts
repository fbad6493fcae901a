/**
 * The bundled demo apps: our own test apps (`apps/fixtures/<app>/cortex-m4.elf`, committed ELF
 * files), converted to TBFs with tockloader-ts's elf2tab at startup, so no cross compiler is
 * needed.
 */
import { readFileSync } from 'node:fs';
import { elfToTbf } from '@tock-ts/tockloader-ts';
import type { AppBinary, Checked } from './app-flash.js';

/**
 * The demo apps: hello; blink walking the LEDs on the alarm; buttons printing each press and
 * release; rng and temperature printing a reading each.
 */
export const DEMO_APP_NAMES: readonly string[] = Object.freeze([
  'hello',
  'blink',
  'buttons',
  'rng',
  'temperature',
]);

/** The committed fixtures directory, found relative to this file (source or built). */
export function fixturesDirectory(): URL {
  return new URL('../../../apps/fixtures/', import.meta.url);
}

/** The TBF of fixture `name` for `architecture`, converted from its ELF. */
export function fixtureApp(name: string, architecture = 'cortex-m4'): Checked<AppBinary> {
  const source = new URL(`${name}/${architecture}.elf`, fixturesDirectory());
  let elf: Uint8Array;
  try {
    elf = readFileSync(source);
  } catch {
    return { ok: false, error: `demo app ${name}: cannot read ${source.pathname}` };
  }
  const converted = elfToTbf(elf, { packageName: name, kernelVersion: { major: 2, minor: 0 } });
  if (!converted.ok) return { ok: false, error: `demo app ${name}: ${converted.error}` };
  return { ok: true, value: { source: `${name} (demo)`, tbf: converted.value.tbf } };
}
