/**
 * One `tock-ts run` session: boots the board with the app flash, then drives it in slices of
 * virtual time, carrying console bytes to the host, host input to the console, LED changes to
 * the status output and scripted button presses to the board, until the timeout, an `--until`
 * match or a panic. Runs as fast as it can unless `realtime` paces virtual time to wall time.
 */
import { Nrf52840dkBoard } from '@tock-ts/board-nrf52840dk';
import { QemuRv32VirtBoard } from '@tock-ts/board-qemu-rv32-virt';
import type { ButtonPress, RunOptions } from './run-options.js';

/** Exit codes of `tock-ts run`. */
export const ExitCode = Object.freeze({
  /** `--until` matched, or the timeout passed without a panic. */
  Success: 0,
  /** The kernel panicked, or the timeout passed before `--until` matched. */
  Failure: 1,
  /** Bad input: usage, or an unreadable or corrupt TAB, TBF or flash image. */
  BadInput: 2,
});

/** What a session drives: either board. */
interface RunnableBoard {
  readonly nowNanos: number;
  readonly refusedApps: readonly string[];
  sendConsoleInput(bytes: Uint8Array): void;
  requestStop(): void;
  run(options: { readonly untilNanos: number }): ReturnType<Nrf52840dkBoard['run']>;
  setButton?(index: number, pressed: boolean): void;
}

/** How long a scripted press holds the button down. */
const PRESS_HOLD_NANOS = 100_000_000;
/** Virtual time between two looks at the host (input, pacing, output flushing). */
const SLICE_NANOS = 10_000_000;
/** Console bytes kept for `--until` matching. */
const MATCH_WINDOW = 65_536;

/** The host side of a session. */
export interface SessionIo {
  /** Console bytes, exactly as the UART sent them. */
  writeConsole(bytes: Uint8Array): void;
  /** Status lines (LED changes, load refusals, the end of the run). */
  writeStatus(line: string): void;
  /** Registers the receiver of console input; returns a function that stops delivery. */
  subscribeInput?(receiver: (bytes: Uint8Array) => void): () => void;
  /** Wall-clock milliseconds, for `--realtime`. */
  nowMilliseconds(): number;
  /** Waits `milliseconds` of wall time (0: just let other host events run). */
  pause(milliseconds: number): Promise<void>;
}

/** The scripted presses of a session and the releases they owe, applied as virtual time passes. */
class ButtonScript {
  readonly #presses: readonly ButtonPress[];
  readonly #releases: ButtonPress[] = [];
  #next = 0;

  constructor(presses: readonly ButtonPress[]) {
    this.#presses = presses;
  }

  /** When the next press or release is due (infinity when none is left). */
  nextEventNanos(): number {
    const press = this.#presses[this.#next]?.atNanos ?? Number.POSITIVE_INFINITY;
    const release = this.#releases[0]?.atNanos ?? Number.POSITIVE_INFINITY;
    return Math.min(press, release);
  }

  /** Presses and releases every button whose time has come by `nowNanos`. */
  applyDue(board: RunnableBoard, nowNanos: number): void {
    for (let press = this.#presses[this.#next]; press !== undefined && press.atNanos <= nowNanos; ) {
      board.setButton?.(press.button, true);
      this.#releases.push({ button: press.button, atNanos: press.atNanos + PRESS_HOLD_NANOS });
      this.#releases.sort((a, b) => a.atNanos - b.atNanos);
      this.#next += 1;
      press = this.#presses[this.#next];
    }
    for (let release = this.#releases[0]; release !== undefined && release.atNanos <= nowNanos; ) {
      board.setButton?.(release.button, false);
      this.#releases.shift();
      release = this.#releases[0];
    }
  }
}

function formatSeconds(nanos: number): string {
  return (nanos / 1_000_000_000).toFixed(6);
}

/** Runs the board until the session ends; resolves to the exit code. */
export async function runSession(options: RunOptions, appFlash: Uint8Array, io: SessionIo): Promise<number> {
  const consoleChunk: number[] = [];
  let recent = '';
  // Console bytes go out in chunks; a status line first flushes what the console sent before it.
  const flush = (): void => {
    if (consoleChunk.length === 0) return;
    io.writeConsole(Uint8Array.from(consoleChunk));
    consoleChunk.length = 0;
  };
  let matched = false;
  let board: RunnableBoard | undefined;
  const until = options.until;
  const checkMatch = (): void => {
    if (until === undefined || matched) return;
    if (until.test(recent)) {
      matched = true;
      board?.requestStop();
    }
  };
  const host = {
    consoleOutput(byte: number): void {
      consoleChunk.push(byte);
      if (until === undefined) return;
      recent += String.fromCharCode(byte);
      if (recent.length > 2 * MATCH_WINDOW) recent = recent.slice(-MATCH_WINDOW);
      if (byte === 0x0a) checkMatch();
    },
    ledChanged(index: number, on: boolean): void {
      flush();
      io.writeStatus(`[${formatSeconds(board?.nowNanos ?? 0)} s] LED${index} ${on ? 'on' : 'off'}`);
    },
  };
  const booted: RunnableBoard =
    options.board === 'qemu_rv32_virt'
      ? QemuRv32VirtBoard.create({ appFlash, faultPolicy: options.faultPolicy, host })
      : Nrf52840dkBoard.create({ appFlash, faultPolicy: options.faultPolicy, host });
  board = booted;
  for (const line of booted.refusedApps) io.writeStatus(`not loaded: ${line}`);
  const unsubscribe = io.subscribeInput?.((bytes) => board?.sendConsoleInput(bytes));
  const buttons = new ButtonScript(options.presses);
  const deadline = options.timeoutNanos ?? Number.POSITIVE_INFINITY;
  const wallStart = io.nowMilliseconds();
  try {
    for (;;) {
      const now = board.nowNanos;
      const target = Math.min(deadline, buttons.nextEventNanos(), now + SLICE_NANOS);
      const outcome = board.run({ untilNanos: target });
      checkMatch();
      flush();
      if (outcome.kind === 'Panicked') {
        io.writeStatus(`kernel panic at ${formatSeconds(outcome.nowNanos)} s: ${outcome.message}`);
        return ExitCode.Failure;
      }
      if (matched) return ExitCode.Success;
      const reached = board.nowNanos;
      buttons.applyDue(board, reached);
      if (reached >= deadline) {
        if (until !== undefined) {
          io.writeStatus(
            `timeout: console output did not match ${String(until)} within ${formatSeconds(deadline)} s`,
          );
          return ExitCode.Failure;
        }
        return ExitCode.Success;
      }
      if (options.realtime) {
        const ahead = reached / 1_000_000 - (io.nowMilliseconds() - wallStart);
        await io.pause(Math.max(0, ahead));
      } else if (io.subscribeInput !== undefined) {
        await io.pause(0);
      }
    }
  } finally {
    flush();
    unsubscribe?.();
  }
}
