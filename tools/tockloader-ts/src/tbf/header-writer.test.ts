/**
 * The TBF header writer, read back with the kernel's parser (@tock-ts/tock-tbf).
 */
import { parseTbfHeader } from '@tock-ts/tock-tbf';
import { describe, expect, it } from 'vitest';
import { readU16, readU32 } from '../bytes.js';
import { tbfChecksum } from './checksum.js';
import { encodeTbfHeader, groupPermissions, type TbfHeaderFields } from './header-writer.js';

const MINIMAL: TbfHeaderFields = {
  totalSize: 1024,
  enabled: true,
  initFunctionOffset: 0x41,
  protectedTrailerSize: 8,
  minimumRamSize: 4096,
  binaryEndOffset: 900,
  appVersion: 3,
  packageName: '',
  writeableFlashRegions: [],
  permissions: [],
};

describe('encodeTbfHeader', () => {
  it('writes base, Main and Program: 56 bytes', () => {
    const header = encodeTbfHeader(MINIMAL);
    expect(header.length).toBe(56);
    expect(readU16(header, 2)).toBe(56);
    const parsed = parseTbfHeader(header, 2);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    expect(parsed.value.getMain()).toEqual({
      initFunctionOffset: 0x41,
      protectedTrailerSize: 8,
      minimumRamSize: 4096,
    });
    expect(parsed.value.getProgram()).toEqual({
      initFunctionOffset: 0x41,
      protectedTrailerSize: 8,
      minimumRamSize: 4096,
      binaryEndOffset: 900,
      version: 3,
    });
    expect(parsed.value.isEnabled()).toBe(true);
    expect(readU32(header, 12)).toBe(tbfChecksum(header));
  });

  it('writes every optional TLV in elf2tab order', () => {
    const header = encodeTbfHeader({
      ...MINIMAL,
      enabled: false,
      packageName: 'héllo',
      writeableFlashRegions: [
        { offset: 0x100, size: 0x40 },
        { offset: 0x200, size: 0x80 },
      ],
      fixedAddresses: { ram: 0x20004000, flash: undefined },
      permissions: groupPermissions([
        [0x90001, 1],
        [0x90001, 64],
      ]),
      storagePermissions: { writeId: 5, readIds: [6], accessIds: [] },
      kernelVersion: { major: 2, minor: 1 },
      shortId: 0x1234,
    });
    const types: number[] = [];
    for (
      let offset = 16;
      offset < header.length;
      offset += 4 + Math.ceil(readU16(header, offset + 2) / 4) * 4
    ) {
      types.push(readU16(header, offset));
    }
    expect(types).toEqual([1, 9, 3, 2, 2, 5, 6, 7, 8, 10]);
    const parsed = parseTbfHeader(header, 2);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    const tbf = parsed.value;
    expect(tbf.getPackageName()).toBe('héllo');
    expect(tbf.isEnabled()).toBe(false);
    expect(tbf.getFixedAddressStartAddressRam()).toBe(0x20004000);
    expect(tbf.getFixedAddressStartAddressFlash()).toBeUndefined();
    expect(tbf.getCommandPermissions(0x90001, 0)).toEqual({ kind: 'Mask', low: 2, high: 0 });
    expect(tbf.getCommandPermissions(0x90001, 1)).toEqual({ kind: 'Mask', low: 1, high: 0 });
    expect(tbf.getStorageWriteId()).toBe(5);
    expect(tbf.getKernelVersion()).toEqual({ major: 2, minor: 1 });
    expect(tbf.getFixedShortId()).toBe(0x1234);
    // The kernel keeps only the last WriteableFlashRegions TLV; tools read them all.
    expect(tbf.getAllWriteableFlashRegions()).toEqual([
      { offset: 0x100, size: 0x40 },
      { offset: 0x200, size: 0x80 },
    ]);
  });
});

describe('groupPermissions', () => {
  it('merges commands of the same driver and 64-command block, keeping first-seen order', () => {
    expect(
      groupPermissions([
        [3, 1],
        [1, 0],
        [3, 63],
        [3, 64],
      ]),
    ).toEqual([
      { driverNumber: 3, offset: 0, allowedCommands: (1n << 63n) | 2n },
      { driverNumber: 1, offset: 0, allowedCommands: 1n },
      { driverNumber: 3, offset: 1, allowedCommands: 1n },
    ]);
  });
});
