/**
 * Byte-for-byte agreement with upstream elf2tab: SHA-256 digests (and sizes) of the TBFs that
 * elf2tab 0.14.0-dev (tock/elf2tab @ 06b05fd, built in release mode) wrote for our fixture ELFs
 * with the options shown, compared with what `elfToTbf` writes for the same options. The
 * `hello/` ELFs are the project's hello test app (see test-fixtures/hello/README.md).
 */
import { readFileSync } from 'node:fs';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { elfToTbf } from './convert.js';
import type { ElfToTbfOptions } from './options.js';

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../../test-fixtures/${name}`, import.meta.url)));
}

interface ReferenceCase {
  readonly elf: string;
  /** The elf2tab flags, for the test name. */
  readonly flags: string;
  readonly options: ElfToTbfOptions;
  readonly size: number;
  readonly sha256: string;
}

const CASES: readonly ReferenceCase[] = [
  {
    elf: 'cortex-m4.elf',
    flags: '',
    options: {},
    size: 512,
    sha256: 'e36d780cbf2d904be0a3d300f58a6b444eec0bdf6ecd997b39d74c5a65995c33',
  },
  {
    elf: 'cortex-m4.elf',
    flags: '-n blink --kernel-major 2 --kernel-minor 2',
    options: { packageName: 'blink', kernelVersion: { major: 2, minor: 2 } },
    size: 512,
    sha256: 'd983ba387b1f4770a52687963a4bde883deafb2df638eaf5a36fbc8bf2bc4e43',
  },
  {
    elf: 'cortex-m0.elf',
    flags: '-n blink --kernel-major 2 --kernel-minor 2 --stack 1024 --app-heap 2048 --kernel-heap 512',
    options: {
      packageName: 'blink',
      kernelVersion: { major: 2, minor: 2 },
      stackSize: 1024,
      appHeapSize: 2048,
      kernelHeapSize: 512,
    },
    size: 512,
    sha256: '430cb4d69a236e44aa4cbf886639372548138b35002d99a771744914a9ed8377',
  },
  {
    elf: 'cortex-m4.elf',
    flags: '-n c-hello --kernel-major 2 --kernel-minor 1 --sha256 --sha512',
    options: { packageName: 'c-hello', kernelVersion: { major: 2, minor: 1 }, sha256: true, sha512: true },
    size: 512,
    sha256: '97211b6e4bcc3578c13453a3d965e93386c8f86b52ab019523ad318d71f61ceb',
  },
  {
    elf: 'cortex-m4.elf',
    flags:
      '-n abc --permissions 1,2 1,3 2,70 --write_id 0x1234 --read_ids 1 2 --access_ids 3 ' +
      '--short-id 0xdeadbeef --disable --app-version 42',
    options: {
      packageName: 'abc',
      permissions: [
        [1, 2],
        [1, 3],
        [2, 70],
      ],
      storageWriteId: 0x1234,
      storageReadIds: [1, 2],
      storageAccessIds: [3],
      shortId: 0xdeadbeef,
      disabled: true,
      appVersion: 42,
    },
    size: 512,
    sha256: '073e6b914460cdffbd98246714872c6a4c505d23e2601a8db0b3fa806e0caee5',
  },
  {
    elf: 'cortex-m4.elf',
    flags: '--protected-region-size 512 --minimum-footer-size 3000',
    options: { protectedRegionSize: 512, minimumFooterSize: 3000 },
    size: 4096,
    sha256: '3195736aa17610808e3ec9469f031d538e776782dcae8927b7ef0330c56434d0',
  },
  {
    elf: 'cortex-m4.stripped.elf',
    flags: '-n s',
    options: { packageName: 's' },
    size: 512,
    sha256: 'a5637767b03d67c426259131121f7e7f01ba907560ce88ccceefe83c1394be2f',
  },
  {
    elf: 'protected-region.elf',
    flags: '-n blink --sha384',
    options: { packageName: 'blink', sha384: true },
    size: 512,
    sha256: '1a78075a5b63af7b55517211f9ca97a7ecaafcb2b74ea342a776285e647ffc0e',
  },
  {
    elf: 'rv32imac.0x80100080.0x80300000.elf',
    flags: '',
    options: {},
    size: 284,
    sha256: 'ff624fab170ccbf49337c6e180e67af833c8491548517a614baa41ea828f8d91',
  },
  {
    elf: 'rv32imac.0x80100080.0x80300000.elf',
    flags: '-n blink --kernel-major 2 --kernel-minor 2 --sha256',
    options: { packageName: 'blink', kernelVersion: { major: 2, minor: 2 }, sha256: true },
    size: 324,
    sha256: 'd7b990b8a99ecc89a7b27ff96a236e447c2fbd5a1d744d07a4758a2f2be5acdd',
  },
  {
    elf: 'rv32imac.0x80100080.0x80300000.elf',
    flags: '--minimum-footer-size 13 --sha512',
    options: { minimumFooterSize: 13, sha512: true },
    size: 356,
    sha256: 'c289da32c6a401407031020f4e968c7b965f15ff15c510a7bd4c215f7799dd25',
  },
  {
    elf: 'rv32imac.stripped.elf',
    flags: '-n s --protected-region-size 256',
    options: { packageName: 's', protectedRegionSize: 256 },
    size: 412,
    sha256: 'c247216b0311826b5270d51d72ce9782ba7d8fae2cdc856e01bf635011b8cc62',
  },
  {
    elf: 'hello/cortex-m4.elf',
    flags: '-n hello --kernel-major 2 --kernel-minor 2',
    options: { packageName: 'hello', kernelVersion: { major: 2, minor: 2 } },
    size: 1024,
    sha256: 'cd4ddc0333ca493e4801e00f2ea3340afeb58ed2a92cb1c69ecc00e95ec3b9c8',
  },
  {
    elf: 'hello/cortex-m4.elf',
    flags: '-n hello --kernel-major 2 --kernel-minor 2 --sha256 --sha512',
    options: { packageName: 'hello', kernelVersion: { major: 2, minor: 2 }, sha256: true, sha512: true },
    size: 1024,
    sha256: 'fcb40cffc6d3e987ba58f7e9837ef52f41905fa583e1d57491f875ac3015ad57',
  },
  {
    elf: 'hello/cortex-m0.elf',
    flags: '-n hello --kernel-major 2 --kernel-minor 2',
    options: { packageName: 'hello', kernelVersion: { major: 2, minor: 2 } },
    size: 1024,
    sha256: '6fc8dd16d5ad7c3fad2160ab81c29e6a031bcca021484148162f55f0d8176a00',
  },
  {
    elf: 'hello/rv32imac.0x80100080.0x80300000.elf',
    flags: '-n hello --kernel-major 2 --kernel-minor 2',
    options: { packageName: 'hello', kernelVersion: { major: 2, minor: 2 } },
    size: 644,
    sha256: '77866aa9f502df8ed2779012866065d4966ef754d13bd88a975a76f5a63c8155',
  },
  {
    elf: 'hello/rv32imac.0x80100080.0x80300000.elf',
    flags: '-n hello --kernel-major 2 --kernel-minor 2 --sha256 --sha512',
    options: { packageName: 'hello', kernelVersion: { major: 2, minor: 2 }, sha256: true, sha512: true },
    size: 756,
    sha256: '7866596d90453450bf85c0ca730b0538a4736d9b525772547429a8b9c08e7030',
  },
];

describe('elfToTbf agrees with upstream elf2tab', () => {
  for (const reference of CASES) {
    it(`${reference.elf} ${reference.flags}`, () => {
      const converted = elfToTbf(fixture(reference.elf), reference.options);
      if (!converted.ok) throw new Error(converted.error);
      expect(converted.value.tbf.length).toBe(reference.size);
      expect(bytesToHex(sha256(converted.value.tbf))).toBe(reference.sha256);
    });
  }

  it('fails where elf2tab fails: code at a 256-byte boundary leaves no room for the header', () => {
    const converted = elfToTbf(fixture('rv32imac.0x80100000.0x80300000.elf'));
    expect(converted).toEqual({
      ok: false,
      error: 'protected_region_size = 0 is too small for the TBF headers. Header size: 80',
    });
  });
});
