/**
 * Tar framing for TAB files: a writer that reproduces the GNU-format headers elf2tab's `tar`
 * crate writes (so archives match byte for byte), and a reader for the ustar, GNU and pax
 * archives TABs come in.
 *
 * Header fields are written as the crate writes them: octal digits right-aligned, zero-filled,
 * with the field's last byte left NUL (the checksum too); fields never set stay all-NUL.
 */
import { err, ok, type Result } from '@tock-ts/hil';
import { concatBytes } from '../bytes.js';
import { decodeUtf8, encodeUtf8 } from '../text/utf8.js';

const BLOCK = 512;
const NAME_LENGTH = 100;

/** Header fields of one archive member; fields left `undefined` stay all-NUL in the header. */
export interface TarMemberHeader {
  readonly name: string;
  readonly mode?: number;
  readonly uid?: number;
  readonly gid?: number;
  readonly mtime?: number;
  /** Entry type character, e.g. '0' for a regular file; `undefined` writes NUL (also a regular file). */
  readonly typeflag?: string;
  readonly deviceMajor?: number;
  readonly deviceMinor?: number;
}

/** One member to write: header fields and contents. */
export interface TarMember {
  readonly header: TarMemberHeader;
  readonly data: Uint8Array;
}

/** One member read back: its path and contents. */
export interface TarEntry {
  readonly name: string;
  readonly data: Uint8Array;
}

/** Field offsets inside a header block. */
const Field = {
  NAME: 0,
  MODE: 100,
  UID: 108,
  GID: 116,
  SIZE: 124,
  MTIME: 136,
  CHECKSUM: 148,
  TYPEFLAG: 156,
  MAGIC: 257,
  USTAR_PREFIX: 345,
  DEVICE_MAJOR: 329,
  DEVICE_MINOR: 337,
} as const;

function writeOctal(block: Uint8Array, offset: number, length: number, value: number): void {
  const digits = value
    .toString(8)
    .padStart(length - 1, '0')
    .slice(-(length - 1));
  for (let index = 0; index < length - 1; index++) block[offset + index] = digits.charCodeAt(index);
}

function checksum(block: Uint8Array): number {
  let sum = 0;
  for (let index = 0; index < BLOCK; index++) {
    const inChecksumField = index >= Field.CHECKSUM && index < Field.CHECKSUM + 8;
    sum += inChecksumField ? 0x20 : (block[index] ?? 0);
  }
  return sum;
}

function headerBlock(header: TarMemberHeader, name: Uint8Array, size: number): Uint8Array {
  const block = new Uint8Array(BLOCK);
  block.set(name.subarray(0, NAME_LENGTH), Field.NAME);
  if (header.mode !== undefined) writeOctal(block, Field.MODE, 8, header.mode);
  if (header.uid !== undefined) writeOctal(block, Field.UID, 8, header.uid);
  if (header.gid !== undefined) writeOctal(block, Field.GID, 8, header.gid);
  writeOctal(block, Field.SIZE, 12, size);
  writeOctal(block, Field.MTIME, 12, header.mtime ?? 0);
  if (header.typeflag !== undefined) block[Field.TYPEFLAG] = header.typeflag.charCodeAt(0);
  block.set(encodeUtf8('ustar  '), Field.MAGIC); // GNU magic "ustar " and version " \0"
  if (header.deviceMajor !== undefined) writeOctal(block, Field.DEVICE_MAJOR, 8, header.deviceMajor);
  if (header.deviceMinor !== undefined) writeOctal(block, Field.DEVICE_MINOR, 8, header.deviceMinor);
  writeOctal(block, Field.CHECKSUM, 8, checksum(block));
  return block;
}

function padded(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(data.length / BLOCK) * BLOCK);
  out.set(data);
  return out;
}

/**
 * A tar archive of `members` followed by two zero blocks. Names longer than 100 bytes are
 * preceded by a GNU `././@LongLink` member, as the `tar` crate does.
 */
