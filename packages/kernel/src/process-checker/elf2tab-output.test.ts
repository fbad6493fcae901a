/**
 * Real elf2tab output through discovery and credential checking.
 *
 * `C_HELLO_TBF` is the TBF `elf2tab -n c-hello --kernel-major 2 --kernel-minor 1 --sha256
 * --sha512` writes for the tockloader-ts fixture `cortex-m4.elf`; its SHA-256 is the reference
 * digest recorded from upstream elf2tab, so these are elf2tab's exact bytes. `SIGNED_TBF` is the
 * same ELF converted with `-n signed --kernel-major 2 --kernel-minor 2 --app-version 3
 * --ecdsa-nist-p256-private ecdsa-p256.pk8` (ECDSA signatures are randomised, so no reference
 * digest exists for it), and `SIGNING_PUBLIC_KEY` is that key's public point, x || y.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { TbfFooterV2CredentialsType } from '@tock-ts/tock-tbf';
import { describe, expect, it } from 'vitest';
import { StopFaultPolicy } from '../fault-policies.js';
import { discoverProcessBinaries, type ProcessBinary } from '../process-binary.js';
import { SequentialProcessLoader } from '../process-loading-sequential.js';
import { FakeBoard } from '../testing/index.js';
import { AppIdAssignerLocallyUnique, AppIdAssignerNames } from './app-id.js';
import { AppCheckerSha256, AppCheckerSha384, AppCheckerSha512 } from './basic-checkers.js';
import { ProcessCheckerMachine } from './checker-machine.js';
import type { AppCredentialsPolicy } from './credentials-policy.js';
import { checkProcessBinaries, planProcessLoading } from './load-selection.js';
import { AppCheckerSignature } from './signature-checker.js';

function fromHex(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
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

const SIGNED_TBF = fromHex(
  [
    '020058000002000001000000f90e2f6e01000c000d00000000000000600e0000090014000d00000000000000600e0000',
    '1c01000003000000030006007369676e6564000002000800b00000004000000008000400020002002000000098000000',
    '4000000008b500f001f8fee7074b59f803301b681878064b59f803301a6810441860044b59f80330d86070470c000000',
    '100000000800000068656c6c6f2066726f6d206120746573742061707000000001020300000000000000000000000000',
    '000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000',
    '070000004000008020060000040600000006000000000000000000000000000008000000040600000204000080004400',
    '0600000011f2753d6fb5be79e93fa6d01638f7c32563fecf828a94a88ebeb6ce2ad47dbb573060201d98c9ab97652770',
    'abb89ecd3314cca8539376a3f0f2265ea4e8852e80009800000000000000000000000000000000000000000000000000',
    '000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000',
    '000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000',
    '0000000000000000000000000000000000000000000000000000000000000000',
  ].join(''),
);

const SIGNING_PUBLIC_KEY = fromHex(
  'dfe34cfca4c2fb6c220e2e6c52e4907386dc38408890ea2989d9156cbe28b7c8' +
    '894bae66d99470a50fb4845a673b36587443daeea266e634c4c38ed5bc7ad8e1',
);

/** The SHA-256 upstream elf2tab's output for c-hello has (see tockloader-ts's reference test). */
const C_HELLO_ELF2TAB_SHA256 = '97211b6e4bcc3578c13453a3d965e93386c8f86b52ab019523ad318d71f61ceb';

const APP_FLASH_START = 0x0004_0000;

function flashWith(objects: readonly Uint8Array[]): { start: number; bytes: Uint8Array } {
  const bytes = new Uint8Array(0x2000).fill(0xff);
  let offset = 0;
  for (const object of objects) {
    bytes.set(object, offset);
    offset += object.length;
  }
  return { start: APP_FLASH_START, bytes };
}

function discover(objects: readonly Uint8Array[]): readonly ProcessBinary[] {
  const result = discoverProcessBinaries(flashWith(objects), APP_FLASH_START, APP_FLASH_START + 0x2000);
  expect(result.rejected).toEqual([]);
  return result.binaries;
}

