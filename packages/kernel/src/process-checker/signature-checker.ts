/**
 * `AppCheckerSignature`: requires an ECDSA NIST P-256 signature by one of a set of public keys.
 *
 * Mirrors upstream `capsules/system/src/process_checker/signature.rs` as boards configure it
 * for `EcdsaNistP256` (nrf52840dk-test-appid-ecdsap256): the SHA-256 of the integrity region
 * `[0, binary_end)` is verified against the credential's 64 bytes, raw r || s, with each key
 * in turn, the way elf2tab signs (`ring`'s ECDSA_P256_SHA256_FIXED). The first key that verifies
 * accepts the binary with its index as metadata; if none does, the credential passes (so the
 * binary ends up not accepted rather than rejected, as upstream). High-S signatures are
 * accepted: `ring` does not normalise S and neither does upstream's verifier.
 */
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { ErrorCode, err, ok, type Result } from '@tock-ts/hil';
import { type TbfFooterV2Credentials, TbfFooterV2CredentialsType } from '@tock-ts/tock-tbf';
import { type AppCredentialsPolicy, accept, type CheckResult, PASS } from './credentials-policy.js';

/** Bytes of a raw P-256 public key as Tock boards store it: x || y. */
export const P256_RAW_PUBLIC_KEY_LENGTH = 64;
/** Bytes of an uncompressed SEC1 P-256 public key: 0x04 || x || y. */
export const P256_SEC1_PUBLIC_KEY_LENGTH = 65;

/** Normalises a raw (x || y) or SEC1 public key to SEC1, or `undefined` if it is not a P-256 point. */
function toSec1PublicKey(key: Uint8Array): Uint8Array | undefined {
  let sec1: Uint8Array;
  if (key.length === P256_RAW_PUBLIC_KEY_LENGTH) {
    sec1 = new Uint8Array(P256_SEC1_PUBLIC_KEY_LENGTH);
    sec1[0] = 0x04;
    sec1.set(key, 1);
  } else if (key.length === P256_SEC1_PUBLIC_KEY_LENGTH || key.length === 33) {
    sec1 = key.slice();
  } else {
    return undefined;
  }
  try {
    p256.Point.fromBytes(sec1).assertValidity();
  } catch {
    // The library reports a point that is not on the curve by throwing: not a usable key.
    return undefined;
  }
  return sec1;
}

/** Requires a valid ECDSA NIST P-256 signature credential by one of the configured keys. */
export class AppCheckerSignature implements AppCredentialsPolicy {
  readonly #keys: readonly Uint8Array[];

  private constructor(keys: readonly Uint8Array[]) {
    this.#keys = keys;
  }

  /**
   * A checker trusting `publicKeys`, each 64 bytes raw x || y (Tock's format) or SEC1
   * (65 bytes uncompressed or 33 compressed). `INVAL` if there is no key or one is not a
   * valid P-256 point.
   */
  static create(publicKeys: readonly Uint8Array[]): Result<AppCheckerSignature, ErrorCode> {
    if (publicKeys.length === 0) return err(ErrorCode.INVAL);
    const keys: Uint8Array[] = [];
    for (const key of publicKeys) {
      const sec1 = toSec1PublicKey(key);
      if (sec1 === undefined) return err(ErrorCode.INVAL);
      keys.push(sec1);
    }
    return ok(new AppCheckerSignature(keys));
  }

  /** How many keys this checker trusts. */
  get keyCount(): number {
    return this.#keys.length;
  }

  requireCredentials(): boolean {
    return true;
  }

  checkCredentials(
    credentials: TbfFooterV2Credentials,
    integrityRegion: Uint8Array,
  ): Result<CheckResult, ErrorCode> {
    if (credentials.format !== TbfFooterV2CredentialsType.EcdsaNistP256) return err(ErrorCode.NOSUPPORT);
    const hash = sha256(integrityRegion);
    for (let index = 0; index < this.#keys.length; index++) {
      const key = this.#keys[index];
      if (key !== undefined && verifies(credentials.data, hash, key)) return ok(accept(index));
    }
    return ok(PASS);
  }
}

/** Whether `signature` (r || s) signs the SHA-256 `hash` under `publicKey`. */
function verifies(signature: Uint8Array, hash: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return p256.verify(signature, hash, publicKey, { prehash: false, lowS: false, format: 'compact' });
  } catch {
    // A signature whose r or s is out of range is malformed; it verifies nothing.
    return false;
  }
}
