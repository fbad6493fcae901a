/**
 * Installing and removing apps in flash images, compared with Python tockloader: the SHA-256 of
 * the whole image after each step is what tockloader 1.18.0-dev (tock/tockloader @ 789c308)
 * wrote for the same commands on the same TABs (`--flash-file`, starting from no file).
 */
import { readFileSync } from 'node:fs';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { elfToTbf } from '../elf2tab/convert.js';
import type { ElfToTbfOptions } from '../elf2tab/options.js';
import { readTab, type Tab, writeTab } from '../tab/tab-file.js';
import { readBaseHeader } from '../tbf/header-edit.js';
import { setAppFlag } from './app-flags.js';
import { type BoardSettings, resolveBoardSettings } from './board-settings.js';
import { FlashImage } from './flash-image.js';
import { type InstallOptions, installTabs } from './install.js';
import { findInstalledObjects } from './installed-apps.js';
import { eraseApps, uninstallApps } from './remove.js';

/** A TAB as `tockloader-ts elf2tab --deterministic -n NAME [options] ELF[,ARCH]...` writes it. */
function tab(name: string, elfs: readonly string[], options: ElfToTbfOptions = {}): Tab {
  const binaries = elfs.map((input) => {
    const [path = '', architecture] = input.split(',');
    const elf = new Uint8Array(readFileSync(new URL(`../../test-fixtures/${path}`, import.meta.url)));
    const converted = elfToTbf(elf, { packageName: name, ...options });
    if (!converted.ok) throw new Error(converted.error);
    return { architecture: architecture ?? path.replace(/\.elf$/, ''), tbf: converted.value.tbf };
  });
  const read = readTab(writeTab({ name }, binaries));
  if (!read.ok) throw new Error(read.error);
  return read.value;
}

function settings(board: string, appAddress?: number): BoardSettings {
  const resolved = resolveBoardSettings({ board, ...(appAddress === undefined ? {} : { appAddress }) });
  if (!resolved.ok) throw new Error(resolved.error);
  return resolved.value;
}

function digest(flash: FlashImage): string {
  return bytesToHex(sha256(flash.bytes));
}

function install(flash: FlashImage, board: BoardSettings, tabs: Tab[], options: InstallOptions = {}): void {
  const result = installTabs(flash, board, tabs, options);
  if (!result.ok) throw new Error(result.error);
}

describe('installing position-independent Cortex-M apps (nrf52dk, apps at 0x40000)', () => {
  const board = settings('nrf52dk');
  const blink = tab('blink', ['cortex-m4.elf']);
  const big = tab('big', ['cortex-m0.elf,cortex-m4'], { minimumFooterSize: 1500 });
  const hello = tab('hello', ['cortex-m4.elf'], { minimumFooterSize: 5000 });
  const blinkWithHash = tab('blink', ['cortex-m4.elf'], { sha256: true, minimumFooterSize: 700 });
  const flash = new FlashImage(new Uint8Array(0), board.flashAddress, board.maxSize);

  it('puts the largest app first and pads for alignment, as tockloader', () => {
    install(flash, board, [blink, big]);
    expect(digest(flash)).toBe('8712ae93e3b91c24fe435dc229ff7110eb537fc54b3d3ab37015e340d7600cab');
    const apps = findInstalledObjects(flash, board.appAddress, false);
    expect(apps.map((app) => [app.name, app.address, app.totalSize])).toEqual([
      ['big', 0x40000, 2048],
      ['blink', 0x40800, 512],
    ]);
    // The list ends with one zero byte after the last app.
    expect(flash.bytes.length).toBe(0x40a00 + 1);
  });

  it('moves installed apps to make room for a larger one', () => {
    install(flash, board, [hello]);
    expect(digest(flash)).toBe('f52fb68f37a975bb4ff6461fc9fca11f48484c838295e769e6cf989fe76b5f54');
    expect(findInstalledObjects(flash, board.appAddress, false).map((app) => app.name)).toEqual([
      'hello',
      'big',
      'blink',
    ]);
  });

  it('replaces an app of the same name', () => {
    install(flash, board, [blinkWithHash]);
    expect(digest(flash)).toBe('369a9a80eb0226b2163c31a1677b0ac18d2bb3b79a52636b64bd80e3f9686787');
  });

  it('uninstalls by writing a padding header over the app', () => {
    expect(uninstallApps(flash, board, ['big'])).toEqual({ ok: true, value: ['big'] });
    expect(digest(flash)).toBe('78d53c7379006331323d3b52e931ff10bfe7a0d3f7707f100f56b75643f72317');
    const objects = findInstalledObjects(flash, board.appAddress, true);
    expect(objects.map((object) => (object.isApp ? object.name : `padding ${object.totalSize}`))).toEqual([
      'hello',
      'padding 2048',
      'blink',
    ]);
  });

  it('keeps sticky apps unless forced', () => {
    install(flash, board, [big], { sticky: true });
    expect(digest(flash)).toBe('a2d66709aba34e27f7ab97033715c50238b2d657588bd36776e8d671952f00e0');
    expect(uninstallApps(flash, board, ['big'])).toEqual({
      ok: false,
      error: 'Could not find any apps on the board to uninstall.',
    });
    install(flash, board, [blink], { erase: true });
    expect(digest(flash)).toBe('59e28ceef3d8f02206297329090698614eaf722ed2ddfa43a01dd709f15a2df1');
    expect(uninstallApps(flash, board, ['big'], { force: true }).ok).toBe(true);
    expect(digest(flash)).toBe('d9b3035c4f9142f89712bf06a82e940c24d5cccd371c3b919bc52ed9252dc416');
  });
});

