/**
 * What each elf2tab option does to the TBF, checked field by field: the header read back with
 * @tock-ts/tock-tbf (the kernel's parser) and the bytes at the offsets elf2tab uses.
 */
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { p256 } from '@noble/curves/nist.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import {
  parseTbfFooters,
  parseTbfHeader,
  TbfFooterV2CredentialsType,
  type TbfHeader,
} from '@tock-ts/tock-tbf';
import { describe, expect, it } from 'vitest';
import { readU16, readU32 } from '../bytes.js';
import { elfToTbf } from './convert.js';
import type { ElfToTbfOptions } from './options.js';

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../../test-fixtures/${name}`, import.meta.url)));
}

const ARM = 'cortex-m4.elf';
const RISCV = 'rv32imac.0x80100080.0x80300000.elf';

function convert(elf: string, options: ElfToTbfOptions = {}): Uint8Array {
  const result = elfToTbf(fixture(elf), options);
  if (!result.ok) throw new Error(result.error);
  return result.value.tbf;
}

function header(tbf: Uint8Array): TbfHeader {
  const parsed = parseTbfHeader(tbf, 2);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

// The ARM fixture: 0x98 bytes of flash segment (crt0 header, code from 0xc, rodata, a 64-byte
// .wfr region at 0x58) and 0x20 bytes of .data (0x60 bytes of RAM with .bss), entry 0x8000000d,
// a 0x600-byte .stack section and one 8-byte .rel.data relocation.
const BASE_HEADER = 16 + 16 + 24; // base, Main, Program
const WFR_TLV = 12;
const ARM_SEGMENTS = 0x98 + 0x20;
const ARM_RELOCATIONS = 8;
const ARM_DATA_RAM = 0x60;

describe('elfToTbf on a PIC ARM app', () => {
  const tbf = convert(ARM);
  const parsed = header(tbf);
  const headerSize = BASE_HEADER + WFR_TLV;

  it('writes a version-2 header with Main, Program and WriteableFlashRegions TLVs', () => {
    expect(parsed.base.version).toBe(2);
    expect(parsed.getHeaderSize()).toBe(headerSize);
    expect(readU16(tbf, 16)).toBe(1); // Main first
    expect(readU16(tbf, 32)).toBe(9); // then Program
    expect(parsed.getMain()).toEqual({
      initFunctionOffset: 13,
      protectedTrailerSize: 0,
      minimumRamSize: 3680,
    });
    expect(parsed.getProgram()?.binaryEndOffset).toBe(headerSize + ARM_SEGMENTS + 4 + ARM_RELOCATIONS);
    expect(parsed.getBinaryVersion()).toBe(0);
    expect(parsed.isEnabled()).toBe(true);
    expect(parsed.getPackageName()).toBeUndefined();
    expect(parsed.getKernelVersion()).toBeUndefined();
    expect(parsed.getFixedAddressStartAddressFlash()).toBeUndefined();
  });

  it('computes minimum RAM from the data segment, the .stack section and the default heaps', () => {
    expect(parsed.getMinimumAppRamSize()).toBe(ARM_DATA_RAM + 0x600 + 1024 + 1024);
  });

  it('places the segments right after the header and points init at the entry', () => {
    const elf = fixture(ARM);
    expect(tbf.subarray(headerSize, headerSize + 0x98)).toEqual(elf.subarray(0x1000, 0x1098));
    expect(tbf.subarray(headerSize + 0x98, headerSize + ARM_SEGMENTS)).toEqual(elf.subarray(0x1600, 0x1620));
    // init_fn_offset counts from the end of the header; the parser reports it from the TBF start.
    expect(parsed.getMain()?.initFunctionOffset).toBe(0x8000000d - 0x80000000);
    expect(parsed.getInitFunctionOffset()).toBe(headerSize + 13);
  });

  it('appends the relocation length and the .rel.data bytes', () => {
    const at = headerSize + ARM_SEGMENTS;
    expect(readU32(tbf, at)).toBe(ARM_RELOCATIONS);
    expect(tbf.subarray(at + 4, at + 4 + ARM_RELOCATIONS)).toEqual(fixture(ARM).subarray(0x18b4, 0x18bc));
  });

  it('records the .wfr section as a writeable flash region at its offset in the TBF', () => {
    expect(parsed.getWriteableFlashRegions()).toEqual([{ offset: headerSize + 0x58, size: 64 }]);
  });

  it('pads the TBF to 512 bytes (a power of two, at least 512) with a Reserved credential', () => {
    expect(parsed.getTotalSize()).toBe(512);
    expect(tbf.length).toBe(512);
    const binaryEnd = parsed.getBinaryEndOffset();
    expect(readU16(tbf, binaryEnd)).toBe(128);
    expect(readU16(tbf, binaryEnd + 2)).toBe(512 - binaryEnd - 4);
    expect(readU32(tbf, binaryEnd + 4)).toBe(0);
  });
});

describe('each elf2tab option', () => {
  it('--package-name adds a PackageName TLV padded to 4 bytes', () => {
    const tbf = convert(ARM, { packageName: 'blink' });
    const parsed = header(tbf);
    expect(parsed.getPackageName()).toBe('blink');
    expect(parsed.getHeaderSize()).toBe(BASE_HEADER + 4 + 8 + WFR_TLV);
    expect(readU16(tbf, BASE_HEADER)).toBe(3);
    expect(readU16(tbf, BASE_HEADER + 2)).toBe(5);
    expect(tbf.subarray(BASE_HEADER + 9, BASE_HEADER + 12)).toEqual(new Uint8Array(3));
  });

  it('--stack, --app-heap and --kernel-heap set minimum RAM with 8/4/4-byte rounding', () => {
    const parsed = header(convert(ARM, { stackSize: 1001, appHeapSize: 333, kernelHeapSize: 77 }));
    expect(parsed.getMinimumAppRamSize()).toBe(ARM_DATA_RAM + 1008 + 336 + 80);
    expect(parsed.getProgram()?.minimumRamSize).toBe(ARM_DATA_RAM + 1008 + 336 + 80);
  });

  it('--kernel-major/--kernel-minor add a KernelVersion TLV', () => {
    const parsed = header(convert(ARM, { kernelVersion: { major: 2, minor: 2 } }));
    expect(parsed.getKernelVersion()).toEqual({ major: 2, minor: 2 });
    expect(parsed.getHeaderSize()).toBe(BASE_HEADER + WFR_TLV + 8);
  });

  it('--protected-region-size adds a trailer and moves the binary, keeping init relative to the header', () => {
    const tbf = convert(ARM, { protectedRegionSize: 512 });
    const parsed = header(tbf);
    const headerSize = BASE_HEADER + WFR_TLV;
    expect(parsed.getProtectedTrailerSize()).toBe(512 - headerSize);
    expect(parsed.getMain()?.initFunctionOffset).toBe(512 - headerSize + 13);
    expect(tbf.subarray(headerSize, 512)).toEqual(new Uint8Array(512 - headerSize));
    expect(parsed.getTotalSize()).toBe(1024);
    expect(parsed.getWriteableFlashRegions()).toEqual([{ offset: 512 + 0x58, size: 64 }]);
  });

  it('rejects a protected region smaller than the header', () => {
    expect(elfToTbf(fixture(ARM), { protectedRegionSize: 40 })).toEqual({
      ok: false,
      error: 'protected_region_size = 40 is too small for the TBF headers. Header size: 68',
    });
  });

  it('takes the protected region from the tbf_protected_region_size symbol, over the option', () => {
    const messages: string[] = [];
    const parsed = header(
      convert('protected-region.elf', {
        protectedRegionSize: 1024,
        log: (message) => messages.push(message),
      }),
    );
    expect(parsed.getProtectedSize()).toBe(256);
    expect(messages.some((message) => message.includes('tbf_protected_region_size symbol = 256'))).toBe(true);
  });

  it('--permissions groups commands by driver and 64-command block', () => {
    const tbf = convert(ARM, {
      permissions: [
        [1, 2],
        [1, 3],
        [2, 70],
        [1, 65],
      ],
    });
    const parsed = header(tbf);
    expect(parsed.getCommandPermissions(1, 0)).toEqual({ kind: 'Mask', low: 0b1100, high: 0 });
    expect(parsed.getCommandPermissions(1, 1)).toEqual({ kind: 'Mask', low: 0b10, high: 0 });
    expect(parsed.getCommandPermissions(2, 1)).toEqual({ kind: 'Mask', low: 1 << 6, high: 0 });
    const at = BASE_HEADER + WFR_TLV;
    expect(readU16(tbf, at)).toBe(6);
    expect(readU16(tbf, at + 2)).toBe(2 + 3 * 16);
    expect(readU16(tbf, at + 4)).toBe(3);
    expect(parsed.getHeaderSize()).toBe(at + 4 + 2 + 3 * 16 + 2);
  });

  it('--write_id, --read_ids and --access_ids add a StoragePermissions TLV', () => {
    const parsed = header(
      convert(ARM, { storageWriteId: 0x1234, storageReadIds: [1, 2], storageAccessIds: [3] }),
    );
    expect(parsed.getStorageWriteId()).toBe(0x1234);
    expect(parsed.getStorageReadIds()?.ids).toEqual([1, 2]);
    expect(parsed.getStorageModifyIds()?.ids).toEqual([3]);
    expect(parsed.getHeaderSize()).toBe(BASE_HEADER + WFR_TLV + 4 + 8 + 4 * 3);
  });

  it('--short-id, --app-version and --disable', () => {
    const parsed = header(convert(ARM, { shortId: 0xdeadbeef, appVersion: 42, disabled: true }));
    expect(parsed.getFixedShortId()).toBe(0xdeadbeef);
    expect(parsed.getBinaryVersion()).toBe(42);
    expect(parsed.isEnabled()).toBe(false);
    expect(parsed.base.flags).toBe(0);
  });

  it('--minimum-footer-size reserves at least that much, rounded to 4, before power-of-two padding', () => {
    const small = header(convert(ARM, { minimumFooterSize: 1 }));
    expect(small.getTotalSize()).toBe(512);
    const large = convert(ARM, { minimumFooterSize: 3000 });
    const parsed = header(large);
    expect(parsed.getTotalSize()).toBe(4096);
    const footers = parseTbfFooters(large.subarray(parsed.getBinaryEndOffset()));
    expect(footers.footers.map((footer) => footer.credentials.format)).toEqual([
      TbfFooterV2CredentialsType.Reserved,
    ]);
    expect(footers.footers[0]?.length).toBe(4096 - parsed.getBinaryEndOffset() - 4);
  });
});

describe('credentials', () => {
  it('--sha256, --sha384 and --sha512 hash [0, binary_end) in that order', () => {
    const tbf = convert(ARM, { sha256: true, sha384: true, sha512: true });
    const parsed = header(tbf);
    const binaryEnd = parsed.getBinaryEndOffset();
    const integrity = tbf.subarray(0, binaryEnd);
    const { footers } = parseTbfFooters(tbf.subarray(binaryEnd, parsed.getTotalSize()));
    expect(footers.map((footer) => footer.credentials.format)).toEqual([
      TbfFooterV2CredentialsType.SHA256,
      TbfFooterV2CredentialsType.SHA384,
      TbfFooterV2CredentialsType.SHA512,
      TbfFooterV2CredentialsType.Reserved,
    ]);
    expect(footers[0]?.credentials.data).toEqual(sha256(integrity));
    expect(footers[1]?.credentials.data).toEqual(sha384(integrity));
    expect(footers[2]?.credentials.data).toEqual(sha512(integrity));
    expect(binaryEnd + 40 + 56 + 72).toBeLessThan(512);
    expect(parsed.getTotalSize()).toBe(512);
  });

  it('signs with ECDSA P-256 (PKCS#8 DER or PEM) and the signature verifies', () => {
    for (const key of ['ecdsa-p256.pk8', 'ecdsa-p256.pem']) {
      const tbf = convert(ARM, { ecdsaP256PrivateKey: fixture(`keys/${key}`) });
      const parsed = header(tbf);
      const binaryEnd = parsed.getBinaryEndOffset();
      const { footers } = parseTbfFooters(tbf.subarray(binaryEnd, parsed.getTotalSize()));
      expect(footers[0]?.credentials.format).toBe(TbfFooterV2CredentialsType.EcdsaNistP256);
      const privateKey = createPrivateKey({
        key: Buffer.from(fixture('keys/ecdsa-p256.pk8')),
        format: 'der',
        type: 'pkcs8',
      });
      const publicKey = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(-65);
      const signature = footers[0]?.credentials.data ?? new Uint8Array();
      expect(p256.verify(signature, tbf.subarray(0, binaryEnd), publicKey, { prehash: true })).toBe(true);
      expect(footers[1]?.credentials.format).toBe(TbfFooterV2CredentialsType.Reserved);
    }
  });

  it('refuses an ECDSA signature with no footer space, where elf2tab would crash', () => {
    const result = elfToTbf(fixture(RISCV), { ecdsaP256PrivateKey: fixture('keys/ecdsa-p256.pk8') });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/needs 72 bytes of footer space but only 0 are free/);
    const reserved = header(
      convert(RISCV, { ecdsaP256PrivateKey: fixture('keys/ecdsa-p256.pk8'), minimumFooterSize: 72 }),
    );
    expect(reserved.getTotalSize() - reserved.getBinaryEndOffset()).toBe(72);
  });

  it('signs with RSA-4096 (modulus then PKCS#1 v1.5 SHA-512 signature) and the signature verifies', () => {
    const key = fixture('keys/rsa4096.pk8');
    const tbf = convert(ARM, { rsa4096PrivateKey: key });
    const parsed = header(tbf);
    const binaryEnd = parsed.getBinaryEndOffset();
    expect(readU16(tbf, binaryEnd + 2)).toBe(4 + 1024);
    expect(readU32(tbf, binaryEnd + 4)).toBe(2);
    const modulus = tbf.subarray(binaryEnd + 8, binaryEnd + 8 + 512);
    const signature = tbf.subarray(binaryEnd + 8 + 512, binaryEnd + 8 + 1024);
    const publicKey = createPublicKey(
      createPrivateKey({ key: Buffer.from(key), format: 'der', type: 'pkcs8' }),
    );
    const jwkModulus = Buffer.from(String(publicKey.export({ format: 'jwk' }).n), 'base64url');
    expect(Buffer.from(modulus).equals(jwkModulus)).toBe(true);
    expect(verify('sha512', tbf.subarray(0, binaryEnd), publicKey, signature)).toBe(true);
    // PKCS#1 v1.5 is deterministic: OpenSSL's signature (and so ring's, in elf2tab) is the same bytes.
    const privateKey = createPrivateKey({ key: Buffer.from(key), format: 'der', type: 'pkcs8' });
    expect(Buffer.from(signature).equals(sign('sha512', tbf.subarray(0, binaryEnd), privateKey))).toBe(true);
    expect(parsed.getTotalSize()).toBe(2048);
  });

  it('rejects an RSA key that is not 4096 bits and a file that is not a key', () => {
    expect(elfToTbf(fixture(ARM), { rsa4096PrivateKey: fixture('keys/rsa2048.pk8') })).toEqual({
      ok: false,
      error: 'RSA4096 signature requested but the key is 2048 bits, not 4096',
    });
    const notAKey = elfToTbf(fixture(ARM), { ecdsaP256PrivateKey: fixture(ARM) });
    expect(notAKey.ok).toBe(false);
    const mismatched = fixture('keys/ecdsa-p256.pk8');
    mismatched[mismatched.length - 1] = (mismatched[mismatched.length - 1] ?? 0) ^ 1;
    expect(elfToTbf(fixture(ARM), { ecdsaP256PrivateKey: mismatched })).toEqual({
      ok: false,
      error: 'ECDSA NIST P256 key: the EC private key does not match the public key stored with it',
    });
    const wrongType = elfToTbf(fixture(ARM), { ecdsaP256PrivateKey: fixture('keys/rsa2048.pk8') });
    expect(wrongType).toEqual({
      ok: false,
      error: 'ECDSA NIST P256 key: the key is not of the expected type (EC)',
    });
  });
});

describe('elfToTbf on a fixed-address RISC-V app', () => {
  const tbf = convert(RISCV);
  const parsed = header(tbf);
  const headerSize = BASE_HEADER + WFR_TLV + 12;

  it('adds FixedAddresses from _sram_origin and _flash_origin', () => {
    expect(parsed.getFixedAddressStartAddressRam()).toBe(0x80300000);
    expect(parsed.getFixedAddressStartAddressFlash()).toBe(0x80100080);
    expect(parsed.getHeaderSize()).toBe(headerSize);
  });

  it('grows the protected region so the TBF starts on a 256-byte boundary below the binary', () => {
    expect(parsed.getProtectedSize()).toBe(0x80);
    expect((0x80100080 - parsed.getProtectedSize()) % 256).toBe(0);
    expect(parsed.getProtectedTrailerSize()).toBe(0x80 - headerSize);
  });

  it('pads to a multiple of 4 only, with raw zeros when fewer than 8 bytes are needed', () => {
    expect(parsed.getTotalSize() % 4).toBe(0);
    expect(parsed.getTotalSize()).toBe(tbf.length);
    expect(parsed.getTotalSize() - parsed.getBinaryEndOffset()).toBeLessThan(8);
  });

  it('finds a fixed flash address from the segments when there is no symbol table', () => {
    const stripped = header(convert('rv32imac.stripped.elf', { protectedRegionSize: 256 }));
    expect(stripped.getFixedAddressStartAddressFlash()).toBe(0x80100080);
    expect(stripped.getFixedAddressStartAddressRam()).toBeUndefined();
  });
});
