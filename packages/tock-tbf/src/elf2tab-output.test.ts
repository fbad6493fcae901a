/**
 * The parser on real elf2tab-format output: the TBF `tockloader-ts elf2tab -n c-hello --kernel-major 2
 * --kernel-minor 1 --sha256 --sha512` writes for tockloader-ts's `test-fixtures/cortex-m4.elf` (byte for
 * byte what upstream elf2tab writes: tockloader-ts's tests check its digest), read field by field.
 */
import { describe, expect, it } from 'vitest';
import { parseTbfFooters } from './footer.js';
import { parseTbfHeader, parseTbfHeaderLengths } from './parse.js';
import { TbfFooterV2CredentialsType, TbfHeaderType } from './types.js';

function fromHex(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
}

const C_HELLO_TBF = fromHex(
  [
    '020058000002000001000000e3424d6501000c000d00000000000000600e0000090014000d00000000000000600e0000',
    '1c0100000000000003000700632d68656c6c6f0002000800b00000004000000008000400020001002000000098000000',
    '4000000008b500f001f8fee7074b59f803301b681878064b59f803301a6810441860044b59f80330d86070470c000000',
    '100000000800000068656c6c6f2066726f6d206120746573742061707000000001020300000000000000000000000000',
    '000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000',
    '070000004000008020060000040600000006000000000000000000000000000008000000040600000204000080002400',
    '03000000059a40088897c42814ce0329e4e5630b0ec4be6be72b3bcfef9c036536d30a49800044000500000063e1513f',
    '3c633237d769d7174e1bbf0164c66c195b245e29338f6d40807695637a8e78761a4b5130b332f64342eea894ec02573a',
    'bca017eff4502c91f42251e2800070000000000000000000000000000000000000000000000000000000000000000000',
    '000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000',
    '0000000000000000000000000000000000000000000000000000000000000000',
  ].join(''),
);

describe('elf2tab c-hello TBF', () => {
  it('has the lengths elf2tab wrote', () => {
    expect(parseTbfHeaderLengths(C_HELLO_TBF)).toEqual({
      ok: true,
      value: { version: 2, headerSize: 88, totalSize: 512 },
    });
  });

  it('parses every TLV', () => {
    const result = parseTbfHeader(C_HELLO_TBF, 2);
    if (!result.ok) throw new Error(result.error.kind);
    const header = result.value;
    expect(header.base).toEqual({
      version: 2,
      headerSize: 88,
      totalSize: 512,
      flags: 1,
      checksum: 0x654d42e3,
    });
    expect(header.getTlvs().map((tlv) => tlv.type)).toEqual([
      TbfHeaderType.Main,
      TbfHeaderType.Program,
      TbfHeaderType.PackageName,
      TbfHeaderType.WriteableFlashRegions,
      TbfHeaderType.KernelVersion,
    ]);
    expect(header.getProgram()).toEqual({
      initFunctionOffset: 0xd,
      protectedTrailerSize: 0,
      minimumRamSize: 0xe60,
      binaryEndOffset: 0x11c,
      version: 0,
    });
    expect(header.getInitFunctionOffset()).toBe(88 + 0xd);
    expect(header.getProtectedSize()).toBe(88);
    expect(header.getPackageName()).toBe('c-hello');
    expect(header.getWriteableFlashRegions()).toEqual([{ offset: 0xb0, size: 0x40 }]);
    expect(header.getKernelVersion()).toEqual({ major: 2, minor: 1 });
    expect(header.getCommandPermissions(1, 0)).toEqual({ kind: 'NoPermsAtAll' });
  });

  it('has SHA-256, SHA-512 and Reserved footers filling the rest of the object', () => {
    const list = parseTbfFooters(C_HELLO_TBF.subarray(0x11c, 512));
    expect(list.footers.map((footer) => [footer.credentials.format, footer.length])).toEqual([
      [TbfFooterV2CredentialsType.SHA256, 36],
      [TbfFooterV2CredentialsType.SHA512, 68],
      [TbfFooterV2CredentialsType.Reserved, 112],
    ]);
    expect(list.offsets).toEqual([0, 40, 112]);
    expect(list.stoppedBy).toBeUndefined();
  });
});