describe('flags and erasing, as tockloader', () => {
  const board = settings('nrf52dk');
  const blink = tab('blink', ['cortex-m4.elf']);
  const big = tab('big', ['cortex-m0.elf,cortex-m4'], { minimumFooterSize: 1500 });
  const full = tab('full', ['cortex-m4.elf'], {
    kernelVersion: { major: 2, minor: 2 },
    permissions: [
      [1, 2],
      [1, 3],
      [2, 70],
    ],
    storageWriteId: 0x1234,
    storageReadIds: [1, 2],
    storageAccessIds: [3],
    shortId: 0xdeadbeef,
    appVersion: 7,
    sha256: true,
    sha384: true,
  });
  const flash = new FlashImage(new Uint8Array(0), board.flashAddress, board.maxSize);

  it('keeps the given order with preserveOrder, and re-sorts when a flag changes', () => {
    install(flash, board, [blink, full, big], { preserveOrder: true });
    expect(digest(flash)).toBe('73e1e4b2c93fcd41cf3c992538592eb4f6280b5cb723c186309f3ba0d247ed62');
    expect(setAppFlag(flash, board, ['blink'], 'enable', false)).toEqual({ ok: true, value: ['blink'] });
    expect(digest(flash)).toBe('92b5f31ba166eb41bdf47331b1ca81244cf805344c54e60e1ffe8c3fbec87c59');
    expect(findInstalledObjects(flash, board.appAddress, false).map((app) => [app.name, app.flags])).toEqual([
      ['big', 1],
      ['blink', 0],
      ['full', 1],
    ]);
  });

  it('sets and clears flags, and erases all but sticky apps', () => {
    expect(setAppFlag(flash, board, ['big'], 'sticky', true).ok).toBe(true);
    expect(digest(flash)).toBe('37545af1190688204480168e98b1270a5708c630a62d00e3cac1dd062edeb5d1');
    expect(setAppFlag(flash, board, ['blink'], 'enable', true).ok).toBe(true);
    expect(digest(flash)).toBe('34d29cd515967a430e3a964061e0eb8dd1fe210d06b9bf62408ac537fd082d8b');
    expect(eraseApps(flash, board, false)).toEqual({ ok: true, value: ['big'] });
    expect(digest(flash)).toBe('f1e1d3d9caa906caf32b4b77b5f8811a4d2eb337e04d8b127326135b65180329');
    expect(setAppFlag(flash, board, ['big'], 'sticky', false).ok).toBe(true);
    expect(digest(flash)).toBe('50aeb5ea48c5d473b5bc13bdf76841f032e1b5104269348888b94c8ec60c7513');
    expect(eraseApps(flash, board, false)).toEqual({ ok: true, value: [] });
    expect(digest(flash)).toBe('847b05e9f34b633f30041c64424c8fa14a1ceef1084d4f4c971a67ceb457eb6d');
    expect(findInstalledObjects(flash, board.appAddress, true)).toEqual([]);
  });

  it('erases sticky apps too with force', () => {
    install(flash, board, [blink]);
    expect(digest(flash)).toBe('8d1ea96ffe3de32f2b9afe8e43321399abbdf38dc79d5b28608e63f6d70cee55');
    expect(eraseApps(flash, board, true)).toEqual({ ok: true, value: [] });
    expect(digest(flash)).toBe('9ef33d05627b3f81f1bd1abb5bc333d0164047bf778a519c78cd9d53e88a8902');
    expect(setAppFlag(flash, board, ['blink'], 'enable', true)).toEqual({
      ok: false,
      error: 'No apps are installed on the board',
    });
  });
});

