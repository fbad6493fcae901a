/**
 * `TbfHeader`: a parsed TBF header and the accessors the kernel and tools read it through.
 *
 * Mirrors upstream `TbfHeader` (`libraries/tock-tbf/src/types.rs`): either padding (a bare
 * 16-byte base) or an app with the TLVs it carried. Variable-length TLVs (permissions, storage
 * permissions) are kept as byte views and decoded on demand, as upstream does, so a malformed
 * one only affects its own accessor.
 */
import { fits, readU16, readU32 } from './bytes.js';
import type { CommandPermissions, KernelVersion, TbfTlvEntry, WriteableFlashRegion } from './types.js';

/** Upstream's `NUM_STORAGE_PERMISSIONS`: at most this many read ids and modify ids. */
export const NUM_STORAGE_PERMISSIONS = 8;

/** The 16 bytes every version-2 header starts with. */
export interface TbfHeaderV2Base {
  readonly version: number;
  readonly headerSize: number;
  readonly totalSize: number;
  readonly flags: number;
  readonly checksum: number;
}

/** The Main TLV (type 1). */
export interface TbfHeaderV2Main {
  readonly initFunctionOffset: number;
  readonly protectedTrailerSize: number;
  readonly minimumRamSize: number;
}

/** The Program TLV (type 9): Main's fields plus where the binary ends and its version. */
export interface TbfHeaderV2Program extends TbfHeaderV2Main {
  readonly binaryEndOffset: number;
  readonly version: number;
}

/** The FixedAddresses TLV (type 5), raw: 0xFFFFFFFF means "not fixed". */
export interface TbfHeaderV2FixedAddresses {
  readonly startProcessRam: number;
  readonly startProcessFlash: number;
}

/** A list of storage ids: how many the TLV declares and their values. */
export interface StorageIds {
  readonly count: number;
  readonly ids: readonly number[];
}

/** Everything the parser found in an app header; the input to `TbfHeader.app`. */
export interface TbfHeaderV2Fields {
  readonly base: TbfHeaderV2Base;
  readonly main: TbfHeaderV2Main | undefined;
  readonly program: TbfHeaderV2Program | undefined;
  readonly packageName: string | undefined;
  /** The value of the last WriteableFlashRegions TLV: the one the kernel uses. */
  readonly writeableRegions: Uint8Array | undefined;
  /** Every region of every WriteableFlashRegions TLV, in header order (the tools' view). */
  readonly allWriteableFlashRegions: readonly WriteableFlashRegion[];
  readonly fixedAddresses: TbfHeaderV2FixedAddresses | undefined;
  readonly permissions: Uint8Array | undefined;
  readonly storagePermissions: Uint8Array | undefined;
  readonly kernelVersion: KernelVersion | undefined;
  /** The raw ShortId TLV value (0 means none). */
  readonly shortId: number | undefined;
  readonly tlvs: readonly TbfTlvEntry[];
}

const WRITEABLE_FLASH_REGION_SIZE = 8;
const DRIVER_PERMISSION_SIZE = 16;
const NOT_FIXED = 0xffffffff;
const FLAG_ENABLED = 0x1;
const FLAG_STICKY = 0x2;

/** A parsed TBF header: padding, or an app with its TLVs. */
export class TbfHeader {
  /** The 16-byte base every header has. */
  readonly base: TbfHeaderV2Base;
  readonly #fields: TbfHeaderV2Fields | undefined;

  private constructor(base: TbfHeaderV2Base, fields: TbfHeaderV2Fields | undefined) {
    this.base = base;
    this.#fields = fields;
  }

  /** A padding object: a header with no TLVs. */
  static padding(base: TbfHeaderV2Base): TbfHeader {
    return new TbfHeader(base, undefined);
  }

  /** An app header with the TLVs the parser found. */
  static app(fields: TbfHeaderV2Fields): TbfHeader {
    return new TbfHeader(fields.base, fields);
  }

  /** True for an app, false for padding. */
  isApp(): boolean {
    return this.#fields !== undefined;
  }

  /** Flag bit 0: the kernel starts this app at boot. Always false for padding. */
  isEnabled(): boolean {
    return this.#fields !== undefined && (this.base.flags & FLAG_ENABLED) !== 0;
  }

  /** Flag bit 1: tockloader keeps this app on a normal uninstall. Always false for padding. */
  isSticky(): boolean {
    return this.#fields !== undefined && (this.base.flags & FLAG_STICKY) !== 0;
  }

