/**
 * Parsing TBF headers: the first eight bytes, then the whole header with its TLVs.
 *
 * Mirrors upstream `parse_tbf_header_lengths` and `parse_tbf_header`
 * (`libraries/tock-tbf/src/parse.rs`) rule for rule: the checksum, padding objects, the TLVs
 * that must have an exact length, first-Main/first-Program-wins, last-of-the-rest-wins, and
 * unknown types skipped with their length rounded up to 4. Every length is checked against the
 * buffer, and each TLV moves the cursor forward by at least 4 bytes, so any input ends in a
 * header or a specific error.
 */
import { fits, readU16, readU32 } from './bytes.js';
import type { InitialTbfParseError, TbfParseError } from './errors.js';
import {
  TbfHeader,
  type TbfHeaderV2Base,
  type TbfHeaderV2FixedAddresses,
  type TbfHeaderV2Main,
  type TbfHeaderV2Program,
} from './header.js';
import { failure, success, type TbfResult } from './result.js';
import { type KernelVersion, TbfHeaderType, type TbfTlvEntry, type WriteableFlashRegion } from './types.js';
import { decodeUtf8Strict } from './utf8.js';

/** The only TBF header version there is. */
export const TBF_HEADER_VERSION = 2;
/** Bytes of the base header every version-2 TBF starts with. */
export const TBF_BASE_HEADER_SIZE = 16;
/** Bytes of a TLV's type and length fields. */
export const TBF_TLV_HEADER_SIZE = 4;

const CHECKSUM_WORD_INDEX = 3;
const MAIN_LENGTH = 12;
const PROGRAM_LENGTH = 20;
const FIXED_ADDRESSES_LENGTH = 8;
const KERNEL_VERSION_LENGTH = 4;
const SHORT_ID_LENGTH = 4;
const WRITEABLE_FLASH_REGION_SIZE = 8;

/** The sizes `parseTbfHeaderLengths` reads from the first eight bytes. */
export interface TbfHeaderLengths {
  readonly version: number;
  readonly headerSize: number;
  readonly totalSize: number;
}

/**
 * Reads the version, header size and total size from the first eight bytes of `bytes`.
 *
 * - `UnableToParse` if the version is not 2 or fewer than 8 bytes are given: there is no TBF
 *   here (erased flash ends the app list).
 * - `InvalidHeader(totalSize)` if the header size is below 16 or above the total size: the
 *   object is broken but its total size is trusted, so a walker can skip it.
 */
export function parseTbfHeaderLengths(bytes: Uint8Array): TbfResult<TbfHeaderLengths, InitialTbfParseError> {
  if (bytes.length < 8) return failure({ kind: 'UnableToParse' });
  const version = readU16(bytes, 0);
  if (version !== TBF_HEADER_VERSION) return failure({ kind: 'UnableToParse' });
  const headerSize = readU16(bytes, 2);
  const totalSize = readU32(bytes, 4);
  if (headerSize > totalSize || headerSize < TBF_BASE_HEADER_SIZE) {
    return failure({ kind: 'InvalidHeader', totalSize });
  }
  return success({ version, headerSize, totalSize });
}

/** XOR of the little-endian words of `header`, skipping word 3; a trailing partial word is ignored. */
export function computeTbfChecksum(header: Uint8Array): number {
  let checksum = 0;
  const words = Math.floor(header.length / 4);
  for (let index = 0; index < words; index++) {
    if (index !== CHECKSUM_WORD_INDEX) checksum ^= readU32(header, index * 4);
  }
  return checksum >>> 0;
}

function readBase(bytes: Uint8Array): TbfHeaderV2Base {
  return {
    version: readU16(bytes, 0),
    headerSize: readU16(bytes, 2),
    totalSize: readU32(bytes, 4),
    flags: readU32(bytes, 8),
    checksum: readU32(bytes, 12),
  };
}

