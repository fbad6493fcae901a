/**
 * The sequential process loader with credential checking (upstream
 * `SequentialProcessLoaderMachine` in `kernel/src/process_loading.rs`, composed as in
 * `boards/components/src/loader/sequential.rs`).
 *
 * Phase 1 walks app flash and checks every usable binary against the board's
 * `AppCredentialsPolicy`; phase 2 takes the approved binaries in flash order and creates a
 * process for each one that no newer binary of the same application (same AppID or ShortId,
 * higher Program version) and no running process of the same application blocks, with the
 * ShortId the board's `AppIdPolicy` assigns. Every object that does not become a process gets
 * one line saying why; the others still load.
 *
 * Upstream steps through both phases with deferred calls because a policy may wait on crypto
 * hardware. Our policies answer synchronously (see `credentials-policy.ts`), so `load()` runs
 * both phases to the end in one call and tells the client as it goes.
 */
import { err, ok, type Result } from '@tock-ts/hil';
import { assertCapability, ProcessManagementCapability } from './capabilities.js';
import type { ProcessFaultPolicy } from './fault-policies.js';
import type { Kernel } from './kernel.js';
import type { Chip } from './platform/chip.js';
import { type DiscoveryError, discoverProcessBinaries, type ProcessBinaryOptions } from './process-binary.js';
import type { AppIdPolicy, RunningProcessIdentity } from './process-checker/app-id.js';
import { ProcessCheckerMachine } from './process-checker/checker-machine.js';
import type { AppCredentialsPolicy } from './process-checker/credentials-policy.js';
import { checkProcessBinaries, decideLoad, describeBinary } from './process-checker/load-selection.js';
import type { ProcessImage } from './process-image.js';
import { type AppRegions, describeProcessLoadError, type LoadProcessesResult } from './process-loading.js';
import { type MemorySpan, type ProcessLoadError, ProcessStandard } from './process-standard.js';

/** Why one TBF object did not become a process. */
export type LoadRefusalCause =
  /** Discovery skipped the object (disabled, wrong kernel version, bad header …). */
  | { readonly kind: 'Discovery'; readonly error: DiscoveryError }
  /** Credential checking refused it (`CheckError`) or process creation failed. */
  | { readonly kind: 'LoadError'; readonly error: ProcessLoadError }
  /** A later binary of the same application has a higher version. */
  | { readonly kind: 'BlockedByNewerBinary'; readonly address: number; readonly version: number }
  /** A process of the same application is already running. */
  | { readonly kind: 'BlockedByRunningProcess'; readonly process: RunningProcessIdentity };

/** One object that was not loaded, with the line the kernel prints for it. */
export interface LoadRefusal {
  /** Address of its TBF header. */
  readonly address: number;
  readonly cause: LoadRefusalCause;
  /** `TBF at 0x… (name): why`. */
  readonly reason: string;
}

/** What one run of the loader did. */
export interface SequentialLoadResult<C = unknown, S = unknown> extends LoadProcessesResult<C, S> {
  /** The refusals behind `refused`, in the same order: phase 1 in flash order, then phase 2. */
  readonly refusals: readonly LoadRefusal[];
}

/** Told about each outcome as loading goes (upstream `ProcessLoadingAsyncClient`). */
export interface SequentialProcessLoaderClient<C = unknown, S = unknown> {
  /** A process was created, or an object was refused (upstream `process_loaded`). */
  processLoaded(outcome: Result<ProcessStandard<C, S>, LoadRefusal>): void;
  /** Both phases are over (upstream `process_loading_finished`). */
  processLoadingFinished(): void;
}

/** What a board hands the loader (upstream `ProcessLoaderSequentialComponent`'s arguments). */
export interface SequentialProcessLoaderConfig<C, S> {
  readonly kernel: Kernel;
  readonly chip: Chip<C, S>;
  readonly regions: AppRegions;
  readonly faultPolicy: ProcessFaultPolicy;
  /** Which credentials approve a binary (e.g. `AppCheckerSha256`, `AppCheckerSignature`). */
  readonly credentialsPolicy: AppCredentialsPolicy;
  /** Which binaries are the same application, and their ShortIds. */
  readonly appIdPolicy: AppIdPolicy;
  readonly capability: ProcessManagementCapability;
  readonly binaryOptions?: ProcessBinaryOptions;
}

