/**
 * Edits tockloader makes to TBFs before writing them: total size, flags, the protected trailer
 * of fixed-address apps, and padding objects. Every edit returns a new array with the header
 * checksum recomputed.
 */
import { err, ok, type Result } from '@tock-ts/hil';
import { concatBytes, readU16, readU32, writeU16, writeU32 } from '../bytes.js';
import { tbfChecksum } from './checksum.js';
import { findTlv } from './read-header.js';
import {
  CREDENTIAL_HEADER_SIZE,
  CredentialFormat,
  TBF_BASE_HEADER_SIZE,
  TBF_VERSION,
  TlvType,
} from './tbf-types.js';

/** The 16-byte base header. */
export interface TbfBaseHeader {
  readonly version: number;
  readonly headerSize: number;
  readonly totalSize: number;
  readonly flags: number;
  readonly checksum: number;
}

/** Reads the base header at the start of `bytes` (which must hold 16 bytes). */
export function readBaseHeader(bytes: Uint8Array): TbfBaseHeader {
  return {
    version: readU16(bytes, 0),
    headerSize: readU16(bytes, 2),
    totalSize: readU32(bytes, 4),
    flags: readU32(bytes, 8),
    checksum: readU32(bytes, 12),
  };
}

/** The checksum `bytes`' header should have (over `header_size` bytes). */
export function expectedChecksum(bytes: Uint8Array): number {
  return tbfChecksum(bytes.subarray(0, readU16(bytes, 2)));
}

function rechecksum(tbf: Uint8Array): Uint8Array {
  writeU32(tbf, 12, expectedChecksum(tbf));
  return tbf;
}

/** `tbf` with `total_size` set to `totalSize`. */
export function withTotalSize(tbf: Uint8Array, totalSize: number): Uint8Array {
  const copy = tbf.slice();
  writeU32(copy, 4, totalSize);
  return rechecksum(copy);
}

/** `tbf` with its flags word set to `flags`. */
export function withFlags(tbf: Uint8Array, flags: number): Uint8Array {
  const copy = tbf.slice();
  writeU32(copy, 8, flags >>> 0);
  return rechecksum(copy);
}

/**
 * The 16-byte header of a padding object of `totalSize` bytes: no TLVs; zeros follow it in
 * flash.
 */
export function paddingHeader(totalSize: number): Uint8Array {
  const header = new Uint8Array(TBF_BASE_HEADER_SIZE);
  writeU16(header, 0, TBF_VERSION);
  writeU16(header, 2, TBF_BASE_HEADER_SIZE);
  writeU32(header, 4, totalSize);
  return rechecksum(header);
}

/** The flash address a fixed-address TBF's binary must sit at, or `undefined` for PIC TBFs. */
export function fixedFlashAddress(tbf: Uint8Array): number | undefined {
  const at = findTlv(tbf, TlvType.FIXED_ADDRESSES);
  if (at === undefined) return undefined;
  const flash = readU32(tbf, at + 4);
  return flash === 0xffffffff ? undefined : flash;
}

/** The fixed RAM address of a TBF, or `undefined`. */
export function fixedRamAddress(tbf: Uint8Array): number | undefined {
  const at = findTlv(tbf, TlvType.FIXED_ADDRESSES);
  if (at === undefined) return undefined;
  const ram = readU32(tbf, at);
  return ram === 0xffffffff ? undefined : ram;
}

/** The Program TLV's value offset, else the Main TLV's (tockloader's "binary TLV"). */
function binaryTlv(tbf: Uint8Array): number | undefined {
  return findTlv(tbf, TlvType.PROGRAM) ?? findTlv(tbf, TlvType.MAIN);
}

/**
 * Moves a fixed-address TBF so that, written at `address`, its binary lands on its fixed flash
 * address, as tockloader's `adjust_starting_address` does: the binary TLV's protected size and
 * init offset grow by the gap, zeros are inserted before the binary, and the Reserved footer
 * gives up the same number of bytes so `total_size` is unchanged.
 */
export function placeFixedAddressTbf(tbf: Uint8Array, address: number): Result<Uint8Array, string> {
  const fixed = fixedFlashAddress(tbf);
  const tlv = binaryTlv(tbf);
  if (fixed === undefined || tlv === undefined) return ok(tbf);
  const { headerSize, totalSize } = readBaseHeader(tbf);
  const protectedTrailer = readU32(tbf, tlv + 4);
  const gap = fixed - (address + headerSize + protectedTrailer);
  if (gap === 0) return ok(tbf);
  if (gap < 0)
    return err(
      `cannot place the app at 0x${address.toString(16)}: its binary must be at 0x${fixed.toString(16)}`,
    );

  const header = tbf.slice(0, headerSize);
  writeU32(header, tlv + 4, protectedTrailer + gap);
  writeU32(header, tlv, readU32(header, tlv) + gap);
  rechecksum(header);
  const binaryEnd = findTlv(tbf, TlvType.PROGRAM) === undefined ? totalSize : readU32(tbf, tlv + 12);
  const body = tbf.subarray(headerSize, binaryEnd);
  const footers = shrinkReservedFooter(tbf.subarray(binaryEnd, totalSize), gap);
  if (footers === undefined) {
    return err('unable to make the app fit its size after moving its binary: compile with a larger footer');
  }
  return ok(concatBytes([header, new Uint8Array(gap), body, footers]));
}

/**
 * The footer region with the first Reserved credential shortened by `bytes` (tockloader's
 * `shrink`), or `undefined` if there is none large enough.
 */
function shrinkReservedFooter(footers: Uint8Array, bytes: number): Uint8Array | undefined {
  let offset = 0;
  while (offset + CREDENTIAL_HEADER_SIZE <= footers.length) {
    const type = readU16(footers, offset);
    const length = readU16(footers, offset + 2);
    if (type !== TlvType.CREDENTIALS) return undefined;
    const format = readU32(footers, offset + 4);
    if (format === CredentialFormat.RESERVED && length - 4 >= bytes) {
      const shrunk = footers.slice();
      writeU16(shrunk, offset + 2, length - bytes);
      return concatBytes([
        shrunk.subarray(0, offset + 4 + length - bytes),
        shrunk.subarray(offset + 4 + length),
      ]).subarray(0, footers.length - bytes);
    }
    offset += 4 + length;
  }
  return undefined;
}
