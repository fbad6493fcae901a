// The kernel's process console on a UART device shared with the console and the debug writer:
// prompt, command output, typed bytes reaching both the shell and a reading process.
import { ProcessConsole } from '@tock-ts/kernel';
import { allowReadWrite, command, FakeBoard, memop, subscribe } from '@tock-ts/kernel/testing';
import { describe, expect, it } from 'vitest';
import { Console } from './console.js';
import { UartDebugWriter } from './debug-writer.js';
import { FakeUart } from './testing/fake-uart.js';
import { deliveredUpcalls, runSteps } from './testing/process-harness.js';
import { MuxUart, RX_BUF_LEN, UartDevice } from './virtualizers/virtual-uart.js';

const FLASH = 0x0004_0000;

function setup() {
  const board = new FakeBoard();
  const deferred = board.kernel.deferredCalls;
  const uart = new FakeUart(deferred);
  const mux = new MuxUart(uart, new Uint8Array(RX_BUF_LEN), 115_200, deferred);
  uart.setTransmitClient(mux);
  uart.setReceiveClient(mux);
  mux.initialize();

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
  const debug = UartDebugWriter.withBufferSize(debugDevice);
  debugDevice.setTransmitClient(debug);

  const shellDevice = new UartDevice(mux, true);
  shellDevice.setup();
  const shell = new ProcessConsole(shellDevice, board.kernel, {
    processManagement: board.capabilities.processManagement,
    processStart: board.capabilities.processStart,
  });
  shellDevice.setTransmitClient(shell);
  shellDevice.setReceiveClient(shell);

  const process = board.createProcess({ packageName: 'blink' });
  return { board, uart, debug, shell, process };
}

describe('process console over the shared UART', () => {
  it('prints the prompt, answers commands and interleaves with kernel debug output', () => {
    const { board, uart, debug, shell } = setup();
    debug.debug('Initialization complete. Entering main loop');
    expect(shell.start().ok).toBe(true);
    board.run();
    // Both were queued before the mux ran: the newest device (the shell) goes first, as upstream.
    expect(uart.text).toBe('tock$ Initialization complete. Entering main loop\r\n');
    uart.feed('status\r');
    board.run();
    expect(uart.text.slice(uart.text.indexOf('\r\n') + 2)).toBe(
      'status\r\nTotal processes: 1\r\nActive processes: 1\r\nTimeslice expirations: 0\r\ntock$ ',
    );
  });

  it('lists and stops processes by name', () => {
    const { board, uart, shell, process } = setup();
    shell.start();
    board.run();
    uart.feed('stop blink\r');
    board.run();
    expect(process.state.kind).toBe('Stopped');
    expect(uart.text).toContain('Process blink stopped\r\ntock$ ');
    uart.feed('list\n');
    board.run();
    expect(uart.text).toContain(
      ' PID    ShortID    Name                Quanta  Syscalls  Restarts  Grants  State\r\n',
    );
    expect(uart.text).toMatch(
      / 0 {6}Unique {5}blink {15}\s+0\s+\d+\s+0\s+\d+\/ 1\s+Stopped\(Yielded\)\r\ntock\$ $/,
    );
  });

  it('gives typed bytes both to the shell and to a process reading the console', () => {
    const { board, uart, shell, process } = setup();
    shell.start();
    runSteps(board, process, memop(1, 256));
    const buffer = process.memoryStart + 0x40;
    runSteps(
      board,
      process,
      subscribe(1, 2, FLASH + 0x104, 0),
      allowReadWrite(1, 1, buffer, 3),
      command(1, 2, 3),
    );
    uart.feed('abc');
    board.run();
    const offset = buffer - board.chip.ram.start;
    expect(String.fromCharCode(...board.chip.ram.bytes.subarray(offset, offset + 3))).toBe('abc');
    expect(deliveredUpcalls(process, FLASH + 0x104)).toEqual([[0, 3, 0, 0]]);
    // The shell echoed what it read.
    expect(uart.text.endsWith('tock$ abc')).toBe(true);
  });
});
