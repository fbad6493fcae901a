/**
 * Human-readable TBF headers and footers, laid out as tockloader prints them: one line per
 * field with decimal and hex values, each TLV tagged with its offset in the TBF. TLVs are found
 * by the kernel's parser (@tock-ts/tock-tbf).
 */
import { readU16, readU32 } from '../bytes.js';
import type { PublicKey } from '../crypto/public-keys.js';
import { decodeUtf8 } from '../text/utf8.js';
import { readBaseHeader } from './header-edit.js';
import { readTbfHeader } from './read-header.js';
import { TlvType } from './tbf-types.js';
import { checkCredential } from './verify-credentials.js';

function field(name: string, value: number): string {
  return `  ${name.padEnd(20)}: ${String(value).padStart(10)} ${`0x${value.toString(16)}`.padStart(12)}\n`;
}

function tagged(title: string, offset: number, address: number | undefined): string {
  const at = `[${`0x${offset.toString(16)}`.padEnd(5)}]`;
  // tockloader leaves the address out when it is unknown or 0.
  const absolute =
    address === undefined || address === 0 ? '' : ` [${`0x${(address + offset).toString(16)}`.padEnd(9)}]`;
  return `${title.padEnd(48)}${at}${absolute}\n`;
}

/** Credential format names as tockloader prints them (formats past RSA2048 print as Unknown). */
const CREDENTIAL_NAMES: readonly string[] = [
  'Reserved',
  'RSA3072KEY',
  'RSA4096KEY',
  'SHA256',
  'SHA384',
  'SHA512',
  'ECDSAP256',
  'HMACSHA256',
  'Unknown',
  'Unknown',
  'RSA2048',
];

function describeTlv(tbf: Uint8Array, type: number, at: number, length: number): string {
  const u32 = (index: number) => readU32(tbf, at + 4 * index);
  switch (type) {
    case TlvType.MAIN:
      return `${field('init_fn_offset', u32(0))}${field('protected_size', u32(1))}${field('minimum_ram_size', u32(2))}`;
    case TlvType.PROGRAM:
      return (
        field('init_fn_offset', u32(0)) +
        field('protected_size', u32(1)) +
        field('minimum_ram_size', u32(2)) +
        field('binary_end_offset', u32(3)) +
        field('app_version', u32(4))
      );
    case TlvType.WRITEABLE_FLASH_REGIONS: {
      let out = '';
      for (let index = 0; index * 8 + 8 <= length; index++) {
        out += `  writeable flash region ${index}\n`;
        out += `    ${'offset'.padEnd(18)}: ${String(u32(2 * index)).padStart(8)} ${`0x${u32(2 * index).toString(16)}`.padStart(12)}\n`;
        out += `    ${'length'.padEnd(18)}: ${String(u32(2 * index + 1)).padStart(8)} ${`0x${u32(2 * index + 1).toString(16)}`.padStart(12)}\n`;
      }
      return out;
    }
    case TlvType.PACKAGE_NAME:
      return `  ${'package_name'.padEnd(20)}: ${decodeUtf8(tbf.subarray(at, at + length)) ?? '(not UTF-8)'}\n`;
    case TlvType.FIXED_ADDRESSES:
      return field('fixed_address_ram', u32(0)) + field('fixed_address_flash', u32(1));
    case TlvType.PERMISSIONS: {
      let out = '';
      const count = readU16(tbf, at);
      for (let index = 0; index < count; index++) {
        const entry = at + 2 + 16 * index;
        const driver = readU32(tbf, entry);
        const offset = readU32(tbf, entry + 4);
        const mask = BigInt(readU32(tbf, entry + 8)) | (BigInt(readU32(tbf, entry + 12)) << 32n);
        out += `  Driver Number: 0x${driver.toString(16)}\n`;
        for (let bit = 0; bit < 64; bit++) {
          if ((mask >> BigInt(bit)) & 1n) {
            const command = offset * 64 + bit;
            out += `    Allowed Command: ${command} (0x${command.toString(16)})\n`;
          }
        }
      }
      return out;
    }
    case TlvType.STORAGE_PERMISSIONS: {
      const readCount = readU16(tbf, at + 4);
      const modifyAt = at + 6 + 4 * readCount;
      const modifyCount = readU16(tbf, modifyAt);
      const ids = (start: number, count: number) =>
        Array.from({ length: count }, (_, index) => readU32(tbf, start + 4 * index));
      const list = (title: string, values: number[]) =>
        `  ${title.padEnd(20)}:${values.length === 0 ? '\n' : ''}${values
          .map(
            (value, index) =>
              `${index > 0 ? `  ${''.padEnd(20)}:` : ''} ${String(value).padStart(10)} ${`0x${value.toString(16)}`.padStart(12)}\n`,
          )
          .join('')}`;
      return (
        field('Write ID', readU32(tbf, at)) +
        list(`Read IDs (${readCount})`, ids(at + 6, readCount)) +
        list(`Modify IDs (${modifyCount})`, ids(modifyAt + 2, modifyCount))
      );
    }
    case TlvType.KERNEL_VERSION: {
      const major = readU16(tbf, at);
      const minor = readU16(tbf, at + 2);
      return `  ${'kernel_major'.padEnd(20)}: ${major}\n  ${'kernel_minor'.padEnd(20)}: ${minor}\n  ${'kernel version'.padEnd(20)}: ^${major}.${minor}\n`;
    }
    case TlvType.SHORT_ID:
      return field('short_id', u32(0));
    default:
      return `  buffer: ${Array.from(tbf.subarray(at, at + length), (byte) => byte.toString(16).padStart(2, '0')).join('')}\n`;
  }
}

