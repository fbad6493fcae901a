/** Tests for parseTbfHeaderLengths, parseTbfHeader and the checksum, field by field and error by error. */
import { describe, expect, it } from 'vitest';
import { describeTbfParseError, type TbfParseError } from './errors.js';
import type { TbfHeader } from './header.js';
import { computeTbfChecksum, parseTbfHeader, parseTbfHeaderLengths } from './parse.js';
import {
  ByteWriter,
  buildPaddingTbf,
  buildTbfHeader,
  fixedAddressesTlv,
  kernelVersionTlv,
  mainTlv,
  packageNameTlv,
  programTlv,
  type RawTlv,
  shortIdTlv,
  writeableFlashRegionsTlv,
} from './testing/index.js';
import { TbfHeaderType } from './types.js';

function parsed(bytes: Uint8Array): TbfHeader {
  const result = parseTbfHeader(bytes, 2);
  if (!result.ok) throw new Error(`expected a header, got ${describeTbfParseError(result.error)}`);
  return result.value;
}

function parseError(bytes: Uint8Array): TbfParseError {
  const result = parseTbfHeader(bytes, 2);
  if (result.ok) throw new Error('expected a parse error');
  return result.error;
}

function header(tlvs: readonly RawTlv[], totalSize = 1024, flags = 1): Uint8Array {
  return buildTbfHeader({ tlvs, totalSize, flags });
}

describe('parseTbfHeaderLengths', () => {
  it('reads version, header size and total size', () => {
    const bytes = header([mainTlv(0, 0, 0)], 2048);
    expect(parseTbfHeaderLengths(bytes)).toEqual({
      ok: true,
      value: { version: 2, headerSize: 32, totalSize: 2048 },
    });
  });

  it('ends the list on erased flash, another version, or fewer than 8 bytes', () => {
    expect(parseTbfHeaderLengths(new Uint8Array(8).fill(0xff))).toEqual({
      ok: false,
      error: { kind: 'UnableToParse' },
    });
    expect(parseTbfHeaderLengths(new ByteWriter().u16(1).u16(16).u32(64).finish()).ok).toBe(false);
    expect(parseTbfHeaderLengths(new Uint8Array([2, 0, 16, 0]))).toEqual({
      ok: false,
      error: { kind: 'UnableToParse' },
    });
  });

  it('reports InvalidHeader with the trusted total size for inconsistent sizes', () => {
    const headerTooSmall = new ByteWriter().u16(2).u16(12).u32(512).finish();
    const headerLargerThanTotal = new ByteWriter().u16(2).u16(64).u32(32).finish();
    expect(parseTbfHeaderLengths(headerTooSmall)).toEqual({
      ok: false,
      error: { kind: 'InvalidHeader', totalSize: 512 },
    });
    expect(parseTbfHeaderLengths(headerLargerThanTotal)).toEqual({
      ok: false,
      error: { kind: 'InvalidHeader', totalSize: 32 },
    });
  });

  it('reads a total size with the top bit set as unsigned', () => {
    const bytes = new ByteWriter().u16(2).u16(16).u32(0x80000010).finish();
    expect(parseTbfHeaderLengths(bytes)).toEqual({
      ok: true,
      value: { version: 2, headerSize: 16, totalSize: 0x80000010 },
    });
  });
});

describe('computeTbfChecksum', () => {
  it('XORs every word except word 3 and ignores a trailing partial word', () => {
    const bytes = new ByteWriter()
      .u32(0x11111111)
      .u32(0x22222222)
      .u32(0x44444444)
      .u32(0xdeadbeef)
      .u32(0x80000000);
    const withTail = new ByteWriter().bytes(bytes.finish()).u8(0xff).u8(0xff).finish();
    expect(computeTbfChecksum(bytes.finish())).toBe(0xf7777777);
    expect(computeTbfChecksum(withTail)).toBe(0xf7777777);
  });
});

