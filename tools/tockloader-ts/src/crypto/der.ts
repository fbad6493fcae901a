/**
 * A minimal DER (ASN.1) reader: enough to walk PKCS#8 and SEC1 private keys.
 */
import { err, ok, type Result } from '@tock-ts/hil';

/** One DER element: its tag byte and its contents. */
export interface DerElement {
  readonly tag: number;
  readonly contents: Uint8Array;
}

/** DER tag bytes used by key files. */
export const DerTag = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OBJECT_IDENTIFIER: 0x06,
  SEQUENCE: 0x30,
  CONTEXT_0: 0xa0,
  CONTEXT_1: 0xa1,
} as const;

/** Splits `bytes` into consecutive DER elements; they must fill `bytes` exactly. */
export function readDerElements(bytes: Uint8Array): Result<DerElement[], string> {
  const elements: DerElement[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const tag = bytes[offset] ?? 0;
    let length = bytes[offset + 1];
    if (length === undefined) return err('truncated DER element');
    offset += 2;
    if (length & 0x80) {
      const lengthBytes = length & 0x7f;
      if (lengthBytes === 0 || lengthBytes > 4 || offset + lengthBytes > bytes.length) {
        return err('bad DER length');
      }
      length = 0;
      for (let index = 0; index < lengthBytes; index++) length = length * 256 + (bytes[offset + index] ?? 0);
      offset += lengthBytes;
    }
    if (offset + length > bytes.length) return err('truncated DER element');
    elements.push({ tag, contents: bytes.subarray(offset, offset + length) });
    offset += length;
  }
  return ok(elements);
}

/** Reads `bytes` as exactly one element with tag `tag` and returns its children. */
export function readDerSequence(
  bytes: Uint8Array,
  tag: number = DerTag.SEQUENCE,
): Result<DerElement[], string> {
  const outer = readDerElements(bytes);
  if (!outer.ok) return outer;
  const [only] = outer.value;
  if (outer.value.length !== 1 || only === undefined || only.tag !== tag)
    return err('expected one DER sequence');
  return readDerElements(only.contents);
}

/** The dotted form of an OBJECT IDENTIFIER's contents, e.g. "1.2.840.10045.2.1". */
export function objectIdentifierText(contents: Uint8Array): string {
  const parts: number[] = [];
  let value = 0;
  for (const byte of contents) {
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      if (parts.length === 0)
        parts.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

/** An unsigned big-endian INTEGER's contents as a bigint. */
export function integerValue(contents: Uint8Array): bigint {
  let value = 0n;
  for (const byte of contents) value = (value << 8n) | BigInt(byte);
  return value;
}
