/**
 * The process console: a kernel shell on a UART for inspecting and controlling processes
 * (upstream `capsules/core/src/process_console.rs`).
 *
 * Input is read one byte at a time and echoed; a command ends at CR or LF (a CR LF pair counts
 * once); backspace and DEL erase; up/down arrows walk a 10-entry history. The command word is
 * matched by prefix, its argument is the second word, and process names match exactly:
 *
 * `help status list stop start fault boot terminate process kernel reset panic console-start
 * console-stop`
 *
 * Output goes through one 500-byte transmit buffer; what is written while a transmission is in
 * flight waits in a queue. `list` prints one process row per completed transmission, as
 * upstream does, so a long list never overflows the queue. (Upstream caps the queue at 300
 * bytes and drops the rest; this queue is not capped.)
 */

import type { ReceiveClient, TransmitClient, UartData, UartError } from '@tock-ts/hil';
import { ErrorCode, type Result } from '@tock-ts/hil';
import { assertCapability, ProcessManagementCapability, ProcessStartCapability } from './capabilities.js';
import { KernelInfo } from './introspection.js';
import type { Kernel } from './kernel.js';
import { kernelPanic } from './kernel-panic.js';
import { hex010, printProcessOverview } from './process-printer.js';
import type { ProcessStandard } from './process-standard.js';
import { formatProcessState } from './process-types.js';
import { utf8Bytes } from './utf8.js';

/** The command list, in upstream's order. */
export const PROCESS_CONSOLE_COMMANDS =
  'help status list stop start fault boot terminate process kernel reset panic console-start console-stop';

/** Bytes of the transmit buffer. */
export const PROCESS_CONSOLE_WRITE_BUFFER_SIZE = 500;
/** Bytes of the command buffer (one is kept for the terminator). */
export const PROCESS_CONSOLE_COMMAND_BUFFER_SIZE = 64;
/** Commands remembered for the arrow keys. */
export const PROCESS_CONSOLE_HISTORY_LENGTH = 10;

const BACKSPACE = 0x08;
const DELETE = 0x7f;
const ESCAPE = 0x1b;
const CR = 0x0d;
const LF = 0x0a;

/** One region of the kernel's memory map for the `kernel` command. */
export interface KernelMemoryRegion {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

/** What a board tells the console about itself. */
export interface ProcessConsoleOptions {
  /** Kernel version printed by `help` and `kernel` (default 2.3). */
  readonly kernelVersion?: { readonly major: number; readonly minor: number };
  /** The build string (upstream `TOCK_KERNEL_VERSION`, default "unknown"). */
  readonly build?: string;
  /** The `reset` command's action; without it the console says it is not implemented. */
  readonly resetFunction?: () => void;
  /** Regions printed by `kernel` (BSS, Relocate, Stack, RoData, Code…), if the board knows them. */
  readonly kernelMemory?: readonly KernelMemoryRegion[];
}

/** The capabilities the console needs: managing processes and starting terminated ones. */
export interface ProcessConsoleCapabilities {
  readonly processManagement: ProcessManagementCapability;
  readonly processStart: ProcessStartCapability;
}

enum Mode {
  Off = 0,
  Active = 1,
  Hibernating = 2,
}

enum Escape {
  None = 0,
  Started = 1,
  Bracket = 2,
}

/** The process console capsule. Wire it as the UART's transmit and receive client. */
export class ProcessConsole implements TransmitClient, ReceiveClient {
  #mode = Mode.Off;
  #transmitBuffer: Uint8Array | undefined = new Uint8Array(PROCESS_CONSOLE_WRITE_BUFFER_SIZE);
  #receiveBuffer: Uint8Array | undefined = new Uint8Array(1);
  readonly #queue: number[] = [];
  readonly #command: number[] = [];
  readonly #history: string[] = [];
  #historyIndex = -1;
  #escape = Escape.None;
  #previousByte = 0;
  /** Rows of `list` still to print: the processes to show. */
  #pendingRows: ProcessStandard[] = [];
  readonly #info: KernelInfo;

  constructor(
    private readonly uart: UartData,
    private readonly kernel: Kernel,
    private readonly capabilities: ProcessConsoleCapabilities,
    private readonly options: ProcessConsoleOptions = {},
  ) {
    assertCapability(ProcessManagementCapability, capabilities.processManagement);
    assertCapability(ProcessStartCapability, capabilities.processStart);
    this.#info = new KernelInfo(kernel);
  }

