/**
 * The synchronous process loader (upstream `kernel::process::load_processes` in
 * `kernel/src/process_loading.rs`): walk the TBFs in app flash, and create a process for each
 * usable one in the next free slot, carving RAM blocks from the app memory pool in order.
 *
 * There is no credential checking here, as upstream: every process gets a locally unique short
 * id. `SequentialProcessLoader` (`process-loading-sequential.ts`) is the loader that checks. Each binary that is skipped or cannot be created gets one line saying why.
 */
import { assertCapability, ProcessManagementCapability } from './capabilities.js';
import type { ProcessFaultPolicy } from './fault-policies.js';
import type { Kernel } from './kernel.js';
import type { Chip } from './platform/chip.js';
import { discoverProcessBinaries, type ProcessBinary, type ProcessBinaryOptions } from './process-binary.js';
import { describeProcessCheckError } from './process-checker/credentials-policy.js';
import type { ProcessImage } from './process-image.js';
import { type MemorySpan, type ProcessLoadError, ProcessStandard } from './process-standard.js';

/**
 * The kernel's view of a checked binary: the same as `binary.toProcessImage()`, kept for
 * callers that take a function.
 */
export function processImageFromBinary(binary: ProcessBinary): ProcessImage {
  return binary.toProcessImage();
}

function hex(value: number): string {
  return `0x${(value >>> 0).toString(16).padStart(8, '0')}`;
}

/** One line describing why a process could not be created. */
export function describeProcessLoadError(error: ProcessLoadError): string {
  switch (error.kind) {
    case 'NotEnoughMemory':
      return 'not enough RAM left for the process';
    case 'MpuInvalidFlashLength':
      return 'the MPU cannot protect its flash (size or alignment)';
    case 'MpuConfigurationError':
      return 'no MPU configuration available';
    case 'MemoryAddressMismatch':
      return `fixed RAM address ${hex(error.expectedAddress)} cannot be met (RAM available at ${hex(error.actualAddress)})`;
    case 'NoProcessSlot':
      return 'no free process slot';
    case 'BinaryError':
      return error.detail;
    case 'CheckError':
      return `Error checking process: ${describeProcessCheckError(error.error)}`;
    case 'InternalError':
      return 'the arch could not initialize the process';
  }
}

/** Where the apps are and where their RAM comes from. */
export interface AppRegions {
  /** First address of app flash (upstream `_sapps`). */
  readonly appFlashStart: number;
  /** One past the last address of app flash (upstream `_eapps`). */
  readonly appFlashEnd: number;
  /** The app RAM pool (upstream `_sappmem.._eappmem`). */
  readonly appMemory: MemorySpan;
}

/** What loading did. */
export interface LoadProcessesResult<C = unknown, S = unknown> {
  /** The processes created, in flash order. */
  readonly loaded: readonly ProcessStandard<C, S>[];
  /** One line per TBF that was found but not loaded. */
  readonly refused: readonly string[];
  /** App RAM still unused. */
  readonly remainingMemory: MemorySpan;
}

/**
 * Finds every TBF in app flash and creates its process (upstream `load_processes`). Padding is
 * skipped silently; every other refusal gets a line in `refused`. Loading stops when the
 * process slots are full.
 */
export function loadProcesses<C, S>(
  kernel: Kernel,
  chip: Chip<C, S>,
  regions: AppRegions,
  faultPolicy: ProcessFaultPolicy,
  capability: ProcessManagementCapability,
  options: ProcessBinaryOptions = {},
): LoadProcessesResult<C, S> {
  assertCapability(ProcessManagementCapability, capability);
  const discovered = discoverProcessBinaries(chip.flash, regions.appFlashStart, regions.appFlashEnd, options);
  const refused = discovered.rejected.map((rejected) => rejected.reason);
  const loaded: ProcessStandard<C, S>[] = [];
  let remaining = regions.appMemory;
  for (const binary of discovered.binaries) {
    const label = `TBF at ${hex(binary.flashStart)}${binary.packageName === '' ? '' : ` (${binary.packageName})`}`;
    const slot = kernel.nextFreeSlot();
    if (slot === undefined) {
      refused.push(`${label}: not loaded: ${describeProcessLoadError({ kind: 'NoProcessSlot' })}`);
      continue;
    }
    const created = ProcessStandard.create(
      kernel,
      chip,
      binary.toProcessImage(),
      remaining,
      faultPolicy,
      undefined,
      slot,
    );
    if (!created.ok) {
      refused.push(`${label}: not loaded: ${describeProcessLoadError(created.error.error)}`);
      remaining = created.error.remaining;
      continue;
    }
    kernel.installProcess(created.value.process, capability);
    loaded.push(created.value.process);
    remaining = created.value.remaining;
  }
  return { loaded, refused, remainingMemory: remaining };
}