describe('parseTbfHeader', () => {
  it('reads the base fields and the Main TLV', () => {
    const tbf = parsed(header([mainTlv(0x40, 0x20, 6144), packageNameTlv('blink')], 4096, 0x3));
    expect(tbf.isApp()).toBe(true);
    expect(tbf.isEnabled()).toBe(true);
    expect(tbf.isSticky()).toBe(true);
    expect(tbf.getTotalSize()).toBe(4096);
    expect(tbf.getHeaderSize()).toBe(16 + 16 + 12);
    expect(tbf.getMinimumAppRamSize()).toBe(6144);
    expect(tbf.getProtectedTrailerSize()).toBe(0x20);
    expect(tbf.getProtectedSize()).toBe(44 + 0x20);
    expect(tbf.getAppStartOffset()).toBe(44 + 0x20);
    expect(tbf.getInitFunctionOffset()).toBe(0x40 + 44);
    expect(tbf.getPackageName()).toBe('blink');
    expect(tbf.getBinaryEndOffset()).toBe(4096);
    expect(tbf.getBinaryVersion()).toBe(0);
    expect(tbf.getKernelVersion()).toBeUndefined();
    expect(tbf.getFixedShortId()).toBeUndefined();
    expect(tbf.getTlvs().map((tlv) => tlv.type)).toEqual([TbfHeaderType.Main, TbfHeaderType.PackageName]);
  });

  it('prefers Program over Main for sizes, entry point and binary end', () => {
    const tbf = parsed(
      header([
        mainTlv(1, 2, 3),
        programTlv({
          initFunctionOffset: 0x10,
          protectedTrailerSize: 0x30,
          minimumRamSize: 8192,
          binaryEndOffset: 900,
          version: 7,
        }),
      ]),
    );
    expect(tbf.getMinimumAppRamSize()).toBe(8192);
    expect(tbf.getProtectedTrailerSize()).toBe(0x30);
    expect(tbf.getProtectedSize()).toBe(tbf.getHeaderSize() + 0x30);
    expect(tbf.getInitFunctionOffset()).toBe(tbf.getHeaderSize() + 0x10);
    expect(tbf.getBinaryEndOffset()).toBe(900);
    expect(tbf.getBinaryVersion()).toBe(7);
    expect(tbf.getMain()).toEqual({ initFunctionOffset: 1, protectedTrailerSize: 2, minimumRamSize: 3 });
  });

  it('keeps the first Main and ignores a later one even with a bad length', () => {
    const secondMainWrongLength: RawTlv = { type: TbfHeaderType.Main, value: new Uint8Array(4) };
    const tbf = parsed(header([mainTlv(8, 0, 1000), mainTlv(9, 0, 2000), secondMainWrongLength]));
    expect(tbf.getMinimumAppRamSize()).toBe(1000);
  });

  it('reports zero sizes for an app header with neither Main nor Program', () => {
    const tbf = parsed(header([packageNameTlv('odd')]));
    expect(tbf.isApp()).toBe(true);
    expect(tbf.getProtectedSize()).toBe(0);
    expect(tbf.getInitFunctionOffset()).toBe(0);
    expect(tbf.getMinimumAppRamSize()).toBe(0);
    expect(tbf.getBinaryEndOffset()).toBe(1024);
  });

  it('reads KernelVersion, ShortId and FixedAddresses', () => {
    const tbf = parsed(
      header([
        mainTlv(0, 0, 0),
        kernelVersionTlv(2, 1),
        shortIdTlv(0x1234),
        fixedAddressesTlv(0x20004000, 0x40080),
      ]),
    );
    expect(tbf.getKernelVersion()).toEqual({ major: 2, minor: 1 });
    expect(tbf.getFixedShortId()).toBe(0x1234);
    expect(tbf.getFixedAddressStartAddressRam()).toBe(0x20004000);
    expect(tbf.getFixedAddressStartAddressFlash()).toBe(0x40080);
  });

  it('treats 0xFFFFFFFF fixed addresses and a zero ShortId as absent', () => {
    const tbf = parsed(header([mainTlv(0, 0, 0), fixedAddressesTlv(0xffffffff, 0xffffffff), shortIdTlv(0)]));
    expect(tbf.getFixedAddressStartAddressRam()).toBeUndefined();
    expect(tbf.getFixedAddressStartAddressFlash()).toBeUndefined();
    expect(tbf.getFixedShortId()).toBeUndefined();
  });

  it('keeps the last WriteableFlashRegions TLV for the kernel and every region for tools', () => {
    const tbf = parsed(
      header([
        mainTlv(0, 0, 0),
        writeableFlashRegionsTlv([{ offset: 0x400, size: 0x100 }]),
        writeableFlashRegionsTlv([
          { offset: 0x800, size: 0x200 },
          { offset: 0xa00, size: 0x40 },
        ]),
      ]),
    );
    expect(tbf.getWriteableFlashRegionCount()).toBe(2);
    expect(tbf.getWriteableFlashRegion(0)).toEqual({ offset: 0x800, size: 0x200 });
    expect(tbf.getWriteableFlashRegion(1)).toEqual({ offset: 0xa00, size: 0x40 });
    expect(tbf.getWriteableFlashRegion(2)).toBeUndefined();
    expect(tbf.getWriteableFlashRegion(-1)).toBeUndefined();
    expect(tbf.getAllWriteableFlashRegions()).toEqual([
      { offset: 0x400, size: 0x100 },
      { offset: 0x800, size: 0x200 },
      { offset: 0xa00, size: 0x40 },
    ]);
  });

  it('skips PicOption1, header credentials and unknown types, rounding lengths up to 4', () => {
    const pic: RawTlv = { type: TbfHeaderType.PicOption1, value: new Uint8Array(40).fill(0xaa) };
    const unknown: RawTlv = { type: 0x7777, value: new Uint8Array(5).fill(0xbb) };
    const tbf = parsed(header([pic, unknown, mainTlv(4, 0, 512), packageNameTlv('abc')]));
    expect(tbf.getMinimumAppRamSize()).toBe(512);
    expect(tbf.getPackageName()).toBe('abc');
    expect(tbf.getTlvs().map((tlv) => [tlv.type, tlv.length])).toEqual([
      [4, 40],
      [0x7777, 5],
      [1, 12],
      [3, 3],
    ]);
  });

  it('accepts multi-byte UTF-8 package names and an empty one', () => {
    expect(parsed(header([packageNameTlv('héllo→🙂')])).getPackageName()).toBe('héllo→🙂');
    expect(parsed(header([packageNameTlv('')])).getPackageName()).toBe('');
  });

  it('recognises padding: a header with no TLVs', () => {
    const tbf = parsed(buildPaddingTbf(256));
    expect(tbf.isApp()).toBe(false);
    expect(tbf.isEnabled()).toBe(false);
    expect(tbf.getTotalSize()).toBe(256);
    expect(tbf.getBinaryEndOffset()).toBe(0);
    expect(tbf.getPackageName()).toBeUndefined();
  });

  it('walks a maximal header made of empty TLVs to its end', () => {
    const empty: RawTlv = { type: 0x55, value: new Uint8Array(0) };
    const count = Math.floor((0xffff - 16) / 4);
    const tlvs = Array.from({ length: count }, () => empty);
    const tbf = parsed(header(tlvs, 0x10000));
    expect(tbf.getTlvs()).toHaveLength(count);
    expect(tbf.getHeaderSize()).toBe(16 + count * 4);
  });

  it('only reads header_size bytes, so the whole TBF can be passed', () => {
    const bytes = header([mainTlv(0, 0, 64)], 64);
    const whole = new Uint8Array(64).fill(0x5a);
    whole.set(bytes);
    expect(parsed(whole).getMinimumAppRamSize()).toBe(64);
  });
});