/**
 * Parses the TBF header at the start of `bytes` as header version `version`.
 *
 * Only the first `header_size` bytes (from the base header) are read, so `bytes` may be the
 * header alone, as upstream's kernel passes it, or the whole TBF. Errors:
 * - `UnsupportedVersion(version)` for a version other than 2;
 * - `NotEnoughFlash` if `bytes` is shorter than 16 bytes or than `header_size`, or a TLV runs
 *   past the end of the header;
 * - `ChecksumMismatch(required, calculated)`;
 * - `BadTlvEntry(type)` for a Main, Program, FixedAddresses, KernelVersion or ShortId TLV of
 *   the wrong length, or WriteableFlashRegions whose length is not a multiple of 8;
 * - `BadProcessName` for a package name that is not UTF-8.
 */
export function parseTbfHeader(bytes: Uint8Array, version: number): TbfResult<TbfHeader, TbfParseError> {
  if (version !== TBF_HEADER_VERSION) return failure({ kind: 'UnsupportedVersion', version });
  if (bytes.length < TBF_BASE_HEADER_SIZE) return failure({ kind: 'NotEnoughFlash' });
  const base = readBase(bytes);
  if (base.headerSize > bytes.length) return failure({ kind: 'NotEnoughFlash' });
  if (base.headerSize < TBF_BASE_HEADER_SIZE) return failure({ kind: 'NotEnoughFlash' });
  const header = bytes.subarray(0, base.headerSize);

  const calculated = computeTbfChecksum(header);
  if (calculated !== base.checksum) {
    return failure({ kind: 'ChecksumMismatch', required: base.checksum, calculated });
  }
  if (header.length === TBF_BASE_HEADER_SIZE) return success(TbfHeader.padding(base));
  return parseTlvs(header, base);
}

/** Mutable state of one pass over the TLVs. */
interface TlvCollector {
  main: TbfHeaderV2Main | undefined;
  program: TbfHeaderV2Program | undefined;
  packageName: string | undefined;
  writeableRegions: Uint8Array | undefined;
  allWriteableFlashRegions: WriteableFlashRegion[];
  fixedAddresses: TbfHeaderV2FixedAddresses | undefined;
  permissions: Uint8Array | undefined;
  storagePermissions: Uint8Array | undefined;
  kernelVersion: KernelVersion | undefined;
  shortId: number | undefined;
  tlvs: TbfTlvEntry[];
}

function parseTlvs(header: Uint8Array, base: TbfHeaderV2Base): TbfResult<TbfHeader, TbfParseError> {
  const collector: TlvCollector = {
    main: undefined,
    program: undefined,
    packageName: undefined,
    writeableRegions: undefined,
    allWriteableFlashRegions: [],
    fixedAddresses: undefined,
    permissions: undefined,
    storagePermissions: undefined,
    kernelVersion: undefined,
    shortId: undefined,
    tlvs: [],
  };
  let cursor = TBF_BASE_HEADER_SIZE;
  while (cursor < header.length) {
    if (!fits(header, cursor, TBF_TLV_HEADER_SIZE)) return failure({ kind: 'NotEnoughFlash' });
    const type = readU16(header, cursor);
    const length = readU16(header, cursor + 2);
    const valueOffset = cursor + TBF_TLV_HEADER_SIZE;
    collector.tlvs.push({ type, valueOffset, length });
    const error = readTlv(header, type, valueOffset, length, collector);
    if (error !== undefined) return failure(error);
    // Values are padded to a multiple of 4 bytes; every TLV advances by at least its 4-byte header.
    const paddedLength = (length + 3) & ~3;
    if (!fits(header, valueOffset, paddedLength)) return failure({ kind: 'NotEnoughFlash' });
    cursor = valueOffset + paddedLength;
  }
  return success(TbfHeader.app({ base, ...collector }));
}

/** The value bytes of a TLV, or `undefined` if they run past the header. */
function tlvValue(header: Uint8Array, offset: number, length: number): Uint8Array | undefined {
  return fits(header, offset, length) ? header.subarray(offset, offset + length) : undefined;
}

