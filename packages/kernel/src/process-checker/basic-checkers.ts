/**
 * Simple credential policies: accept everything, require a matching hash, simulated RSA.
 *
 * Mirrors upstream `capsules/system/src/process_checker/basic.rs`: `AppCheckerNull` (no
 * credentials needed), `AppCheckerSha256` (a SHA-256 footer must match the integrity region;
 * a mismatch rejects the binary), the same for SHA-384 and SHA-512, and
 * `AppCheckerRsaSimulated` (accepts any RSA credential without checking it, for testing how
 * loading resolves identities and versions).
 */
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { ErrorCode, err, ok, type Result } from '@tock-ts/hil';
import { type TbfFooterV2Credentials, TbfFooterV2CredentialsType } from '@tock-ts/tock-tbf';
import { type AppCredentialsPolicy, accept, type CheckResult, PASS, REJECT } from './credentials-policy.js';

/** Approves every binary: credentials are not required and none is checked. */
export class AppCheckerNull implements AppCredentialsPolicy {
  requireCredentials(): boolean {
    return false;
  }

  checkCredentials(
    _credentials: TbfFooterV2Credentials,
    _integrityRegion: Uint8Array,
  ): Result<CheckResult, ErrorCode> {
    return err(ErrorCode.NOSUPPORT);
  }
}

/** The hash credential formats and the function computing each. */
export type HashCredentialsType =
  | TbfFooterV2CredentialsType.SHA256
  | TbfFooterV2CredentialsType.SHA384
  | TbfFooterV2CredentialsType.SHA512;

function digest(format: HashCredentialsType, data: Uint8Array): Uint8Array {
  switch (format) {
    case TbfFooterV2CredentialsType.SHA256:
      return sha256(data);
    case TbfFooterV2CredentialsType.SHA384:
      return sha384(data);
    case TbfFooterV2CredentialsType.SHA512:
      return sha512(data);
  }
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let index = 0; index < a.length; index++) difference |= (a[index] ?? 0) ^ (b[index] ?? 0);
  return difference === 0;
}

/**
 * Requires a hash credential of one format whose value is the hash of the integrity region.
 * A matching hash accepts the binary, a different one rejects it; other formats are not checked.
 */
export class AppCheckerHash implements AppCredentialsPolicy {
  /** The one credential format this policy checks. */
  readonly format: HashCredentialsType;

  constructor(format: HashCredentialsType) {
    this.format = format;
  }

  requireCredentials(): boolean {
    return true;
  }

  checkCredentials(
    credentials: TbfFooterV2Credentials,
    integrityRegion: Uint8Array,
  ): Result<CheckResult, ErrorCode> {
    if (credentials.format !== this.format) return err(ErrorCode.NOSUPPORT);
    return ok(bytesEqual(digest(this.format, integrityRegion), credentials.data) ? accept() : REJECT);
  }
}

/** Upstream `AppCheckerSha256`: requires a matching SHA-256 credential. */
export class AppCheckerSha256 extends AppCheckerHash {
  constructor() {
    super(TbfFooterV2CredentialsType.SHA256);
  }
}

/** Requires a matching SHA-384 credential. */
export class AppCheckerSha384 extends AppCheckerHash {
  constructor() {
    super(TbfFooterV2CredentialsType.SHA384);
  }
}

/** Requires a matching SHA-512 credential. */
export class AppCheckerSha512 extends AppCheckerHash {
  constructor() {
    super(TbfFooterV2CredentialsType.SHA512);
  }
}

/**
 * Upstream `AppCheckerRsaSimulated`: accepts any RSA-3072 or RSA-4096 credential *without
 * verifying it* and passes on every other format. Only for testing identity and version rules.
 */
export class AppCheckerRsaSimulated implements AppCredentialsPolicy {
  requireCredentials(): boolean {
    return true;
  }

  checkCredentials(credentials: TbfFooterV2Credentials): Result<CheckResult, ErrorCode> {
    const isRsa =
      credentials.format === TbfFooterV2CredentialsType.Rsa3072Key ||
      credentials.format === TbfFooterV2CredentialsType.Rsa4096Key;
    return ok(isRsa ? accept() : PASS);
  }
}
