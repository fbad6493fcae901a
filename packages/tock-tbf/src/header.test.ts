/** Tests for the TbfHeader accessors that decode variable-length TLVs: permissions and storage ids. */
import { describe, expect, it } from 'vitest';
import type { TbfHeader } from './header.js';
import { parseTbfHeader } from './parse.js';
import {
  ByteWriter,
  buildTbfHeader,
  mainTlv,
  permissionsTlv,
  type RawTlv,
  storagePermissionsTlv,
} from './testing/index.js';
import { TbfHeaderType } from './types.js';

function parsed(tlvs: readonly RawTlv[]): TbfHeader {
  const result = parseTbfHeader(buildTbfHeader({ tlvs: [mainTlv(0, 0, 0), ...tlvs], totalSize: 1024 }), 2);
  if (!result.ok) throw new Error(`parse failed: ${result.error.kind}`);
  return result.value;
}

describe('getCommandPermissions', () => {
  const tbf = parsed([
    permissionsTlv([
      { driverNumber: 0x1, offset: 0, low: 0x0000_000f, high: 0x8000_0000 },
      { driverNumber: 0x1, offset: 2, low: 0x1, high: 0 },
      { driverNumber: 0x60000, offset: 0, low: 0xffff_ffff, high: 0xffff_ffff },
    ]),
  ]);

  it('returns the mask of a matching driver and offset as two 32-bit words', () => {
    expect(tbf.getCommandPermissions(1, 0)).toEqual({ kind: 'Mask', low: 0xf, high: 0x80000000 });
    expect(tbf.getCommandPermissions(1, 2)).toEqual({ kind: 'Mask', low: 1, high: 0 });
    expect(tbf.getCommandPermissions(0x60000, 0)).toEqual({
      kind: 'Mask',
      low: 0xffffffff,
      high: 0xffffffff,
    });
  });

  it('returns an empty mask for a listed driver without that offset', () => {
    expect(tbf.getCommandPermissions(1, 1)).toEqual({ kind: 'Mask', low: 0, high: 0 });
  });

  it('returns NoPermsThisDriver for a driver that is not listed', () => {
    expect(tbf.getCommandPermissions(2, 0)).toEqual({ kind: 'NoPermsThisDriver' });
  });

  it('returns NoPermsAtAll without a Permissions TLV', () => {
    expect(parsed([]).getCommandPermissions(1, 0)).toEqual({ kind: 'NoPermsAtAll' });
  });

  it('returns NoPermsAtAll when the count claims more entries than the TLV holds', () => {
    const value = new ByteWriter().u16(3).u32(1).u32(0).u32(1).u32(0).finish();
    const truncated = parsed([{ type: TbfHeaderType.Permissions, value }]);
    expect(truncated.getCommandPermissions(1, 0)).toEqual({ kind: 'Mask', low: 1, high: 0 });
    expect(truncated.getCommandPermissions(5, 0)).toEqual({ kind: 'NoPermsAtAll' });
    const empty = parsed([{ type: TbfHeaderType.Permissions, value: new Uint8Array(0) }]);
    expect(empty.getCommandPermissions(1, 0)).toEqual({ kind: 'NoPermsAtAll' });
  });
});

describe('storage permissions', () => {
  it('reads the write id, read ids and modify ids', () => {
    const tbf = parsed([storagePermissionsTlv(0x42, [1, 2, 3], [7])]);
    expect(tbf.getStorageWriteId()).toBe(0x42);
    expect(tbf.getStorageReadIds()).toEqual({ count: 3, ids: [1, 2, 3] });
    expect(tbf.getStorageModifyIds()).toEqual({ count: 1, ids: [7] });
  });

  it('treats write id 0 as no write permission and empty lists as zero counts', () => {
    const tbf = parsed([storagePermissionsTlv(0, [], [])]);
    expect(tbf.getStorageWriteId()).toBeUndefined();
    expect(tbf.getStorageReadIds()).toEqual({ count: 0, ids: [] });
    expect(tbf.getStorageModifyIds()).toEqual({ count: 0, ids: [] });
  });

  it('accepts 8 ids and refuses 9', () => {
    const eight = [1, 2, 3, 4, 5, 6, 7, 8];
    expect(parsed([storagePermissionsTlv(1, eight, eight)]).getStorageReadIds()?.count).toBe(8);
    const nine = parsed([storagePermissionsTlv(1, [...eight, 9], [])]);
    expect(nine.getStorageReadIds()).toBeUndefined();
    expect(nine.getStorageWriteId()).toBe(1);
    expect(parsed([storagePermissionsTlv(1, [], [...eight, 9])]).getStorageModifyIds()).toBeUndefined();
  });

  it('returns undefined for a TLV too short for the ids it declares', () => {
    const value = new ByteWriter().u32(5).u16(2).u32(1).finish();
    const tbf = parsed([{ type: TbfHeaderType.StoragePermissions, value }]);
    expect(tbf.getStorageWriteId()).toBe(5);
    expect(tbf.getStorageReadIds()).toBeUndefined();
  });

  it('returns undefined for every accessor without the TLV', () => {
    const tbf = parsed([]);
    expect(tbf.getStorageWriteId()).toBeUndefined();
    expect(tbf.getStorageReadIds()).toBeUndefined();
    expect(tbf.getStorageModifyIds()).toBeUndefined();
  });
});