/** Records one TLV in `collector`; returns the error that ends parsing, if any. */
function readTlv(
  header: Uint8Array,
  type: number,
  offset: number,
  length: number,
  collector: TlvCollector,
): TbfParseError | undefined {
  const notEnoughFlash: TbfParseError = { kind: 'NotEnoughFlash' };
  const badEntry: TbfParseError = { kind: 'BadTlvEntry', tlvType: type };
  switch (type) {
    case TbfHeaderType.Main: {
      // The first Main counts; later ones are ignored without checking their length.
      if (collector.main !== undefined) return undefined;
      if (length !== MAIN_LENGTH) return badEntry;
      const value = tlvValue(header, offset, MAIN_LENGTH);
      if (value === undefined) return notEnoughFlash;
      collector.main = {
        initFunctionOffset: readU32(value, 0),
        protectedTrailerSize: readU32(value, 4),
        minimumRamSize: readU32(value, 8),
      };
      return undefined;
    }
    case TbfHeaderType.Program: {
      if (collector.program !== undefined) return undefined;
      if (length !== PROGRAM_LENGTH) return badEntry;
      const value = tlvValue(header, offset, PROGRAM_LENGTH);
      if (value === undefined) return notEnoughFlash;
      collector.program = {
        initFunctionOffset: readU32(value, 0),
        protectedTrailerSize: readU32(value, 4),
        minimumRamSize: readU32(value, 8),
        binaryEndOffset: readU32(value, 12),
        version: readU32(value, 16),
      };
      return undefined;
    }
    case TbfHeaderType.WriteableFlashRegions: {
      if (length % WRITEABLE_FLASH_REGION_SIZE !== 0) return badEntry;
      const value = tlvValue(header, offset, length);
      if (value === undefined) return notEnoughFlash;
      collector.writeableRegions = value;
      for (let start = 0; start < value.length; start += WRITEABLE_FLASH_REGION_SIZE) {
        collector.allWriteableFlashRegions.push({
          offset: readU32(value, start),
          size: readU32(value, start + 4),
        });
      }
      return undefined;
    }
    case TbfHeaderType.PackageName: {
      const value = tlvValue(header, offset, length);
      if (value === undefined) return notEnoughFlash;
      const name = decodeUtf8Strict(value);
      if (name === undefined) return { kind: 'BadProcessName' };
      collector.packageName = name;
      return undefined;
    }
    case TbfHeaderType.FixedAddresses: {
      if (length !== FIXED_ADDRESSES_LENGTH) return badEntry;
      const value = tlvValue(header, offset, FIXED_ADDRESSES_LENGTH);
      if (value === undefined) return notEnoughFlash;
      collector.fixedAddresses = { startProcessRam: readU32(value, 0), startProcessFlash: readU32(value, 4) };
      return undefined;
    }
    case TbfHeaderType.Permissions: {
      const value = tlvValue(header, offset, length);
      if (value === undefined) return notEnoughFlash;
      collector.permissions = value;
      return undefined;
    }
    case TbfHeaderType.StoragePermissions: {
      const value = tlvValue(header, offset, length);
      if (value === undefined) return notEnoughFlash;
      collector.storagePermissions = value;
      return undefined;
    }
    case TbfHeaderType.KernelVersion: {
      if (length !== KERNEL_VERSION_LENGTH) return badEntry;
      const value = tlvValue(header, offset, KERNEL_VERSION_LENGTH);
      if (value === undefined) return notEnoughFlash;
      collector.kernelVersion = { major: readU16(value, 0), minor: readU16(value, 2) };
      return undefined;
    }
    case TbfHeaderType.ShortId: {
      if (length !== SHORT_ID_LENGTH) return badEntry;
      const value = tlvValue(header, offset, SHORT_ID_LENGTH);
      if (value === undefined) return notEnoughFlash;
      collector.shortId = readU32(value, 0);
      return undefined;
    }
    default:
      // PicOption1, a credential in the header, and types this kernel does not know: skipped.
      return undefined;
  }
}
