/**
 * Parsing TBF credential footers, the TLVs between `binary_end_offset` and `total_size`.
 *
 * Mirrors upstream `parse_tbf_footer`: one footer at a time, each a type-128 TLV holding a
 * u32 format and the credential data; the next footer starts `length + 4` bytes later.
 * `parseTbfFooters` walks the whole region the same way the kernel's checker does.
 */
import { fits, readU16, readU32 } from './bytes.js';
import type { TbfParseError } from './errors.js';
import { TBF_TLV_HEADER_SIZE } from './parse.js';
import { failure, success, type TbfResult } from './result.js';
import {
  credentialDataLength,
  credentialsTypeFromNumber,
  type TbfFooterV2CredentialsType,
  TbfHeaderType,
} from './types.js';

const FORMAT_SIZE = 4;

/** One credential footer: its format and the data bytes the kernel reads for that format. */
export interface TbfFooterV2Credentials {
  readonly format: TbfFooterV2CredentialsType;
  /** A view into the footer region (not a copy), exactly `credentialDataLength(format)` bytes. */
  readonly data: Uint8Array;
}

/** A parsed footer and its TLV length (format + data + any slack; the TLV header not counted). */
export interface TbfFooter {
  readonly credentials: TbfFooterV2Credentials;
  readonly length: number;
}

/**
 * Parses the footer at the start of `footers`.
 *
 * - `NotEnoughFlash` if there are fewer than 4 bytes, the TLV length runs past the end, or the
 *   TLV is too short for its format's data (the kernel's checker reads this as "no more footers");
 * - `BadTlvEntry(type)` if the TLV is not a credential (type ≠ 128), and `BadTlvEntry(128)` for
 *   a format the kernel does not know or a TLV too short to hold a format.
 */
export function parseTbfFooter(footers: Uint8Array): TbfResult<TbfFooter, TbfParseError> {
  if (!fits(footers, 0, TBF_TLV_HEADER_SIZE)) return failure({ kind: 'NotEnoughFlash' });
  const type = readU16(footers, 0);
  const length = readU16(footers, 2);
  if (type !== TbfHeaderType.Credentials) return failure({ kind: 'BadTlvEntry', tlvType: type });
  if (!fits(footers, TBF_TLV_HEADER_SIZE, length)) return failure({ kind: 'NotEnoughFlash' });
  const value = footers.subarray(TBF_TLV_HEADER_SIZE, TBF_TLV_HEADER_SIZE + length);
  if (value.length < FORMAT_SIZE) return failure({ kind: 'BadTlvEntry', tlvType: TbfHeaderType.Credentials });
  const format = credentialsTypeFromNumber(readU32(value, 0));
  if (format === undefined) return failure({ kind: 'BadTlvEntry', tlvType: TbfHeaderType.Credentials });
  const dataLength = credentialDataLength(format);
  if (!fits(value, FORMAT_SIZE, dataLength)) return failure({ kind: 'NotEnoughFlash' });
  return success({
    credentials: { format, data: value.subarray(FORMAT_SIZE, FORMAT_SIZE + dataLength) },
    length,
  });
}

/** Every footer `parseTbfFooters` found, in order, and why the walk stopped. */
export interface TbfFooterList {
  readonly footers: readonly TbfFooter[];
  /** Offsets of each footer's TLV in the region, parallel to `footers`. */
  readonly offsets: readonly number[];
  /** `undefined` if the walk reached the exact end of the region; else the error that stopped it. */
  readonly stoppedBy: TbfParseError | undefined;
}

/** Walks the footer region footer by footer until its end or the first footer that does not parse. */
export function parseTbfFooters(region: Uint8Array): TbfFooterList {
  const footers: TbfFooter[] = [];
  const offsets: number[] = [];
  let offset = 0;
  while (offset < region.length) {
    const parsed = parseTbfFooter(region.subarray(offset));
    if (!parsed.ok) return { footers, offsets, stoppedBy: parsed.error };
    footers.push(parsed.value);
    offsets.push(offset);
    // Each footer advances by at least its 4-byte TLV header, so the walk ends.
    offset += parsed.value.length + TBF_TLV_HEADER_SIZE;
  }
  return { footers, offsets, stoppedBy: undefined };
}
