/**
 * `ProcessBinary`: a TBF object in flash that passed the kernel's checks and may become a process.
 *
 * Mirrors upstream `kernel/src/process_binary.rs`. `ProcessBinary.create` parses the header and
 * applies the load rules in upstream's order (TOCK-MAP d.1 step 3): checksum and TLV validity,
 * padding is skipped, a disabled app is refused, the KernelVersion TLV must be present and
 * compatible with this kernel, the footer region `[binary_end, total_size)` must lie inside the
 * object, and a fixed flash address must match where the binary actually sits.
 */
import { err, ok, type Result } from '@tock-ts/hil';
import {
  describeTbfParseError,
  type KernelVersion,
  parseTbfHeader,
  parseTbfHeaderLengths,
  type TbfFooterV2Credentials,
  type TbfHeader,
  type TbfParseError,
} from '@tock-ts/tock-tbf';
import type { ProcessImage } from './process-image.js';

/** The kernel version processes are checked against (upstream 2.3; TOCK-MAP c.5). */
export const RUNNING_KERNEL_VERSION: KernelVersion = Object.freeze({ major: 2, minor: 3 });

/** Why a TBF object could not become a `ProcessBinary` (upstream `ProcessBinaryError`). */
export type ProcessBinaryError =
  /** No TBF header where one was expected: the end of the app list. */
  | { readonly kind: 'TbfHeaderNotFound' }
  /** The full header did not parse. */
  | { readonly kind: 'TbfHeaderParseFailure'; readonly error: TbfParseError }
  /** The object (or its footer region) runs past the flash it was given. */
  | { readonly kind: 'NotEnoughFlash' }
  /** The KernelVersion TLV is missing (`version` undefined) or asks for another kernel. */
  | { readonly kind: 'IncompatibleKernelVersion'; readonly version: KernelVersion | undefined }
  /** A FixedAddresses flash address that is not where the binary sits. */
  | {
      readonly kind: 'IncorrectFlashAddress';
      readonly actualAddress: number;
      readonly expectedAddress: number;
    }
  /** The enabled flag is clear. */
  | { readonly kind: 'NotEnabledProcess' }
  /** The object is padding, not an app. */
  | { readonly kind: 'Padding' };

function hex32(value: number): string {
  return `0x${(value >>> 0).toString(16).padStart(8, '0')}`;
}

/** A one-line description of `error`, as upstream's `Debug` output words it. */
export function describeProcessBinaryError(
  error: ProcessBinaryError,
  kernelVersion: KernelVersion = RUNNING_KERNEL_VERSION,
): string {
  switch (error.kind) {
    case 'TbfHeaderNotFound':
      return 'Could not find TBF header';
    case 'TbfHeaderParseFailure':
      return `Error parsing TBF header: ${describeTbfParseError(error.error)}`;
    case 'NotEnoughFlash':
      return 'Not enough flash available for TBF';
    case 'IncompatibleKernelVersion':
      return error.version === undefined
        ? 'Process did not provide a TBF kernel version header'
        : `Process is incompatible with the kernel. Running: ${kernelVersion.major}.${kernelVersion.minor}, ` +
            `Requested: ${error.version.major}.${error.version.minor}`;
    case 'IncorrectFlashAddress':
      return (
        `App flash does not match requested address. Actual:${hex32(error.actualAddress)}, ` +
        `Expected:${hex32(error.expectedAddress)}`
      );
    case 'NotEnabledProcess':
      return 'Process marked not enabled';
    case 'Padding':
      return 'Process item is just padding';
  }
}

/**
 * The credential that approved a binary (upstream `AcceptedCredential`): the footer the
 * checker accepted, and an optional number the policy attached (e.g. the index of the key that
 * verified a signature).
 */
export interface AcceptedCredential {
  readonly credential: TbfFooterV2Credentials;
  readonly metadata: number | undefined;
}

/** Options for `ProcessBinary.create`. */
export interface ProcessBinaryOptions {
  /** Refuse binaries without a KernelVersion TLV (upstream loaders pass true). Default true. */
  readonly requireKernelVersion?: boolean;
  /** The kernel version to check against. Default 2.3. */
  readonly kernelVersion?: KernelVersion;
}

