/**
 * TAB files: bytes equal to upstream elf2tab's, and reading them back as tockloader does.
 */
import { readFileSync } from 'node:fs';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { elfToTbf } from '../elf2tab/convert.js';
import type { ElfToTbfOptions } from '../elf2tab/options.js';
import { readTab, tabArchitectures, tabSupportsBoard, tabTbfsFor, writeTab } from './tab-file.js';

function tbfOf(elf: string, options: ElfToTbfOptions = {}): Uint8Array {
  const result = elfToTbf(
    new Uint8Array(readFileSync(new URL(`../../test-fixtures/${elf}`, import.meta.url))),
    options,
  );
  if (!result.ok) throw new Error(result.error);
  return result.value.tbf;
}

describe('writeTab', () => {
  // Digests of the TABs elf2tab 0.14.0-dev (tock/elf2tab @ 06b05fd, `tar` 0.4.40) wrote for these inputs.
  it('matches elf2tab: -n blink --kernel-major 2 --kernel-minor 2 --deterministic cortex-m4.elf', () => {
    const tab = writeTab({ name: 'blink', minimumKernelVersion: { major: 2, minor: 2 } }, [
      {
        architecture: 'cortex-m4',
        tbf: tbfOf('cortex-m4.elf', { packageName: 'blink', kernelVersion: { major: 2, minor: 2 } }),
      },
    ]);
    expect(bytesToHex(sha256(tab))).toBe('089b193edb2dabf4c3ef857d6ac94b921021e0d90f13527f92c75ff56cd67c7e');
  });

  it('matches elf2tab: --supported-boards "hail, imix" --deterministic rv32imac.0x80100080.0x80300000.elf', () => {
    const tab = writeTab({ name: '', onlyForBoards: 'hail, imix' }, [
      { architecture: 'rv32imac.0x80100080.0x80300000', tbf: tbfOf('rv32imac.0x80100080.0x80300000.elf') },
    ]);
    expect(bytesToHex(sha256(tab))).toBe('ad6841e07fa8964f0cde4eae7d363ae12451a84f19e98053a7dcea86a6442075');
  });

  it('matches elf2tab for a member name over 100 bytes (GNU long name)', () => {
    const tab = writeTab({ name: 'long' }, [
      { architecture: 'x'.repeat(120), tbf: tbfOf('cortex-m0.elf', { packageName: 'long' }) },
    ]);
    expect(bytesToHex(sha256(tab))).toBe('8219bd1b1fd8d6800b21dbfc370eda59d604187a19868f9bedf99920c20e9c26');
  });

  it('writes metadata.toml first with elf2tab key order, and a build date unless deterministic', () => {
    const date = new Date(Date.UTC(2024, 4, 1, 12, 34, 56, 789));
    const tab = writeTab(
      { name: 'blink', minimumKernelVersion: { major: 2, minor: 0 }, onlyForBoards: 'hail', buildDate: date },
      [],
    );
    const read = readTab(tab);
    if (!read.ok) throw new Error(read.error);
    expect(read.value.metadata).toEqual({
      'tab-version': '1',
      name: 'blink',
      'minimum-tock-kernel-version': '2.0',
      'only-for-boards': 'hail',
      'build-date': '2024-05-01T12:34:56Z',
    });
    const metadataText = String.fromCharCode(...tab.subarray(512, 1024)).split('\0')[0];
    expect(metadataText).toBe(
      'tab-version = 1\nname = "blink"\nminimum-tock-kernel-version = "2.0"\nonly-for-boards = "hail"\nbuild-date = 2024-05-01T12:34:56Z\n',
    );
  });
});

describe('readTab', () => {
  const tab = writeTab({ name: 'multi', onlyForBoards: 'hail, imix' }, [
    { architecture: 'cortex-m4', tbf: tbfOf('cortex-m4.elf') },
    { architecture: 'rv32imac.0x80100080.0x80300000', tbf: tbfOf('rv32imac.0x80100080.0x80300000.elf') },
  ]);

  it('lists architectures by the first dot-separated part of each .tbf member', () => {
    const read = readTab(tab);
    if (!read.ok) throw new Error(read.error);
    expect(tabArchitectures(read.value)).toEqual(['cortex-m4', 'rv32imac']);
    expect(tabTbfsFor(read.value, 'rv32imac').map((tbf) => tbf.name)).toEqual([
      'rv32imac.0x80100080.0x80300000',
    ]);
    expect(tabTbfsFor(read.value, 'cortex-m4')[0]?.tbf).toEqual(tbfOf('cortex-m4.elf'));
  });

  it('checks only-for-boards as tockloader does', () => {
    const read = readTab(tab);
    if (!read.ok) throw new Error(read.error);
    expect(tabSupportsBoard(read.value, 'imix')).toBe(true);
    expect(tabSupportsBoard(read.value, 'nrf52840dk')).toBe(false);
  });

  it('rejects files that are not TABs', () => {
    expect(readTab(new Uint8Array(1024)).ok).toBe(false);
    expect(readTab(tbfOf('cortex-m4.elf'))).toMatchObject({ ok: false });
  });
});
