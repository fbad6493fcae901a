/**
 * `ProcessCheckerMachine`: walks a binary's credential footers and asks the policy about each.
 *
 * Mirrors upstream `ProcessCheckerMachine` (`kernel/src/process_checker.rs`): footers are
 * visited in order from `binary_end`; the first accepted credential approves the binary, a
 * rejected one refuses it, a passed or unsupported one moves on; at the end of the footers (or
 * at a footer that does not parse, e.g. a format the kernel does not know) the policy's
 * `requireCredentials()` decides.
 */
import { err, ok, type Result } from '@tock-ts/hil';
import { parseTbfFooter, TBF_TLV_HEADER_SIZE } from '@tock-ts/tock-tbf';
import type { AcceptedCredential, ProcessBinary } from '../process-binary.js';
import type { AppCredentialsPolicy, ProcessCheckError } from './credentials-policy.js';

/** Checks process binaries' credentials against one policy. */
export class ProcessCheckerMachine {
  #policy: AppCredentialsPolicy;

  constructor(policy: AppCredentialsPolicy) {
    this.#policy = policy;
  }

  /** Replaces the policy (upstream `set_policy`). */
  setPolicy(policy: AppCredentialsPolicy): void {
    this.#policy = policy;
  }

  /**
   * Checks `binary`. `Ok(credential)` approves it with the accepted credential, `Ok(undefined)`
   * approves it without one (the policy does not require credentials). Errors:
   * `CredentialsRejected(index)`, `CredentialsNotAccepted`. Does not modify `binary`.
   */
  check(binary: ProcessBinary): Result<AcceptedCredential | undefined, ProcessCheckError> {
    const integrityRegion = binary.getIntegrityRegion();
    let footers = binary.footers;
    for (let index = 0; ; index++) {
      const footer = parseTbfFooter(footers);
      // No more footers, or one that is not a credential the kernel knows: the default decides.
      if (!footer.ok) break;
      footers = footers.subarray(footer.value.length + TBF_TLV_HEADER_SIZE);
      const credentials = footer.value.credentials;
      const answer = this.#policy.checkCredentials(credentials, integrityRegion);
      if (!answer.ok) {
        // NOSUPPORT and ALREADY mean "not checkable"; any other error means the check failed.
        // Either way upstream goes on with the next footer.
        continue;
      }
      switch (answer.value.kind) {
        case 'Accept':
          return ok({ credential: credentials, metadata: answer.value.metadata });
        case 'Reject':
          return err({ kind: 'CredentialsRejected', index });
        case 'Pass':
          continue;
      }
    }
    return this.#policy.requireCredentials() ? err({ kind: 'CredentialsNotAccepted' }) : ok(undefined);
  }
}
