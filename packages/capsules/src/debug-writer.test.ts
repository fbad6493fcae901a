// The debug writer: CRLF lines, chunked publishing, truncation when full, and interleaving with
// the console on one UART mux.
import type { DeferredCallRegistry } from '@tock-ts/kernel';
import { allowReadOnly, command, FakeBoard, memop } from '@tock-ts/kernel/testing';
import { describe, expect, it } from 'vitest';
import { Console } from './console.js';
import { UartDebugWriter } from './debug-writer.js';
import { FakeUart } from './testing/fake-uart.js';
import { runSteps } from './testing/process-harness.js';
import { MuxUart, RX_BUF_LEN, UartDevice } from './virtualizers/virtual-uart.js';

function directWriter(totalBytes?: number): { uart: FakeUart; writer: UartDebugWriter } {
  const uart = new FakeUart();
  const writer = UartDebugWriter.withBufferSize(uart, totalBytes);
  uart.setTransmitClient(writer);
  return { uart, writer };
}

describe('UartDebugWriter', () => {
  it('prints debug lines with CRLF and publishes at once', () => {
    const { uart, writer } = directWriter();
    writer.debug('Initialization complete. Entering main loop');
    expect(uart.transmissions).toEqual([45]);
    uart.drain();
    expect(uart.text).toBe('Initialization complete. Entering main loop\r\n');
  });

  it('queues while a chunk is in flight and sends the rest in 64-byte chunks', () => {
    const { uart, writer } = directWriter();
    writer.debugPrint('first ');
    writer.debug('y'.repeat(100));
    expect(writer.toWriteLength()).toBe(102);
    uart.drain();
    expect(uart.transmissions).toEqual([6, 64, 38]);
    expect(uart.text).toBe(`first ${'y'.repeat(100)}\r\n`);
    expect(writer.toWriteLength()).toBe(0);
  });

  it('numbers verbose messages with their file and line', () => {
    const { uart, writer } = directWriter();
    writer.debugVerbose('got here', 'capsules/src/alarm.ts', 42);
    writer.debugVerbose('and here', 'capsules/src/alarm.ts', 43);
    uart.drain();
    expect(uart.text).toBe(
      'TOCK_DEBUG(1): capsules/src/alarm.ts:42: got here\r\nTOCK_DEBUG(2): capsules/src/alarm.ts:43: and here\r\n',
    );
  });

  it('drops what does not fit in the ring, keeping earlier messages', () => {
    // 64 bytes of output buffer and a 33-byte ring that holds 32.
    const { uart, writer } = directWriter(97);
    writer.debug('first');
    // 'first\r\n' is on the wire; everything else waits in the ring.
    expect(uart.transmissions).toEqual([7]);
    writer.debug('0123456789');
    writer.debug('abcdefghijklmnopqrstuvwxyz');
    expect(writer.toWriteLength()).toBe(32);
    expect(writer.availableLength()).toBe(0);
    const flushed: number[] = [];
    writer.flush((bytes) => flushed.push(...bytes));
    expect(String.fromCharCode(...flushed)).toBe('0123456789\r\nabcdefghijklmnopqrst');
  });

  it('writes an overflow note when the caller gives one', () => {
    const { writer } = directWriter(97);
    const note = Uint8Array.from([0x21, 0x21]);
    expect(writer.write(new Uint8Array(40).fill(0x2e), note)).toBe(32);
    const flushed: number[] = [];
    writer.flush((bytes) => flushed.push(...bytes));
    expect(String.fromCharCode(...flushed)).toBe(`${'.'.repeat(30)}!!`);
  });

  it('rejects a buffer too small to leave a ring', () => {
    expect(() => UartDebugWriter.withBufferSize(new FakeUart(), 64)).toThrow(/leaves no ring/);
  });
});

describe('debug output and the console on one mux', () => {
  it('interleaves whole chunks: a kernel message lands between two console chunks', () => {
    const board = new FakeBoard();
    const deferred: DeferredCallRegistry = board.kernel.deferredCalls;
    // Transmissions complete only when the test says so, like a slow serial line.
    const uart = new FakeUart();
    const mux = new MuxUart(uart, new Uint8Array(RX_BUF_LEN), 115_200, deferred);
    uart.setTransmitClient(mux);
    uart.setReceiveClient(mux);
    const consoleDevice = new UartDevice(mux, true);
    consoleDevice.setup();
    const console = new Console(
      consoleDevice,
      new Uint8Array(64),
      new Uint8Array(64),
      Console.createGrant(board.kernel, board.capabilities.memoryAllocation),
    );
    consoleDevice.setTransmitClient(console);
    consoleDevice.setReceiveClient(console);
    board.addDriver(1, console);
    const debugDevice = new UartDevice(mux, false);
    debugDevice.setup();
    const writer = UartDebugWriter.withBufferSize(debugDevice);
    debugDevice.setTransmitClient(writer);

    const process = board.createProcess();
    runSteps(board, process, memop(1, 512));
    const buffer = process.memoryStart + 0x40;
    board.chip.ram.bytes.fill(0x41, buffer - board.chip.ram.start, buffer - board.chip.ram.start + 100);
    process.storedState.push(allowReadOnly(1, 1, buffer, 100), command(1, 1, 100));
    board.resume(process);
    board.run();
    // The console's first chunk is on the wire; the kernel prints meanwhile.
    expect(uart.transmissions).toEqual([64]);
    writer.debug('kernel says hi');
    for (let chunks = 0; uart.completionPending && chunks < 10; chunks++) {
      uart.complete();
      board.run();
    }
    expect(uart.text).toBe(`${'A'.repeat(64)}kernel says hi\r\n${'A'.repeat(36)}`);
  });
});
