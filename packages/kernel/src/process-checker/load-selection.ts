/**
 * The sequential loader's decisions around credential checking: which discovered binaries are
 * approved, and which approved binaries may become processes.
 *
 * Phase 1 (upstream `SequentialProcessLoaderMachine::load_and_check`): every discovered binary
 * goes through the checker; approved ones keep their accepted credential, refused ones get one
 * reason line each. Phase 2 (`load_process_objects`): approved binaries are taken in flash
 * order; a binary is blocked if a *later* approved binary is the same application (same AppID
 * or same ShortId) with a higher Program version, or if a running process is the same
 * application. Otherwise it loads with the policy's ShortId.
 */

import type { ProcessBinary } from '../process-binary.js';
import { type AppIdPolicy, type RunningProcessIdentity, shortIdsEqual } from './app-id.js';
import type { ProcessCheckerMachine } from './checker-machine.js';
import { describeProcessCheckError, type ProcessCheckError } from './credentials-policy.js';

function hex32(value: number): string {
  return `0x${(value >>> 0).toString(16).padStart(8, '0')}`;
}

/** How the kernel names a binary in a report line: address and package name. */
export function describeBinary(binary: ProcessBinary): string {
  const name = binary.packageName;
  return name === '' ? `TBF at ${hex32(binary.flashStart)}` : `TBF at ${hex32(binary.flashStart)} (${name})`;
}

/** A binary the checker refused, with the line the kernel prints. */
export interface CheckRejection {
  readonly binary: ProcessBinary;
  readonly address: number;
  readonly error: ProcessCheckError;
  readonly reason: string;
}

/** The outcome of checking every discovered binary. */
export interface CheckOutcome {
  /** Approved binaries, in the order given, each with `credential` set (or left undefined). */
  readonly approved: readonly ProcessBinary[];
  readonly rejected: readonly CheckRejection[];
}

/**
 * Phase 1: checks each binary with `checker`. An approved binary gets its accepted credential
 * stored in `binary.credential` (as upstream's loader does); a refused one is listed with its
 * reason and the others go on.
 */
export function checkProcessBinaries(
  binaries: readonly ProcessBinary[],
  checker: ProcessCheckerMachine,
): CheckOutcome {
  const approved: ProcessBinary[] = [];
  const rejected: CheckRejection[] = [];
  for (const binary of binaries) {
    const result = checker.check(binary);
    if (result.ok) {
      binary.credential = result.value;
      approved.push(binary);
    } else {
      const reason = `${describeBinary(binary)}: Error checking process: ${describeProcessCheckError(result.error)}`;
      rejected.push({ binary, address: binary.flashStart, error: result.error, reason });
    }
  }
  return { approved, rejected };
}

/**
 * Whether `other` blocks `binary` (upstream `is_blocked_from_loading_by`): same AppID or same
 * ShortId, and `other` has a higher binary version.
 */
export function isBlockedFromLoadingBy(
  policy: AppIdPolicy,
  binary: ProcessBinary,
  other: ProcessBinary,
): boolean {
  const sameAppId = !policy.differentIdentifier(binary, other);
  const sameShortId = shortIdsEqual(policy.toShortId(binary), policy.toShortId(other));
  return (sameAppId || sameShortId) && other.header.getBinaryVersion() > binary.header.getBinaryVersion();
}

/**
 * Whether the running `process` blocks `binary` (upstream `is_blocked_from_loading_by_process`):
 * same AppID or same ShortId, whatever the versions.
 */
export function isBlockedFromLoadingByProcess(
  policy: AppIdPolicy,
  binary: ProcessBinary,
  process: RunningProcessIdentity,
): boolean {
  const sameAppId = !policy.differentIdentifierProcess(binary, process);
  const sameShortId = shortIdsEqual(policy.toShortId(binary), process.shortId);
  return sameAppId || sameShortId;
}

/** Phase 2's answer for one binary. */
export type LoadDecision =
  /** Create the process with this ShortId (`undefined` is `LocallyUnique`). */
  | { readonly kind: 'Load'; readonly shortId: number | undefined }
  /** A later binary of the same application has a higher version. */
  | { readonly kind: 'BlockedByNewerBinary'; readonly by: ProcessBinary; readonly reason: string }
  /** A running process is the same application. */
  | {
      readonly kind: 'BlockedByRunningProcess';
      readonly by: RunningProcessIdentity;
      readonly reason: string;
    };

/**
 * Phase 2 for one binary. `laterBinaries` are the approved binaries after it in flash order
 * (upstream takes each binary out of its array before comparing, so earlier ones no longer
 * count; once loaded they are among `running`).
 */
export function decideLoad(
  policy: AppIdPolicy,
  binary: ProcessBinary,
  laterBinaries: Iterable<ProcessBinary>,
  running: Iterable<RunningProcessIdentity>,
): LoadDecision {
  for (const other of laterBinaries) {
    if (other !== binary && isBlockedFromLoadingBy(policy, binary, other)) {
      const reason =
        `${describeBinary(binary)}: blocked: version ${binary.header.getBinaryVersion()} is superseded by version ` +
        `${other.header.getBinaryVersion()} of the same application at ${hex32(other.flashStart)}`;
      return { kind: 'BlockedByNewerBinary', by: other, reason };
    }
  }
  for (const process of running) {
    if (isBlockedFromLoadingByProcess(policy, binary, process)) {
      const reason = `${describeBinary(binary)}: blocked: the same application is already running as process '${process.name}'`;
      return { kind: 'BlockedByRunningProcess', by: process, reason };
    }
  }
  return { kind: 'Load', shortId: policy.toShortId(binary) };
}

/** A binary phase 2 would load, with its ShortId. */
export interface PlannedLoad {
  readonly binary: ProcessBinary;
  readonly shortId: number | undefined;
}

/** A binary phase 2 would not load, with the line the kernel prints. */
export interface BlockedLoad {
  readonly binary: ProcessBinary;
  readonly address: number;
  readonly reason: string;
}

/**
 * Phase 2 over all approved binaries, assuming each binary it loads becomes a running process
 * (named by its package name, with its ShortId). A loader whose process creation can fail
 * calls `decideLoad` itself, adding only the processes it actually created.
 */
export function planProcessLoading(
  policy: AppIdPolicy,
  approved: readonly ProcessBinary[],
  running: readonly RunningProcessIdentity[] = [],
): { readonly load: readonly PlannedLoad[]; readonly blocked: readonly BlockedLoad[] } {
  const load: PlannedLoad[] = [];
  const blocked: BlockedLoad[] = [];
  const nowRunning: RunningProcessIdentity[] = [...running];
  approved.forEach((binary, index) => {
    const decision = decideLoad(policy, binary, approved.slice(index + 1), nowRunning);
    if (decision.kind === 'Load') {
      load.push({ binary, shortId: decision.shortId });
      nowRunning.push({ name: binary.packageName, shortId: decision.shortId });
    } else {
      blocked.push({ binary, address: binary.flashStart, reason: decision.reason });
    }
  });
  return { load, blocked };
}
