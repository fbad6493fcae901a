/**
 * PEM armour: finds a `-----BEGIN <label>-----` block and decodes its base64 body.
 */

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The decoded body and label of the first PEM block in `text`, or `undefined` if there is none or it is not base64. */
export function decodePem(text: string): { label: string; der: Uint8Array } | undefined {
  const match = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(text);
  if (match === null) return undefined;
  const label = match[1] ?? '';
  const body = (match[2] ?? '').replace(/\s+/g, '').replace(/=+$/, '');
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const character of body) {
    const value = BASE64_ALPHABET.indexOf(character);
    if (value < 0) return undefined;
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >> bits) & 0xff);
    }
  }
  return { label, der: Uint8Array.from(out) };
}

/** True when `bytes` looks like PEM text rather than DER. */
export function looksLikePem(bytes: Uint8Array): boolean {
  const prefix = String.fromCharCode(...bytes.subarray(0, 64));
  return prefix.includes('-----BEGIN ');
}

/** `bytes` as Latin-1 text (PEM files are ASCII). */
export function bytesToAscii(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}
