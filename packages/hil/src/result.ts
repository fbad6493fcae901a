/**
 * `Result`: the success-or-error value every fallible tock-ts operation returns.
 *
 * Mirrors Rust's `Result<T, E>` as Tock uses it: a discriminated union instead of exceptions,
 * so expected failures are values and only kernel panics throw. `intoStatusCode` is upstream's
 * `into_statuscode`, the number capsules put in upcall argument 0.
 */
import { type ErrorCode, errorCodeFromNumber } from './error-code.js';

/** Success carrying `value`, or failure carrying `error`. */
export type Result<T = void, E = ErrorCode> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };

/** The shared `Ok(())`. */
export const OK: Result<void, never> = Object.freeze({ ok: true, value: undefined });

/** `Ok(value)`. */
export function ok<T>(value: T): Result<T, never> {
  return { ok: true, value };
}

/** `Err(error)`. */
export function err<E>(error: E): Result<never, E> {
  return { ok: false, error };
}

/** A failed split-phase call hands its buffer back with the reason (Tock's `(ErrorCode, &mut [u8])`). */
export interface BufferError {
  readonly code: ErrorCode;
  readonly buffer: Uint8Array;
}

/** Upstream `into_statuscode`: 0 for success, the error's number for a failure. */
export function intoStatusCode(result: Result<unknown, ErrorCode>): number {
  return result.ok ? 0 : result.error;
}

/** The inverse of `intoStatusCode`: 0 is success; any other number must be an error code. */
export function fromStatusCode(status: number): Result<void, ErrorCode> | undefined {
  if (status === 0) return OK;
  const code = errorCodeFromNumber(status);
  return code === undefined ? undefined : err(code);
}

/** The value of an `Ok`, or `fallback` for an `Err`. */
export function unwrapOr<T, E>(result: Result<T, E>, fallback: T): T {
  return result.ok ? result.value : fallback;
}

/** Applies `fn` to the value of an `Ok`; an `Err` passes through unchanged. */
export function mapResult<T, U, E>(result: Result<T, E>, fn: (value: T) => U): Result<U, E> {
  return result.ok ? ok(fn(result.value)) : result;
}
