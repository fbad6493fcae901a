// The UART mux: queued transmissions, errors reported by callback, receive fan-out and aborts.
import { ErrorCode, type ReceiveClient, type Result, type TransmitClient, UartError } from '@tock-ts/hil';
import { DeferredCallRegistry } from '@tock-ts/kernel';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeUart } from '../testing/fake-uart.js';
import { MuxUart, RX_BUF_LEN, UartDevice } from './virtual-uart.js';

interface Event {
  readonly device: string;
  readonly kind: 'tx' | 'rx';
  readonly text: string;
  readonly length: number;
  readonly status: Result<void, ErrorCode>;
  readonly error?: UartError;
}

let deferred: DeferredCallRegistry;
let uart: FakeUart;
let mux: MuxUart;
let events: Event[];

function device(name: string, receiver: boolean): UartDevice {
  const created = new UartDevice(mux, receiver);
  created.setup();
  const client: TransmitClient & ReceiveClient = {
    transmittedBuffer: (buffer, length, status) =>
      events.push({
        device: name,
        kind: 'tx',
        text: String.fromCharCode(...buffer.subarray(0, length)),
        length,
        status,
      }),
    receivedBuffer: (buffer, length, status, error) =>
      events.push({
        device: name,
        kind: 'rx',
        text: String.fromCharCode(...buffer.subarray(0, length)),
        length,
        status,
        error,
      }),
  };
  created.setTransmitClient(client);
  created.setReceiveClient(client);
  return created;
}

function bytes(text: string, size = text.length): Uint8Array {
  const buffer = new Uint8Array(size);
  buffer.set(Array.from(text, (c) => c.charCodeAt(0)));
  return buffer;
}

/** Runs deferred calls and UART completions until nothing is left. */
function settle(): void {
  for (let rounds = 0; rounds < 100; rounds++) {
    if (deferred.serviceNextPending() !== undefined) continue;
    if (uart.completionPending) {
      uart.complete();
      continue;
    }
    return;
  }
  throw new Error('did not settle');
}

beforeEach(() => {
  deferred = new DeferredCallRegistry();
  uart = new FakeUart();
  mux = new MuxUart(uart, new Uint8Array(RX_BUF_LEN), 115_200, deferred);
  uart.setTransmitClient(mux);
  uart.setReceiveClient(mux);
  events = [];
});

describe('MuxUart transmit', () => {
  it('configures the port at its speed, 8N1', () => {
    mux.initialize();
    expect(uart.parameters).toMatchObject({ baudRate: 115_200, width: 8, parity: 0, stopBits: 1 });
  });

  it('queues transmissions from several devices and sends them one at a time', () => {
    const first = device('first', false);
    const second = device('second', false);
    expect(first.transmitBuffer(bytes('one '), 4).ok).toBe(true);
    expect(second.transmitBuffer(bytes('two '), 4).ok).toBe(true);
    // Nothing starts inside the downcall.
    expect(uart.transmissions).toEqual([]);
    settle();
    // The newest device comes first in the mux's list.
    expect(uart.text).toBe('two one ');
    expect(events.map((event) => [event.device, event.text, event.status.ok])).toEqual([
      ['second', 'two ', true],
      ['first', 'one ', true],
    ]);
  });

  it('answers BUSY while a device has a transmission in flight and SIZE for nothing', () => {
    const only = device('only', false);
    expect(only.transmitBuffer(bytes('a'), 1).ok).toBe(true);
    const busy = only.transmitBuffer(bytes('b'), 1);
    expect(busy.ok ? undefined : busy.error.code).toBe(ErrorCode.BUSY);
    const empty = device('empty', false).transmitBuffer(bytes('c'), 0);
    expect(empty.ok ? undefined : empty.error.code).toBe(ErrorCode.SIZE);
    settle();
    expect(only.transmitBuffer(bytes('d'), 1).ok).toBe(true);
  });

  it('reports a port failure through the callback, never from inside transmitBuffer', () => {
    const only = device('only', false);
    uart.failTransmitWith = ErrorCode.OFF;
    expect(only.transmitBuffer(bytes('x'), 1).ok).toBe(true);
    expect(events).toEqual([]);
    settle();
    expect(events).toEqual([
      { device: 'only', kind: 'tx', text: '', length: 0, status: { ok: false, error: ErrorCode.OFF } },
    ]);
  });

  it('reports a word the port cannot send through transmittedWord', () => {
    const only = new UartDevice(mux, false);
    only.setup();
    const words: Result<void, ErrorCode>[] = [];
    only.setTransmitClient({
      transmittedBuffer: () => undefined,
      transmittedWord: (status) => words.push(status),
    });
    expect(only.transmitWord(0x41).ok).toBe(true);
    expect(only.transmitWord(0x42)).toEqual({ ok: false, error: ErrorCode.BUSY });
    settle();
    expect(words).toEqual([{ ok: false, error: ErrorCode.NOSUPPORT }]);
    expect(only.transmitWord(0x43).ok).toBe(true);
  });

  it('refuses to abort a shared transmission', () => {
    expect(device('only', false).transmitAbort()).toEqual({ ok: false, error: ErrorCode.FAIL });
  });
});

