/**
 * Tests of the composition itself: the driver table answers upstream's driver numbers, the kernel
 * has upstream's process slots, and the descriptor matches the
 * memory layout the board boots with.
 */
import { describe, expect, it } from 'vitest';
import { descriptor } from './descriptor.js';
import { APP_FLASH_END, APP_FLASH_START, APP_RAM_END, APP_RAM_START } from './memory-layout.js';
import { Nrf52840dkDriverNumber } from './platform.js';
import { setup } from './setup.js';

describe('setup', () => {
  it('registers the alarm under driver 0x0, the console under 0x1 and IPC under 0x10000, and nothing under unknown numbers', () => {
    const { platform, kernel } = setup();
    expect(platform.withDriver(0x1)).toBe(platform.drivers.console);
    expect(platform.withDriver(Nrf52840dkDriverNumber.Ipc)).toBe(platform.drivers.ipc);
    expect(platform.withDriver(0x0)).toBe(platform.drivers.alarm);
    expect(platform.drivers.alarm).toBeDefined();
    expect(platform.withDriver(0xdead0)).toBeUndefined();
    expect(kernel.processSlotCount).toBe(8);
    expect(kernel.processes()).toEqual([]);
  });

  it('refuses an app flash image larger than app flash', () => {
    expect(() => setup({ appFlash: new Uint8Array(APP_FLASH_END - APP_FLASH_START + 1) })).toThrow(
      RangeError,
    );
  });

  it('reports one line per TBF it could not load', () => {
    const corrupt = new Uint8Array(64);
    new DataView(corrupt.buffer).setUint32(0, 0x0010_0002, true); // version 2, header size 16
    new DataView(corrupt.buffer).setUint32(4, 64, true);
    const { loadResult } = setup({ appFlash: corrupt });
    expect(loadResult.loaded).toEqual([]);
    expect(loadResult.refused).toHaveLength(1);
    expect(loadResult.refused[0]).toContain('0x00040000');
  });
});

describe('the descriptor', () => {
  it('names the app flash the board loads from', () => {
    expect(descriptor).toEqual({
      name: 'nrf52840dk',
      arch: 'cortex-m4',
      appFlashAddress: APP_FLASH_START,
      appFlashSize: APP_FLASH_END - APP_FLASH_START,
      pageSize: 4096,
      tockloaderName: 'nrf52dk',
    });
    expect(APP_RAM_END - APP_RAM_START).toBe(192 * 1024);
  });
});
