// The console through the kernel's syscall path: chunked writes, queued writers, reads, aborts
// and the error paths, over a UART mux on a fake UART completed by deferred calls.
import { ErrorCode } from '@tock-ts/hil';
import { ReturnVariant } from '@tock-ts/kernel';
import {
  allowReadOnly,
  allowReadWrite,
  command,
  FakeBoard,
  type FakeProcess,
  memop,
  subscribe,
} from '@tock-ts/kernel/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { CONSOLE_DRIVER_NUM, Console } from './console.js';
import { FakeUart } from './testing/fake-uart.js';
import { deliveredUpcalls, runSteps } from './testing/process-harness.js';
import { MuxUart, RX_BUF_LEN, UartDevice } from './virtualizers/virtual-uart.js';

const FLASH = 0x0004_0000;
const WRITE_DONE_FN = FLASH + 0x100;
const READ_DONE_FN = FLASH + 0x104;
const CONSOLE = CONSOLE_DRIVER_NUM;

let board: FakeBoard;
let uart: FakeUart;
let process: FakeProcess;

/** Gives the process 512 more bytes of RAM and returns an address inside it for buffers. */
function growRam(target: FakeProcess): number {
  runSteps(board, target, memop(1, 512));
  return target.memoryStart + 0x40;
}

/** Puts `text` into `target`'s RAM at `address`. */
function poke(address: number, text: string): void {
  board.chip.ram.bytes.set(
    Array.from(text, (c) => c.charCodeAt(0)),
    address - board.chip.ram.start,
  );
}

function peek(address: number, length: number): string {
  const offset = address - board.chip.ram.start;
  return String.fromCharCode(...board.chip.ram.bytes.subarray(offset, offset + length));
}

beforeEach(() => {
  board = new FakeBoard();
  uart = new FakeUart(board.kernel.deferredCalls);
  const mux = new MuxUart(uart, new Uint8Array(RX_BUF_LEN), 115_200, board.kernel.deferredCalls);
  uart.setTransmitClient(mux);
  uart.setReceiveClient(mux);
  mux.initialize();
  const device = new UartDevice(mux, true);
  device.setup();
  const console = new Console(
    device,
    new Uint8Array(64),
    new Uint8Array(64),
    Console.createGrant(board.kernel, board.capabilities.memoryAllocation),
  );
  device.setTransmitClient(console);
  device.setReceiveClient(console);
  board.addDriver(CONSOLE, console);
  process = board.createProcess({ packageName: 'console' });
});

describe('Console writes (command 1)', () => {
  it('writes the allowed bytes and reports the count in upcall 1', () => {
    const buffer = growRam(process);
    poke(buffer, 'hello, world\n');
    const returns = runSteps(
      board,
      process,
      subscribe(CONSOLE, 1, WRITE_DONE_FN, 7),
      allowReadOnly(CONSOLE, 1, buffer, 13),
      command(CONSOLE, 1, 13),
    );
    expect(returns.at(-1)).toEqual({ variant: ReturnVariant.Success });
    expect(uart.text).toBe('hello, world\n');
    expect(deliveredUpcalls(process, WRITE_DONE_FN)).toEqual([[13, 0, 0, 7]]);
  });

  it('sends long writes in chunks of its buffer and reports once', () => {
    const buffer = growRam(process);
    const text = 'x'.repeat(150);
    poke(buffer, text);
    runSteps(
      board,
      process,
      subscribe(CONSOLE, 1, WRITE_DONE_FN, 0),
      allowReadOnly(CONSOLE, 1, buffer, 150),
      command(CONSOLE, 1, 150),
    );
    expect(uart.transmissions).toEqual([64, 64, 22]);
    expect(uart.text).toBe(text);
    expect(deliveredUpcalls(process, WRITE_DONE_FN)).toEqual([[150, 0, 0, 0]]);
  });

  it('writes no more than arg0 nor than the allowed length', () => {
    const buffer = growRam(process);
    poke(buffer, 'abcdefgh');
    runSteps(
      board,
      process,
      subscribe(CONSOLE, 1, WRITE_DONE_FN, 0),
      allowReadOnly(CONSOLE, 1, buffer, 8),
      command(CONSOLE, 1, 3),
    );
    runSteps(board, process, command(CONSOLE, 1, 100));
    expect(uart.text).toBe('abcabcdefgh');
    expect(deliveredUpcalls(process, WRITE_DONE_FN)).toEqual([
      [3, 0, 0, 0],
      [8, 0, 0, 0],
    ]);
  });

  it('reports an empty write at once with 0 bytes', () => {
    runSteps(board, process, subscribe(CONSOLE, 1, WRITE_DONE_FN, 0), command(CONSOLE, 1, 10));
    expect(uart.output).toEqual([]);
    expect(deliveredUpcalls(process, WRITE_DONE_FN)).toEqual([[0, 0, 0, 0]]);
  });

  it('queues a second process’s write until the first has gone out whole', () => {
    const other = board.createProcess({ packageName: 'other', flashStart: FLASH + 0x400 });
    const otherFn = FLASH + 0x500;
    const first = growRam(process);
    const second = growRam(other);
    poke(first, 'A'.repeat(100));
    poke(second, 'B'.repeat(10));
    process.storedState.push(
      subscribe(CONSOLE, 1, WRITE_DONE_FN, 0),
      allowReadOnly(CONSOLE, 1, first, 100),
      command(CONSOLE, 1, 100),
    );
    other.storedState.push(
      subscribe(CONSOLE, 1, otherFn, 0),
      allowReadOnly(CONSOLE, 1, second, 10),
      command(CONSOLE, 1, 10),
    );
    board.resume(process);
    board.resume(other);
    board.run();
    expect(uart.text).toBe(`${'A'.repeat(100)}${'B'.repeat(10)}`);
    expect(deliveredUpcalls(process, WRITE_DONE_FN)).toEqual([[100, 0, 0, 0]]);
    expect(deliveredUpcalls(other, otherFn)).toEqual([[10, 0, 0, 0]]);
  });
});

