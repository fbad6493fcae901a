/**
 * Checking credential footers: hashes recomputed, ECDSA P-256 signatures checked with the keys
 * given, and public keys read from the forms tools hand out.
 */
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { concatBytes } from '../bytes.js';
import { readPublicKey } from '../crypto/public-keys.js';
import { CredentialFormat } from './tbf-types.js';
import { checkCredential } from './verify-credentials.js';

const integrity = Uint8Array.from({ length: 300 }, (_, index) => index & 0xff);
const secret = p256.utils.randomSecretKey();
const point = p256.getPublicKey(secret, false);
/** DER SubjectPublicKeyInfo of a P-256 key: fixed prefix, then the 65-byte point. */
const SPKI_PREFIX = Uint8Array.of(
  0x30,
  0x59,
  0x30,
  0x13,
  0x06,
  0x07,
  0x2a,
  0x86,
  0x48,
  0xce,
  0x3d,
  0x02,
  0x01,
  0x06,
  0x08,
  0x2a,
  0x86,
  0x48,
  0xce,
  0x3d,
  0x03,
  0x01,
  0x07,
  0x03,
  0x42,
  0x00,
);

describe('checkCredential', () => {
  it('verifies a matching hash and fails a wrong one', () => {
    const digest = sha256(integrity);
    expect(checkCredential(CredentialFormat.SHA256, digest, integrity, [])).toBe('verified');
    expect(checkCredential(CredentialFormat.SHA256, digest, integrity.subarray(1), [])).toBe('failed');
  });

  it('checks ECDSA P-256 signatures only with a key, accepting high-S ones', () => {
    const signature = p256.sign(integrity, secret, { prehash: true, lowS: false, format: 'compact' });
    const key = readPublicKey(point);
    if (key === undefined) throw new Error('key not read');
    expect(checkCredential(CredentialFormat.ECDSA_NIST_P256, signature, integrity, [])).toBeUndefined();
    expect(checkCredential(CredentialFormat.ECDSA_NIST_P256, signature, integrity, [key])).toBe('verified');
    const tampered = integrity.slice();
    tampered[0] = 0xff;
    expect(checkCredential(CredentialFormat.ECDSA_NIST_P256, signature, tampered, [key])).toBe('failed');
  });

  it('leaves Reserved and unknown credentials unchecked', () => {
    expect(checkCredential(CredentialFormat.RESERVED, new Uint8Array(8), integrity, [])).toBeUndefined();
    expect(checkCredential(0xf1, new Uint8Array(8), integrity, [])).toBeUndefined();
  });
});

describe('readPublicKey', () => {
  it('reads raw and DER P-256 keys to the same point', () => {
    expect(readPublicKey(point.subarray(1))).toEqual({ kind: 'p256', point });
    expect(readPublicKey(point)).toEqual({ kind: 'p256', point });
    expect(readPublicKey(concatBytes([SPKI_PREFIX, point]))).toEqual({ kind: 'p256', point });
  });

  it('rejects what is not a key', () => {
    expect(readPublicKey(new Uint8Array(10))).toBeUndefined();
    expect(
      readPublicKey(
        Uint8Array.from('-----BEGIN PUBLIC KEY-----\n!!\n-----END PUBLIC KEY-----', (c) => c.charCodeAt(0)),
      ),
    ).toBeUndefined();
  });
});