describe('elf2tab output', () => {
  it('is byte for byte what upstream elf2tab writes', () => {
    expect(toHex(sha256(C_HELLO_TBF))).toBe(C_HELLO_ELF2TAB_SHA256);
  });

  it('is discovered with the header elf2tab wrote', () => {
    const [hello, signed] = discover([C_HELLO_TBF, SIGNED_TBF]);
    expect(hello?.packageName).toBe('c-hello');
    expect(hello?.flashStart).toBe(APP_FLASH_START);
    expect(hello?.header.getKernelVersion()).toEqual({ major: 2, minor: 1 });
    expect(hello?.header.getTotalSize()).toBe(512);
    expect(hello?.header.getWriteableFlashRegions()).toEqual([{ offset: 0xb0, size: 0x40 }]);
    expect(signed?.packageName).toBe('signed');
    expect(signed?.flashStart).toBe(APP_FLASH_START + 512);
    expect(signed?.header.getBinaryVersion()).toBe(3);
  });

  it('passes the SHA-256 and SHA-512 checkers and not the SHA-384 one', () => {
    const [hello] = discover([C_HELLO_TBF]);
    if (hello === undefined) throw new Error('not discovered');
    const sha256Result = new ProcessCheckerMachine(new AppCheckerSha256()).check(hello);
    expect(sha256Result.ok && sha256Result.value?.credential.format).toBe(TbfFooterV2CredentialsType.SHA256);
    const sha512Result = new ProcessCheckerMachine(new AppCheckerSha512()).check(hello);
    expect(sha512Result.ok && sha512Result.value?.credential.format).toBe(TbfFooterV2CredentialsType.SHA512);
    expect(new ProcessCheckerMachine(new AppCheckerSha384()).check(hello)).toEqual({
      ok: false,
      error: { kind: 'CredentialsNotAccepted' },
    });
  });

  it('fails the SHA-256 checker once a byte of the binary changes', () => {
    const tampered = C_HELLO_TBF.slice();
    tampered[0x100] = (tampered[0x100] ?? 0) ^ 0xff;
    const [hello] = discover([tampered]);
    if (hello === undefined) throw new Error('not discovered');
    expect(new ProcessCheckerMachine(new AppCheckerSha256()).check(hello)).toEqual({
      ok: false,
      error: { kind: 'CredentialsRejected', index: 0 },
    });
  });

  it('passes the ECDSA P-256 checker with the signing key and loads with a name-based ShortId', () => {
    const policy = AppCheckerSignature.create([SIGNING_PUBLIC_KEY]);
    if (!policy.ok) throw new Error('bad key');
    const binaries = discover([C_HELLO_TBF, SIGNED_TBF]);
    const checked = checkProcessBinaries(binaries, new ProcessCheckerMachine(policy.value));
    expect(checked.approved.map((binary) => binary.packageName)).toEqual(['signed']);
    expect(checked.rejected.map((rejection) => rejection.reason)).toEqual([
      'TBF at 0x00040000 (c-hello): Error checking process: No credentials accepted',
    ]);
    const names = new AppIdAssignerNames();
    const [signed] = checked.approved;
    if (signed === undefined) throw new Error('not approved');
    expect(planProcessLoading(names, checked.approved).load).toEqual([
      { binary: signed, shortId: names.toShortId(signed) },
    ]);
    expect(signed.credential?.metadata).toBe(0);
  });

  it('boots through the sequential loader under a SHA-256 policy and under a signature policy', () => {
    const boot = (policy: AppCredentialsPolicy) => {
      const board = new FakeBoard();
      const tampered = C_HELLO_TBF.slice();
      tampered[0x100] = (tampered[0x100] ?? 0) ^ 0xff;
      board.chip.flash.bytes.fill(0xff);
      board.chip.flash.bytes.set(C_HELLO_TBF, 0);
      board.chip.flash.bytes.set(SIGNED_TBF, 512);
      board.chip.flash.bytes.set(tampered, 512 + SIGNED_TBF.length);
      const loader = new SequentialProcessLoader({
        kernel: board.kernel,
        chip: board.chip,
        regions: {
          appFlashStart: APP_FLASH_START,
          appFlashEnd: APP_FLASH_START + 0x2000,
          appMemory: { start: board.chip.ram.start, length: board.chip.ram.bytes.length },
        },
        faultPolicy: new StopFaultPolicy(),
        credentialsPolicy: policy,
        appIdPolicy: new AppIdAssignerLocallyUnique(),
        capability: board.capabilities.processManagement,
      });
      return loader.load();
    };
    const hashed = boot(new AppCheckerSha256());
    expect(hashed.loaded.map((process) => process.name)).toEqual(['c-hello']);
    expect(hashed.refused).toEqual([
      'TBF at 0x00040200 (signed): Error checking process: No credentials accepted',
      `TBF at 0x${(APP_FLASH_START + 512 + SIGNED_TBF.length).toString(16).padStart(8, '0')} (c-hello): Error checking process: Credential 0 rejected`,
    ]);
    const policy = AppCheckerSignature.create([SIGNING_PUBLIC_KEY]);
    if (!policy.ok) throw new Error('bad key');
    const signed = boot(policy.value);
    expect(signed.loaded.map((process) => process.name)).toEqual(['signed']);
    expect(signed.refused).toHaveLength(2);
  });
});
