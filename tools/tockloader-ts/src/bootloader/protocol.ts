/**
 * The Tock serial bootloader protocol (tock/tock-bootloader; tockloader's
 * `bootloader_serial.py`): command and response codes, the escape framing, and CRC-32.
 *
 * Host → device: `escape(payload) ‖ 0xFC ‖ command`, usually preceded by the sync `00 FC 05`.
 * Device → host: `0xFC ‖ response ‖ escape(payload)`. `escape` doubles every 0xFC. Integers are
 * little-endian; flash pages are 512 bytes over this protocol.
 */

/** The escape byte; a lone 0xFC followed by a code ends a command or starts a response. */
export const ESCAPE = 0xfc;
/** Sent before most commands: a RESET that clears the device's receive buffer. */
export const SYNC = Uint8Array.of(0x00, ESCAPE, 0x05);
/** Flash page size of the protocol, whatever the chip's page size. */
export const PAGE_SIZE = 512;
/** tockloader's largest READ_RANGE request. */
export const MAX_READ_LENGTH = 4095;
/** Number of attribute slots. */
export const ATTRIBUTE_COUNT = 16;

/** Command codes. */
export const Command = {
  PING: 0x01,
  INFO: 0x03,
  ID: 0x04,
  RESET: 0x05,
  ERASE_PAGE: 0x06,
  WRITE_PAGE: 0x07,
  READ_RANGE: 0x11,
  SET_ATTRIBUTE: 0x13,
  GET_ATTRIBUTE: 0x14,
  CRC_INTERNAL_FLASH: 0x15,
  CHANGE_BAUD_RATE: 0x21,
  EXIT: 0x22,
  SET_START_ADDRESS: 0x23,
} as const;

/** Response codes. */
export const Response = {
  OVERFLOW: 0x10,
  PONG: 0x11,
  BADADDR: 0x12,
  INTERROR: 0x13,
  BADARGS: 0x14,
  OK: 0x15,
  UNKNOWN: 0x16,
  READ_RANGE: 0x20,
  GET_ATTRIBUTE: 0x22,
  CRC_INTERNAL_FLASH: 0x23,
  INFO: 0x25,
  CHANGE_BAUD_FAIL: 0x26,
} as const;

/** `bytes` with every 0xFC doubled. */
export function escapeBytes(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (const byte of bytes) {
    out.push(byte);
    if (byte === ESCAPE) out.push(ESCAPE);
  }
  return Uint8Array.from(out);
}

/** `bytes` with every doubled 0xFC made single. */
export function unescapeBytes(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index] ?? 0;
    out.push(byte);
    if (byte === ESCAPE && bytes[index + 1] === ESCAPE) index++;
  }
  return Uint8Array.from(out);
}

/** The bytes that send `command` with `payload`, optionally preceded by the sync. */
export function encodeCommand(command: number, payload: Uint8Array, sync: boolean): Uint8Array {
  const escaped = escapeBytes(payload);
  const packet = new Uint8Array((sync ? SYNC.length : 0) + escaped.length + 2);
  let offset = 0;
  if (sync) {
    packet.set(SYNC, 0);
    offset = SYNC.length;
  }
  packet.set(escaped, offset);
  packet[offset + escaped.length] = ESCAPE;
  packet[offset + escaped.length + 1] = command;
  return packet;
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, index) => {
  let value = index;
  for (let bit = 0; bit < 8; bit++) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
  return value >>> 0;
});

/** CRC-32 (IEEE, reflected, as zlib and the bootloader compute it). */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** A name for a response code, for error messages. */
export function responseName(code: number): string {
  const entry = Object.entries(Response).find(([, value]) => value === code);
  return entry === undefined ? `0x${code.toString(16)}` : entry[0];
}
