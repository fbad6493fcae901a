/**
 * The flash-image commands end to end, against what Python tockloader 1.18.0-dev
 * (tock/tockloader @ 789c308) does with the same commands: SHA-256 digests of the image it
 * wrote and of the text `tockloader list` printed. Bad input: one line on stderr, a non-zero
 * status, and the image left as it was.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { encodeUtf8 } from '../text/utf8.js';
import { runCli } from './program.js';

const FIXTURES = new URL('../../test-fixtures/', import.meta.url);
const BOARD = ['--board', 'nrf52dk', '--arch', 'cortex-m4', '--app-address', '0x40000'];

let directory = '';
let stdout = '';
let stderr = '';

function run(...args: string[]): number {
  stdout = '';
  stderr = '';
  return runCli(args, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
}

function at(name: string): string {
  return join(directory, name);
}

function fixture(name: string, as: string): string {
  copyFileSync(new URL(name, FIXTURES), at(as));
  return at(as);
}

function digest(path: string): string {
  return bytesToHex(sha256(readFileSync(path)));
}

function textDigest(text: string): string {
  return bytesToHex(sha256(encodeUtf8(text)));
}

/** Builds the TABs of the scenario with the elf2tab command. */
function buildTabs(): void {
  const m4 = fixture('cortex-m4.elf', 'cortex-m4.elf');
  const m0 = fixture('cortex-m0.elf', 'cortex-m0.elf');
  const elf2tab = (...args: string[]) => expect(run('elf2tab', '--deterministic', ...args)).toBe(0);
  elf2tab('-n', 'blink', '-o', at('blink.tab'), m4);
  elf2tab('-n', 'big', '--minimum-footer-size', '1500', '-o', at('big.tab'), `${m0},cortex-m4`);
  elf2tab(
    ...['-n', 'full', '--kernel-major', '2', '--kernel-minor', '2', '--permissions', '1,2', '1,3', '2,70'],
    ...['--write_id', '0x1234', '--read_ids', '1', '2', '--access_ids', '3', '--short-id', '0xdeadbeef'],
    ...['--app-version', '7', '--sha256', '--sha384', '-o', at('full.tab'), m4],
  );
}

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'tockloader-'));
  buildTabs();
});

describe('install, uninstall and list on a flash file', () => {
  it('write and print what tockloader writes and prints', () => {
    const image = at('board.bin');
    expect(
      run('install', ...BOARD, '--flash-file', image, at('full.tab'), at('big.tab'), at('blink.tab')),
    ).toBe(0);
    expect(run('uninstall', ...BOARD, '--flash-file', image, 'big')).toBe(0);
    expect(stdout).toContain('Uninstalled big.');
    expect(digest(image)).toBe('ff675f69984b44a9bbf2a0f89bca2ec0b903fb083618d415ef449a0bbe4ae4d5');

    expect(run('list', ...BOARD, '--flash-file', image)).toBe(0);
    expect(textDigest(stdout)).toBe('5a364bcd9186cc95fd254aa033d0001c37b6154eba64fa9ee87af7ce03995597');
    expect(run('list', ...BOARD, '-v', '--flash-file', image)).toBe(0);
    expect(textDigest(stdout)).toBe('feb0d98c227a6e43bda2ea4ce0eaed0a9dc8b824dfd1590466444cf8624fab7b');
    expect(stdout).toContain('TLV: Persistent Storage (7)');
    expect(stdout).toContain('Type: SHA384 (4)');

    expect(run('list', ...BOARD, '-q', '--flash-file', image)).toBe(0);
    expect(stdout).toBe('full blink\n');
  });

  it('lists nothing on an empty image', () => {
    expect(run('list', ...BOARD, '--flash-file', at('empty.bin'))).toBe(0);
    expect(stderr).toBe('No found apps.\n');
  });

  it('lists the known boards', () => {
    expect(run('list-known-boards')).toBe(0);
    expect(stdout).toContain('qemu_rv32_virt       rv32imac   apps at 0x80100000\n');
    expect(stdout).toContain('hail                 cortex-m4  apps at 0x30000\n');
  });

  it('inspects TABs', () => {
    expect(run('inspect-tab', at('full.tab'))).toBe(0);
    expect(stdout).toContain('TAB: full\n  minimum-tock-kernel-version: 2.2\n  tab-version: 1\n');
    expect(stdout).toContain('  included architectures: cortex-m4\n');
    expect(stdout).toContain('package_name        : full');
    expect(stdout).toContain('Type: SHA256 (3)');
  });
});

