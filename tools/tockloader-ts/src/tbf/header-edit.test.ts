/**
 * tockloader's TBF edits: sizes, flags, padding headers and moving a fixed-address binary.
 */
import { parseTbfHeader } from '@tock-ts/tock-tbf';
import { describe, expect, it } from 'vitest';
import { concatBytes, readU16, readU32 } from '../bytes.js';
import {
  expectedChecksum,
  fixedFlashAddress,
  paddingHeader,
  placeFixedAddressTbf,
  readBaseHeader,
  withFlags,
  withTotalSize,
} from './header-edit.js';
import { encodeTbfHeader } from './header-writer.js';

/** Header size of the TBFs `fixedTbf` builds. */
const HEADER_SIZE = 16 + 16 + 24 + 12 + 12;
/** Protected trailer that puts the binary 0x80 bytes after the TBF start. */
const TRAILER = 0x80 - HEADER_SIZE;

/**
 * A fixed-address TBF: header (80 bytes), protected trailer up to 0x80, 64 bytes of 0xab, then
 * a Reserved footer filling `totalSize`.
 */
function fixedTbf(flash: number, totalSize: number, protectedTrailer: number = TRAILER): Uint8Array {
  const fields = {
    totalSize,
    enabled: true,
    initFunctionOffset: protectedTrailer + 4,
    protectedTrailerSize: protectedTrailer,
    minimumRamSize: 1024,
    binaryEndOffset: 0,
    appVersion: 0,
    packageName: 'fixed',
    writeableFlashRegions: [],
    fixedAddresses: { ram: 0x80300000, flash },
    permissions: [],
  };
  const headerSize = encodeTbfHeader(fields).length;
  if (headerSize !== HEADER_SIZE) throw new Error(`header is ${headerSize} bytes`);
  const binaryEnd = headerSize + protectedTrailer + 64;
  const header = encodeTbfHeader({ ...fields, binaryEndOffset: binaryEnd });
  const body = new Uint8Array(protectedTrailer + 64).fill(0xab, protectedTrailer);
  const footer = new Uint8Array(totalSize - binaryEnd);
  footer.set([128, 0], 0);
  footer[2] = (footer.length - 4) & 0xff;
  footer[3] = (footer.length - 4) >> 8;
  return concatBytes([header, body, footer]);
}

describe('header edits', () => {
  const tbf = fixedTbf(0x80100080, 512);

  it('withTotalSize and withFlags keep the checksum right', () => {
    const bigger = withTotalSize(tbf, 1024);
    expect(readBaseHeader(bigger).totalSize).toBe(1024);
    expect(readBaseHeader(bigger).checksum).toBe(expectedChecksum(bigger));
    const sticky = withFlags(tbf, 3);
    expect(readBaseHeader(sticky).flags).toBe(3);
    expect(parseTbfHeader(sticky, 2).ok).toBe(true);
    expect(tbf).toEqual(fixedTbf(0x80100080, 512)); // the input is not changed
  });

  it('paddingHeader is a header with no TLVs that the kernel parser reads as padding', () => {
    const header = paddingHeader(4096);
    expect(header.length).toBe(16);
    const parsed = parseTbfHeader(header, 2);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    expect(parsed.value.isApp()).toBe(false);
    expect(parsed.value.getTotalSize()).toBe(4096);
  });

  it('placeFixedAddressTbf is a no-op where the binary already lands on its address', () => {
    expect(fixedFlashAddress(tbf)).toBe(0x80100080);
    const placed = placeFixedAddressTbf(tbf, 0x80100000);
    expect(placed).toEqual({ ok: true, value: tbf });
  });

  it('placeFixedAddressTbf grows the Program protected size and shrinks the Reserved footer', () => {
    const lower = fixedTbf(0x80100180, 1024);
    const placed = placeFixedAddressTbf(lower, 0x80100000);
    if (!placed.ok) throw new Error(placed.error);
    const moved = placed.value;
    expect(moved.length).toBe(1024);
    const parsed = parseTbfHeader(moved, 2);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    // Program grows by 0x100; Main is left as it was, as tockloader does.
    expect(parsed.value.getProgram()?.protectedTrailerSize).toBe(TRAILER + 0x100);
    expect(parsed.value.getProgram()?.initFunctionOffset).toBe(TRAILER + 4 + 0x100);
    expect(parsed.value.getMain()?.protectedTrailerSize).toBe(TRAILER);
    const headerSize = readU16(moved, 2);
    expect(moved[headerSize + TRAILER + 0x100 - 1]).toBe(0);
    expect(moved[headerSize + TRAILER + 0x100]).toBe(0xab);
    const binaryEnd = readU32(moved, 16 + 16 + 4 + 12);
    expect(readU16(moved, binaryEnd + 0x100)).toBe(128);
  });

  it('placeFixedAddressTbf refuses when the footer cannot give up the space', () => {
    // A 128-byte footer cannot give up 0x100 bytes.
    const tight = fixedTbf(0x80100180, 320);
    expect(placeFixedAddressTbf(tight, 0x80100000).ok).toBe(false);
    // The binary would have to move backwards.
    expect(placeFixedAddressTbf(tight, 0x80100200)).toEqual({
      ok: false,
      error: 'cannot place the app at 0x80100200: its binary must be at 0x80100180',
    });
  });
});
