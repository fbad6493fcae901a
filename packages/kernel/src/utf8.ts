/**
 * UTF-8 encoding and decoding without `TextEncoder`/`TextDecoder` (which the portable ES2022 library does not declare).
 */

/** The UTF-8 bytes of `text`. */
export function utf8Bytes(text: string): Uint8Array {
  const bytes: number[] = [];
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
    else if (code < 0x1_0000)
      bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    else {
      bytes.push(
        0xf0 | (code >> 18),
        0x80 | ((code >> 12) & 0x3f),
        0x80 | ((code >> 6) & 0x3f),
        0x80 | (code & 0x3f),
      );
    }
  }
  return Uint8Array.from(bytes);
}

/** The text of UTF-8 `bytes`; a malformed sequence becomes U+FFFD. */
export function utf8Text(bytes: readonly number[] | Uint8Array): string {
  let text = '';
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index] ?? 0;
    const extra = lead < 0x80 ? 0 : lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc0 ? 1 : -1;
    if (extra < 0 || index + extra > bytes.length - 1) {
      text += '\ufffd';
      index += 1;
      continue;
    }
    let code = extra === 0 ? lead : lead & (0x3f >> extra);
    for (let i = 1; i <= extra; i++) code = (code << 6) | ((bytes[index + i] ?? 0) & 0x3f);
    text += String.fromCodePoint(code);
    index += extra + 1;
  }
  return text;
}
