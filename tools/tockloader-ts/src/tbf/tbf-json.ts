/**
 * TBF headers and footers as JSON-ready objects, with the fields `describeTbfHeader` and
 * `describeTbfFooters` print (named as tockloader's JSON output names them where it has them).
 */
import { readU16, readU32 } from '../bytes.js';
import type { PublicKey } from '../crypto/public-keys.js';
import { decodeUtf8 } from '../text/utf8.js';
import { credentialName, readFooterCredentials } from './describe.js';
import { readBaseHeader } from './header-edit.js';
import { readTbfHeader } from './read-header.js';
import { TlvType } from './tbf-types.js';
import { checkCredential } from './verify-credentials.js';

/** A value `JSON.stringify` writes as is. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** TLV type names as tockloader's JSON output spells them. */
const TLV_KEYS: Readonly<Record<number, string>> = {
  [TlvType.MAIN]: 'main',
  [TlvType.WRITEABLE_FLASH_REGIONS]: 'writeable_flash_regions',
  [TlvType.PACKAGE_NAME]: 'name',
  [TlvType.PIC_OPTION_1]: 'pic_option_1',
  [TlvType.FIXED_ADDRESSES]: 'fixed_addresses',
  [TlvType.PERMISSIONS]: 'permissions',
  [TlvType.STORAGE_PERMISSIONS]: 'persistent_acl',
  [TlvType.KERNEL_VERSION]: 'kernel_version',
  [TlvType.PROGRAM]: 'program',
  [TlvType.SHORT_ID]: 'short_id',
};

function hexBytes(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function tlvFields(tbf: Uint8Array, type: number, at: number, length: number): JsonObject {
  const u32 = (index: number) => readU32(tbf, at + 4 * index);
  switch (type) {
    case TlvType.MAIN:
      return { init_fn_offset: u32(0), protected_size: u32(1), minimum_ram_size: u32(2) };
    case TlvType.PROGRAM:
      return {
        init_fn_offset: u32(0),
        protected_size: u32(1),
        minimum_ram_size: u32(2),
        binary_end_offset: u32(3),
        app_version: u32(4),
      };
    case TlvType.WRITEABLE_FLASH_REGIONS: {
      const regions: JsonValue[] = [];
      for (let index = 0; index * 8 + 8 <= length; index++) {
        regions.push({ offset: u32(2 * index), length: u32(2 * index + 1) });
      }
      return { writeable_flash_regions: regions };
    }
    case TlvType.PACKAGE_NAME:
      return { package_name: decodeUtf8(tbf.subarray(at, at + length)) ?? null };
    case TlvType.FIXED_ADDRESSES:
      return { fixed_address_ram: u32(0), fixed_address_flash: u32(1) };
    case TlvType.PERMISSIONS: {
      const permissions: JsonValue[] = [];
      const count = readU16(tbf, at);
      for (let index = 0; index < count; index++) {
        const entry = at + 2 + 16 * index;
        const offset = readU32(tbf, entry + 4);
        const mask = BigInt(readU32(tbf, entry + 8)) | (BigInt(readU32(tbf, entry + 12)) << 32n);
        const commands: number[] = [];
        for (let bit = 0; bit < 64; bit++) {
          if ((mask >> BigInt(bit)) & 1n) commands.push(offset * 64 + bit);
        }
        permissions.push({ driver_number: readU32(tbf, entry), allowed_commands: commands });
      }
      return { permissions };
    }
    case TlvType.STORAGE_PERMISSIONS: {
      const readCount = readU16(tbf, at + 4);
      const modifyAt = at + 6 + 4 * readCount;
      const modifyCount = readU16(tbf, modifyAt);
      const ids = (start: number, count: number) =>
        Array.from({ length: count }, (_, index) => readU32(tbf, start + 4 * index));
      return {
        write_id: readU32(tbf, at),
        read_ids: ids(at + 6, readCount),
        modify_ids: ids(modifyAt + 2, modifyCount),
      };
    }
    case TlvType.KERNEL_VERSION:
      return { kernel_major: readU16(tbf, at), kernel_minor: readU16(tbf, at + 2) };
    case TlvType.SHORT_ID:
      return { short_id: u32(0) };
    default:
      return { buffer: hexBytes(tbf.subarray(at, at + length)) };
  }
}

/** The header of `tbf` (at least `header_size` bytes): base fields and one object per TLV. */
export function tbfHeaderJson(tbf: Uint8Array): JsonObject {
  const base = readBaseHeader(tbf);
  const out: JsonObject = {
    version: base.version,
    header_size: base.headerSize,
    total_size: base.totalSize,
    checksum: base.checksum,
    flags: base.flags,
    enabled: (base.flags & 1) !== 0,
    sticky: (base.flags & 2) !== 0,
  };
  const read = readTbfHeader(tbf);
  if (!read.ok) return { ...out, tlvs: [], error: read.error };
  out.tlvs = read.value.header.getTlvs().map(({ type, valueOffset, length }) => ({
    type: TLV_KEYS[type] ?? 'unknown',
    id: type,
    offset: valueOffset - 4,
    ...tlvFields(tbf, type, valueOffset, length),
  }));
  return out;
}

/**
 * The credential footers of `tbf` after `binaryEnd`, or `null` when there is no room for any.
 * With `verifyWith`, each credential gets `verified: true | false` where it can be checked.
 */
export function tbfFootersJson(
  tbf: Uint8Array,
  binaryEnd: number,
  verifyWith?: readonly PublicKey[],
): JsonObject | null {
  const credentials = readFooterCredentials(tbf, binaryEnd);
  if (credentials === undefined) return null;
  const integrity = tbf.subarray(0, binaryEnd);
  let offset = 0;
  const list: JsonValue[] = credentials.map(({ format, length, data }) => {
    const entry: JsonObject = {
      type: 'credential',
      format: credentialName(format),
      format_id: format,
      offset,
      length: length - 4,
    };
    offset += 4 + length;
    const check = verifyWith === undefined ? undefined : checkCredential(format, data, integrity, verifyWith);
    if (check !== undefined) entry.verified = check === 'verified';
    return entry;
  });
  return { footer_size: offset, credentials: list };
}
