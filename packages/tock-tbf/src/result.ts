/**
 * The success-or-error value every TBF parsing function returns.
 *
 * The same shape as `Result` in `@tock-ts/hil` (this package depends on nothing, so tools can
 * use it alone): a discriminated union, so malformed input is a value and never an exception.
 */

/** Success carrying `value`, or failure carrying `error`. */
export type TbfResult<T, E> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };

/** Wraps a successful value. */
export function success<T>(value: T): TbfResult<T, never> {
  return { ok: true, value };
}

/** Wraps an error. */
export function failure<E>(error: E): TbfResult<never, E> {
  return { ok: false, error };
}
