/**
 * Entropy HIL: split-phase sources of true randomness in 32-bit words or bytes (upstream
 * `kernel/src/hil/entropy.rs`). The RNG capsule reaches them through adapters to `Rng`.
 */
import type { ErrorCode } from './error-code.js';
import type { Result } from './result.js';
import type { Continue } from './rng.js';

/** Entropy values handed to a client; `next()` answers `undefined` once they run out. */
export interface EntropyValues {
  next(): number | undefined;
}

/** Told when 32-bit entropy is available (upstream `Client32`). */
export interface EntropyClient32 {
  /** Takes words from `entropy` and says whether it wants more; `CANCEL` after a `cancel()`. */
  entropyAvailable(entropy: EntropyValues, status: Result<void, ErrorCode>): Continue;
}

/** Told when byte entropy is available (upstream `Client8`). */
export interface EntropyClient8 {
  /** Takes bytes from `entropy` and says whether it wants more; `CANCEL` after a `cancel()`. */
  entropyAvailable(entropy: EntropyValues, status: Result<void, ErrorCode>): Continue;
}

/** A source of 32-bit entropy words (upstream `Entropy32`). */
export interface Entropy32 {
  /** Starts acquiring entropy. `Ok`: a callback follows. `FAIL` or `OFF`: none follows. */
  get(): Result<void, ErrorCode>;
  /** Cancels a request. `Ok`: no callback follows. `FAIL`: a callback still comes. */
  cancel(): Result<void, ErrorCode>;
  setClient(client: EntropyClient32): void;
}

/** A source of entropy bytes (upstream `Entropy8`). */
export interface Entropy8 {
  /** Starts acquiring entropy. `Ok`: a callback follows. `FAIL` or `OFF`: none follows. */
  get(): Result<void, ErrorCode>;
  /** Cancels a request. `Ok`: no callback follows. `FAIL`: a callback still comes. */
  cancel(): Result<void, ErrorCode>;
  setClient(client: EntropyClient8): void;
}
