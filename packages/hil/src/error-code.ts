/**
 * Tock's standard error codes, with the numbers of upstream `kernel/src/errorcode.rs`.
 *
 * Every fallible kernel, capsule and driver operation reports one of these. The values are part
 * of the syscall ABI (TRD104 §3.4): they travel to userspace in failure return variants and in
 * upcall arguments, so they never change. Zero is never an error code; it means success.
 */

/** A Tock error code. Values 1–13 as upstream; values above 1023 are userspace-only. */
export enum ErrorCode {
  /** Generic failure condition. */
  FAIL = 1,
  /** Underlying system is busy; retry. */
  BUSY = 2,
  /** The state requested is already set. */
  ALREADY = 3,
  /** The component is powered down. */
  OFF = 4,
  /** Reservation required before use. */
  RESERVE = 5,
  /** An invalid parameter was passed. */
  INVAL = 6,
  /** Parameter passed was too large. */
  SIZE = 7,
  /** Operation cancelled by a call. */
  CANCEL = 8,
  /** Memory required not available. */
  NOMEM = 9,
  /** Operation is not supported. */
  NOSUPPORT = 10,
  /** Device is not available. */
  NODEVICE = 11,
  /** Device is not physically installed. */
  UNINSTALLED = 12,
  /** Packet transmission not acknowledged. */
  NOACK = 13,
}

/** Every kernel error code in numeric order. */
export const ALL_ERROR_CODES: readonly ErrorCode[] = Object.freeze([
  ErrorCode.FAIL,
  ErrorCode.BUSY,
  ErrorCode.ALREADY,
  ErrorCode.OFF,
  ErrorCode.RESERVE,
  ErrorCode.INVAL,
  ErrorCode.SIZE,
  ErrorCode.CANCEL,
  ErrorCode.NOMEM,
  ErrorCode.NOSUPPORT,
  ErrorCode.NODEVICE,
  ErrorCode.UNINSTALLED,
  ErrorCode.NOACK,
]);

/** True when `value` is the number of a kernel error code (1–13). */
export function isErrorCode(value: number): value is ErrorCode {
  return Number.isInteger(value) && value >= ErrorCode.FAIL && value <= ErrorCode.NOACK;
}

/** The error code with number `value`, or `undefined` when no error code has that number. */
export function errorCodeFromNumber(value: number): ErrorCode | undefined {
  return isErrorCode(value) ? value : undefined;
}

/** The upstream name of an error code (`'NOMEM'`), for reports and process-console output. */
export function errorCodeName(code: ErrorCode): string {
  return ErrorCode[code] ?? `ErrorCode(${String(code)})`;
}
