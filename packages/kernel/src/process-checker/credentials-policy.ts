/**
 * The interface credential-checking policies implement, and what checking can conclude.
 *
 * Mirrors upstream `kernel/src/process_checker.rs` (`AppCredentialsPolicy`, `CheckResult`,
 * `ProcessCheckError`) with one simplification: a policy answers synchronously, returning the
 * result of checking one credential instead of calling a client back later. Hashing and
 * signature checks here are software (noble), so there is nothing to wait for; a policy backed
 * by an emulated crypto engine would need the split-phase form back.
 */
import type { ErrorCode, Result } from '@tock-ts/hil';
import type { TbfFooterV2Credentials } from '@tock-ts/tock-tbf';

/** What a policy decided about one credential (upstream `CheckResult`). */
export type CheckResult =
  /** The binary is approved; `metadata` is policy-specific (e.g. the index of the verifying key). */
  | { readonly kind: 'Accept'; readonly metadata: number | undefined }
  /** This credential says nothing either way: try the next one. */
  | { readonly kind: 'Pass' }
  /** The binary must not run. */
  | { readonly kind: 'Reject' };

/** `Pass`, shared. */
export const PASS: CheckResult = Object.freeze({ kind: 'Pass' });
/** `Reject`, shared. */
export const REJECT: CheckResult = Object.freeze({ kind: 'Reject' });

/** `Accept` with optional metadata. */
export function accept(metadata?: number): CheckResult {
  return { kind: 'Accept', metadata };
}

/** A credential-checking policy (upstream `AppCredentialsPolicy`). */
export interface AppCredentialsPolicy {
  /**
   * Whether a binary needs an accepted credential to run. If false, a binary whose credentials
   * all pass (or that has none) is approved without one.
   */
  requireCredentials(): boolean;

  /**
   * Checks one credential against the integrity region (`[0, binary_end)` of the TBF).
   *
   * Errors:
   * - `NOSUPPORT`: the policy does not check this kind of credential; the next one is tried.
   * - `ALREADY`: treated like `NOSUPPORT`, as upstream.
   * - any other code: checking this credential failed; the next one is tried (as upstream does
   *   when a started check completes with an error).
   */
  checkCredentials(
    credentials: TbfFooterV2Credentials,
    integrityRegion: Uint8Array,
  ): Result<CheckResult, ErrorCode>;
}

/** Why checking refused a binary (upstream `ProcessCheckError`). */
export type ProcessCheckError =
  /** Credentials are required and none was accepted (none present, or all passed). */
  | { readonly kind: 'CredentialsNotAccepted' }
  /** Credential number `index` (0 is the first footer) was rejected. */
  | { readonly kind: 'CredentialsRejected'; readonly index: number }
  /** A bug in the kernel. */
  | { readonly kind: 'InternalError' };

/** A one-line description of `error`, in upstream's words. */
export function describeProcessCheckError(error: ProcessCheckError): string {
  switch (error.kind) {
    case 'CredentialsNotAccepted':
      return 'No credentials accepted';
    case 'CredentialsRejected':
      return `Credential ${error.index} rejected`;
    case 'InternalError':
      return 'Error in kernel. Likely a bug.';
  }
}