describe('--verify-credentials', () => {
  function signedTab(): string {
    const key = fixture('keys/ecdsa-p256.pk8', 'ecdsa.pk8');
    const args = ['-n', 'signed', '--sha256', '--sha512', '--minimum-footer-size', '200'];
    expect(
      run(
        'elf2tab',
        '--deterministic',
        ...args,
        '--ecdsa-nist-p256-private',
        key,
        '-o',
        at('signed.tab'),
        at('cortex-m4.elf'),
      ),
    ).toBe(0);
    const privateKey = createPrivateKey({ key: readFileSync(key), format: 'der', type: 'pkcs8' });
    writeFileSync(
      at('public.pem'),
      String(createPublicKey(privateKey).export({ format: 'pem', type: 'spki' })),
    );
    return at('signed.tab');
  }

  it('marks hashes, and signatures when a key is given, in TABs', () => {
    const tab = signedTab();
    expect(run('inspect-tab', tab, '--verify-credentials', at('public.pem'))).toBe(0);
    expect(stdout).toContain('Type: SHA256 (3) ✓ verified');
    expect(stdout).toContain('Type: SHA512 (5) ✓ verified');
    expect(stdout).toContain('Type: ECDSAP256 (6) ✓ verified');
    expect(run('inspect-tab', tab, '--verify-credentials')).toBe(0);
    expect(stdout).toContain('Type: ECDSAP256 (6)\n');
  });

  it('checks RSA-4096 signatures with the matching public key', () => {
    const key = fixture('keys/rsa4096.pk8', 'rsa.pk8');
    expect(
      run('elf2tab', '-n', 'rsa', '--rsa4096-private', key, '-o', at('rsa.tab'), at('cortex-m4.elf')),
    ).toBe(0);
    const privateKey = createPrivateKey({ key: readFileSync(key), format: 'der', type: 'pkcs8' });
    writeFileSync(at('rsa.pem'), String(createPublicKey(privateKey).export({ format: 'pem', type: 'spki' })));
    expect(run('inspect-tab', at('rsa.tab'), '--verify-credentials', at('rsa.pem'))).toBe(0);
    expect(stdout).toContain('Type: RSA4096KEY (2) ✓ verified');
  });

  it('prints what tockloader list --verify-credentials prints', () => {
    const image = at('board.bin');
    expect(run('install', ...BOARD, '--flash-file', image, signedTab())).toBe(0);
    expect(run('list', ...BOARD, '--flash-file', image, '--verify-credentials')).toBe(0);
    expect(textDigest(stdout)).toBe('6fc153f7253d0780767479956ef1e4a5a3f64bb8a872bd3768742f89c2e046f0');
    expect(run('list', ...BOARD, '--flash-file', image, '--verify-credentials', at('public.pem'))).toBe(0);
    expect(stdout).toContain('Type: ECDSAP256 (6) ✓ verified');
    writeFileSync(at('junk.pem'), 'junk');
    expect(run('list', ...BOARD, '--flash-file', image, '--verify-credentials', at('junk.pem'))).toBe(1);
    expect(stderr).toMatch(/junk\.pem: not a NIST P-256 or RSA public key/);
  });
});

