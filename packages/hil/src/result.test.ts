/** Tests for Result and the statuscode conversions capsules use in upcalls. */
import { describe, expect, it } from 'vitest';
import { ErrorCode } from './error-code.js';
import { err, fromStatusCode, intoStatusCode, mapResult, OK, ok, type Result, unwrapOr } from './result.js';

function divide(a: number, b: number): Result<number> {
  return b === 0 ? err(ErrorCode.INVAL) : ok(a / b);
}

describe('Result', () => {
  it('narrows on ok', () => {
    const good = divide(6, 3);
    const bad = divide(1, 0);
    expect(good.ok && good.value).toBe(2);
    expect(!bad.ok && bad.error).toBe(ErrorCode.INVAL);
  });

  it('OK is frozen and shared', () => {
    expect(OK).toEqual({ ok: true, value: undefined });
    expect(Object.isFrozen(OK)).toBe(true);
  });

  it('maps values and passes errors through', () => {
    expect(mapResult(divide(8, 2), (v) => v + 1)).toEqual(ok(5));
    const failed = divide(8, 0);
    expect(mapResult(failed, (v) => v + 1)).toBe(failed);
    expect(unwrapOr(failed, -1)).toBe(-1);
    expect(unwrapOr(divide(8, 4), -1)).toBe(2);
  });
});

describe('status codes', () => {
  it('encodes success as 0 and failures as their number', () => {
    expect(intoStatusCode(OK)).toBe(0);
    expect(intoStatusCode(err(ErrorCode.BUSY))).toBe(2);
    expect(intoStatusCode(err(ErrorCode.NOACK))).toBe(13);
  });

  it('round-trips every status code', () => {
    for (let status = 0; status <= 13; status++) {
      const decoded = fromStatusCode(status);
      expect(decoded).toBeDefined();
      if (decoded !== undefined) expect(intoStatusCode(decoded)).toBe(status);
    }
  });

  it('rejects numbers that are not status codes', () => {
    expect(fromStatusCode(14)).toBeUndefined();
    expect(fromStatusCode(-6)).toBeUndefined();
  });
});
