/**
 * Application identity: which binaries count as the same application, and their ShortIds.
 *
 * Mirrors upstream's `AppUniqueness` and `Compress` traits (`kernel/src/process_checker.rs`)
 * and the assigners in `capsules/system/src/process_checker/{basic.rs,tbf.rs}`. A ShortId is a
 * non-zero 32-bit number, or `undefined` for upstream's `LocallyUnique`, which never equals any
 * other ShortId, not even another `LocallyUnique`.
 */
import type { ProcessBinary } from '../process-binary.js';

/** What identity rules need from a process that is already running. */
export interface RunningProcessIdentity {
  /** The process name (its PackageName). */
  readonly name: string;
  /** Its ShortId, `undefined` for `LocallyUnique`. */
  readonly shortId: number | undefined;
}

/** Upstream `ShortId` equality: both fixed and the same number. */
export function shortIdsEqual(a: number | undefined, b: number | undefined): boolean {
  return a !== undefined && b !== undefined && a === b;
}

/** Upstream `AppIdPolicy` (`AppUniqueness` + `Compress`). */
export interface AppIdPolicy {
  /** False when the two binaries are the same application and so may not run together. */
  differentIdentifier(binaryA: ProcessBinary, binaryB: ProcessBinary): boolean;
  /** The same question for a binary and a running process. */
  differentIdentifierProcess(binary: ProcessBinary, process: RunningProcessIdentity): boolean;
  /** The same question for two running processes. */
  differentIdentifierProcesses(processA: RunningProcessIdentity, processB: RunningProcessIdentity): boolean;
  /** The ShortId `binary` gets (it may use `binary.credential`). */
  toShortId(binary: ProcessBinary): number | undefined;
}

/** Upstream's `()` policy: every binary is a different application with a `LocallyUnique` id. */
export class AppIdAssignerLocallyUnique implements AppIdPolicy {
  differentIdentifier(_binaryA: ProcessBinary, _binaryB: ProcessBinary): boolean {
    return true;
  }

  differentIdentifierProcess(_binary: ProcessBinary, _process: RunningProcessIdentity): boolean {
    return true;
  }

  differentIdentifierProcesses(
    _processA: RunningProcessIdentity,
    _processB: RunningProcessIdentity,
  ): boolean {
    return true;
  }

  toShortId(_binary: ProcessBinary): number | undefined {
    return undefined;
  }
}

/**
 * CRC-32/POSIX of `bytes`: polynomial 0x04C11DB7, most significant bit first, initial value 0,
 * result inverted (upstream `kernel::utilities::helpers::crc32_posix`).
 */
export function crc32Posix(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc = (crc ^ (byte << 24)) >>> 0;
    for (let bit = 0; bit < 8; bit++) {
      crc = (crc & 0x80000000) !== 0 ? ((crc << 1) ^ 0x04c11db7) >>> 0 : (crc << 1) >>> 0;
    }
  }
  return ~crc >>> 0;
}

/** UTF-8 bytes of `text` (portable: no TextEncoder in the ES2022 library). */
function utf8Bytes(text: string): Uint8Array {
  const bytes: number[] = [];
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
    else if (code < 0x10000)
      bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    else {
      bytes.push(
        0xf0 | (code >> 18),
        0x80 | ((code >> 12) & 0x3f),
        0x80 | ((code >> 6) & 0x3f),
        0x80 | (code & 0x3f),
      );
    }
  }
  return Uint8Array.from(bytes);
}

/**
 * Upstream `AppIdAssignerNames`: the ShortId is a hash of the package name (by default CRC-32/
 * POSIX of its UTF-8 bytes, as upstream's component does; a missing name hashes as `''`), and
 * two binaries are the same application when their ShortIds are equal. A hash of 0 gives
 * `LocallyUnique`.
 */
export class AppIdAssignerNames implements AppIdPolicy {
  readonly #hash: (name: string) => number;

  constructor(hash: (name: string) => number = (name) => crc32Posix(utf8Bytes(name))) {
    this.#hash = hash;
  }

  toShortId(binary: ProcessBinary): number | undefined {
    const value = this.#hash(binary.packageName) >>> 0;
    return value === 0 ? undefined : value;
  }

  differentIdentifier(binaryA: ProcessBinary, binaryB: ProcessBinary): boolean {
    return !shortIdsEqual(this.toShortId(binaryA), this.toShortId(binaryB));
  }

  differentIdentifierProcess(binary: ProcessBinary, process: RunningProcessIdentity): boolean {
    return !shortIdsEqual(this.toShortId(binary), process.shortId);
  }

  differentIdentifierProcesses(processA: RunningProcessIdentity, processB: RunningProcessIdentity): boolean {
    return !shortIdsEqual(processA.shortId, processB.shortId);
  }
}

/**
 * Upstream `AppIdAssignerTbfHeader`: the ShortId is the ShortId TLV (`LocallyUnique` without
 * one); the AppID is the ShortId, so the identifier checks themselves never match.
 */
export class AppIdAssignerTbfHeader implements AppIdPolicy {
  toShortId(binary: ProcessBinary): number | undefined {
    return binary.header.getFixedShortId();
  }

  differentIdentifier(_binaryA: ProcessBinary, _binaryB: ProcessBinary): boolean {
    return true;
  }

  differentIdentifierProcess(_binary: ProcessBinary, _process: RunningProcessIdentity): boolean {
    return true;
  }

  differentIdentifierProcesses(
    _processA: RunningProcessIdentity,
    _processB: RunningProcessIdentity,
  ): boolean {
    return true;
  }
}

/**
 * Upstream `AppIdAssignerSimulated`: the AppID is the package name (two binaries with the same
 * name are the same application); every ShortId is `LocallyUnique`.
 */
export class AppIdAssignerSimulated implements AppIdPolicy {
  toShortId(_binary: ProcessBinary): number | undefined {
    return undefined;
  }

  differentIdentifier(binaryA: ProcessBinary, binaryB: ProcessBinary): boolean {
    return binaryA.packageName !== binaryB.packageName;
  }

  differentIdentifierProcess(binary: ProcessBinary, process: RunningProcessIdentity): boolean {
    return binary.packageName !== process.name;
  }

  differentIdentifierProcesses(processA: RunningProcessIdentity, processB: RunningProcessIdentity): boolean {
    return processA.name !== processB.name;
  }
}
