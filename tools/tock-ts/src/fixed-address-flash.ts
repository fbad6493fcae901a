/**
 * App flash for boards whose apps are linked for fixed addresses (RISC-V): each app is one or more
 * alternative TBFs (a TAB carries one per slot it was linked for); apps are taken by their lowest
 * possible address (ties in the given order) and each gets the alternative with the lowest flash address not below the previous app's end. Its
 * header goes on the 1024-byte boundary below its binary and tockloader-ts moves the binary onto
 * its FixedAddresses flash address; padding TBFs fill the gaps so the kernel's walk over the
 * headers reaches every app.
 */
import {
  fixedFlashAddress,
  paddingHeader,
  placeFixedAddressTbf,
  readBaseHeader,
} from '@tock-ts/tockloader-ts';
import type { AppBinary, Checked } from './app-flash.js';

/** A fixed-address TBF's header sits on this boundary below its binary (as tockloader places it). */
const HEADER_ALIGNMENT = 1024;

function hex(value: number): string {
  return `0x${value.toString(16)}`;
}

/** App flash from `flashStart` (`capacity` bytes) holding one alternative of each app. */
export function layOutFixedAddressAppFlash(
  apps: readonly (readonly AppBinary[])[],
  flashStart: number,
  capacity: number,
): Checked<Uint8Array> {
  const placed: { offset: number; tbf: Uint8Array }[] = [];
  let end = 0;
  const lowest = (alternatives: readonly AppBinary[]): number =>
    Math.min(...alternatives.map((app) => fixedFlashAddress(app.tbf) ?? Number.POSITIVE_INFINITY));
  const ordered = apps
    .map((alternatives, index) => ({ alternatives, index, lowest: lowest(alternatives) }))
    .sort((a, b) => a.lowest - b.lowest || a.index - b.index);
  for (const { alternatives } of ordered) {
    const options: { offset: number; tbf: Uint8Array }[] = [];
    const source = alternatives[0]?.source ?? 'app';
    for (const app of alternatives) {
      const fixed = fixedFlashAddress(app.tbf);
      if (fixed === undefined) continue;
      const headerSize = readBaseHeader(app.tbf).headerSize;
      const address = Math.floor((fixed - headerSize) / HEADER_ALIGNMENT) * HEADER_ALIGNMENT;
      const offset = address - flashStart;
      if (offset < end || offset + app.tbf.length > capacity) continue;
      const moved = placeFixedAddressTbf(app.tbf, address);
      if (moved.ok) options.push({ offset, tbf: moved.value });
    }
    options.sort((a, b) => a.offset - b.offset);
    const chosen = options[0];
    if (chosen === undefined) {
      return {
        ok: false,
        error: `${source}: no TBF linked for a free app slot (the app flash at ${hex(flashStart)} is used up to ${hex(flashStart + end)}; fixed-address apps only)`,
      };
    }
    placed.push(chosen);
    end = chosen.offset + chosen.tbf.length;
  }
  const image = new Uint8Array(end).fill(0xff);
  let filled = 0;
  for (const { offset, tbf } of placed) {
    if (offset > filled) {
      image.fill(0, filled, offset);
      image.set(paddingHeader(offset - filled), filled);
    }
    image.set(tbf, offset);
    filled = offset + tbf.length;
  }
  return { ok: true, value: image };
}