describe('MuxUart receive', () => {
  it('gives every receiving device a copy, reading for the shortest request', () => {
    const short = device('short', true);
    const long = device('long', true);
    const deaf = device('deaf', false);
    expect(short.receiveBuffer(new Uint8Array(8), 3).ok).toBe(true);
    expect(long.receiveBuffer(new Uint8Array(8), 5).ok).toBe(true);
    expect(deaf.receiveBuffer(new Uint8Array(8), 2).ok).toBe(true);
    settle();
    uart.feed('abcdefgh');
    expect(events.map((event) => [event.device, event.text, event.status.ok])).toEqual([
      ['short', 'abc', true],
      ['long', 'abcde', true],
    ]);
    expect(uart.receiving).toBe(false);
  });

  it('lets a client start its next read from the callback', () => {
    const reader = device('reader', true);
    reader.setReceiveClient({
      receivedBuffer: (buffer, length, status) => {
        events.push({
          device: 'reader',
          kind: 'rx',
          text: String.fromCharCode(...buffer.subarray(0, length)),
          length,
          status,
        });
        if (events.length < 3) reader.receiveBuffer(buffer, 1);
      },
    });
    reader.receiveBuffer(new Uint8Array(1), 1);
    uart.feed('xyz!');
    expect(events.map((event) => event.text)).toEqual(['x', 'y', 'z']);
  });

  it('aborts one device’s read with CANCEL and what arrived, while the others keep reading', () => {
    const quitter = device('quitter', true);
    const stayer = device('stayer', true);
    quitter.receiveBuffer(new Uint8Array(8), 6);
    stayer.receiveBuffer(new Uint8Array(8), 4);
    settle();
    uart.feed('ab');
    expect(quitter.receiveAbort()).toEqual({ ok: false, error: ErrorCode.BUSY });
    settle();
    expect(events).toEqual([
      {
        device: 'quitter',
        kind: 'rx',
        text: 'ab',
        length: 2,
        status: { ok: false, error: ErrorCode.CANCEL },
        error: UartError.Aborted,
      },
    ]);
    uart.feed('cd');
    expect(events.at(-1)).toMatchObject({ device: 'stayer', text: 'abcd', length: 4 });
  });

  it('answers BUSY for a second read on one device and SIZE past its buffer', () => {
    const reader = device('reader', true);
    reader.receiveBuffer(new Uint8Array(4), 4);
    const again = reader.receiveBuffer(new Uint8Array(4), 4);
    expect(again.ok ? undefined : again.error.code).toBe(ErrorCode.BUSY);
    const other = device('other', true);
    const tooLong = other.receiveBuffer(new Uint8Array(2), 3);
    expect(tooLong.ok ? undefined : tooLong.error.code).toBe(ErrorCode.SIZE);
  });
});
