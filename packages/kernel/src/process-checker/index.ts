/**
 * Credential checking and application identity for process loading (upstream
 * `kernel/src/process_checker.rs` and `capsules/system/src/process_checker`).
 */
export {
  AppIdAssignerLocallyUnique,
  AppIdAssignerNames,
  AppIdAssignerSimulated,
  AppIdAssignerTbfHeader,
  type AppIdPolicy,
  crc32Posix,
  type RunningProcessIdentity,
  shortIdsEqual,
} from './app-id.js';
export {
  AppCheckerHash,
  AppCheckerNull,
  AppCheckerRsaSimulated,
  AppCheckerSha256,
  AppCheckerSha384,
  AppCheckerSha512,
  type HashCredentialsType,
} from './basic-checkers.js';
export { ProcessCheckerMachine } from './checker-machine.js';
export {
  type AppCredentialsPolicy,
  accept,
  type CheckResult,
  describeProcessCheckError,
  PASS,
  type ProcessCheckError,
  REJECT,
} from './credentials-policy.js';
export {
  type BlockedLoad,
  type CheckOutcome,
  type CheckRejection,
  checkProcessBinaries,
  decideLoad,
  describeBinary,
  isBlockedFromLoadingBy,
  isBlockedFromLoadingByProcess,
  type LoadDecision,
  type PlannedLoad,
  planProcessLoading,
} from './load-selection.js';
export {
  AppCheckerSignature,
  P256_RAW_PUBLIC_KEY_LENGTH,
  P256_SEC1_PUBLIC_KEY_LENGTH,
} from './signature-checker.js';
