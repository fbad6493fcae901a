// The process console over a fake UART: every command's output, line editing and history.
import { describe, expect, it } from 'vitest';
import { KernelPanic } from './kernel-panic.js';
import { ProcessConsole } from './process-console.js';
import { command, compute, FakeBoard, FakeDriver, FakeUart, memop, spin } from './testing/index.js';

const VALID =
  'help status list stop start fault boot terminate process kernel reset panic console-start console-stop';

function setup(options: ConstructorParameters<typeof ProcessConsole>[3] = {}) {
  const board = new FakeBoard();
  const driver = new FakeDriver(board.kernel, 0x42, board.capabilities.memoryAllocation);
  board.addDriver(0x42, driver);
  const uart = new FakeUart(board.kernel.deferredCalls);
  const console = new ProcessConsole(uart, board.kernel, board.capabilities, options);
  uart.setTransmitClient(console);
  uart.setReceiveClient(console);
  const blink = board.createProcess({ packageName: 'blink' });
  const hello = board.createProcess({ packageName: 'hello', flashStart: 0x0004_0400 });
  board.runScript(blink, command(0x42, 0), command(0x42, 1));
  board.run();
  return { board, uart, console, blink, hello };
}

/** Types `line` and runs the kernel until the console has answered; returns what it printed. */
function type(board: FakeBoard, uart: FakeUart, line: string): string {
  uart.clearOutput();
  uart.type(line);
  board.run();
  return uart.output;
}

