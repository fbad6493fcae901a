/**
 * The bootloader client against a simulated device (testing/simulated-bootloader.ts): framing
 * and escaping both ways, flash reads and page writes, attributes, CRC checks and error
 * responses.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedBootloader } from '../testing/simulated-bootloader.js';
import { BootloaderClient, type ByteTransport } from './client.js';
import { Command, ESCAPE, PAGE_SIZE } from './protocol.js';

describe('BootloaderClient', () => {
  it('pings, reads the version and round-trips attributes', async () => {
    const device = new SimulatedBootloader(0, 0x10000);
    const client = new BootloaderClient(device);
    expect(await client.ping()).toEqual({ ok: true, value: undefined });
    expect(await client.version()).toEqual({ ok: true, value: '1.1.3' });
    expect(await client.getAttribute(0)).toEqual({ ok: true, value: undefined });
    expect(await client.setAttribute(0, 'board', 'hail')).toEqual({ ok: true, value: undefined });
    expect(await client.setAttribute(1, 'appaddr', '0x30000')).toEqual({ ok: true, value: undefined });
    expect(await client.getAttribute(0)).toEqual({ ok: true, value: { key: 'board', value: 'hail' } });
    expect(await client.getAttribute(1)).toEqual({ ok: true, value: { key: 'appaddr', value: '0x30000' } });
    expect((await client.setAttribute(2, 'toolongkey', 'x')).ok).toBe(false);
  });

  it('escapes 0xFC both ways: pages and reads full of escape bytes arrive intact', async () => {
    const device = new SimulatedBootloader(0x30000, 0x4000);
    const client = new BootloaderClient(device);
    const binary = Uint8Array.from({ length: 1000 }, (_, index) => (index % 3 === 0 ? ESCAPE : index & 0xff));
    expect(await client.flashBinary(0x30000, binary)).toEqual({ ok: true, value: undefined });
    expect(device.flash.subarray(0, 1000)).toEqual(binary);
    expect(device.flash.subarray(1000, 1024).every((byte) => byte === 0xff)).toBe(true);
    const read = await client.readRange(0x30000, 1000);
    expect(read.ok && read.value).toEqual(binary);
  });

  it('reads long ranges in 4095-byte requests', async () => {
    const device = new SimulatedBootloader(0, 0x4000);
    device.flash.set(Uint8Array.from({ length: 0x3000 }, (_, index) => (index * 7) & 0xff));
    const client = new BootloaderClient(device);
    const read = await client.readRange(0, 0x3000);
    expect(read.ok && read.value).toEqual(device.flash.subarray(0, 0x3000));
    expect(device.commands.filter((command) => command === Command.READ_RANGE)).toHaveLength(4);
  });

  it('skips all-zero pages except the one after each written run, and checks each run by CRC', async () => {
    const device = new SimulatedBootloader(0, 8 * PAGE_SIZE);
    const client = new BootloaderClient(device);
    const binary = new Uint8Array(6 * PAGE_SIZE);
    binary[0] = 1; // page 0
    binary[3 * PAGE_SIZE] = 2; // page 3
    expect(await client.flashBinary(0, binary)).toEqual({ ok: true, value: undefined });
    // Pages 0, 1 (after run 0), 3, 4 (after run 3) are written; 2 and 5 keep their erased 0xFF.
    expect(device.commands.filter((command) => command === Command.WRITE_PAGE)).toHaveLength(4);
    expect(device.flash[2 * PAGE_SIZE]).toBe(0xff);
    expect(device.flash[PAGE_SIZE]).toBe(0);
    expect(device.flash[5 * PAGE_SIZE]).toBe(0xff);
    expect(device.commands.filter((command) => command === Command.CRC_INTERNAL_FLASH)).toHaveLength(2);
  });

  it('reports CRC mismatches and refused addresses', async () => {
    const device = new SimulatedBootloader(0, 4 * PAGE_SIZE);
    const client = new BootloaderClient(device);
    device.corruptCrc = true;
    const corrupted = await client.flashBinary(0, new Uint8Array(10).fill(9));
    expect(corrupted.ok).toBe(false);
    if (!corrupted.ok) expect(corrupted.error).toMatch(/^CRC check failed/);
    expect(await client.writePage(100, new Uint8Array(PAGE_SIZE))).toEqual({
      ok: false,
      error: 'writing the page at 0x64: the bootloader answered BADADDR instead of OK',
    });
    expect(await client.erasePage(PAGE_SIZE)).toEqual({ ok: true, value: undefined });
  });

  it('reports a silent device', async () => {
    const silent: ByteTransport = { write: async () => {}, read: async () => new Uint8Array(0) };
    expect(await new BootloaderClient(silent).ping()).toEqual({
      ok: false,
      error: 'no response from the bootloader',
    });
  });
});