/** A TBF object in flash that passed the load checks. */
export class ProcessBinary {
  /** Address of the TBF header in flash. */
  readonly flashStart: number;
  /** The whole TBF object, `[0, total_size)`: a view into flash, not a copy. */
  readonly flash: Uint8Array;
  /** The parsed header. */
  readonly header: TbfHeader;
  /** The footer region `[binary_end, total_size)` (may be empty). */
  readonly footers: Uint8Array;
  /** The credential that approved this binary, set by credential checking; `undefined` if none. */
  credential: AcceptedCredential | undefined;

  private constructor(flashStart: number, flash: Uint8Array, header: TbfHeader, footers: Uint8Array) {
    this.flashStart = flashStart;
    this.flash = flash;
    this.header = header;
    this.footers = footers;
    this.credential = undefined;
  }

  /**
   * Checks the TBF object `flash` (exactly `total_size` bytes) at address `flashStart`.
   *
   * `headerLength` and `version` come from `parseTbfHeaderLengths`. Errors, in the order they
   * are checked: `NotEnoughFlash` (header longer than the object), `TbfHeaderParseFailure`,
   * `Padding`, `NotEnabledProcess`, `IncompatibleKernelVersion`, `NotEnoughFlash` (binary end
   * past the object), `IncorrectFlashAddress`.
   */
  static create(
    flash: Uint8Array,
    flashStart: number,
    headerLength: number,
    version: number,
    options: ProcessBinaryOptions = {},
  ): Result<ProcessBinary, ProcessBinaryError> {
    if (headerLength > flash.length) return err({ kind: 'NotEnoughFlash' });
    const parsed = parseTbfHeader(flash.subarray(0, headerLength), version);
    if (!parsed.ok) return err({ kind: 'TbfHeaderParseFailure', error: parsed.error });
    const header = parsed.value;
    if (!header.isApp()) return err({ kind: 'Padding' });
    if (!header.isEnabled()) return err({ kind: 'NotEnabledProcess' });

    const running = options.kernelVersion ?? RUNNING_KERNEL_VERSION;
    const requested = header.getKernelVersion();
    if (requested !== undefined) {
      if (requested.major !== running.major || running.minor < requested.minor) {
        return err({ kind: 'IncompatibleKernelVersion', version: requested });
      }
    } else if (options.requireKernelVersion ?? true) {
      return err({ kind: 'IncompatibleKernelVersion', version: undefined });
    }

    const binaryEnd = header.getBinaryEndOffset();
    if (binaryEnd > flash.length) return err({ kind: 'NotEnoughFlash' });
    const footers = flash.subarray(binaryEnd);

    const fixedFlash = header.getFixedAddressStartAddressFlash();
    if (fixedFlash !== undefined) {
      // The fixed address names the app binary, which starts after the protected region.
      const actualAddress = (flashStart + header.getProtectedSize()) >>> 0;
      if (actualAddress !== fixedFlash) {
        return err({ kind: 'IncorrectFlashAddress', actualAddress, expectedAddress: fixedFlash });
      }
    }
    return ok(new ProcessBinary(flashStart >>> 0, flash, header, footers));
  }

  /** Address just past the object (`flashStart + total_size`). */
  get flashEnd(): number {
    return (this.flashStart + this.flash.length) >>> 0;
  }

  /** The package name, or `''` without one (as upstream's loaders print it). */
  get packageName(): string {
    return this.header.getPackageName() ?? '';
  }

  /** Bytes covered by credentials: `[0, binary_end)`, header plus app binary. */
  getIntegrityRegion(): Uint8Array {
    return this.flash.subarray(0, this.header.getBinaryEndOffset());
  }

  /** The credential that approved this binary, if any (upstream `get_credential`). */
  getCredential(): AcceptedCredential | undefined {
    return this.credential;
  }