describe('Console writers that die', () => {
  it('moves on to the waiting writer when the writing process terminates mid-write', () => {
    // Transmissions complete only when the test says so.
    const slowBoard = new FakeBoard();
    const slowUart = new FakeUart();
    const mux = new MuxUart(slowUart, new Uint8Array(RX_BUF_LEN), 115_200, slowBoard.kernel.deferredCalls);
    slowUart.setTransmitClient(mux);
    const device = new UartDevice(mux, true);
    device.setup();
    const console = new Console(
      device,
      new Uint8Array(64),
      new Uint8Array(64),
      Console.createGrant(slowBoard.kernel, slowBoard.capabilities.memoryAllocation),
    );
    device.setTransmitClient(console);
    slowBoard.addDriver(CONSOLE, console);
    board = slowBoard;
    const dying = slowBoard.createProcess({ packageName: 'dying' });
    const waiting = slowBoard.createProcess({ packageName: 'waiting', flashStart: FLASH + 0x400 });
    const first = growRam(dying);
    const second = growRam(waiting);
    poke(first, 'D'.repeat(150));
    poke(second, 'ok');
    runSteps(slowBoard, dying, allowReadOnly(CONSOLE, 1, first, 150), command(CONSOLE, 1, 150));
    runSteps(
      slowBoard,
      waiting,
      subscribe(CONSOLE, 1, FLASH + 0x500, 0),
      allowReadOnly(CONSOLE, 1, second, 2),
      command(CONSOLE, 1, 2),
    );
    expect(slowUart.transmissions).toEqual([64]);
    dying.terminate(0);
    for (let chunks = 0; slowUart.completionPending && chunks < 10; chunks++) {
      slowUart.complete();
      slowBoard.run();
    }
    expect(slowUart.text).toBe(`${'D'.repeat(64)}ok`);
    expect(deliveredUpcalls(waiting, FLASH + 0x500)).toEqual([[2, 0, 0, 0]]);
  });
});

describe('Console reads (command 2) and aborts (command 3)', () => {
  it('fills the allowed buffer and reports (0, count) in upcall 2', () => {
    const buffer = growRam(process);
    const returns = runSteps(
      board,
      process,
      subscribe(CONSOLE, 2, READ_DONE_FN, 9),
      allowReadWrite(CONSOLE, 1, buffer, 5),
      command(CONSOLE, 2, 5),
    );
    expect(returns.at(-1)).toEqual({ variant: ReturnVariant.Success });
    uart.feed('hello!');
    board.run();
    expect(peek(buffer, 5)).toBe('hello');
    expect(deliveredUpcalls(process, READ_DONE_FN)).toEqual([[0, 5, 0, 9]]);
  });

  it('answers BUSY to a second reader and INVAL for reads longer than its buffer', () => {
    const other = board.createProcess({ packageName: 'other', flashStart: FLASH + 0x400 });
    const buffer = growRam(process);
    const otherBuffer = growRam(other);
    runSteps(board, process, allowReadWrite(CONSOLE, 1, buffer, 100), command(CONSOLE, 2, 100));
    const first = process.storedState.lastReturn;
    expect(first).toEqual({ variant: ReturnVariant.Failure, error: ErrorCode.INVAL });
    runSteps(board, process, command(CONSOLE, 2, 4));
    const returns = runSteps(
      board,
      other,
      allowReadWrite(CONSOLE, 1, otherBuffer, 4),
      command(CONSOLE, 2, 4),
    );
    expect(returns.at(-1)).toEqual({ variant: ReturnVariant.Failure, error: ErrorCode.BUSY });
  });

  it('aborts a read: upcall 2 carries CANCEL and the bytes that arrived', () => {
    const buffer = growRam(process);
    runSteps(
      board,
      process,
      subscribe(CONSOLE, 2, READ_DONE_FN, 0),
      allowReadWrite(CONSOLE, 1, buffer, 8),
      command(CONSOLE, 2, 8),
    );
    uart.feed('ab');
    runSteps(board, process, command(CONSOLE, 3));
    expect(deliveredUpcalls(process, READ_DONE_FN)).toEqual([[ErrorCode.CANCEL, 2, 0, 0]]);
    expect(peek(buffer, 2)).toBe('ab');
  });
});

describe('Console errors', () => {
  it('answers Success to exists and NOSUPPORT to unknown commands', () => {
    expect(runSteps(board, process, command(CONSOLE, 0), command(CONSOLE, 9))).toEqual([
      { variant: ReturnVariant.Success },
      { variant: ReturnVariant.Failure, error: ErrorCode.NOSUPPORT },
    ]);
  });

  it('answers NOMEM when the process has no room for its grant', () => {
    runSteps(board, process, memop(1, process.kernelMemoryBreak - process.appBreak));
    expect(process.kernelMemoryBreak - process.appBreak).toBeLessThan(16);
    expect(runSteps(board, process, command(CONSOLE, 1, 4))).toEqual([
      { variant: ReturnVariant.Failure, error: ErrorCode.NOMEM },
    ]);
  });
});
