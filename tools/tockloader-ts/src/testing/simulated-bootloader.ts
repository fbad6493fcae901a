/**
 * A simulated Tock bootloader for tests, written from the device side of the protocol
 * (tock-bootloader's README): it unescapes commands, runs them against an in-memory flash and
 * attribute table, and answers with escaped responses.
 */

import type { ByteTransport } from '../bootloader/client.js';
import { Command, crc32, ESCAPE, PAGE_SIZE, Response } from '../bootloader/protocol.js';
import { readU16, readU32 } from '../bytes.js';

/** A device with `flash` at `base`, 16 attribute slots and a log of the commands it ran. */
export class SimulatedBootloader implements ByteTransport {
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
