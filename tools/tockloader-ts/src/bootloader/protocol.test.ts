/**
 * Bootloader framing and CRC.
 */
import { describe, expect, it } from 'vitest';
import { Command, crc32, encodeCommand, escapeBytes, unescapeBytes } from './protocol.js';

describe('bootloader protocol', () => {
  it('doubles 0xFC in payloads and ends a command with 0xFC and its code, after the sync', () => {
    expect(
      Array.from(encodeCommand(Command.ERASE_PAGE, Uint8Array.of(0x00, 0xfc, 0x03, 0x00), true)),
    ).toEqual([0x00, 0xfc, 0x05, 0x00, 0xfc, 0xfc, 0x03, 0x00, 0xfc, 0x06]);
    expect(Array.from(encodeCommand(Command.PING, new Uint8Array(0), false))).toEqual([0xfc, 0x01]);
  });

  it('undoes escaping', () => {
    const data = Uint8Array.of(0xfc, 0xfc, 1, 0xfc);
    expect(unescapeBytes(escapeBytes(data))).toEqual(data);
    expect(Array.from(escapeBytes(data))).toEqual([0xfc, 0xfc, 0xfc, 0xfc, 1, 0xfc, 0xfc]);
  });

  it('computes the standard CRC-32', () => {
    expect(crc32(Uint8Array.from('123456789', (character) => character.charCodeAt(0)))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
});
