/**
 * Strict UTF-8 decoding for TBF package names.
 *
 * Upstream accepts a name only if Rust's `str::from_utf8` does: no overlong forms, no
 * surrogates, nothing above U+10FFFF, no truncated sequences. `TextDecoder` is not part of
 * the portable ES2022 library, so the check is written out here.
 */

/** Decodes `bytes` as UTF-8, or returns `undefined` if they are not valid UTF-8. */
export function decodeUtf8Strict(bytes: Uint8Array): string | undefined {
  let text = '';
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index] ?? 0;
    if (lead < 0x80) {
      text += String.fromCharCode(lead);
      index += 1;
      continue;
    }
    let length: number;
    let codePoint: number;
    let minimum: number;
    if (lead >= 0xc2 && lead <= 0xdf) {
      length = 2;
      codePoint = lead & 0x1f;
      minimum = 0x80;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      codePoint = lead & 0x0f;
      minimum = 0x800;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      codePoint = lead & 0x07;
      minimum = 0x10000;
    } else {
      return undefined;
    }
    if (index + length > bytes.length) return undefined;
    for (let k = 1; k < length; k++) {
      const continuation = bytes[index + k] ?? 0;
      if ((continuation & 0xc0) !== 0x80) return undefined;
      codePoint = (codePoint << 6) | (continuation & 0x3f);
    }
    if (codePoint < minimum || codePoint > 0x10ffff) return undefined;
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) return undefined;
    text += String.fromCodePoint(codePoint);
    index += length;
  }
  return text;
}