describe('installing fixed-address RISC-V apps (qemu_rv32_virt, flash image from 0x80000000)', () => {
  const board = settings('qemu_rv32_virt');
  const rv = tab('rv', ['rv32imac.0x80100080.0x80300000.elf']);
  const rv2 = tab('rv2', ['rv32imac.0x80104280.0x80304000.elf'], { minimumFooterSize: 1024 });

  it('places each TBF on the 1024-byte boundary below its binary, growing the protected region', () => {
    const flash = new FlashImage(new Uint8Array(0), board.flashAddress, board.maxSize);
    install(flash, board, [rv2]);
    expect(digest(flash)).toBe('10dc16120fbbdf18f50878028d6c8f96a0568603b53b757314f517938f660c03');
    const [app] = findInstalledObjects(flash, board.appAddress, false);
    expect(app?.address).toBe(0x80104000);
    expect(app?.header?.getProtectedSize()).toBe(0x280);
    expect(app?.header?.getFixedAddressStartAddressFlash()).toBe(0x80104280);
    // The binary now starts exactly at its fixed address, and the total size is unchanged.
    const tbf = flash.read(0x80104000, app?.totalSize ?? 0);
    expect(readBaseHeader(tbf).totalSize).toBe(
      readBaseHeader(rv2.tbfs[0]?.tbf ?? new Uint8Array(16)).totalSize,
    );

    install(flash, board, [rv]);
    expect(digest(flash)).toBe('80f2a1b0fea198e46199ee7236021203fdb8cf025c9d1134a1df700c38d5045d');
    expect(uninstallApps(flash, board, ['rv']).ok).toBe(true);
    expect(digest(flash)).toBe('620fdae47bf1fd43fd72a105a33692def23e0f7e2d86db1bcfe6a8c4bd66320d');
  });

  it('chooses among several fixed-address builds in one TAB', () => {
    const flash = new FlashImage(new Uint8Array(0), board.flashAddress, board.maxSize);
    const both = tab('rvboth', ['rv32imac.0x80100080.0x80300000.elf', 'rv32imac.0x80104280.0x80304000.elf']);
    install(flash, board, [both]);
    expect(digest(flash)).toBe('b7e966c32db4c0707ddbcc1a6c21523d4a7368352df63c6222c2975eca9d20dd');
  });

  it('refuses a move the footer cannot absorb, and leaves the image alone', () => {
    const flash = new FlashImage(new Uint8Array(0), board.flashAddress, board.maxSize);
    const small = tab('rvsmall', ['rv32imac.0x80104280.0x80304000.elf']);
    expect(installTabs(flash, board, [small])).toEqual({
      ok: false,
      error: 'unable to make the app fit its size after moving its binary: compile with a larger footer',
    });
  });

  it('refuses to mix fixed-address and position-independent apps', () => {
    const flash = new FlashImage(new Uint8Array(0), board.flashAddress, board.maxSize);
    install(flash, board, [rv]);
    const pic = tab('pic', ['cortex-m4.elf,rv32imac']);
    expect(installTabs(flash, board, [pic])).toEqual({
      ok: false,
      error: 'Mixing fixed address and position-independent apps is currently unsupported.',
    });
  });
});

describe('replace modes, as tockloader', () => {
  it('update replaces only installed apps, and --no-replace installs a second copy', () => {
    const board = settings('nrf52dk');
    const flash = new FlashImage(new Uint8Array(0), board.flashAddress, board.maxSize);
    install(flash, board, [tab('blink', ['cortex-m4.elf'])]);
    expect(digest(flash)).toBe('36c835b8d40cb89b56d332389932c8fe9e006a71b0fdba2fe4ff70dc64fc7138');
    const withHash = tab('blink', ['cortex-m4.elf'], { sha256: true, minimumFooterSize: 700 });
    install(flash, board, [withHash], { replace: 'only' });
    expect(digest(flash)).toBe('1e84878ae8567c9402267030f963f638cd31246447312af57b39f89f83460441');
    install(flash, board, [tab('blink', ['cortex-m4.elf'])], { replace: 'no' });
    expect(digest(flash)).toBe('28979f782bd41d98df20274f1abc0ce91099f2aa69d99c165112fda3fcaf391e');
    expect(findInstalledObjects(flash, board.appAddress, false).map((app) => app.name)).toEqual([
      'blink',
      'blink',
    ]);
  });
});

describe('install on bad input', () => {
  const board = settings('nrf52dk');

  it('needs a TBF for the board architecture', () => {
    const flash = new FlashImage(new Uint8Array(0), 0, board.maxSize);
    expect(installTabs(flash, board, [tab('rv', ['rv32imac.0x80100080.0x80300000.elf'])])).toEqual({
      ok: false,
      error: 'Unable to locate a valid application binary matching the target architecture (cortex-m4)',
    });
  });

  it('skips TABs for other boards unless forced', () => {
    const flash = new FlashImage(new Uint8Array(0), 0, board.maxSize);
    const binaries = [
      { architecture: 'cortex-m4', tbf: tab('x', ['cortex-m4.elf']).tbfs[0]?.tbf ?? new Uint8Array() },
    ];
    const read = readTab(writeTab({ name: 'x', onlyForBoards: 'hail' }, binaries));
    if (!read.ok) throw new Error(read.error);
    expect(installTabs(flash, board, [read.value]).ok).toBe(false);
    expect(installTabs(flash, board, [read.value], { force: true }).ok).toBe(true);
  });

  it('reports that nothing changed when replacing nothing', () => {
    const flash = new FlashImage(new Uint8Array(0), 0, board.maxSize);
    expect(installTabs(flash, board, [tab('x', ['cortex-m4.elf'])], { replace: 'only' })).toEqual({
      ok: false,
      error: 'Nothing found to update',
    });
  });
});