  /** Starts listening and prints the prompt (upstream `start`, without its 100 ms delay). */
  start(): Result<void, ErrorCode> {
    if (this.#mode !== Mode.Off) return { ok: false, error: ErrorCode.ALREADY };
    this.#mode = Mode.Active;
    this.#startReceive();
    this.#prompt();
    return { ok: true, value: undefined };
  }

  /** Starts listening if needed and prints the version, welcome and command list, then the prompt. */
  displayWelcome(): void {
    if (this.#mode === Mode.Off) {
      this.#mode = Mode.Active;
      this.#startReceive();
    }
    this.#write(this.#versionLine());
    this.#write('Welcome to the process console.\r\n');
    this.#write(`Valid commands are: ${PROCESS_CONSOLE_COMMANDS}\r\n`);
    this.#prompt();
  }

  #versionLine(): string {
    const version = this.options.kernelVersion ?? { major: 2, minor: 3 };
    return `Kernel version: ${version.major}.${version.minor} (build ${this.options.build ?? 'unknown'})\r\n`;
  }

  #startReceive(): void {
    const buffer = this.#receiveBuffer;
    if (buffer === undefined) return;
    this.#receiveBuffer = undefined;
    const started = this.uart.receiveBuffer(buffer, 1);
    if (!started.ok) this.#receiveBuffer = started.error.buffer;
  }

  #prompt(): void {
    if (this.#mode === Mode.Active) this.#write('tock$ ');
  }

  // ─── Output ──────────────────────────────────────────────────────────────────────────────────