describe('fixed-address apps and kernel attributes', () => {
  it('choose the build whose RAM fits the AppMemory attribute below the app start, as tockloader', () => {
    const low = fixture('rv32imac.0x80100080.0x80300000.elf', 'rv32imac.0x80100080.0x80300000.elf');
    const high = fixture('rv32imac.0x80104280.0x80304000.elf', 'rv32imac.0x80104280.0x80304000.elf');
    expect(
      run(
        'elf2tab',
        '--deterministic',
        '-n',
        'rvboth',
        '--minimum-footer-size',
        '1024',
        '-o',
        at('rv.tab'),
        low,
        high,
      ),
    ).toBe(0);
    // A 1 MiB image for qemu_rv32_virt (flash at 0x80000000) ending, just below the app start
    // 0x80100000, with kernel attributes: KernelVersion 2.3.0-dev and AppMemory at 0x80302000.
    const image = new Uint8Array(0x100000);
    const attributes = '000000000000000002000300000001000301080000203080000001000101080000000001544f434b';
    image.set(
      Uint8Array.from(attributes.match(/../g) ?? [], (byte) => Number.parseInt(byte, 16)),
      0x100000 - 40,
    );
    writeFileSync(at('qemu.bin'), image);
    expect(run('install', '--board', 'qemu_rv32_virt', '--flash-file', at('qemu.bin'), at('rv.tab'))).toBe(0);
    expect(digest(at('qemu.bin'))).toBe('ef78ae2c59e56b806e24271ac76a904e45ddf8a8245cd6d3f8c3602e091f56d1');
    expect(run('info', '--board', 'qemu_rv32_virt', '--flash-file', at('qemu.bin'))).toBe(0);
    // tockloader's `info` output without its first line ("tockloader version: …").
    expect(textDigest(stdout)).toBe('5ecbf880cfef9fd4d4e08994f44bd6e63afdf000e672b111804b69fb2c047b0b');
  });
});

describe('flash commands on bad input', () => {
  function expectOneLineError(status: number, pattern: RegExp): void {
    expect(status).not.toBe(0);
    expect(stderr).toMatch(pattern);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  }

  it('need a flash file and a known board or an architecture', () => {
    expectOneLineError(run('list', ...BOARD), /pass --flash-file/);
    expectOneLineError(
      run('list', '--board', 'mystery', '--flash-file', at('x.bin')),
      /unknown board "mystery"/,
    );
    expectOneLineError(
      run('list', '--app-address', 'zero', '--flash-file', at('x.bin')),
      /not a decimal number/,
    );
  });

  it('reject files that are not TABs and leave the image untouched', () => {
    const image = at('board.bin');
    expect(run('install', ...BOARD, '--flash-file', image, at('blink.tab'))).toBe(0);
    const before = digest(image);
    writeFileSync(at('junk.tab'), 'junk');
    expectOneLineError(
      run('install', ...BOARD, '--flash-file', image, at('junk.tab')),
      /junk\.tab: not a TAB file/,
    );
    expectOneLineError(
      run('install', ...BOARD, '--flash-file', image, at('missing.tab')),
      /cannot read .*missing\.tab/,
    );
    expectOneLineError(
      run('uninstall', ...BOARD, '--flash-file', image, 'nothere'),
      /Could not find any apps/,
    );
    expect(digest(image)).toBe(before);
  });

  it('warn when a write runs past the flash size limit', () => {
    const image = at('qemu.bin');
    const arm = fixture('cortex-m4.elf', 'arm.elf');
    expect(run('elf2tab', '-n', 'arm', '-o', at('arm.tab'), `${arm},rv32imac`)).toBe(0);
    // qemu_rv32_virt images hold 2 MiB from 0x80000000; apps at 0x801fff00 do not fit.
    expect(
      run(
        'install',
        '--board',
        'qemu_rv32_virt',
        '--app-address',
        '0x801fff00',
        '--flash-file',
        image,
        at('arm.tab'),
      ),
    ).toBe(0);
    expect(stderr).toBe(
      'warning: the write at 0x801fff00 was cut short by the flash size limit\n' +
        'warning: the write at 0x80200100 was cut short by the flash size limit\n',
    );
    expect(readFileSync(image).length).toBe(0x200000);
  });

  it('reject a TAB with no TBF for the architecture, writing nothing', () => {
    const rv = fixture('rv32imac.0x80100080.0x80300000.elf', 'rv32imac.0x80100080.0x80300000.elf');
    expect(run('elf2tab', '-n', 'rv', '-o', at('rv.tab'), rv)).toBe(0);
    expectOneLineError(
      run('install', ...BOARD, '--flash-file', at('new.bin'), at('rv.tab')),
      /matching the target architecture \(cortex-m4\)/,
    );
    expect(existsSync(at('new.bin'))).toBe(false);
  });
});
