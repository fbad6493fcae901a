/**
 * tockloader's `list` and `info` text for the apps in a flash image.
 */
import type { PublicKey } from '../crypto/public-keys.js';
import { describeTbfFooters, describeTbfHeader } from '../tbf/describe.js';
import type { AppFlash } from './app-flash.js';
import type { InstalledObject } from './installed-apps.js';

/** A title in a box of `width` columns, as tockloader's `text_in_box`. */
export function textInBox(text: string, width: number): string {
  const room = width - 4;
  const shown = text.length > room ? `${text.slice(0, room - 3)}...` : text;
  return `┌${'─'.repeat(width - 2)}┐\n│ ${shown.padEnd(room)} |\n└${'─'.repeat(width - 2)}┘`;
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : prefix + line))
    .join('\n');
}

function capitalized(value: boolean): string {
  return value ? 'True' : 'False';
}

/** The description of one app or padding object (tockloader's `info`). */
export function describeObject(
  flash: AppFlash,
  object: InstalledObject,
  verbose: boolean,
  verifyWith?: readonly PublicKey[],
): string {
  let out = '';
  if (object.isApp) {
    out += `Name:                  ${object.name}\n`;
    out += `Version:               ${object.header?.getBinaryVersion() ?? 0}\n`;
    out += `Enabled:               ${capitalized((object.flags & 1) !== 0)}\n`;
    out += `Sticky:                ${capitalized((object.flags & 2) !== 0)}\n`;
  }
  out += `Total Size in Flash:   ${object.totalSize} bytes\n`;
  if (verbose) {
    out += `Address in Flash:      0x${object.address.toString(16)}\n`;
    if (!object.checksumValid) out += '  [WARNING] header checksum mismatch\n';
    out += indent(describeTbfHeader(object.headerBytes, object.address), '  ');
    const program = object.header?.getProgram();
    const tbf = flash.read(object.address, object.totalSize);
    const footers =
      program === undefined
        ? ''
        : describeTbfFooters(tbf, program.binaryEndOffset, object.address, verifyWith);
    if (footers !== '') out += `\n${indent(footers, '  ')}`;
  }
  return out;
}

/**
 * The `list` text (tockloader's `HumanReadableDisplay.list_apps`): a boxed entry per app (and
 * padding, with `verbose`), or the names only with `quiet`; empty when there are no apps.
 */
export function describeInstalledApps(
  flash: AppFlash,
  objects: readonly InstalledObject[],
  verbose: boolean,
  quiet: boolean,
  verifyWith?: readonly PublicKey[],
): string {
  if (quiet) return objects.map((object) => object.name).join(' ');
  let out = '';
  objects.forEach((object, index) => {
    out += `${textInBox(object.isApp ? `App ${index}` : 'Padding', 52)}\n`;
    out += `${indent(describeObject(flash, object, verbose, verifyWith), '  ')}\n\n`;
  });
  return out;
}
