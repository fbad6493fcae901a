/**
 * Random-number HIL: a split-phase source of 32-bit random words, and a synchronous generator
 * (upstream `kernel/src/hil/rng.rs`).
 */
import type { ErrorCode } from './error-code.js';
import type { Result } from './result.js';

/** Whether a randomness or entropy client wants more (upstream `Continue`). */
export enum Continue {
  /** Call again when more is available. */
  More = 'More',
  /** Enough; no more callbacks until the next `get()`. */
  Done = 'Done',
}

/** Random words handed to a client; `next()` answers `undefined` once they run out. */
export interface RandomWords {
  next(): number | undefined;
}

/** Told when random words are available (upstream `rng::Client`). */
export interface RngClient {
  /**
   * Takes as many words as it needs from `randomness` and says whether it wants more. After a
   * `cancel()`, `status` is `CANCEL`.
   */
  randomnessAvailable(randomness: RandomWords, status: Result<void, ErrorCode>): Continue;
}

/** A split-phase source of random 32-bit words (upstream `Rng`). */
export interface Rng {
  /** Starts acquiring randomness. `Ok`: a callback follows. `FAIL` or `OFF`: none follows. */
  get(): Result<void, ErrorCode>;
  /** Cancels a request. `Ok`: no callback follows. `FAIL`: a callback still comes. */
  cancel(): Result<void, ErrorCode>;
  setClient(client: RngClient): void;
}

/** A synchronous 32-bit generator (upstream `Random`). */
export interface Random {
  /** Seeds from an internal source. */
  initialize(): void;
  /** Seeds with `seed`, for deterministic runs. */
  reseed(seed: number): void;
  /** The next 32-bit random number. */
  random(): number;
}
