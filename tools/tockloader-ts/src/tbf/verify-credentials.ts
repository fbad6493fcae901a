/**
 * Checking a TBF's credential footers against its integrity region `[0, binary_end_offset)`, as
 * tockloader's `--verify-credentials` does: hashes are recomputed; signatures are checked with
 * the public keys given (a credential no key can check stays unverified).
 */
import { p256 } from '@noble/curves/nist.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import type { PublicKey } from '../crypto/public-keys.js';
import { bigintToBytes, verifyRsaPkcs1Sha512 } from '../crypto/rsa-signature.js';
import { CredentialFormat } from './tbf-types.js';

/** The outcome for one credential: verified, failed, or not checkable (`undefined`). */
export type CredentialCheck = 'verified' | 'failed' | undefined;

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

/** Checks one credential of `format` with its `data` over `integrity`. */
export function checkCredential(
  format: number,
  data: Uint8Array,
  integrity: Uint8Array,
  keys: readonly PublicKey[],
): CredentialCheck {
  switch (format) {
    case CredentialFormat.SHA256:
      return equal(data.subarray(0, 32), sha256(integrity)) ? 'verified' : 'failed';
    case CredentialFormat.SHA384:
      return equal(data.subarray(0, 48), sha384(integrity)) ? 'verified' : 'failed';
    case CredentialFormat.SHA512:
      return equal(data.subarray(0, 64), sha512(integrity)) ? 'verified' : 'failed';
    case CredentialFormat.ECDSA_NIST_P256: {
      const candidates = keys.filter((key) => key.kind === 'p256');
      if (candidates.length === 0) return undefined;
      const signature = data.subarray(0, 64);
      const verified = candidates.some((key) =>
        p256.verify(signature, integrity, key.point, { prehash: true, lowS: false, format: 'compact' }),
      );
      return verified ? 'verified' : 'failed';
    }
    case CredentialFormat.RSA4096_KEY: {
      const modulus = data.subarray(0, 512);
      const key = keys.find(
        (candidate) => candidate.kind === 'rsa' && equal(bigintToBytes(candidate.modulus, 512), modulus),
      );
      if (key === undefined || key.kind !== 'rsa') return undefined;
      return verifyRsaPkcs1Sha512(key.modulus, key.exponent, integrity, data.subarray(512, 1024))
        ? 'verified'
        : 'failed';
    }
    default:
      return undefined;
  }
}