export function writeTar(members: readonly TarMember[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const member of members) {
    const name = encodeUtf8(member.header.name);
    if (name.length > NAME_LENGTH) {
      const longName = concatBytes([name, new Uint8Array(1)]);
      const link: TarMemberHeader = {
        name: '././@LongLink',
        mode: 0o644,
        uid: 0,
        gid: 0,
        mtime: 0,
        typeflag: 'L',
      };
      parts.push(headerBlock(link, encodeUtf8(link.name), longName.length), padded(longName));
    }
    parts.push(headerBlock(member.header, name, member.data.length), padded(member.data));
  }
  parts.push(new Uint8Array(2 * BLOCK));
  return concatBytes(parts);
}

function readOctal(block: Uint8Array, offset: number, length: number): number | undefined {
  const first = block[offset] ?? 0;
  if (first & 0x80) {
    // GNU base-256 extension: big-endian binary in the remaining bytes.
    let value = 0;
    for (let index = 1; index < length; index++) value = value * 256 + (block[offset + index] ?? 0);
    return value;
  }
  let text = '';
  for (let index = 0; index < length; index++) {
    const byte = block[offset + index] ?? 0;
    if (byte === 0) break;
    text += String.fromCharCode(byte);
  }
  text = text.trim();
  if (text === '') return 0;
  return /^[0-7]+$/.test(text) ? Number.parseInt(text, 8) : undefined;
}

function readString(block: Uint8Array, offset: number, length: number): string | undefined {
  const field = block.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return decodeUtf8(end < 0 ? field : field.subarray(0, end));
}

/** The `path` record of a pax extended header, if any. */
function paxPath(data: Uint8Array): string | undefined {
  const text = decodeUtf8(data);
  if (text === undefined) return undefined;
  for (const line of text.split('\n')) {
    const match = /^\d+ path=(.*)$/.exec(line);
    if (match !== null) return match[1];
  }
  return undefined;
}

/** The regular-file members of the tar archive in `bytes`, in order. */
export function readTar(bytes: Uint8Array): Result<TarEntry[], string> {
  const entries: TarEntry[] = [];
  let offset = 0;
  let pendingName: string | undefined;
  while (offset + BLOCK <= bytes.length) {
    const block = bytes.subarray(offset, offset + BLOCK);
    if (block.every((byte) => byte === 0)) return ok(entries);
    const stored = readOctal(block, Field.CHECKSUM, 8);
    if (stored === undefined || stored !== checksum(block)) {
      return err(`bad tar header checksum at offset ${offset}`);
    }
    const size = readOctal(block, Field.SIZE, 12);
    if (size === undefined) return err(`bad tar member size at offset ${offset}`);
    const dataStart = offset + BLOCK;
    if (dataStart + size > bytes.length) return err('truncated tar archive');
    const data = bytes.subarray(dataStart, dataStart + size);
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;

    const type = String.fromCharCode(block[Field.TYPEFLAG] ?? 0);
    let name = readString(block, Field.NAME, NAME_LENGTH);
    if (name === undefined) return err('tar member name is not UTF-8');
    const isUstar = readString(block, Field.MAGIC, 6) === 'ustar';
    const prefix = isUstar ? readString(block, Field.USTAR_PREFIX, 155) : '';
    if (prefix !== undefined && prefix !== '') name = `${prefix}/${name}`;

    if (type === 'L') {
      pendingName = readString(data, 0, data.length);
      continue;
    }
    if (type === 'x') {
      pendingName = paxPath(data);
      continue;
    }
    if (type === 'g') continue;
    const fullName = pendingName ?? name;
    pendingName = undefined;
    if (type === '0' || type === '\0' || type === '7') entries.push({ name: fullName, data: data.slice() });
  }
  if (offset === bytes.length && entries.length > 0) return ok(entries);
  return err('truncated tar archive: no end-of-archive marker');
}