/** Loads processes from app flash with credential checking, as upstream's sequential loader. */
export class SequentialProcessLoader<C, S> {
  readonly #config: SequentialProcessLoaderConfig<C, S>;
  readonly #checker: ProcessCheckerMachine;
  #appMemory: MemorySpan;
  #client: SequentialProcessLoaderClient<C, S> | undefined;

  constructor(config: SequentialProcessLoaderConfig<C, S>) {
    assertCapability(ProcessManagementCapability, config.capability);
    this.#config = config;
    this.#checker = new ProcessCheckerMachine(config.credentialsPolicy);
    this.#appMemory = config.regions.appMemory;
  }

  /** Sets the client told about every outcome. */
  setClient(client: SequentialProcessLoaderClient<C, S>): void {
    this.#client = client;
  }

  /** Replaces the credentials policy for later runs (upstream `set_policy`). */
  setPolicy(policy: AppCredentialsPolicy): void {
    this.#checker.setPolicy(policy);
  }

  /** App RAM not yet given to a process. */
  get remainingMemory(): MemorySpan {
    return this.#appMemory;
  }

  /**
   * Runs both phases over app flash. Processes already running (from an earlier run) block
   * binaries of the same application. Stops creating processes, with one line each, when the
   * kernel's slots are full.
   */
  load(): SequentialLoadResult<C, S> {
    const { kernel, chip, regions, appIdPolicy, capability } = this.#config;
    const discovered = discoverProcessBinaries(
      chip.flash,
      regions.appFlashStart,
      regions.appFlashEnd,
      this.#config.binaryOptions,
    );
    const checked = checkProcessBinaries(discovered.binaries, this.#checker);
    const refusals: LoadRefusal[] = [
      ...discovered.rejected.map(
        (rejected): LoadRefusal => ({
          address: rejected.address,
          cause: { kind: 'Discovery', error: rejected.error },
          reason: rejected.reason,
        }),
      ),
      ...checked.rejected.map(
        (rejected): LoadRefusal => ({
          address: rejected.address,
          cause: { kind: 'LoadError', error: { kind: 'CheckError', error: rejected.error } },
          reason: rejected.reason,
        }),
      ),
    ].sort((a, b) => a.address - b.address);
    for (const refusal of refusals) this.#client?.processLoaded(err(refusal));

    const loaded: ProcessStandard<C, S>[] = [];
    const refuse = (refusal: LoadRefusal): void => {
      refusals.push(refusal);
      this.#client?.processLoaded(err(refusal));
    };
    checked.approved.forEach((binary, index) => {
      const running = kernel.processes();
      const decision = decideLoad(appIdPolicy, binary, checked.approved.slice(index + 1), running);
      const address = binary.flashStart;
      if (decision.kind === 'BlockedByNewerBinary') {
        const version = decision.by.header.getBinaryVersion();
        refuse({
          address,
          cause: { kind: 'BlockedByNewerBinary', address: decision.by.flashStart, version },
          reason: decision.reason,
        });
        return;
      }
      if (decision.kind === 'BlockedByRunningProcess') {
        refuse({
          address,
          cause: { kind: 'BlockedByRunningProcess', process: decision.by },
          reason: decision.reason,
        });
        return;
      }
      const created = this.#create(binary.toProcessImage(), decision.shortId);
      if (!created.ok) {
        refuse({
          address,
          cause: { kind: 'LoadError', error: created.error },
          reason: `${describeBinary(binary)}: not loaded: ${describeProcessLoadError(created.error)}`,
        });
        return;
      }
      kernel.installProcess(created.value, capability);
      loaded.push(created.value);
      this.#client?.processLoaded(ok(created.value));
    });
    this.#client?.processLoadingFinished();
    return {
      loaded,
      refused: refusals.map((refusal) => refusal.reason),
      refusals,
      remainingMemory: this.#appMemory,
    };
  }

  /** Creates one process in the next free slot, carving its RAM from what is left. */
  #create(image: ProcessImage, shortId: number | undefined): Result<ProcessStandard<C, S>, ProcessLoadError> {
    const { kernel, chip, faultPolicy } = this.#config;
    const slot = kernel.nextFreeSlot();
    if (slot === undefined) return err({ kind: 'NoProcessSlot' });
    const created = ProcessStandard.create(kernel, chip, image, this.#appMemory, faultPolicy, shortId, slot);
    if (!created.ok) {
      this.#appMemory = created.error.remaining;
      return err(created.error.error);
    }
    this.#appMemory = created.value.remaining;
    return ok(created.value.process);
  }
}
