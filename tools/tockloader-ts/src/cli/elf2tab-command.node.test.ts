/**
 * The `elf2tab` command end to end: files written (TAB bytes equal to upstream elf2tab's), and
 * bad input reported as one line on stderr with a non-zero status and no output file.
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { readTab } from '../tab/tab-file.js';
import { runCli } from './program.js';

const FIXTURES = new URL('../../test-fixtures/', import.meta.url);

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

function copyFixture(name: string, as: string = name): string {
  const path = join(directory, as);
  copyFileSync(new URL(name, FIXTURES), path);
  return path;
}

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'elf2tab-'));
});

describe('tockloader-ts elf2tab', () => {
  it('writes the TAB elf2tab writes, and the TBF beside the ELF', () => {
    const elf = copyFixture('cortex-m4.elf');
    const tab = join(directory, 'blink.tab');
    const status = run(
      'elf2tab',
      '-n',
      'blink',
      '--kernel-major',
      '2',
      '--kernel-minor',
      '2',
      '--deterministic',
      '-o',
      tab,
      elf,
    );
    expect(stderr).toBe('');
    expect(status).toBe(0);
    // elf2tab 0.14.0-dev (tock/elf2tab @ 06b05fd) with the same flags on the same ELF.
    expect(bytesToHex(sha256(readFileSync(tab)))).toBe(
      '089b193edb2dabf4c3ef857d6ac94b921021e0d90f13527f92c75ff56cd67c7e',
    );
    expect(bytesToHex(sha256(readFileSync(join(directory, 'cortex-m4.tbf'))))).toBe(
      'd983ba387b1f4770a52687963a4bde883deafb2df638eaf5a36fbc8bf2bc4e43',
    );
  });

  it('bundles several ELFs, naming TBFs by file stem or by the architecture after a comma', () => {
    const arm = copyFixture('cortex-m0.elf');
    const riscv = copyFixture('rv32imac.0x80100080.0x80300000.elf');
    const other = copyFixture('cortex-m4.elf', 'app.elf');
    const tab = join(directory, 'multi.tab');
    expect(
      run(
        'elf2tab',
        '-o',
        tab,
        '-n',
        'multi',
        '--supported-boards',
        'hail,imix',
        arm,
        riscv,
        `${other},cortex-m4`,
      ),
    ).toBe(0);
    const read = readTab(new Uint8Array(readFileSync(tab)));
    if (!read.ok) throw new Error(read.error);
    expect(read.value.tbfs.map((tbf) => tbf.name)).toEqual([
      'cortex-m0',
      'rv32imac.0x80100080.0x80300000',
      'cortex-m4',
    ]);
    expect(read.value.metadata.name).toBe('multi');
    expect(read.value.metadata['only-for-boards']).toBe('hail,imix');
    expect(read.value.metadata['build-date']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(existsSync(join(directory, 'app.tbf'))).toBe(true);
  });

  it('is deterministic with --deterministic', () => {
    const elf = copyFixture('cortex-m4.elf');
    run('elf2tab', '--deterministic', '-o', join(directory, 'a.tab'), elf);
    run('elf2tab', '--deterministic', '-o', join(directory, 'b.tab'), elf);
    expect(readFileSync(join(directory, 'a.tab')).equals(readFileSync(join(directory, 'b.tab')))).toBe(true);
  });

  it('prints the elf2tab version it reproduces with --version and -V, as elf2tab does', () => {
    for (const flag of ['--version', '-V']) {
      expect(run('elf2tab', flag)).toBe(0);
      expect(stderr).toBe('');
      // libtock-c's Configuration.mk takes the second word and requires at least 0.13.0.
      expect(stdout).toBe('elf2tab 0.14.0-dev (tockloader-ts)\n');
    }
    expect(readdirSync(directory)).toEqual([]);
  });

  it('prints what it does with -v', () => {
    const elf = copyFixture('cortex-m4.elf');
    expect(run('elf2tab', '-v', '-o', join(directory, 'a.tab'), elf)).toBe(0);
    expect(stdout).toContain('cortex-m4.tbf');
    expect(stdout).toContain('Adding segment');
  });
});

describe('tockloader-ts elf2tab on bad input', () => {
  function expectOneLineError(status: number, pattern: RegExp): void {
    expect(status).not.toBe(0);
    expect(stderr).toMatch(pattern);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    const left = readdirSync(directory).filter((name) => name.endsWith('.tab') || name.endsWith('.tmp'));
    expect(left).toEqual([]);
  }

  function patchedElf(patch: (bytes: Uint8Array) => void): string {
    const bytes = new Uint8Array(readFileSync(new URL('cortex-m4.elf', FIXTURES)));
    patch(bytes);
    const path = join(directory, 'cortex-m4.elf');
    writeFileSync(path, bytes);
    return path;
  }

  const out = () => join(directory, 'out.tab');

  it('a file that is not an ELF', () => {
    writeFileSync(join(directory, 'notes.elf'), 'hello');
    expectOneLineError(run('elf2tab', '-o', out(), join(directory, 'notes.elf')), /not an ELF file/);
  });

  it('a truncated ELF', () => {
    const bytes = readFileSync(new URL('cortex-m4.elf', FIXTURES)).subarray(0, 40);
    writeFileSync(join(directory, 'short.elf'), bytes);
    expectOneLineError(run('elf2tab', '-o', out(), join(directory, 'short.elf')), /truncated ELF file/);
  });

  it('a truncated segment', () => {
    const bytes = readFileSync(new URL('cortex-m4.elf', FIXTURES)).subarray(0, 0x1010);
    writeFileSync(join(directory, 'short.elf'), bytes);
    expectOneLineError(run('elf2tab', '-o', out(), join(directory, 'short.elf')), /truncated ELF file/);
  });

  it('a 64-bit or big-endian ELF', () => {
    expectOneLineError(
      run(
        'elf2tab',
        '-o',
        out(),
        patchedElf((bytes) => bytes.set([2], 4)),
      ),
      /64-bit ELF/,
    );
    expectOneLineError(
      run(
        'elf2tab',
        '-o',
        out(),
        patchedElf((bytes) => bytes.set([2], 5)),
      ),
      /big-endian/,
    );
  });

  it('an ELF with no loadable segments', () => {
    // Turn every program header's type into PT_NULL.
    const path = patchedElf((bytes) => {
      for (let index = 0; index < 3; index++) bytes.fill(0, 52 + 32 * index, 56 + 32 * index);
    });
    expectOneLineError(run('elf2tab', '-o', out(), path), /no loadable segments/);
  });

  it('an ELF without section headers', () => {
    const path = patchedElf((bytes) => bytes.fill(0, 32, 36));
    expectOneLineError(run('elf2tab', '-o', out(), path), /no section headers/);
  });

  it('an unknown option, a bad number and a missing value', () => {
    const elf = copyFixture('cortex-m4.elf');
    expectOneLineError(run('elf2tab', '--bogus', '-o', out(), elf), /unknown option '--bogus'/);
    expectOneLineError(run('elf2tab', '--stack', '0x10', '-o', out(), elf), /not a decimal number/);
    expectOneLineError(run('elf2tab', '-o', out(), elf, '--package-name'), /argument missing/);
    expectOneLineError(run('elf2tab', '--permissions', '1', '-o', out(), elf), /no `,` found/);
  });

  it('conflicting and incomplete options', () => {
    const elf = copyFixture('cortex-m4.elf');
    expectOneLineError(
      run('elf2tab', '--minimum-ram-size', '10', '--stack', '10', '-o', out(), elf),
      /cannot be used/,
    );
    expectOneLineError(run('elf2tab', '--kernel-minor', '1', '-o', out(), elf), /requires --kernel-major/);
  });

  it('an unreadable or missing file', () => {
    expectOneLineError(
      run('elf2tab', '-o', out(), join(directory, 'missing.elf')),
      /cannot read .*no such file/,
    );
    expectOneLineError(run('elf2tab', '-o', out(), directory), /cannot read .*is a directory/);
  });

  it('a TAB that would overwrite the TBF', () => {
    const elf = copyFixture('cortex-m4.elf');
    expectOneLineError(
      run('elf2tab', '-o', join(directory, 'cortex-m4.tbf'), elf),
      /cannot be the same file/,
    );
  });

  it('writes nothing when a later input fails', () => {
    const good = copyFixture('cortex-m4.elf');
    writeFileSync(join(directory, 'bad.elf'), 'not an elf');
    expectOneLineError(run('elf2tab', '-o', out(), good, join(directory, 'bad.elf')), /bad\.elf: not an ELF/);
    expect(existsSync(join(directory, 'cortex-m4.tbf'))).toBe(false);
  });
});
