/**
 * Encodes a TBF header as elf2tab writes it: base header, Main, Program, then the optional
 * PackageName, WriteableFlashRegions (one TLV per region), FixedAddresses, Permissions,
 * StoragePermissions, KernelVersion and ShortId TLVs, padded to 4 bytes and checksummed.
 */
import { alignUp, ByteWriter, writeU32 } from '../bytes.js';
import { encodeUtf8 } from '../text/utf8.js';
import { tbfChecksum } from './checksum.js';
import { TBF_VERSION, TbfFlags, TlvType } from './tbf-types.js';

/** One WriteableFlashRegions entry: offset from the TBF start and size in bytes. */
export interface WriteableFlashRegion {
  readonly offset: number;
  readonly size: number;
}

/** One Permissions entry: commands `64 * offset + k` of `driverNumber` for each set bit k. */
export interface DriverPermission {
  readonly driverNumber: number;
  readonly offset: number;
  readonly allowedCommands: bigint;
}

/** The StoragePermissions TLV (called "persistent ACL" in elf2tab). */
export interface StoragePermissions {
  /** 0 = the app may not write. */
  readonly writeId: number;
  readonly readIds: readonly number[];
  /** Storage IDs the app may modify ("access_ids"). */
  readonly accessIds: readonly number[];
}

/** Everything a TBF header says. `undefined` leaves an optional TLV out. */
export interface TbfHeaderFields {
  readonly totalSize: number;
  readonly enabled: boolean;
  readonly initFunctionOffset: number;
  readonly protectedTrailerSize: number;
  readonly minimumRamSize: number;
  readonly binaryEndOffset: number;
  readonly appVersion: number;
  /** Empty: no PackageName TLV. */
  readonly packageName: string;
  readonly writeableFlashRegions: readonly WriteableFlashRegion[];
  /** `undefined` addresses are written as 0xFFFFFFFF ("not fixed"). */
  readonly fixedAddresses?: { readonly ram: number | undefined; readonly flash: number | undefined };
  readonly permissions: readonly DriverPermission[];
  readonly storagePermissions?: StoragePermissions;
  readonly kernelVersion?: { readonly major: number; readonly minor: number };
  readonly shortId?: number;
}

const NOT_FIXED = 0xffffffff;

/**
 * Groups (driver, command) pairs into Permissions entries: one per (driver, command / 64), in the
 * order each group first appears.
 */
export function groupPermissions(pairs: readonly (readonly [number, number])[]): DriverPermission[] {
  const groups: { driverNumber: number; offset: number; allowedCommands: bigint }[] = [];
  for (const [driverNumber, command] of pairs) {
    const offset = Math.floor(command / 64);
    const bit = 1n << BigInt(command % 64);
    const group = groups.find((entry) => entry.driverNumber === driverNumber && entry.offset === offset);
    if (group === undefined) groups.push({ driverNumber, offset, allowedCommands: bit });
    else group.allowedCommands |= bit;
  }
  return groups;
}

/** The encoded header, `header_size` bytes, with its checksum filled in. */
export function encodeTbfHeader(fields: TbfHeaderFields): Uint8Array {
  const out = new ByteWriter();
  out
    .u16(TBF_VERSION)
    .u16(0) // header_size, filled in below
    .u32(fields.totalSize)
    .u32(fields.enabled ? TbfFlags.ENABLED : 0)
    .u32(0); // checksum, filled in below

  out.u16(TlvType.MAIN).u16(12);
  out.u32(fields.initFunctionOffset).u32(fields.protectedTrailerSize).u32(fields.minimumRamSize);

  out.u16(TlvType.PROGRAM).u16(20);
  out.u32(fields.initFunctionOffset).u32(fields.protectedTrailerSize).u32(fields.minimumRamSize);
  out.u32(fields.binaryEndOffset).u32(fields.appVersion);

  if (fields.packageName !== '') {
    const name = encodeUtf8(fields.packageName);
    out.u16(TlvType.PACKAGE_NAME).u16(name.length).bytes(name);
    out.zeros(alignUp(out.length, 4) - out.length);
  }

  for (const region of fields.writeableFlashRegions) {
    out.u16(TlvType.WRITEABLE_FLASH_REGIONS).u16(8).u32(region.offset).u32(region.size);
  }

  if (fields.fixedAddresses !== undefined) {
    out.u16(TlvType.FIXED_ADDRESSES).u16(8);
    out.u32(fields.fixedAddresses.ram ?? NOT_FIXED).u32(fields.fixedAddresses.flash ?? NOT_FIXED);
  }

  if (fields.permissions.length > 0) {
    out
      .u16(TlvType.PERMISSIONS)
      .u16(2 + 16 * fields.permissions.length)
      .u16(fields.permissions.length);
    for (const permission of fields.permissions) {
      out.u32(permission.driverNumber).u32(permission.offset).u64(permission.allowedCommands);
    }
    out.zeros(2);
  }

  const storage = fields.storagePermissions;
  if (storage !== undefined) {
    out.u16(TlvType.STORAGE_PERMISSIONS).u16(8 + 4 * (storage.readIds.length + storage.accessIds.length));
    out.u32(storage.writeId).u16(storage.readIds.length);
    for (const id of storage.readIds) out.u32(id);
    out.u16(storage.accessIds.length);
    for (const id of storage.accessIds) out.u32(id);
  }

  if (fields.kernelVersion !== undefined) {
    out.u16(TlvType.KERNEL_VERSION).u16(4).u16(fields.kernelVersion.major).u16(fields.kernelVersion.minor);
  }

  if (fields.shortId !== undefined) {
    out.u16(TlvType.SHORT_ID).u16(4).u32(fields.shortId);
  }

  out.zeros(alignUp(out.length, 4) - out.length);
  const header = out.finish();
  header[2] = header.length & 0xff;
  header[3] = (header.length >>> 8) & 0xff;
  writeU32(header, 12, tbfChecksum(header));
  return header;
}
