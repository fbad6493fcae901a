/** Tests for ErrorCode: the numbers must match upstream Tock's TRD104 table exactly. */
import { describe, expect, it } from 'vitest';
import { ALL_ERROR_CODES, ErrorCode, errorCodeFromNumber, errorCodeName, isErrorCode } from './error-code.js';

const UPSTREAM_TABLE: ReadonlyArray<[string, number]> = [
  ['FAIL', 1],
  ['BUSY', 2],
  ['ALREADY', 3],
  ['OFF', 4],
  ['RESERVE', 5],
  ['INVAL', 6],
  ['SIZE', 7],
  ['CANCEL', 8],
  ['NOMEM', 9],
  ['NOSUPPORT', 10],
  ['NODEVICE', 11],
  ['UNINSTALLED', 12],
  ['NOACK', 13],
];

describe('ErrorCode', () => {
  it('has every upstream value with its upstream number', () => {
    for (const [name, value] of UPSTREAM_TABLE) {
      expect(ErrorCode[name as keyof typeof ErrorCode]).toBe(value);
      expect(errorCodeName(value)).toBe(name);
    }
  });

  it('has no value beyond the upstream table', () => {
    const numeric = Object.values(ErrorCode).filter((v) => typeof v === 'number');
    expect(numeric).toHaveLength(UPSTREAM_TABLE.length);
    expect([...ALL_ERROR_CODES]).toEqual(UPSTREAM_TABLE.map(([, v]) => v));
  });

  it('never uses 0, which means success', () => {
    expect(isErrorCode(0)).toBe(false);
    expect(errorCodeFromNumber(0)).toBeUndefined();
  });

  it('converts numbers back only when they name an error code', () => {
    expect(errorCodeFromNumber(9)).toBe(ErrorCode.NOMEM);
    for (const bad of [-1, 14, 1024, 2.5, Number.NaN]) {
      expect(errorCodeFromNumber(bad)).toBeUndefined();
    }
  });
});
