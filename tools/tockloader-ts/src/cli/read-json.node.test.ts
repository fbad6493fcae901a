/**
 * `read`, `dump-flash-page`, `--json` and progress bars end to end on flash files: the dump
 * text, range errors as one line, JSON documents that parse and agree with the text, and no
 * progress output unless stderr is a terminal.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { type CliOutput, runCli } from './program.js';
import { PROGRESS_MIN_BYTES, startProgress } from './progress.js';

const FIXTURES = new URL('../../test-fixtures/', import.meta.url);
const NRF = ['--board', 'nrf52dk'];

let directory = '';
let stdout = '';
let stderr = '';

function run(...args: string[]): number {
  stdout = '';
  stderr = '';
  const output: CliOutput = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  };
  return runCli(args, output);
}

function at(name: string): string {
  return join(directory, name);
}

function expectOneLineError(status: number, pattern: RegExp): void {
  expect(status).toBe(1);
  expect(stdout).toBe('');
  expect(stderr).toMatch(pattern);
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
}

/** A flash file whose byte at offset `i` is `i & 0xff`, `size` bytes long. */
function patternImage(name: string, size: number): string {
  writeFileSync(
    at(name),
    Uint8Array.from({ length: size }, (_, index) => index & 0xff),
  );
  return at(name);
}

/** An nrf52dk flash file with the fixture app installed; returns its path. */
function installedImage(): string {
  copyFileSync(new URL('cortex-m4.elf', FIXTURES), at('cortex-m4.elf'));
  expect(
    run(
      'elf2tab',
      '--deterministic',
      '-n',
      'blink',
      '--app-version',
      '3',
      '-o',
      at('blink.tab'),
      at('cortex-m4.elf'),
    ),
  ).toBe(0);
  expect(run('install', ...NRF, '--flash-file', at('board.bin'), at('blink.tab'))).toBe(0);
  return at('board.bin');
}

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'tockloader-read-'));
});

describe('read', () => {
  it('prints a hex dump of the range, then a blank line', () => {
    const image = patternImage('flash.bin', 0x50000);
    expect(run('read', ...NRF, '--flash-file', image, '0x40010', '20')).toBe(0);
    expect(stdout).toBe(
      '00040010  10 11 12 13 14 15 16 17  18 19 1a 1b 1c 1d 1e 1f  |................|\n' +
        `00040020  20 21 22 23${' '.repeat(37)}  | !"#|\n\n`,
    );
    expect(stderr).toBe('');
  });

  it('uses the flash address of the board', () => {
    const image = patternImage('qemu.bin', 0x2000);
    expect(run('read', '--board', 'qemu_rv32_virt', '--flash-file', image, '0x80001000', '4')).toBe(0);
    expect(stdout.startsWith('80001000  00 01 02 03 ')).toBe(true);
  });

  it('rejects ranges outside the flash with one line', () => {
    const image = patternImage('qemu.bin', 0x2000);
    expectOneLineError(
      run('read', '--board', 'qemu_rv32_virt', '--flash-file', image, '0x100', '16'),
      /^error: 0x100\.\.0x110 is outside the flash \(0x80000000\.\.0x80200000\)$/m,
    );
    expectOneLineError(
      run('read', '--board', 'qemu_rv32_virt', '--flash-file', image, '0x801ffff0', '32'),
      /outside the flash/,
    );
    expectOneLineError(run('read', ...NRF, '--flash-file', image, 'zero', '4'), /not a decimal number/);
    expectOneLineError(run('read', ...NRF, '--flash-file', at('missing.bin'), '0', '4'), /no such file/);
  });

  it('prints what there is when the image ends early, and says so', () => {
    const image = patternImage('short.bin', 0x18);
    expect(run('read', ...NRF, '--flash-file', image, '0x10', '32')).toBe(0);
    expect(stdout.split('\n')).toHaveLength(3);
    expect(stderr).toBe('warning: the image ends at 0x18: read 8 of 32 bytes\n');
  });

  it('prints JSON with --json', () => {
    const image = patternImage('flash.bin', 0x100);
    expect(run('read', ...NRF, '--flash-file', image, '0xfe', '2', '--json')).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ address: 0xfe, length: 2, data: 'feff' });
  });
});

describe('dump-flash-page', () => {
  it('prints the page title and one page of the board', () => {
    const image = patternImage('flash.bin', 0x50000);
    expect(run('dump-flash-page', ...NRF, '--flash-file', image, '64')).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('Page number: 64 (0x040000)');
    expect(lines[1]).toBe('00040000  00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f  |................|');
    // 4096-byte pages on nrf52dk: 256 dump lines, tockloader's blank line, the final newline.
    expect(lines).toHaveLength(1 + 256 + 2);
    expect(lines[256]?.startsWith('00040ff0  f0 f1')).toBe(true);
  });

  it('takes --page-size, and needs it where the board has none', () => {
    const image = patternImage('qemu.bin', 0x1000);
    expectOneLineError(
      run('dump-flash-page', '--board', 'qemu_rv32_virt', '--flash-file', image, '0'),
      /pass --page-size/,
    );
    expect(run('dump-flash-page', '--board', 'hail', '--flash-file', image, '--page-size', '256', '3')).toBe(
      0,
    );
    expect(stdout.split('\n')[0]).toBe('Page number: 3 (0x000300)');
    expect(stdout.split('\n')).toHaveLength(1 + 16 + 2);
    expectOneLineError(
      run('dump-flash-page', '--board', 'hail', '--flash-file', image, '0x40000'),
      /outside the flash/,
    );
  });
});

