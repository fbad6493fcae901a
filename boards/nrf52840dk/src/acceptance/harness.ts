/**
 * What the acceptance tests share: app flash from TBFs, a booted board whose console bytes and LED
 * changes are recorded with the virtual time they happened at, and a run loop that goes on in
 * short virtual-time slices until a condition holds. Kept free of Node APIs: the tests read the
 * fixture files and convert them to TBFs themselves.
 */
import { type BoardOptions, Nrf52840dkBoard } from '../board.js';

/** One nanosecond count per virtual millisecond and second. */
export const MILLISECOND = 1_000_000;
export const SECOND = 1_000_000_000;

/** The alarm's reported frequency on this board: the 32768 Hz RTC left-justified from 24 to 32 bits. */
export const ALARM_FREQUENCY_HZ = 32_768 * 256;

/** App flash holding `tbfs` back to back, largest first (each TBF is a power of two long). */
export function appFlash(tbfs: readonly Uint8Array[]): Uint8Array {
  const ordered = [...tbfs].sort((a, b) => b.length - a.length);
  const image = new Uint8Array(ordered.reduce((total, tbf) => total + tbf.length, 0));
  let offset = 0;
  for (const tbf of ordered) {
    image.set(tbf, offset);
    offset += tbf.length;
  }
  return image;
}

/**
 * UTF-8 bytes as text (the fault report draws its memory map with box-drawing characters). The
 * board's output is well formed; a stray continuation byte becomes U+FFFD.
 */
export function decodeUtf8(bytes: readonly number[]): string {
  let text = '';
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index] ?? 0;
    const length = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 0;
    if (length === 0) {
      text += '\ufffd';
      index++;
      continue;
    }
    let codePoint = length === 1 ? lead : lead & (0xff >> (length + 1));
    for (let next = 1; next < length; next++)
      codePoint = (codePoint << 6) | ((bytes[index + next] ?? 0) & 0x3f);
    text += String.fromCodePoint(codePoint);
    index += length;
  }
  return text;
}

/** A console line and the virtual time its final newline left the UART. */
export interface TimedLine {
  readonly text: string;
  readonly nanos: number;
}

/** An LED change the host saw. */
export interface LedEvent {
  readonly index: number;
  readonly on: boolean;
  readonly nanos: number;
}

/** A booted board and what it has shown the host so far. */
export interface AcceptanceBoard {
  readonly board: Nrf52840dkBoard;
  /** Every console byte, decoded as UTF-8. */
  text(): string;
  /** Complete console lines (up to `\n`), with the process console's `tock$ ` prompts taken out. */
  lines(): readonly TimedLine[];
  /** The text of the complete lines only. */
  lineTexts(): readonly string[];
  readonly leds: readonly LedEvent[];
  /**
   * Runs in slices of `sliceNanos` until `done()` holds or virtual time reaches `limitNanos`;
   * returns whether `done()` held. A panic ends the run too.
   */
  runUntil(done: () => boolean, limitNanos: number, sliceNanos?: number): boolean;
}

/** Boots the board with `tbfs` in app flash and records its console and LEDs. */
export function bootBoard(
  tbfs: readonly Uint8Array[],
  options: Omit<BoardOptions, 'appFlash' | 'host'> = {},
): AcceptanceBoard {
  const bytes: number[] = [];
  const lines: TimedLine[] = [];
  const leds: LedEvent[] = [];
  let lineStart = 0;
  let now = (): number => 0;
  const board = Nrf52840dkBoard.create({
    ...options,
    appFlash: appFlash(tbfs),
    host: {
      consoleOutput(byte) {
        bytes.push(byte);
        if (byte === 0x0a) {
          const text = decodeUtf8(bytes.slice(lineStart, bytes.length - 1));
          lines.push({ text: text.replaceAll('tock$ ', ''), nanos: now() });
          lineStart = bytes.length;
        }
      },
      ledChanged(index, on) {
        leds.push({ index, on, nanos: now() });
      },
    },
  });
  now = () => board.nowNanos;
  return {
    board,
    leds,
    text: () => decodeUtf8(bytes),
    lines: () => lines,
    lineTexts: () => lines.map((line) => line.text),
    runUntil(done, limitNanos, sliceNanos = 5 * MILLISECOND) {
      while (!done()) {
        if (board.nowNanos >= limitNanos) return false;
        const outcome = board.run({ untilNanos: Math.min(limitNanos, board.nowNanos + sliceNanos) });
        if (outcome.kind === 'Panicked') return done();
      }
      return true;
    },
  };
}

/** The process called `name`; throws when there is none. */
export function processNamed(board: Nrf52840dkBoard, name: string): Nrf52840dkBoard['processes'][number] {
  const process = board.processes.find((candidate) => candidate.name === name);
  if (process === undefined) throw new Error(`no process ${name}`);
  return process;
}