  #write(text: string): void {
    this.#writeBytes(utf8Bytes(text));
  }

  #writeBytes(bytes: Uint8Array | readonly number[]): void {
    for (const byte of bytes) this.#queue.push(byte);
    this.#flush();
  }

  #flush(): void {
    const buffer = this.#transmitBuffer;
    if (buffer === undefined || this.#queue.length === 0) return;
    const length = Math.min(this.#queue.length, buffer.length);
    buffer.set(this.#queue.splice(0, length));
    this.#transmitBuffer = undefined;
    const started = this.uart.transmitBuffer(buffer, length);
    if (!started.ok) this.#transmitBuffer = started.error.buffer;
  }

  /** The UART finished sending: continue with queued bytes, then the next `list` row. */
  transmittedBuffer(buffer: Uint8Array): void {
    this.#transmitBuffer = buffer;
    if (this.#queue.length > 0) {
      this.#flush();
      return;
    }
    const next = this.#pendingRows.shift();
    if (next === undefined) return;
    this.#write(this.#listRow(next));
    if (this.#pendingRows.length === 0) this.#prompt();
  }

  // ─── Input ───────────────────────────────────────────────────────────────────────────────────

  /** One byte arrived: edit the line, run it on CR/LF, and listen again. */
  receivedBuffer(
    buffer: Uint8Array,
    length: number,
    status: Result<void, ErrorCode>,
    error: UartError,
  ): void {
    this.#receiveBuffer = buffer;
    const byte = buffer[0];
    if (status.ok && error === 'None' && length === 1 && byte !== undefined) this.#receiveByte(byte);
    this.#startReceive();
  }

  #receiveByte(byte: number): void {
    const previous = this.#previousByte;
    this.#previousByte = byte;
    if (this.#escape !== Escape.None) {
      this.#continueEscape(byte);
      return;
    }
    if (byte === ESCAPE) {
      this.#escape = Escape.Started;
    } else if (byte === CR || byte === LF) {
      if ((previous === CR || previous === LF) && previous !== byte) {
        this.#previousByte = 0;
        return;
      }
      this.#writeBytes([CR, LF]);
      this.#runCommand(String.fromCharCode(...this.#command));
    } else if (byte === BACKSPACE || byte === DELETE) {
      if (this.#command.length > 0) {
        this.#command.pop();
        this.#writeBytes([BACKSPACE, 0x20, BACKSPACE]);
      }
    } else if (
      byte >= 0x20 &&
      byte < 0x7f &&
      this.#command.length < PROCESS_CONSOLE_COMMAND_BUFFER_SIZE - 1
    ) {
      this.#command.push(byte);
      this.#writeBytes([byte]);
    }
  }

  #continueEscape(byte: number): void {
    if (this.#escape === Escape.Started) {
      this.#escape = byte === 0x5b ? Escape.Bracket : Escape.None;
      return;
    }
    this.#escape = Escape.None;
    if (byte === 0x41) this.#recall(this.#historyIndex + 1);
    else if (byte === 0x42) this.#recall(this.#historyIndex - 1);
  }

  /** Replaces the line being edited with history entry `index` (0 = most recent; -1 = empty). */
  #recall(index: number): void {
    if (index >= this.#history.length || index < -1) return;
    this.#historyIndex = index;
    const erase: number[] = [];
    for (let i = 0; i < this.#command.length; i++) erase.push(BACKSPACE, 0x20, BACKSPACE);
    const text = index < 0 ? '' : (this.#history[index] ?? '');
    this.#command.length = 0;
    for (const character of text) this.#command.push(character.charCodeAt(0));
    this.#writeBytes([...erase, ...this.#command]);
  }

  // ─── Commands ────────────────────────────────────────────────────────────────────────────────

  #runCommand(line: string): void {
    this.#command.length = 0;
    this.#historyIndex = -1;
    const clean = line.trim();
    if (clean.length > 0) {
      this.#history.unshift(clean);
      this.#history.length = Math.min(this.#history.length, PROCESS_CONSOLE_HISTORY_LENGTH);
    }
    const argument = clean.split(/\s+/)[1];
    const management = this.capabilities.processManagement;
    const named = (name: string | undefined): ProcessStandard[] =>
      name === undefined ? [] : this.kernel.processIterCapability(management).filter((p) => p.name === name);

    if (clean.startsWith('console-start')) {
      this.#mode = Mode.Active;
    } else if (this.#mode === Mode.Hibernating) {
      // Everything else is ignored until console-start.
    } else if (clean.startsWith('help')) {
      this.#write('Welcome to the process console.\r\n');
      this.#write(`Valid commands are: ${PROCESS_CONSOLE_COMMANDS}\r\n`);
    } else if (clean.startsWith('console-stop')) {
      this.#write('Disabling the process console.\r\n');
      this.#write('Run console-start to reactivate.\r\n');
      this.#mode = Mode.Hibernating;
    } else if (clean.startsWith('start')) {
      for (const process of named(argument)) {
        process.resume();
        this.#write(`Process ${process.name} resumed.\r\n`);
      }
    } else if (clean.startsWith('stop')) {
      for (const process of named(argument)) {
        process.stop();
        this.#write(`Process ${process.name} stopped\r\n`);
      }
    } else if (clean.startsWith('fault')) {
      for (const process of named(argument)) {
        process.setFaultState();
        this.#write(`Process ${process.name} now faulted\r\n`);
      }
    } else if (clean.startsWith('terminate')) {
      for (const process of named(argument)) {
        process.terminate(undefined);
        this.#write(`Process ${process.name} terminated\r\n`);
      }
    } else if (clean.startsWith('boot')) {
      for (const process of named(argument)) {
        if (process.state.kind === 'Terminated') process.start(this.capabilities.processStart);
      }
    } else if (clean.startsWith('list')) {
      this.#write(' PID    ShortID    Name                Quanta  Syscalls  Restarts  Grants  State\r\n');
      this.#pendingRows = [...this.kernel.processIterCapability(management)];
      if (this.#pendingRows.length > 0) return;
    } else if (clean.startsWith('status')) {
      this.#write(`Total processes: ${this.#info.numberLoadedProcesses(management)}\r\n`);
      this.#write(`Active processes: ${this.#info.numberActiveProcesses(management)}\r\n`);
      this.#write(`Timeslice expirations: ${this.#info.timesliceExpirations(management)}\r\n`);
    } else if (clean.startsWith('process')) {
      const first = named(argument)[0];
      if (first !== undefined) this.#write(printProcessOverview(first));
    } else if (clean.startsWith('kernel')) {
      this.#write(this.#versionLine());
      for (const region of this.options.kernelMemory ?? []) {
        this.#write(
          ` ${region.name.padEnd(10)} ${hex010(region.start)}-${hex010(region.end)} ${String(region.end - region.start).padStart(6)}\r\n`,
        );
      }
    } else if (clean.startsWith('reset')) {
      if (this.options.resetFunction === undefined) this.#write('Reset function is not implemented');
      else this.options.resetFunction();
    } else if (clean.startsWith('panic')) {
      kernelPanic('Process Console forced a kernel panic.');
    } else if (clean.length > 0) {
      this.#write(`Valid commands are: ${PROCESS_CONSOLE_COMMANDS}\r\n`);
    }
    this.#prompt();
  }

  #listRow(process: ProcessStandard): string {
    const processId = process.processId;
    const [used, total] = this.#info.numberAppGrantUses(processId, this.capabilities.processManagement);
    const shortId =
      process.shortId === undefined ? 'Unique     ' : `0x${process.shortId.toString(16).padEnd(8)} `;
    return (
      ` ${String(processId.identifier).padEnd(7)}${shortId}${process.name.padEnd(20)}` +
      `${String(process.timesliceExpirationCount).padStart(6)}${String(process.syscallCount).padStart(10)}` +
      `${String(process.restartCount).padStart(10)}  ${String(used).padStart(2)}/${String(total).padStart(2)}   ` +
      `${formatProcessState(process.state)}\r\n`
    );
  }
}
