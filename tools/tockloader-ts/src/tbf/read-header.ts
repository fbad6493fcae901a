/**
 * Reads TBF headers with the kernel's parser (@tock-ts/tock-tbf), with tockloader's leniency:
 * a header whose only fault is its checksum is still read, and the fault reported alongside.
 */
import { err, ok, type Result } from '@tock-ts/hil';
import { describeTbfParseError, parseTbfHeader, type TbfHeader } from '@tock-ts/tock-tbf';
import { readU16, readU32, writeU32 } from '../bytes.js';
import { tbfChecksum } from './checksum.js';
import { TBF_BASE_HEADER_SIZE } from './tbf-types.js';

/** A parsed header and whether its stored checksum was right. */
export interface LenientTbfHeader {
  readonly header: TbfHeader;
  readonly checksumValid: boolean;
}

/** Parses the header at the start of `tbf` (which holds at least `header_size` bytes). */
export function readTbfHeader(tbf: Uint8Array): Result<LenientTbfHeader, string> {
  if (tbf.length < TBF_BASE_HEADER_SIZE) return err('too short for a TBF header');
  const headerSize = readU16(tbf, 2);
  if (headerSize < TBF_BASE_HEADER_SIZE || headerSize > tbf.length)
    return err(`bad header size ${headerSize}`);
  const copy = tbf.slice(0, headerSize);
  const checksum = tbfChecksum(copy);
  const checksumValid = checksum === readU32(tbf, 12);
  writeU32(copy, 12, checksum);
  const parsed = parseTbfHeader(copy, readU16(tbf, 0));
  if (!parsed.ok) return err(describeTbfParseError(parsed.error));
  return ok({ header: parsed.value, checksumValid });
}

/** The header-relative offset of the value of the first TLV of `type` in `tbf`, or `undefined`. */
export function findTlv(tbf: Uint8Array, type: number): number | undefined {
  const read = readTbfHeader(tbf);
  if (!read.ok) return undefined;
  return read.value.header.getTlvs().find((tlv) => tlv.type === type)?.valueOffset;
}
