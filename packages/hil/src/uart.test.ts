// The UART HIL's numeric values match upstream `kernel/src/hil/uart.rs`.
import { describe, expect, it } from 'vitest';
import { Parity, StopBits, UartError, Width } from './uart.js';

describe('uart HIL values', () => {
  it('numbers stop bits, parity and width as upstream does', () => {
    expect([StopBits.One, StopBits.Two]).toEqual([1, 2]);
    expect([Parity.None, Parity.Odd, Parity.Even]).toEqual([0, 1, 2]);
    expect([Width.Six, Width.Seven, Width.Eight]).toEqual([6, 7, 8]);
    expect(Object.values(UartError)).toEqual([
      'None',
      'ParityError',
      'FramingError',
      'OverrunError',
      'RepeatCallError',
      'ResetError',
      'BreakError',
      'Aborted',
    ]);
  });
});
