/**
 * Finding the apps in flash as tockloader does: from the app start address, read 200 bytes,
 * parse a TBF header, step by its total size, and stop at the first thing that is not a
 * version-2 header. Apps are accepted even with a bad checksum (tockloader only complains);
 * padding objects need a good one.
 */
import type { TbfHeader } from '@tock-ts/tock-tbf';
import { expectedChecksum, readBaseHeader } from '../tbf/header-edit.js';
import { readTbfHeader } from '../tbf/read-header.js';
import { TBF_BASE_HEADER_SIZE, TBF_VERSION } from '../tbf/tbf-types.js';
import type { AppFlash } from './app-flash.js';

/** How many bytes tockloader reads to parse one header. */
export const HEADER_READ_LENGTH = 200;

/** One object found in flash: an app or a padding object. */
export interface InstalledObject {
  readonly address: number;
  readonly totalSize: number;
  /** False for padding objects (a header with no TLVs). */
  readonly isApp: boolean;
  readonly flags: number;
  /** Whether the stored header checksum is right. */
  readonly checksumValid: boolean;
  /** The header bytes (`header_size` of them). */
  readonly headerBytes: Uint8Array;
  /** The parsed header (checksum aside), or `undefined` if the kernel's parser rejects it. */
  readonly header: TbfHeader | undefined;
  /** The package name, or '' if there is none. */
  readonly name: string;
}

/** Parses the object at `address`, or returns `undefined` where tockloader stops walking. */
export function readObjectAt(flash: AppFlash, address: number): InstalledObject | undefined {
  const bytes = flash.read(address, HEADER_READ_LENGTH);
  if (bytes.length < HEADER_READ_LENGTH) return undefined;
  const base = readBaseHeader(bytes);
  if (base.version !== TBF_VERSION) return undefined;
  if (base.headerSize < TBF_BASE_HEADER_SIZE || base.headerSize > bytes.length) return undefined;
  const headerBytes = bytes.slice(0, base.headerSize);
  const checksumValid = expectedChecksum(headerBytes) === base.checksum;
  const isApp = base.headerSize > TBF_BASE_HEADER_SIZE;
  if (!isApp && !checksumValid) return undefined;
  const parsed = readTbfHeader(headerBytes);
  const header = parsed.ok ? parsed.value.header : undefined;
  return {
    address,
    totalSize: base.totalSize,
    isApp,
    flags: base.flags,
    checksumValid,
    headerBytes,
    header,
    name: header?.getPackageName() ?? '',
  };
}

/** Every object from the app start address on; padding objects are included only if asked for. */
export function findInstalledObjects(
  flash: AppFlash,
  appAddress: number,
  includePadding: boolean,
): InstalledObject[] {
  const objects: InstalledObject[] = [];
  let address = appAddress;
  for (;;) {
    const object = readObjectAt(flash, address);
    if (object === undefined || object.totalSize === 0) break;
    if (object.isApp || includePadding) objects.push(object);
    address += object.totalSize;
  }
  return objects;
}
