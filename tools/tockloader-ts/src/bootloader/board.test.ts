/**
 * App commands on a board through its bootloader (a simulated device): the result on the board
 * matches what the same command does to a flash image, written as tockloader writes over serial.
 */
import { describe, expect, it } from 'vitest';
import { elfToTbf } from '../elf2tab/convert.js';
import { resolveBoardSettings } from '../flash/board-settings.js';
import { FlashImage } from '../flash/flash-image.js';
import { installTabs } from '../flash/install.js';
import { findInstalledObjects } from '../flash/installed-apps.js';
import { uninstallApps } from '../flash/remove.js';
import { readTab, type Tab, writeTab } from '../tab/tab-file.js';
import { scenarioElf } from '../testing/elf-scenarios.js';
import { SimulatedBootloader } from '../testing/simulated-bootloader.js';
import { changeBoardApps, readBoardApps, replayOnBoard } from './board.js';
import { BootloaderClient } from './client.js';
import { Command, PAGE_SIZE } from './protocol.js';

function tab(name: string, minimumFooterSize: number): Tab {
  const tbf = elfToTbf(scenarioElf('segment-gap'), { packageName: name, minimumFooterSize });
  if (!tbf.ok) throw new Error(tbf.error);
  const read = readTab(writeTab({ name }, [{ architecture: 'cortex-m4', tbf: tbf.value.tbf }]));
  if (!read.ok) throw new Error(read.error);
  return read.value;
}

const board = (() => {
  const resolved = resolveBoardSettings({ board: 'nrf52dk' });
  if (!resolved.ok) throw new Error(resolved.error);
  return resolved.value;
})();
const BASE = 0x3f000;

function deviceApps(device: SimulatedBootloader) {
  return findInstalledObjects(
    new FlashImage(device.flash, BASE, device.flash.length),
    board.appAddress,
    true,
  );
}

describe('app commands through the bootloader', () => {
  const small = tab('small', 0);
  const large = tab('large', 1500);

  it('installs as on a flash image, ending the list with an erased page', async () => {
    const device = new SimulatedBootloader(BASE, 0x8000);
    const client = new BootloaderClient(device);
    const installed = await changeBoardApps(client, board, (flash) =>
      installTabs(flash, board, [small, large]),
    );
    expect(installed).toEqual({ ok: true, value: undefined });

    const image = new FlashImage(new Uint8Array(0), 0, board.maxSize);
    expect(installTabs(image, board, [small, large]).ok).toBe(true);
    const expected = findInstalledObjects(image, board.appAddress, true);
    const actual = deviceApps(device);
    expect(actual.map((app) => [app.name, app.address, app.totalSize])).toEqual(
      expected.map((app) => [app.name, app.address, app.totalSize]),
    );
    // Pages with data match the TBF; all-zero pages that tockloader skips stay erased (0xFF).
    for (const tbf of [large.tbfs[0]?.tbf ?? new Uint8Array(), small.tbfs[0]?.tbf ?? new Uint8Array()]) {
      const app = actual.find((object) => object.totalSize === tbf.length);
      const offset = (app?.address ?? 0) - BASE;
      for (let page = 0; page < tbf.length; page += PAGE_SIZE) {
        const want = tbf.subarray(page, page + PAGE_SIZE);
        const got = device.flash.subarray(offset + page, offset + page + PAGE_SIZE);
        if (want.every((byte) => byte === 0))
          expect(got.every((byte) => byte === 0 || byte === 0xff)).toBe(true);
        else expect(got).toEqual(want);
      }
    }
    // The page after the last app was erased, so the list ends there.
    const end = 0x40000 + 2048 + 512 - BASE;
    expect(device.flash.subarray(end, end + PAGE_SIZE).every((byte) => byte === 0xff)).toBe(true);
  });

  it('reads the apps back and uninstalls by rewriting the first page with a padding header', async () => {
    const device = new SimulatedBootloader(BASE, 0x8000);
    const client = new BootloaderClient(device);
    await changeBoardApps(client, board, (flash) => installTabs(flash, board, [small, large]));
    const copy = await readBoardApps(client, board);
    if (!copy.ok) throw new Error(copy.error);
    expect(findInstalledObjects(copy.value, board.appAddress, false).map((app) => app.name)).toEqual([
      'large',
      'small',
    ]);

    const removed = await changeBoardApps(client, board, (flash) => uninstallApps(flash, board, ['large']));
    expect(removed).toEqual({ ok: true, value: ['large'] });
    expect(deviceApps(device).map((app) => (app.isApp ? app.name : `padding ${app.totalSize}`))).toEqual([
      'padding 2048',
      'small',
    ]);
    // As tockloader over serial: the 16-byte header is padded with 0xFF to a whole page.
    const first = 0x40000 - BASE;
    expect(device.flash.subarray(first + 16, first + PAGE_SIZE).every((byte) => byte === 0xff)).toBe(true);
  });

  it('writes nothing when the plan fails', async () => {
    const device = new SimulatedBootloader(BASE, 0x8000);
    const client = new BootloaderClient(device);
    const failed = await changeBoardApps(client, board, (flash) => uninstallApps(flash, board, ['missing']));
    expect(failed.ok).toBe(false);
    expect(device.commands.filter((command) => command === Command.WRITE_PAGE)).toEqual([]);
  });

  it('refuses writes that do not start on a page', async () => {
    const device = new SimulatedBootloader(BASE, 0x8000);
    const result = await replayOnBoard(new BootloaderClient(device), [
      { kind: 'write', address: 0x40004, bytes: new Uint8Array(4) },
    ]);
    expect(result).toEqual({
      ok: false,
      error: 'the bootloader writes whole pages; 0x40004 is not page-aligned',
    });
  });

  it('clears inside a page by rewriting it with 8 bytes of 0xFF', async () => {
    const device = new SimulatedBootloader(BASE, 0x8000);
    device.flash.fill(0x11);
    const result = await replayOnBoard(new BootloaderClient(device), [{ kind: 'clear', address: 0x40010 }]);
    expect(result.ok).toBe(true);
    const at = 0x40010 - BASE;
    expect(Array.from(device.flash.subarray(at - 1, at + 9))).toEqual([
      0x11,
      ...new Array(8).fill(0xff),
      0x11,
    ]);
  });
});