describe('ProcessConsole', () => {
  it('prints the welcome, version and command list, then the prompt', () => {
    const { board, uart, console } = setup({ build: 'tock-ts' });
    console.displayWelcome();
    board.run();
    expect(uart.output).toBe(
      `Kernel version: 2.3 (build tock-ts)\r\nWelcome to the process console.\r\nValid commands are: ${VALID}\r\ntock$ `,
    );
  });

  it('echoes input and answers help and unknown commands', () => {
    const { board, uart, console } = setup();
    console.start();
    board.run();
    expect(type(board, uart, 'help\r')).toBe(
      `help\r\nWelcome to the process console.\r\nValid commands are: ${VALID}\r\ntock$ `,
    );
    expect(type(board, uart, 'frobnicate\n')).toBe(`frobnicate\r\nValid commands are: ${VALID}\r\ntock$ `);
  });

  it('status counts processes and timeslice expirations', () => {
    const { board, uart, console, hello } = setup();
    console.start();
    board.run();
    hello.terminate(0);
    expect(type(board, uart, 'status\r')).toBe(
      'status\r\nTotal processes: 2\r\nActive processes: 1\r\nTimeslice expirations: 0\r\ntock$ ',
    );
  });

  it('list prints one row per process in upstream’s columns', () => {
    const { board, uart, console } = setup();
    console.start();
    board.run();
    expect(type(board, uart, 'list\r')).toBe(
      'list\r\n' +
        ' PID    ShortID    Name                Quanta  Syscalls  Restarts  Grants  State\r\n' +
        ' 0      Unique     blink                    0         3         0   1/ 1   Yielded\r\n' +
        ' 1      Unique     hello                    0         1         0   0/ 1   Yielded\r\n' +
        'tock$ ',
    );
  });

  it('stop, start, fault, terminate and boot act on the named process', () => {
    const { board, uart, console, hello } = setup();
    console.start();
    board.run();
    expect(type(board, uart, 'stop hello\r')).toBe('stop hello\r\nProcess hello stopped\r\ntock$ ');
    expect(hello.state).toEqual({ kind: 'Stopped', stopped: { kind: 'Yielded' } });
    expect(type(board, uart, 'start hello\r')).toBe('start hello\r\nProcess hello resumed.\r\ntock$ ');
    expect(hello.state.kind).toBe('Yielded');
    expect(type(board, uart, 'terminate hello\r')).toBe(
      'terminate hello\r\nProcess hello terminated\r\ntock$ ',
    );
    expect(hello.state.kind).toBe('Terminated');
    const oldId = hello.processId.identifier;
    expect(type(board, uart, 'boot hello\r')).toBe('boot hello\r\ntock$ ');
    expect(hello.processId.identifier).not.toBe(oldId);
    expect(hello.state.kind).toBe('Yielded');
    expect(type(board, uart, 'fault hello\r')).toBe('fault hello\r\nProcess hello now faulted\r\ntock$ ');
    expect(hello.state.kind).toBe('Faulted');
    expect(type(board, uart, 'stop nobody\r')).toBe('stop nobody\r\ntock$ ');
  });

  it('process prints the overview of the first process with that name', () => {
    const { board, uart, console, blink } = setup();
    console.start();
    board.run();
    const output = type(board, uart, 'process blink\r');
    expect(output).toContain('𝐀𝐩𝐩: blink   -   [Yielded]\r\n');
    expect(output).toContain(
      ' Events Queued: 0   Syscall Count: 3   Dropped Upcall Count: 0\r\n Restart Count: 0\r\n',
    );
    expect(output).toContain(' Last Syscall: Yield { yield_type: Wait }\r\n');
    expect(output).toContain(' Completion Code: None\r\n');
    const end = `0x${blink.memoryEnd.toString(16).toUpperCase().padStart(8, '0')}`;
    expect(output).toContain(` ╚${end}═╪`);
    expect(output).toContain('             │ Upcalls         360\r\n');
    expect(output).toContain('  0x00040400 ┬───────────────────────────────────────────');
    expect(output.endsWith('H\r\ntock$ ')).toBe(true);
  });

  it('process shows heap, data and stack from the memop 10/11 hints', () => {
    const { board, uart, console, hello } = setup();
    const ram = hello.memoryStart;
    board.runScript(
      hello,
      // As crt0 does: the stack pointer goes to the top of the stack before memop 10 reports it.
      compute((state) => {
        state.stackPointer = ram + 0x100;
        return memop(0, ram + 0x400);
      }),
      memop(10, ram + 0x100),
      memop(11, ram + 0x180),
    );
    console.start();
    board.run();
    const output = type(board, uart, 'process hello\r');
    const hex = (value: number) => `0x${value.toString(16).toUpperCase().padStart(8, '0')}`;
    const allocated = hello.kernelMemoryBreak - (ram + 0x180);
    expect(output).toContain(
      `             │ ▲ Heap          640 | ${String(allocated).padStart(6)}               S\r\n`,
    );
    expect(output).toContain(`  ${hex(ram + 0x180)} ┼───────────────────────────────────────────`);
    expect(output).toContain('             │ Data            128 |    128               A\r\n');
    expect(output).toContain('             │ ▼ Stack           0 |    256          \r\n');
    expect(output).toContain(
      `             │ ▼ Stack           0 |    256          \r\n  ${hex(ram + 0x100)} ┼───`,
    );
  });

  it('process shows the deepest stack pointer seen since memop 10 as the stack used', () => {
    const { board, uart, console, hello } = setup();
    const ram = hello.memoryStart;
    const hex = (value: number) => `0x${value.toString(16).toUpperCase().padStart(8, '0')}`;
    const stackAt = (address: number, then: ReturnType<typeof memop>) =>
      compute((state) => {
        state.stackPointer = address;
        return then;
      });
    board.runScript(
      hello,
      stackAt(ram + 0x100, memop(0, ram + 0x400)),
      memop(10, ram + 0x100),
      memop(11, ram + 0x180),
      // Deeper (0x40 bytes used), then back up: the report keeps the deepest.
      stackAt(ram + 0xc0, command(0x42, 0)),
      stackAt(ram + 0xe0, command(0x42, 0)),
    );
    console.start();
    board.run();
    const deep = type(board, uart, 'process hello\r');
    expect(deep).toContain(
      `  ${hex(ram + 0x100)} ┼─────────────────────────────────────────── M\r\n` +
        '             │ ▼ Stack          64 |    256          \r\n' +
        `  ${hex(ram + 0xc0)} ┼───────────────────────────────────────────\r\n` +
        '             │ Unused\r\n',
    );

    // A new stack start (memop 10) forgets the old minimum.
    board.runScript(hello, stackAt(ram + 0x200, memop(10, ram + 0x200)), command(0x42, 0));
    board.run();
    const reset = type(board, uart, 'process hello\r');
    expect(reset).toContain(
      '             │ ▼ Stack           0 |    512          \r\n' +
        `  ${hex(ram + 0x200)} ┼───────────────────────────────────────────\r\n`,
    );
  });

  it('process shows the stack as unknown before memop 10, with the deepest pointer seen', () => {
    const { board, uart, console, hello } = setup();
    const ram = hello.memoryStart;
    const hex = (value: number) => `0x${value.toString(16).toUpperCase().padStart(8, '0')}`;
    // The fake process starts with its stack pointer at the start of its memory; moving it up
    // later does not raise the minimum.
    board.runScript(
      hello,
      compute((state) => {
        state.stackPointer = ram + 0x80;
        return memop(0, ram + 0x400);
      }),
    );
    console.start();
    board.run();
    expect(type(board, uart, 'process hello\r')).toContain(
      '  ?????????? ┼─────────────────────────────────────────── M\r\n' +
        '             │ ▼ Stack           ? |      ?\r\n' +
        `  ${hex(ram)} ┼───────────────────────────────────────────\r\n`,
    );
  });

  it('kernel prints the version and the board’s memory map; reset without a function says so', () => {
    const { board, uart, console } = setup({
      kernelMemory: [{ name: 'Stack', start: 0x2000_0000, end: 0x2000_1000 }],
    });
    console.start();
    board.run();
    expect(type(board, uart, 'kernel\r')).toBe(
      'kernel\r\nKernel version: 2.3 (build unknown)\r\n Stack      0x20000000-0x20001000   4096\r\ntock$ ',
    );
    expect(type(board, uart, 'reset\r')).toBe('reset\r\nReset function is not implemented' + 'tock$ ');
  });

  it('console-stop ignores everything until console-start', () => {
    const { board, uart, console, hello } = setup();
    console.start();
    board.run();
    expect(type(board, uart, 'console-stop\r')).toBe(
      'console-stop\r\nDisabling the process console.\r\nRun console-start to reactivate.\r\n',
    );
    expect(type(board, uart, 'terminate hello\r')).toBe('terminate hello\r\n');
    expect(hello.state.kind).toBe('Yielded');
    expect(type(board, uart, 'console-start\r')).toBe('console-start\r\ntock$ ');
  });

  it('panic panics the kernel', () => {
    const { board, uart, console } = setup();
    console.start();
    board.run();
    uart.type('panic\r');
    expect(() => board.run()).toThrow(new KernelPanic('Process Console forced a kernel panic.'));
  });

  it('edits the line with backspace and DEL, treats CR LF as one end, and recalls history', () => {
    const { board, uart, console } = setup();
    console.start();
    board.run();
    expect(type(board, uart, 'stax\x08\x7fatus\r\n')).toContain('Total processes: 2');
    expect(type(board, uart, '\x1b[A')).toBe('status');
    expect(type(board, uart, '\r')).toContain('Active processes: 2');
    expect(type(board, uart, 'help\r\x1b[A\x1b[A\x1b[B')).toContain(
      'help\x08 \x08\x08 \x08\x08 \x08\x08 \x08status\x08 \x08',
    );
  });

  it('shows a spinning process’s timeslice expirations', () => {
    const { board, uart, console, hello } = setup();
    hello.storedState.push(spin(25_000), command(0x42, 0));
    board.resume(hello);
    board.run();
    console.start();
    board.run();
    const output = type(board, uart, 'list\r');
    expect(output).toContain(
      ' 1      Unique     hello                    2         3         0   1/ 1   Yielded\r\n',
    );
    expect(type(board, uart, 'status\r')).toContain('Timeslice expirations: 2\r\n');
  });
});
