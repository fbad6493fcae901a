/**
 * RSASSA-PKCS1-v1_5 signatures with SHA-512 (RFC 8017 §8.2), the scheme of elf2tab's RSA4096
 * credential. The signature is deterministic, so it matches any other correct implementation.
 */
import { sha512 } from '@noble/hashes/sha2.js';
import type { RsaPrivateKey } from './private-keys.js';

/** DER prefix of a DigestInfo holding a SHA-512 digest. */
const SHA512_DIGEST_INFO_PREFIX = Uint8Array.from([
  0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04,
  0x40,
]);

/** `base ** exponent mod modulus`. */
function modularPower(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let square = base % modulus;
  let remaining = exponent;
  while (remaining > 0n) {
    if (remaining & 1n) result = (result * square) % modulus;
    square = (square * square) % modulus;
    remaining >>= 1n;
  }
  return result;
}

/** Big-endian bytes of `value`, left-padded to `length`. */
export function bigintToBytes(value: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let rest = value;
  for (let index = length - 1; index >= 0; index--) {
    out[index] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return out;
}

/** The big-endian unsigned integer in `bytes`. */
function bytesToBigint(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

/** The PKCS#1 v1.5 encoded message for `message`: 00 01 FF…FF 00 DigestInfo(SHA-512). */
function pkcs1Sha512EncodedMessage(message: Uint8Array, length: number): Uint8Array {
  const digest = sha512(message);
  const encoded = new Uint8Array(length).fill(0xff);
  encoded[0] = 0x00;
  encoded[1] = 0x01;
  const digestInfoStart = length - SHA512_DIGEST_INFO_PREFIX.length - digest.length;
  encoded[digestInfoStart - 1] = 0x00;
  encoded.set(SHA512_DIGEST_INFO_PREFIX, digestInfoStart);
  encoded.set(digest, length - digest.length);
  return encoded;
}

/** Signs `message` with `key` (CRT), returning `key.modulusBytes` bytes. */
export function signRsaPkcs1Sha512(key: RsaPrivateKey, message: Uint8Array): Uint8Array {
  const encoded = bytesToBigint(pkcs1Sha512EncodedMessage(message, key.modulusBytes));
  const part1 = modularPower(encoded, key.exponent1, key.prime1);
  const part2 = modularPower(encoded, key.exponent2, key.prime2);
  const difference = (((part1 - part2) % key.prime1) + key.prime1) % key.prime1;
  const h = (key.coefficient * difference) % key.prime1;
  return bigintToBytes(part2 + h * key.prime2, key.modulusBytes);
}

/** True when `signature` is a PKCS#1 v1.5 SHA-512 signature of `message` under (`modulus`, `exponent`). */
export function verifyRsaPkcs1Sha512(
  modulus: bigint,
  exponent: bigint,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  const length = signature.length;
  const recovered = bigintToBytes(modularPower(bytesToBigint(signature), exponent, modulus), length);
  const expected = pkcs1Sha512EncodedMessage(message, length);
  return recovered.every((byte, index) => byte === expected[index]);
}
