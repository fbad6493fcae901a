/**
 * Flash HIL: reading, writing and erasing whole pages of internal flash, split-phase (upstream
 * `kernel/src/hil/flash.rs`). A page buffer is a `Uint8Array` of the chip's page size; it is
 * handed over whole and comes back in the error or the callback.
 */
import type { ErrorCode } from './error-code.js';
import type { BufferError, Result } from './result.js';

/** What went wrong in a flash operation (upstream `flash::Error`). */
export enum FlashError {
  /** The operation failed. */
  FlashError = 'FlashError',
  /** A protection violation was detected. */
  FlashMemoryProtectionError = 'FlashMemoryProtectionError',
}

/** Told when a flash operation completes (upstream `flash::Client`). */
export interface FlashClient {
  readComplete(buffer: Uint8Array, result: Result<void, FlashError>): void;
  writeComplete(buffer: Uint8Array, result: Result<void, FlashError>): void;
  eraseComplete(result: Result<void, FlashError>): void;
}

/** Page-granular flash (upstream `Flash` with `HasClient`). */
export interface Flash {
  /** Bytes in one page; every page buffer has this length. */
  readonly pageSize: number;
  setClient(client: FlashClient): void;
  /** Reads page `pageNumber` into `buffer`. `Ok`: `readComplete` follows; an error returns the buffer. */
  readPage(pageNumber: number, buffer: Uint8Array): Result<void, BufferError>;
  /** Writes `buffer` to page `pageNumber`. `Ok`: `writeComplete` follows; an error returns the buffer. */
  writePage(pageNumber: number, buffer: Uint8Array): Result<void, BufferError>;
  /** Sets every byte of page `pageNumber` to 0xFF. `Ok`: `eraseComplete` follows. */
  erasePage(pageNumber: number): Result<void, ErrorCode>;
}
