/**
 * A host-side client of the Tock serial bootloader, as tockloader's `BootloaderSerial` drives
 * it: commands over any byte transport (Web Serial, a Node serial port, a test double), flash
 * reads in 4095-byte requests, page writes that skip all-zero pages, and a CRC check of what
 * was written.
 */
import { err, ok, type Result } from '@tock-ts/hil';
import { readU32, writeU32 } from '../bytes.js';
import { decodeUtf8, encodeUtf8 } from '../text/utf8.js';
import {
  Command,
  crc32,
  ESCAPE,
  encodeCommand,
  MAX_READ_LENGTH,
  PAGE_SIZE,
  Response,
  responseName,
} from './protocol.js';

/** A byte stream to the board. */
export interface ByteTransport {
  /** Sends `bytes`. */
  write(bytes: Uint8Array): Promise<void>;
  /** Up to `length` received bytes: all of them, or fewer once the transport's timeout passes. */
  read(length: number): Promise<Uint8Array>;
}

/** One attribute slot: a key of up to 8 bytes and a value of up to 55. */
export interface BootloaderAttribute {
  readonly key: string;
  readonly value: string;
}

const ATTRIBUTE_KEY_LENGTH = 8;
const ATTRIBUTE_VALUE_LENGTH = 55;
const INFO_LENGTH = 193;
const HEADER_ATTEMPTS = 3;

function u32(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  writeU32(bytes, 0, value);
  return bytes;
}