  /** What process creation needs from this binary: entry point, sizes, addresses, permissions. */
  toProcessImage(): ProcessImage {
    const header = this.header;
    return {
      flashStart: this.flashStart,
      flashLength: this.flash.length,
      packageName: this.packageName,
      initFunctionOffset: header.getInitFunctionOffset(),
      protectedSize: header.getProtectedSize(),
      minimumRamSize: header.getMinimumAppRamSize(),
      fixedAddressRam: header.getFixedAddressStartAddressRam(),
      fixedAddressFlash: header.getFixedAddressStartAddressFlash(),
      writeableFlashRegions: header.getWriteableFlashRegions(),
      commandPermissions: (driverNumber, offset) => header.getCommandPermissions(driverNumber, offset),
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Discovery: walking the linked list of TBF objects in app flash
// ---------------------------------------------------------------------------------------------

/** Flash as the board maps it: `bytes[0]` is at address `start`. */
export interface FlashImage {
  readonly start: number;
  readonly bytes: Uint8Array;
}

/**
 * Why discovery could not use one TBF object: a `ProcessBinaryError`, or `InvalidHeader` when
 * the first eight bytes had inconsistent sizes (upstream reaches `create` with version 0 then).
 */
export type DiscoveryError =
  | ProcessBinaryError
  | { readonly kind: 'InvalidHeader'; readonly totalSize: number };

/** One step of discovery at one address (upstream `discover_process_binary`). */
export type DiscoveryStep =
  /** A usable binary; the next object starts at `nextOffset`. */
  | { readonly kind: 'Binary'; readonly binary: ProcessBinary; readonly nextOffset: number }
  /** An object that cannot be used; skip `size` bytes to `nextOffset` and go on. */
  | {
      readonly kind: 'Skip';
      readonly error: DiscoveryError;
      readonly size: number;
      readonly nextOffset: number;
    }
  /** No object here: the walk ends, for the reason given. */
  | { readonly kind: 'End'; readonly error: DiscoveryError; readonly reason: string };

/** An object discovery skipped, with the line the kernel prints for it. */
export interface RejectedBinary {
  readonly address: number;
  readonly size: number;
  readonly error: DiscoveryError;
  readonly reason: string;
}

/** Everything one walk over app flash found. */
export interface DiscoveryResult {
  /** Usable binaries in flash order. */
  readonly binaries: readonly ProcessBinary[];
  /** Objects that were skipped, one reason each (padding is listed separately). */
  readonly rejected: readonly RejectedBinary[];
  /** Padding objects: address and size. */
  readonly padding: readonly { readonly address: number; readonly size: number }[];
  /** Where and why the walk stopped. */
  readonly end: { readonly address: number; readonly error: DiscoveryError; readonly reason: string };
}

/** A one-line description of a discovery error. */
export function describeDiscoveryError(error: DiscoveryError, kernelVersion?: KernelVersion): string {
  if (error.kind === 'InvalidHeader') {
    return `Invalid TBF header sizes (total size ${error.totalSize})`;
  }
  return describeProcessBinaryError(error, kernelVersion);
}

/**
 * Looks for one TBF object at `offset` of `appFlash` (whose byte 0 is at `appFlashStart`).
 *
 * Ends (`End`) when fewer than 8 bytes remain or they are not a version-2 header
 * (`NotEnoughFlash`, `TbfHeaderNotFound`), or when the object's total size runs past the end of
 * `appFlash` (`NotEnoughFlash`). Inconsistent sizes skip `total_size` bytes (`InvalidHeader`);
 * a total size of 0 would never advance, so it ends the walk instead of looping forever.
 */
export function discoverProcessBinary(
  appFlash: Uint8Array,
  appFlashStart: number,
  offset: number,
  options: ProcessBinaryOptions = {},
): DiscoveryStep {
  const remaining = appFlash.subarray(offset);
  const address = (appFlashStart + offset) >>> 0;
  const at = hex32(address);
  const notEnoughFlash: DiscoveryError = { kind: 'NotEnoughFlash' };
  if (remaining.length < 8) {
    const reason = `${remaining.length} bytes left at ${at}, too few for a TBF header: end of the app list`;
    return { kind: 'End', error: notEnoughFlash, reason };
  }
  const lengths = parseTbfHeaderLengths(remaining);
  if (!lengths.ok) {
    if (lengths.error.kind === 'UnableToParse') {
      return {
        kind: 'End',
        error: { kind: 'TbfHeaderNotFound' },
        reason: `No TBF header at ${at}: end of the app list`,
      };
    }
    const totalSize = lengths.error.totalSize;
    const error: DiscoveryError = { kind: 'InvalidHeader', totalSize };
    if (totalSize === 0) {
      return {
        kind: 'End',
        error,
        reason: `Invalid TBF header at ${at} with total size 0 cannot be skipped: end of the app list`,
      };
    }
    if (totalSize > remaining.length) {
      const reason = `Invalid TBF header at ${at} whose total size ${totalSize} runs past app flash: end of the app list`;
      return { kind: 'End', error, reason };
    }
    return { kind: 'Skip', error, size: totalSize, nextOffset: offset + totalSize };
  }
  const { version, headerSize, totalSize } = lengths.value;
  if (totalSize > remaining.length) {
    const reason = `TBF at ${at} claims ${totalSize} bytes but only ${remaining.length} remain in app flash: end of the app list`;
    return { kind: 'End', error: notEnoughFlash, reason };
  }
  const nextOffset = offset + totalSize;
  const object = remaining.subarray(0, totalSize);
  const created = ProcessBinary.create(object, address, headerSize, version, options);
  if (created.ok) return { kind: 'Binary', binary: created.value, nextOffset };
  // Upstream's loaders stop at NotEnoughFlash whether it comes from the walk or from `create`.
  if (created.error.kind === 'NotEnoughFlash') {
    const name = packageNameAt(object);
    const reason = reasonLine(
      address,
      name,
      'binary end offset lies past the total size: end of the app list',
    );
    return { kind: 'End', error: created.error, reason };
  }
  return { kind: 'Skip', error: created.error, size: totalSize, nextOffset };
}

/** The package name in the header at the start of `object`, if the header parses. */
function packageNameAt(object: Uint8Array): string | undefined {
  const lengths = parseTbfHeaderLengths(object);
  if (!lengths.ok) return undefined;
  const header = parseTbfHeader(object, lengths.value.version);
  return header.ok ? header.value.getPackageName() : undefined;
}

function reasonLine(address: number, name: string | undefined, description: string): string {
  const label = name === undefined || name === '' ? '' : ` (${name})`;
  return `TBF at ${hex32(address)}${label}: ${description}`;
}

/**
 * Walks the TBF linked list in `[appFlashStart, appFlashEnd)` of `flash` exactly as upstream's
 * loaders do: each object starts where the previous one ends; a missing header, erased flash or
 * running out of flash ends the walk; every other problem skips that object, which is reported
 * in `rejected` with one reason line, and the walk goes on.
 */
export function discoverProcessBinaries(
  flash: FlashImage,
  appFlashStart: number,
  appFlashEnd: number,
  options: ProcessBinaryOptions = {},
): DiscoveryResult {
  const binaries: ProcessBinary[] = [];
  const rejected: RejectedBinary[] = [];
  const padding: { address: number; size: number }[] = [];
  const flashEnd = flash.start + flash.bytes.length;
  if (appFlashStart < flash.start || appFlashEnd > flashEnd || appFlashStart > appFlashEnd) {
    const error: DiscoveryError = { kind: 'NotEnoughFlash' };
    const reason =
      `App flash ${hex32(appFlashStart)}-${hex32(appFlashEnd)} is not inside flash ` +
      `${hex32(flash.start)}-${hex32(flashEnd)}`;
    return { binaries, rejected, padding, end: { address: appFlashStart, error, reason } };
  }
  const appFlash = flash.bytes.subarray(appFlashStart - flash.start, appFlashEnd - flash.start);
  let offset = 0;
  for (;;) {
    const address = (appFlashStart + offset) >>> 0;
    const step = discoverProcessBinary(appFlash, appFlashStart, offset, options);
    if (step.kind === 'End') {
      return { binaries, rejected, padding, end: { address, error: step.error, reason: step.reason } };
    }
    if (step.kind === 'Binary') {
      binaries.push(step.binary);
    } else if (step.error.kind === 'Padding') {
      padding.push({ address, size: step.size });
    } else {
      const name = packageNameAt(appFlash.subarray(offset, step.nextOffset));
      const reason = reasonLine(address, name, describeDiscoveryError(step.error, options.kernelVersion));
      rejected.push({ address, size: step.size, error: step.error, reason });
    }
    offset = step.nextOffset;
  }
}