describe('--json', () => {
  it('list: one document with the fields the text shows', () => {
    const image = installedImage();
    expect(run('list', ...NRF, '--flash-file', image, '--json')).toBe(0);
    const document = JSON.parse(stdout);
    expect(document.apps).toHaveLength(1);
    const [app] = document.apps;
    expect(app).toMatchObject({
      name: 'blink',
      version: 3,
      enabled: true,
      sticky: false,
      size: 512,
      address: 0x40000,
      checksum_valid: true,
    });
    expect(app.header.tlvs.map((tlv: { type: string }) => tlv.type)).toEqual([
      'main',
      'program',
      'name',
      'writeable_flash_regions',
    ]);
    expect(app.header.tlvs[2].package_name).toBe('blink');
    expect(app.header.tlvs[1].app_version).toBe(3);
    expect(app.footer.credentials[0]).toMatchObject({ type: 'credential', format: 'Reserved' });

    expect(run('list', ...NRF, '-v', '--flash-file', image)).toBe(0);
    expect(stdout).toContain(`Total Size in Flash:   ${app.size} bytes`);
    expect(stdout).toContain(`footer_size         : ${String(app.footer.footer_size).padStart(10)}`);

    expect(run('list', ...NRF, '--flash-file', at('empty.bin'), '--json')).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ apps: [] });
  });

  it('info: apps and kernel attributes', () => {
    // Kernel attributes below 0x40000: AppMemory 0x20008000 + 0x10000, version 1, TOCK.
    const image = new Uint8Array(0x40000);
    const attributes = '00800020000001000101080000000001544f434b';
    image.set(
      Uint8Array.from(attributes.match(/../g) ?? [], (byte) => Number.parseInt(byte, 16)),
      0x40000 - 20,
    );
    writeFileSync(at('board.bin'), image);
    installedImage();
    expect(run('info', ...NRF, '--flash-file', at('board.bin'), '--json')).toBe(0);
    const document = JSON.parse(stdout);
    expect(document.apps.map((app: { name: string }) => app.name)).toEqual(['blink']);
    expect(document.kernel_attributes).toEqual({
      sentinel: 'TOCK',
      version: 1,
      attributes: [
        {
          type: 'app_memory',
          id: 0x101,
          offset: -20,
          address: 0x40000 - 20,
          app_memory_start: 0x20008000,
          app_memory_len: 0x10000,
        },
      ],
    });
    expect(run('info', ...NRF, '--flash-file', at('board.bin'))).toBe(0);
    expect(stdout).toContain('app_memory_start    :  536903680');
  });

  it('inspect-tab: one document for all TABs', () => {
    installedImage();
    expect(run('inspect-tab', at('blink.tab'), at('blink.tab'), '--json')).toBe(0);
    const document = JSON.parse(stdout);
    expect(document.tabs).toHaveLength(2);
    expect(document.tabs[0]).toMatchObject({
      name: 'blink',
      metadata: { 'tab-version': '1' },
      architectures: ['cortex-m4'],
    });
    expect(document.tabs[0].tbfs[0]).toMatchObject({ name: 'cortex-m4', architecture: 'cortex-m4' });
    expect(document.tabs[0].tbfs[0].header.total_size).toBe(512);
  });
});

describe('progress bars', () => {
  it('stay off when stderr is not a terminal, even for large jobs', () => {
    const image = patternImage('flash.bin', 0x40000 + 4 * PROGRESS_MIN_BYTES);
    expect(run('read', ...NRF, '--flash-file', image, '0x40000', String(2 * PROGRESS_MIN_BYTES))).toBe(0);
    expect(stderr).toBe('');
    expect(stdout.split('\n')).toHaveLength((2 * PROGRESS_MIN_BYTES) / 16 + 2);
    installedImage();
    expect(run('erase-apps', ...NRF, '--flash-file', image)).toBe(0);
    expect(stderr).toBe('');
    expect(readFileSync(image).length).toBe(0x40000 + 4 * PROGRESS_MIN_BYTES);
  });

  it('draw on a terminal stream for large jobs only', () => {
    const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 100 });
    let drawn = '';
    stream.on('data', (chunk: Buffer) => {
      drawn += chunk.toString('utf8');
    });
    const small = startProgress(stream, 'Reading', PROGRESS_MIN_BYTES - 1);
    small.update(100);
    small.stop();
    expect(drawn).toBe('');
    const large = startProgress(stream, 'Writing', 2 * PROGRESS_MIN_BYTES);
    large.update(2 * PROGRESS_MIN_BYTES);
    large.stop();
    expect(drawn).toContain('Writing [');
    expect(drawn).toContain(`100% | ${2 * PROGRESS_MIN_BYTES}/${2 * PROGRESS_MIN_BYTES} bytes`);
    expect(startProgress(undefined, 'Writing', 2 * PROGRESS_MIN_BYTES)).toBeDefined();
  });
});
