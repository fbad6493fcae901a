// UARTE driver tests against the UARTE model: split-phase transmit and receive, chunking, errors.
import { ErrorCode, Parity, type Result, StopBits, UartError, Width } from '@tock-ts/hil';
import { describe, expect, it } from 'vitest';
import { createTestBoard } from './test-board.test-support.js';
import { baudRateDivider } from './uarte.js';

const PARAMETERS_115200 = {
  baudRate: 115_200,
  width: Width.Eight,
  parity: Parity.None,
  stopBits: StopBits.One,
  hardwareFlowControl: false,
};

/** The ASCII bytes of `text`. */
function bytesOf(text: string): Uint8Array {
  return Uint8Array.from(text, (character) => character.charCodeAt(0));
}

function setup() {
  const board = createTestBoard();
  const uart = board.peripherals.uarte0;
  uart.initialize(6, 8, 7, 5);
  expect(uart.configure(PARAMETERS_115200)).toEqual({ ok: true, value: undefined });
  const sent: Array<[number, number]> = [];
  board.chip.uarte0.onTransmit = (byte) => sent.push([board.chip.clock.nowNanos, byte]);
  return { ...board, uart, sent };
}

describe('baudRateDivider', () => {
  it('matches the dividers upstream computes', () => {
    const expected: Array<[number, number]> = [
      [1200, 0x0004_f000],
      [9600, 0x0027_5000],
      [14_400, 0x003b_0000],
      [115_200, 0x01d7_e000],
      [250_000, 0x0400_0000],
      [921_600, 0x0ebe_e000],
      [1_000_000, 0x1000_0000],
    ];
    for (const [baud, divider] of expected)
      expect(baudRateDivider(baud)).toEqual({ ok: true, value: divider });
    expect(baudRateDivider(0)).toEqual({ ok: false, error: ErrorCode.INVAL });
    expect(baudRateDivider(4_000_000)).toEqual({ ok: false, error: ErrorCode.INVAL });
  });
});

describe('Uarte driver', () => {
  it('transmits "hello" byte by byte at 115200 baud and calls back once with the buffer', () => {
    const { uart, sent, runUntil, chip } = setup();
    const completions: Array<[Uint8Array, number, Result<void, ErrorCode>, number]> = [];
    uart.setTransmitClient({
      transmittedBuffer: (buffer, length, status) =>
        completions.push([buffer, length, status, chip.clock.nowNanos]),
    });
    const buffer = bytesOf('hello, and more');
    expect(uart.transmitBuffer(buffer, 5).ok).toBe(true);
    runUntil(10_000_000);
    expect(sent.map(([, byte]) => String.fromCharCode(byte)).join('')).toBe('hello');
    expect(sent.map(([time]) => time)).toEqual([86_803, 173_606, 260_409, 347_212, 434_015]);
    expect(completions).toHaveLength(1);
    const [returned, length, status, time] = completions[0] ?? [];
    expect(returned).toBe(buffer);
    expect(length).toBe(5);
    expect(status?.ok).toBe(true);
    expect(time).toBe(434_015);
  });

  it('refuses a zero length, a length past the buffer and a second transmission', () => {
    const { uart } = setup();
    const buffer = new Uint8Array(4);
    expect(uart.transmitBuffer(buffer, 0)).toEqual({ ok: false, error: { code: ErrorCode.SIZE, buffer } });
    expect(uart.transmitBuffer(buffer, 5)).toEqual({ ok: false, error: { code: ErrorCode.SIZE, buffer } });
    expect(uart.transmitBuffer(buffer, 4).ok).toBe(true);
    const other = new Uint8Array(1);
    expect(uart.transmitBuffer(other, 1)).toEqual({
      ok: false,
      error: { code: ErrorCode.BUSY, buffer: other },
    });
  });

  it('sends a buffer longer than one DMA transfer in 255-byte pieces', () => {
    const { uart, sent, runUntil } = setup();
    let calls = 0;
    uart.setTransmitClient({ transmittedBuffer: () => calls++ });
    const buffer = Uint8Array.from({ length: 600 }, (_, index) => index & 0xff);
    expect(uart.transmitBuffer(buffer, 600).ok).toBe(true);
    runUntil(100_000_000);
    expect(sent.map(([, byte]) => byte)).toEqual(Array.from(buffer));
    expect(calls).toBe(1);
  });

  it('receives the requested bytes and hands them back', () => {
    const { uart, runUntil, chip } = setup();
    const received: Array<[string, number, boolean, UartError]> = [];
    uart.setReceiveClient({
      receivedBuffer: (buffer, length, status, error) =>
        received.push([String.fromCharCode(...buffer.subarray(0, length)), length, status.ok, error]),
    });
    expect(uart.receiveBuffer(new Uint8Array(8), 3).ok).toBe(true);
    chip.uarte0.receiveBytes(bytesOf('abcd'));
    runUntil(10_000_000);
    expect(received).toEqual([['abc', 3, true, UartError.None]]);
  });

  it('aborts a reception: BUSY now, then the bytes so far with CANCEL', () => {
    const { uart, runUntil, chip } = setup();
    const received: Array<[number, Result<void, ErrorCode>]> = [];
    uart.setReceiveClient({ receivedBuffer: (_buffer, length, status) => received.push([length, status]) });
    const buffer = new Uint8Array(8);
    expect(uart.receiveAbort()).toEqual({ ok: true, value: undefined });
    expect(uart.receiveBuffer(buffer, 8).ok).toBe(true);
    chip.uarte0.receiveByte(0x5a);
    expect(uart.receiveAbort()).toEqual({ ok: false, error: ErrorCode.BUSY });
    expect(received).toEqual([]);
    runUntil(1_000_000);
    expect(received).toEqual([[1, { ok: false, error: ErrorCode.CANCEL }]]);
    expect(buffer[0]).toBe(0x5a);
  });

  it('rejects settings the driver does not support', () => {
    const { uart } = setup();
    expect(uart.configure({ ...PARAMETERS_115200, parity: Parity.Even })).toEqual({
      ok: false,
      error: ErrorCode.NOSUPPORT,
    });
    expect(uart.configure({ ...PARAMETERS_115200, baudRate: 300 })).toEqual({
      ok: false,
      error: ErrorCode.INVAL,
    });
  });

  it('receives more than one DMA transfer into one buffer', () => {
    const { uart, runUntil, chip } = setup();
    const lengths: number[] = [];
    uart.setReceiveClient({ receivedBuffer: (_buffer, length) => lengths.push(length) });
    const buffer = new Uint8Array(300);
    expect(uart.receiveBuffer(buffer, 300).ok).toBe(true);
    // Paced so each byte lands after the previous ENDRX bottom half re-armed the receiver.
    const input = Uint8Array.from({ length: 300 }, (_, index) => (index * 3) & 0xff);
    chip.uarte0.receiveBytes(input);
    runUntil(100_000_000);
    expect(lengths).toEqual([300]);
    expect(buffer).toEqual(input);
  });
});
