/**
 * What the board's tests share: app flash with each fixed-address TBF where its FixedAddresses TLV
 * needs it (as tockloader places them, gaps filled with padding TBFs), a booted board whose console
 * bytes are recorded with their virtual time, and a run loop in short virtual-time slices.
 */
import {
  fixedFlashAddress,
  paddingHeader,
  placeFixedAddressTbf,
  readBaseHeader,
} from '@tock-ts/tockloader-ts';
import { type BoardOptions, QemuRv32VirtBoard } from '../board.js';
import { APP_FLASH_START } from '../memory-layout.js';

export const MILLISECOND = 1_000_000;
export const SECOND = 1_000_000_000;

/** The TBF header of a fixed-address app starts on this boundary below its binary. */
const HEADER_ALIGNMENT = 1024;

/** App flash from `APP_FLASH_START` holding each TBF where its fixed flash address needs it. */
export function appFlash(tbfs: readonly Uint8Array[]): Uint8Array {
  const placed = tbfs.map((tbf) => {
    const fixed = fixedFlashAddress(tbf);
    if (fixed === undefined) throw new Error('qemu_rv32_virt runs fixed-address apps only');
    const headerSize = readBaseHeader(tbf).headerSize;
    const address = Math.floor((fixed - headerSize) / HEADER_ALIGNMENT) * HEADER_ALIGNMENT;
    const moved = placeFixedAddressTbf(tbf, address);
    if (!moved.ok) throw new Error(moved.error);
    return { offset: address - APP_FLASH_START, tbf: moved.value };
  });
  placed.sort((a, b) => a.offset - b.offset);
  const end = placed.reduce((last, app) => Math.max(last, app.offset + app.tbf.length), 0);
  const image = new Uint8Array(end).fill(0xff);
  let filled = 0;
  for (const { offset, tbf } of placed) {
    if (offset < filled) throw new Error(`two apps overlap at app flash offset 0x${offset.toString(16)}`);
    if (offset > filled) {
      image.fill(0, filled, offset);
      image.set(paddingHeader(offset - filled), filled);
    }
    image.set(tbf, offset);
    filled = offset + tbf.length;
  }
  return image;
}

/** UTF-8 bytes as text (the fault report draws its memory map with box-drawing characters). */
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

/** A booted board and what it has shown the host so far. */
export interface BootedBoard {
  readonly board: QemuRv32VirtBoard;
  text(): string;
  /** Complete console lines with the process console's `tock$ ` prompts taken out. */
  lines(): readonly TimedLine[];
  lineTexts(): readonly string[];
  /** Runs in slices until `done()` holds, a panic, or `limitNanos`; returns whether `done()` held. */
  runUntil(done: () => boolean, limitNanos: number, sliceNanos?: number): boolean;
}

/** Boots the board with `tbfs` in app flash and records its console. */
export function bootBoard(
  tbfs: readonly Uint8Array[],
  options: Omit<BoardOptions, 'appFlash' | 'host'> = {},
): BootedBoard {
  const bytes: number[] = [];
  const lines: TimedLine[] = [];
  let lineStart = 0;
  let now = (): number => 0;
  const board = QemuRv32VirtBoard.create({
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
    },
  });
  now = () => board.nowNanos;
  return {
    board,
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
export function processNamed(board: QemuRv32VirtBoard, name: string): QemuRv32VirtBoard['processes'][number] {
  const process = board.processes.find((candidate) => candidate.name === name);
  if (process === undefined) throw new Error(`no process ${name}`);
  return process;
}