const TLV_NAMES: Readonly<Record<number, string>> = {
  [TlvType.MAIN]: 'Main',
  [TlvType.WRITEABLE_FLASH_REGIONS]: 'Writeable Flash Regions',
  [TlvType.PACKAGE_NAME]: 'Package Name',
  [TlvType.PIC_OPTION_1]: 'PIC Option 1',
  [TlvType.FIXED_ADDRESSES]: 'Fixed Addresses',
  [TlvType.PERMISSIONS]: 'Permissions',
  [TlvType.STORAGE_PERMISSIONS]: 'Persistent Storage',
  [TlvType.KERNEL_VERSION]: 'Kernel Version',
  [TlvType.PROGRAM]: 'Program',
  [TlvType.SHORT_ID]: 'ShortID',
};

/** The header of `tbf` (at least `header_size` bytes), optionally with absolute addresses from `address`. */
export function describeTbfHeader(tbf: Uint8Array, address?: number): string {
  const base = readBaseHeader(tbf);
  let out = tagged(`${'TBF version'.padEnd(22)}: ${base.version}`, 0, address);
  out += `${'header_size'.padEnd(22)}: ${String(base.headerSize).padStart(10)} ${`0x${base.headerSize.toString(16)}`.padStart(12)}\n`;
  out += `${'total_size'.padEnd(22)}: ${String(base.totalSize).padStart(10)} ${`0x${base.totalSize.toString(16)}`.padStart(12)}\n`;
  out += `${'checksum'.padEnd(22)}:            ${`0x${base.checksum.toString(16)}`.padStart(12)}\n`;
  out += `${'flags'.padEnd(22)}: ${String(base.flags).padStart(10)} ${`0x${base.flags.toString(16)}`.padStart(12)}\n`;
  out += `  ${'enabled'.padEnd(20)}: ${base.flags & 1 ? 'Yes' : 'No'}\n`;
  out += `  ${'sticky'.padEnd(20)}: ${base.flags & 2 ? 'Yes' : 'No'}\n`;
  const read = readTbfHeader(tbf);
  if (!read.ok) return `${out}  (the TLVs cannot be read: ${read.error})\n`;
  for (const { type, valueOffset, length } of read.value.header.getTlvs()) {
    out += tagged(`TLV: ${TLV_NAMES[type] ?? 'UNKNOWN'} (${type})`, valueOffset - 4, address);
    out += describeTlv(tbf, type, valueOffset, length);
  }
  return out;
}

/** A credential footer TLV: its format, its TLV length (format word included) and its data. */
export interface FooterCredential {
  readonly format: number;
  readonly length: number;
  readonly data: Uint8Array;
}

/**
 * The credentials in `[binaryEnd, total_size)` of a TBF as tockloader reads them (see
 * `describeTbfFooters`); `undefined` when there is no room for a footer.
 */
export function readFooterCredentials(tbf: Uint8Array, binaryEnd: number): FooterCredential[] | undefined {
  const totalSize = readBaseHeader(tbf).totalSize;
  if (binaryEnd >= totalSize) return undefined;
  const region = tbf.subarray(binaryEnd, Math.min(totalSize, tbf.length));
  const credentials: FooterCredential[] = [];
  let offset = 0;
  while (region.length - offset >= 4) {
    const type = readU16(region, offset);
    const length = readU16(region, offset + 2);
    offset += 4;
    if (type === TlvType.CREDENTIALS && region.length - offset >= length) {
      const data = region.subarray(offset + 4, offset + length);
      credentials.push({ format: length >= 4 ? readU32(region, offset) : 0, length, data });
    }
    offset += length;
  }
  return credentials;
}

/** Credential format names as tockloader prints them. */
export function credentialName(format: number): string {
  return CREDENTIAL_NAMES[format] ?? 'Unknown';
}

/**
 * The credential footers in `[binaryEnd, total_size)` of a TBF, read as tockloader reads them:
 * TLVs while at least 4 bytes remain, credentials kept when their length fits, anything else
 * skipped; `footer_size` counts the kept TLVs. Empty when there is no room for a footer.
 * With `verifyWith`, each credential is checked and marked as tockloader marks it.
 */
export function describeTbfFooters(
  tbf: Uint8Array,
  binaryEnd: number,
  address?: number,
  verifyWith?: readonly PublicKey[],
): string {
  const credentials = readFooterCredentials(tbf, binaryEnd);
  if (credentials === undefined) return '';
  const footerSize = credentials.reduce((sum, credential) => sum + 4 + credential.length, 0);
  let out = `Footer\n${'  footer_size'.padEnd(22)}: ${String(footerSize).padStart(10)} ${`0x${footerSize.toString(16)}`.padStart(12)}\n`;
  let index = 0;
  const integrity = tbf.subarray(0, binaryEnd);
  for (const { format, length, data } of credentials) {
    out += tagged(
      `Footer TLV: Credentials (${TlvType.CREDENTIALS})`,
      index,
      address === undefined ? undefined : address + binaryEnd,
    );
    const check = verifyWith === undefined ? undefined : checkCredential(format, data, integrity, verifyWith);
    const mark = check === 'verified' ? ' ✓ verified' : check === 'failed' ? ' ✗ verified failed' : '';
    out += `  Type: ${CREDENTIAL_NAMES[format] ?? 'Unknown'} (${format})${mark}\n`;
    out += `  Length: ${length - 4}\n`;
    index += 4 + length;
  }
  return out;
}