  /** Bytes of the whole TBF object: header, binary, footers and padding. */
  getTotalSize(): number {
    return this.base.totalSize;
  }

  /** Bytes of the header, TLVs included (upstream `length()`). */
  getHeaderSize(): number {
    return this.base.headerSize;
  }

  /** The Main TLV, if the header has one. */
  getMain(): TbfHeaderV2Main | undefined {
    return this.#fields?.main;
  }

  /** The Program TLV, if the header has one. */
  getProgram(): TbfHeaderV2Program | undefined {
    return this.#fields?.program;
  }

  /** Where each TLV sits in the header, in order (empty for padding). */
  getTlvs(): readonly TbfTlvEntry[] {
    return this.#fields?.tlvs ?? [];
  }

  /** The Program TLV if present, else Main: the one the kernel takes sizes from. */
  #entry(): TbfHeaderV2Main | undefined {
    return this.#fields?.program ?? this.#fields?.main;
  }

  /** RAM the process needs, from Program (preferred) or Main; 0 without either. */
  getMinimumAppRamSize(): number {
    return this.#entry()?.minimumRamSize ?? 0;
  }

  /** Bytes after the header the process may not write; 0 without Main or Program. */
  getProtectedTrailerSize(): number {
    return this.#entry()?.protectedTrailerSize ?? 0;
  }

  /**
   * Bytes from the TBF start the process may not write: header plus protected trailer.
   * The app binary starts here. 0 without Main or Program, as upstream.
   */
  getProtectedSize(): number {
    const entry = this.#entry();
    return entry === undefined ? 0 : (this.base.headerSize + entry.protectedTrailerSize) >>> 0;
  }

  /** Same as `getProtectedSize`: the offset of the app binary in the TBF. */
  getAppStartOffset(): number {
    return this.getProtectedSize();
  }

  /** Offset of the entry point from the TBF start (header size + init_fn_offset); 0 without Main/Program. */
  getInitFunctionOffset(): number {
    const entry = this.#entry();
    return entry === undefined ? 0 : (entry.initFunctionOffset + this.base.headerSize) >>> 0;
  }

  /** The PackageName TLV, or `undefined` if the header has none. */
  getPackageName(): string | undefined {
    return this.#fields?.packageName;
  }

  /** How many regions the kernel's WriteableFlashRegions view holds (the last TLV's). */
  getWriteableFlashRegionCount(): number {
    const regions = this.#fields?.writeableRegions;
    return regions === undefined ? 0 : Math.floor(regions.length / WRITEABLE_FLASH_REGION_SIZE);
  }

  /** Region `index` of the kernel's view, or `undefined` past the end. */
  getWriteableFlashRegion(index: number): WriteableFlashRegion | undefined {
    const regions = this.#fields?.writeableRegions;
    if (regions === undefined || !Number.isInteger(index) || index < 0) return undefined;
    const start = index * WRITEABLE_FLASH_REGION_SIZE;
    if (!fits(regions, start, WRITEABLE_FLASH_REGION_SIZE)) return undefined;
    return { offset: readU32(regions, start), size: readU32(regions, start + 4) };
  }

  /** The kernel's view as a list: the regions of the last WriteableFlashRegions TLV. */
  getWriteableFlashRegions(): readonly WriteableFlashRegion[] {
    const regions: WriteableFlashRegion[] = [];
    for (let index = 0; index < this.getWriteableFlashRegionCount(); index++) {
      const region = this.getWriteableFlashRegion(index);
      if (region !== undefined) regions.push(region);
    }
    return regions;
  }

  /** The tools' view: every region of every WriteableFlashRegions TLV, in header order. */
  getAllWriteableFlashRegions(): readonly WriteableFlashRegion[] {
    return this.#fields?.allWriteableFlashRegions ?? [];
  }

  /** The RAM address the process was linked for, or `undefined` if not fixed. */
  getFixedAddressStartAddressRam(): number | undefined {
    const fixed = this.#fields?.fixedAddresses;
    return fixed === undefined || fixed.startProcessRam === NOT_FIXED ? undefined : fixed.startProcessRam;
  }

  /** The flash address of the app binary (after the protected region), or `undefined` if not fixed. */
  getFixedAddressStartAddressFlash(): number | undefined {
    const fixed = this.#fields?.fixedAddresses;
    return fixed === undefined || fixed.startProcessFlash === NOT_FIXED ? undefined : fixed.startProcessFlash;
  }

  /**
   * The commands of `driverNumber` at `offset` (mask covers commands 64·offset … 64·offset+63).
   *
   * `Mask` if an entry matches; `Mask(0)` if the driver has entries but none for this offset;
   * `NoPermsThisDriver` if other drivers have entries; `NoPermsAtAll` without a Permissions
   * TLV, or if the TLV is too short for the count it declares.
   */
  getCommandPermissions(driverNumber: number, offset: number): CommandPermissions {
    const permissions = this.#fields?.permissions;
    if (permissions === undefined || permissions.length < 2) return { kind: 'NoPermsAtAll' };
    const count = readU16(permissions, 0);
    const driver = driverNumber >>> 0;
    const wantedOffset = offset >>> 0;
    let foundDriver = false;
    for (let index = 0; index < count; index++) {
      const start = 2 + index * DRIVER_PERMISSION_SIZE;
      if (!fits(permissions, start, DRIVER_PERMISSION_SIZE)) return { kind: 'NoPermsAtAll' };
      if (readU32(permissions, start) !== driver) continue;
      foundDriver = true;
      if (readU32(permissions, start + 4) === wantedOffset) {
        return { kind: 'Mask', low: readU32(permissions, start + 8), high: readU32(permissions, start + 12) };
      }
    }
    return foundDriver ? { kind: 'Mask', low: 0, high: 0 } : { kind: 'NoPermsThisDriver' };
  }

  /** The storage write id, or `undefined` without a StoragePermissions TLV or when it is 0. */
  getStorageWriteId(): number | undefined {
    const storage = this.#fields?.storagePermissions;
    if (storage === undefined || storage.length < 4) return undefined;
    const writeId = readU32(storage, 0);
    return writeId === 0 ? undefined : writeId;
  }

  /** The storage read ids, or `undefined` without the TLV or if it is malformed or lists more than 8. */
  getStorageReadIds(): StorageIds | undefined {
    return this.#decodeStoragePermissions()?.read;
  }

  /** The storage modify ids, or `undefined` without the TLV or if it is malformed or lists more than 8. */
  getStorageModifyIds(): StorageIds | undefined {
    return this.#decodeStoragePermissions()?.modify;
  }

  #decodeStoragePermissions(): { read: StorageIds; modify: StorageIds } | undefined {
    const storage = this.#fields?.storagePermissions;
    if (storage === undefined || !fits(storage, 0, 6)) return undefined;
    const read = readIdList(storage, 4);
    if (read === undefined) return undefined;
    const modify = readIdList(storage, read.end);
    if (modify === undefined) return undefined;
    return { read: read.list, modify: modify.list };
  }

  /** The kernel version the process requires, or `undefined` without a KernelVersion TLV. */
  getKernelVersion(): KernelVersion | undefined {
    return this.#fields?.kernelVersion;
  }

  /**
   * Offset where the integrity-covered binary ends and footers start: Program's
   * binary_end_offset, or total size with only Main (or neither); 0 for padding.
   */
  getBinaryEndOffset(): number {
    if (this.#fields === undefined) return 0;
    return this.#fields.program?.binaryEndOffset ?? this.base.totalSize;
  }

  /** The Program TLV's binary version, or 0 without one. */
  getBinaryVersion(): number {
    return this.#fields?.program?.version ?? 0;
  }

  /** The ShortId TLV's value, or `undefined` without one or when it is 0. */
  getFixedShortId(): number | undefined {
    const shortId = this.#fields?.shortId;
    return shortId === undefined || shortId === 0 ? undefined : shortId;
  }
}

/** Reads a u16 count at `start` followed by that many u32 ids; at most `NUM_STORAGE_PERMISSIONS`. */
function readIdList(bytes: Uint8Array, start: number): { list: StorageIds; end: number } | undefined {
  if (!fits(bytes, start, 2)) return undefined;
  const count = readU16(bytes, start);
  if (count > NUM_STORAGE_PERMISSIONS) return undefined;
  const first = start + 2;
  if (!fits(bytes, first, count * 4)) return undefined;
  const ids: number[] = [];
  for (let index = 0; index < count; index++) ids.push(readU32(bytes, first + index * 4));
  return { list: { count, ids }, end: first + count * 4 };
}
