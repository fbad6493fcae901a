/**
 * The bootloader client against a simulated device that speaks the protocol from the device's
 * side (tock-bootloader's README): framing and escaping both ways, flash reads and page writes,
 * attributes, CRC checks and error responses.
 */
import { describe, expect, it } from 'vitest';
import { readU16, readU32 } from '../bytes.js';
import { BootloaderClient, type ByteTransport } from './client.js';
import { Command, crc32, ESCAPE, PAGE_SIZE, Response } from './protocol.js';

/** A device with `flash` at `base`, 16 attribute slots and a log of the commands it ran. */
class SimulatedBootloader implements ByteTransport {
  readonly flash: Uint8Array;
  readonly base: number;
  readonly attributes = Array.from({ length: 16 }, () => new Uint8Array(64).fill(0xff));
  readonly commands: number[] = [];
  /** Makes the CRC answer wrong, to test the check. */
  corruptCrc = false;
  #received: number[] = [];
  #pendingEscape = false;
  #outgoing: number[] = [];

  constructor(base: number, size: number) {
    this.base = base;
    this.flash = new Uint8Array(size).fill(0xff);
  }

  async write(bytes: Uint8Array): Promise<void> {
    for (const byte of bytes) this.#receive(byte);
  }

  async read(length: number): Promise<Uint8Array> {
    return Uint8Array.from(this.#outgoing.splice(0, length));
  }

  #receive(byte: number): void {
    if (this.#pendingEscape) {
      this.#pendingEscape = false;
      if (byte === ESCAPE) {
        this.#received.push(ESCAPE); // an escaped 0xFC in the payload
      } else {
        const payload = Uint8Array.from(this.#received); // a command code ends the packet
        this.#received = [];
        this.#run(byte, payload);
      }
    } else if (byte === ESCAPE) {
      this.#pendingEscape = true;
    } else {
      this.#received.push(byte);
    }
  }

  #respond(code: number, payload: Uint8Array = new Uint8Array(0)): void {
    this.#outgoing.push(ESCAPE, code);
    for (const byte of payload) {
      this.#outgoing.push(byte);
      if (byte === ESCAPE) this.#outgoing.push(ESCAPE);
    }
  }

  #run(command: number, payload: Uint8Array): void {
    if (command === Command.RESET) {
      this.#outgoing = [];
      return;
    }
    this.commands.push(command);
    const [code, reply] = this.#answer(command, payload);
    this.#respond(code, reply);
  }

  /** The response code and payload for `command`. */
  #answer(command: number, payload: Uint8Array): [number, Uint8Array?] {
    const offset = readU32(payload, 0) - this.base;
    switch (command) {
      case Command.PING:
        return [Response.PONG];
      case Command.INFO: {
        const info = new Uint8Array(193);
        const json = '{"version":"1.1.3","name":"Tock Bootloader"}';
        info[0] = json.length;
        info.set(
          Array.from(json, (character) => character.charCodeAt(0)),
          1,
        );
        return [Response.INFO, info];
      }
      case Command.READ_RANGE: {
        const length = readU16(payload, 4);
        if (offset < 0 || offset + length > this.flash.length) return [Response.BADADDR];
        return [Response.READ_RANGE, this.flash.slice(offset, offset + length)];
      }
      case Command.WRITE_PAGE:
        if (payload.length !== 4 + PAGE_SIZE) return [Response.BADARGS];
        if (offset % PAGE_SIZE !== 0 || offset < 0 || offset + PAGE_SIZE > this.flash.length) {
          return [Response.BADADDR];
        }
        this.flash.set(payload.subarray(4), offset);
        return [Response.OK];
      case Command.ERASE_PAGE:
        if (offset % PAGE_SIZE !== 0) return [Response.BADADDR];
        this.flash.fill(0xff, offset, offset + PAGE_SIZE);
        return [Response.OK];
      case Command.CRC_INTERNAL_FLASH: {
        const crc =
          crc32(this.flash.subarray(offset, offset + readU32(payload, 4))) ^ (this.corruptCrc ? 1 : 0);
        const out = new Uint8Array(4);
        new DataView(out.buffer).setUint32(0, crc >>> 0, true);
        return [Response.CRC_INTERNAL_FLASH, out];
      }
      case Command.GET_ATTRIBUTE:
        return [Response.GET_ATTRIBUTE, this.attributes[payload[0] ?? 0] ?? new Uint8Array(64)];
      case Command.SET_ATTRIBUTE: {
        const slot = new Uint8Array(64);
        slot.set(payload.subarray(1));
        this.attributes[payload[0] ?? 0] = slot;
        return [Response.OK];
      }
      default:
        return [Response.UNKNOWN];
    }
  }
}

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