describe('parseTbfHeader errors', () => {
  it('UnsupportedVersion for any version but 2', () => {
    expect(parseTbfHeader(header([mainTlv(0, 0, 0)]), 1)).toEqual({
      ok: false,
      error: { kind: 'UnsupportedVersion', version: 1 },
    });
  });

  it('ChecksumMismatch with the stored and computed values', () => {
    const good = header([mainTlv(0, 0, 0)]);
    const stored = new DataView(good.buffer).getUint32(12, true);
    const bad = buildTbfHeader({ tlvs: [mainTlv(0, 0, 0)], totalSize: 1024, checksum: 0x12345678 });
    expect(parseError(bad)).toEqual({ kind: 'ChecksumMismatch', required: 0x12345678, calculated: stored });
    expect(describeTbfParseError(parseError(bad))).toBe(
      `Checksum verification failed: app:0x12345678, calc:0x${stored.toString(16)}`,
    );
  });

  it('NotEnoughFlash for a buffer shorter than the base or than header_size', () => {
    expect(parseError(new Uint8Array(10))).toEqual({ kind: 'NotEnoughFlash' });
    const bytes = header([mainTlv(0, 0, 0)]);
    expect(parseError(bytes.subarray(0, 20))).toEqual({ kind: 'NotEnoughFlash' });
  });

  it('NotEnoughFlash for a header_size below 16 in the base', () => {
    expect(parseError(buildTbfHeader({ tlvs: [], totalSize: 64, headerSize: 8 }))).toEqual({
      kind: 'NotEnoughFlash',
    });
  });

  it('NotEnoughFlash when a TLV header or value runs past header_size', () => {
    const partialTlvHeader = buildTbfHeader({ tlvs: [mainTlv(0, 0, 0)], totalSize: 64, headerSize: 30 });
    expect(parseError(partialTlvHeader)).toEqual({ kind: 'NotEnoughFlash' });
    const longName: RawTlv = { type: TbfHeaderType.PackageName, value: encodeName('ab'), length: 200 };
    expect(parseError(header([longName]))).toEqual({ kind: 'NotEnoughFlash' });
    const longUnknown: RawTlv = { type: 99, value: new Uint8Array(4), length: 0xffff };
    expect(parseError(header([longUnknown]))).toEqual({ kind: 'NotEnoughFlash' });
  });

  it('NotEnoughFlash when the 4-byte rounding of the last TLV runs past header_size', () => {
    const bytes = buildTbfHeader({ tlvs: [packageNameTlv('abc')], totalSize: 64, headerSize: 16 + 4 + 3 });
    expect(parseError(bytes)).toEqual({ kind: 'NotEnoughFlash' });
  });

  it.each([
    [TbfHeaderType.Main, 8],
    [TbfHeaderType.Program, 12],
    [TbfHeaderType.FixedAddresses, 4],
    [TbfHeaderType.KernelVersion, 8],
    [TbfHeaderType.ShortId, 8],
    [TbfHeaderType.WriteableFlashRegions, 12],
  ])('BadTlvEntry(%i) for a length of %i', (type, length) => {
    const tlv: RawTlv = { type, value: new Uint8Array(length) };
    expect(parseError(header([tlv]))).toEqual({ kind: 'BadTlvEntry', tlvType: type });
  });

  it('BadProcessName for a name that is not UTF-8', () => {
    for (const invalid of [
      [0xff],
      [0xc0, 0x80],
      [0xed, 0xa0, 0x80],
      [0xe2, 0x82],
      [0xf4, 0x90, 0x80, 0x80],
    ]) {
      const tlv: RawTlv = { type: TbfHeaderType.PackageName, value: Uint8Array.from(invalid) };
      expect(parseError(header([tlv]))).toEqual({ kind: 'BadProcessName' });
    }
  });
});

function encodeName(name: string): Uint8Array {
  return Uint8Array.from(name, (character) => character.charCodeAt(0));
}
