/**
 * UTF-8 encoding and strict decoding.
 */
import { describe, expect, it } from 'vitest';
import { decodeCString, decodeUtf8, encodeUtf8 } from './utf8.js';

describe('utf8', () => {
  it('round-trips one- to four-byte characters', () => {
    const text = 'a\u00e9\u20ac\u{1f600}';
    expect(Array.from(encodeUtf8(text))).toEqual([
      0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80,
    ]);
    expect(decodeUtf8(encodeUtf8(text))).toBe(text);
  });

  it('rejects what Rust rejects: overlong forms, surrogates, truncation, bad continuations', () => {
    expect(decodeUtf8(Uint8Array.of(0xc0, 0x80))).toBeUndefined();
    expect(decodeUtf8(Uint8Array.of(0xed, 0xa0, 0x80))).toBeUndefined();
    expect(decodeUtf8(Uint8Array.of(0xe2, 0x82))).toBeUndefined();
    expect(decodeUtf8(Uint8Array.of(0xc3, 0x41))).toBeUndefined();
    expect(decodeUtf8(Uint8Array.of(0xf5, 0x80, 0x80, 0x80))).toBeUndefined();
  });

  it('reads NUL-terminated strings and refuses unterminated ones', () => {
    const table = Uint8Array.of(0, 0x2e, 0x74, 0, 0x78);
    expect(decodeCString(table, 0)).toBe('');
    expect(decodeCString(table, 1)).toBe('.t');
    expect(decodeCString(table, 4)).toBeUndefined();
    expect(decodeCString(table, 5)).toBeUndefined();
  });
});