function join(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Talks to a board that is in its bootloader. */
export class BootloaderClient {
  readonly #transport: ByteTransport;

  constructor(transport: ByteTransport) {
    this.#transport = transport;
  }

  /**
   * Sends `command` and reads the `responseLength`-byte payload of the expected response.
   * Errors name the response the device sent instead, or say that it sent nothing.
   */
  async issue(
    command: number,
    payload: Uint8Array,
    sync: boolean,
    responseLength: number,
    expected: number,
  ): Promise<Result<Uint8Array, string>> {
    await this.#transport.write(encodeCommand(command, payload, sync));
    let header: Uint8Array = new Uint8Array(0);
    for (let attempt = 0; attempt < HEADER_ATTEMPTS && header.length < 2; attempt++) {
      header = join(header, await this.#transport.read(2 - header.length));
    }
    if (header.length < 2) return err('no response from the bootloader');
    if (header[0] !== ESCAPE) return err('invalid response from the bootloader (no escape byte)');
    if (header[1] !== expected) {
      return err(
        `the bootloader answered ${responseName(header[1] ?? 0)} instead of ${responseName(expected)}`,
      );
    }
    const body: number[] = [];
    while (body.length < responseLength) {
      const chunk = Array.from(await this.#transport.read(responseLength - body.length));
      if (chunk.length === 0) return err('the bootloader stopped sending');
      // An odd number of escape bytes means the last one's partner is still to come.
      if (chunk.filter((byte) => byte === ESCAPE).length % 2 === 1) {
        chunk.push(...(await this.#transport.read(1)));
      }
      for (let index = 0; index < chunk.length; index++) {
        body.push(chunk[index] ?? 0);
        if (chunk[index] === ESCAPE && chunk[index + 1] === ESCAPE) index++;
      }
    }
    return ok(Uint8Array.from(body.slice(0, responseLength)));
  }

  /** PING → PONG. */
  async ping(): Promise<Result<void, string>> {
    const reply = await this.issue(Command.PING, new Uint8Array(0), true, 0, Response.PONG);
    return reply.ok ? ok(undefined) : reply;
  }

  /** The bootloader's version from its INFO JSON, if it reports one. */
  async version(): Promise<Result<string | undefined, string>> {
    const reply = await this.issue(Command.INFO, new Uint8Array(0), true, INFO_LENGTH, Response.INFO);
    if (!reply.ok) return reply;
    const length = reply.value[0] ?? 0;
    const text = decodeUtf8(reply.value.subarray(1, 1 + length));
    try {
      const info: unknown = JSON.parse(text ?? '');
      if (
        typeof info === 'object' &&
        info !== null &&
        'version' in info &&
        typeof info.version === 'string'
      ) {
        return ok(info.version);
      }
    } catch {
      // Not JSON: the version is unknown, as tockloader reports it.
    }
    return ok(undefined);
  }

  /** `length` bytes of flash from `address`, in requests of at most 4095 bytes. */
  async readRange(address: number, length: number): Promise<Result<Uint8Array, string>> {
    const parts: Uint8Array[] = [];
    for (let done = 0; done < length; ) {
      const chunk = Math.min(MAX_READ_LENGTH, length - done);
      const request = new Uint8Array(6);
      writeU32(request, 0, address + done);
      request[4] = chunk & 0xff;
      request[5] = chunk >> 8;
      const reply = await this.issue(Command.READ_RANGE, request, true, chunk, Response.READ_RANGE);
      if (!reply.ok) return reply;
      parts.push(reply.value);
      done += chunk;
    }
    return ok(join(...parts));
  }

  /** Erases the 512-byte page at `address`. */
  async erasePage(address: number): Promise<Result<void, string>> {
    const reply = await this.issue(Command.ERASE_PAGE, u32(address), true, 0, Response.OK);
    return reply.ok ? ok(undefined) : err(`erasing the page at 0x${address.toString(16)}: ${reply.error}`);
  }

  /** Writes one 512-byte page at `address`. */
  async writePage(address: number, page: Uint8Array): Promise<Result<void, string>> {
    if (page.length !== PAGE_SIZE) return err(`a page is ${PAGE_SIZE} bytes, not ${page.length}`);
    const reply = await this.issue(Command.WRITE_PAGE, join(u32(address), page), true, 0, Response.OK);
    return reply.ok ? ok(undefined) : err(`writing the page at 0x${address.toString(16)}: ${reply.error}`);
  }

  /** The CRC-32 the bootloader computes over `[address, address + length)`. */
  async crc(address: number, length: number): Promise<Result<number, string>> {
    const reply = await this.issue(
      Command.CRC_INTERNAL_FLASH,
      join(u32(address), u32(length)),
      true,
      4,
      Response.CRC_INTERNAL_FLASH,
    );
    return reply.ok ? ok(readU32(reply.value, 0)) : reply;
  }

  /** Attribute slot `index` (0–15), or `undefined` for an empty slot. */
  async getAttribute(index: number): Promise<Result<BootloaderAttribute | undefined, string>> {
    const reply = await this.issue(
      Command.GET_ATTRIBUTE,
      Uint8Array.of(index),
      true,
      64,
      Response.GET_ATTRIBUTE,
    );
    if (!reply.ok) return reply;
    const raw = reply.value;
    const valueLength = raw[ATTRIBUTE_KEY_LENGTH] ?? 0;
    if (valueLength === 0 || valueLength > ATTRIBUTE_VALUE_LENGTH) return ok(undefined);
    const keyBytes = raw.subarray(0, ATTRIBUTE_KEY_LENGTH);
    const keyEnd = keyBytes.indexOf(0);
    const key = decodeUtf8(keyEnd < 0 ? keyBytes : keyBytes.subarray(0, keyEnd));
    const value = decodeUtf8(raw.subarray(ATTRIBUTE_KEY_LENGTH + 1, ATTRIBUTE_KEY_LENGTH + 1 + valueLength));
    return ok(key === undefined || value === undefined ? undefined : { key, value });
  }

  /** Stores `key = value` in attribute slot `index`. */
  async setAttribute(index: number, key: string, value: string): Promise<Result<void, string>> {
    const keyBytes = encodeUtf8(key);
    const valueBytes = encodeUtf8(value);
    if (keyBytes.length > ATTRIBUTE_KEY_LENGTH) return err(`attribute key "${key}" is longer than 8 bytes`);
    if (valueBytes.length === 0 || valueBytes.length > ATTRIBUTE_VALUE_LENGTH) {
      return err(`attribute value must be 1 to ${ATTRIBUTE_VALUE_LENGTH} bytes`);
    }
    const message = new Uint8Array(1 + ATTRIBUTE_KEY_LENGTH + 1 + valueBytes.length);
    message[0] = index;
    message.set(keyBytes, 1);
    message[1 + ATTRIBUTE_KEY_LENGTH] = valueBytes.length;
    message.set(valueBytes, 2 + ATTRIBUTE_KEY_LENGTH);
    const reply = await this.issue(Command.SET_ATTRIBUTE, message, true, 0, Response.OK);
    return reply.ok ? ok(undefined) : reply;
  }

  /** Sets the address the bootloader jumps to when it leaves. */
  async setStartAddress(address: number): Promise<Result<void, string>> {
    const reply = await this.issue(Command.SET_START_ADDRESS, u32(address), true, 0, Response.OK);
    return reply.ok ? ok(undefined) : reply;
  }

  /** Leaves the bootloader (sent without sync; the device does not answer). */
  async exit(): Promise<void> {
    await this.#transport.write(Uint8Array.of(ESCAPE, Command.EXIT));
  }

  /**
   * Writes `binary` at `address` as tockloader's `flash_binary` does: padded with 0xFF to whole
   * pages; all-zero pages skipped except the page right after each written run (all pages when
   * every page is zero); then each contiguous run checked by CRC.
   */
  async flashBinary(address: number, binary: Uint8Array): Promise<Result<void, string>> {
    const padded = new Uint8Array(Math.ceil(binary.length / PAGE_SIZE) * PAGE_SIZE).fill(0xff);
    padded.set(binary);
    const pageCount = padded.length / PAGE_SIZE;
    const page = (index: number) => padded.subarray(index * PAGE_SIZE, (index + 1) * PAGE_SIZE);
    let written = Array.from({ length: pageCount }, (_, index) => index).filter((index) =>
      page(index).some((byte) => byte !== 0),
    );
    if (written.length === 0) written = Array.from({ length: pageCount }, (_, index) => index);
    const endings = written
      .filter((index) => !written.includes(index + 1) && index + 1 < pageCount)
      .map((index) => index + 1);
    const pages = [...new Set([...written, ...endings])].sort((a, b) => a - b);
    for (const index of pages) {
      const result = await this.writePage(address + index * PAGE_SIZE, page(index));
      if (!result.ok) return result;
    }
    for (let start = 0; start < pages.length; ) {
      let end = start;
      while (pages[end + 1] === (pages[end] ?? 0) + 1) end++;
      const first = pages[start] ?? 0;
      const last = pages[end] ?? 0;
      const crc = await this.crc(address + first * PAGE_SIZE, (last - first + 1) * PAGE_SIZE);
      if (!crc.ok) return crc;
      const expected = crc32(padded.subarray(first * PAGE_SIZE, (last + 1) * PAGE_SIZE));
      if (crc.value !== expected) {
        return err(
          `CRC check failed. Expected: 0x${expected.toString(16)}, Got: 0x${crc.value.toString(16)}`,
        );
      }
      start = end + 1;
    }
    return ok(undefined);
  }
}
