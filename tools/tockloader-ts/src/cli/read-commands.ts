/**
 * tockloader's `read ADDRESS LENGTH` and `dump-flash-page PAGE` on a flash image: the bytes as
 * a hex dump (tockloader's layout, then the blank line its `print` adds). Addresses are the
 * board's; anything outside `[flash address, flash address + size limit)` is an error, and a
 * range reaching past the end of the image file prints the bytes that are there and says so.
 */
import { existsSync } from 'node:fs';
import { err, ok, type Result } from '@tock-ts/hil';
import type { Command } from 'commander';
import { hexDump } from '../flash/hex-dump.js';
import {
  addBoardOptions,
  type BoardFlags,
  fail,
  type OpenedImage,
  openImage,
  printJson,
} from './app-commands.js';
import { parseDecimalOrHex } from './numbers.js';
import type { CliOutput } from './program.js';
import { startProgress } from './progress.js';

/** Bytes dumped per step, so that a large dump streams and its progress shows. */
const DUMP_CHUNK = 64 * 1024;

function hex(value: number): string {
  return `0x${value.toString(16)}`;
}

function openExisting(flags: BoardFlags): Result<OpenedImage, string> {
  if (flags.flashFile !== undefined && !existsSync(flags.flashFile)) {
    return err(`cannot read ${flags.flashFile}: no such file or directory`);
  }
  return openImage(flags);
}

/** The bytes of `[address, address + length)`, or why that range cannot be read. */
function readRange(
  opened: OpenedImage,
  address: number,
  length: number,
  output: CliOutput,
): Result<Uint8Array, string> {
  const { flashAddress, maxSize } = opened.settings;
  const end = flashAddress + maxSize;
  if (address < flashAddress || address + length > end) {
    return err(
      `${hex(address)}..${hex(address + length)} is outside the flash (${hex(flashAddress)}..${hex(end)})`,
    );
  }
  const bytes = opened.image.read(address, length);
  if (bytes.length < length) {
    output.stderr(
      `warning: the image ends at ${hex(flashAddress + opened.image.bytes.length)}: read ${bytes.length} of ${length} bytes\n`,
    );
  }
  return ok(bytes);
}

/** Prints the dump of `bytes` at `address` in chunks, with a progress bar for large ones. */
function printDump(output: CliOutput, address: number, bytes: Uint8Array): void {
  const progress = startProgress(output.progressStream, 'Reading', bytes.length);
  for (let offset = 0; offset < bytes.length; offset += DUMP_CHUNK) {
    output.stdout(hexDump(address + offset, bytes.subarray(offset, offset + DUMP_CHUNK)));
    progress.update(Math.min(offset + DUMP_CHUNK, bytes.length));
  }
  progress.stop();
  output.stdout('\n');
}

/** Registers `read` and `dump-flash-page` on `program`. */
export function addReadCommands(program: Command, output: CliOutput): void {
  addBoardOptions(program.command('read').description('Read flash memory and print it as a hex dump'))
    .argument('<address>', 'address to read from', parseDecimalOrHex)
    .argument('<length>', 'number of bytes to read', parseDecimalOrHex)
    .option('--json', 'print one JSON document: { "address", "length", "data" (hex) }')
    .action((address: number, length: number, flags: BoardFlags & { json?: boolean }, command: Command) => {
      const opened = openExisting(flags);
      fail(command, opened);
      if (!opened.ok) return;
      const bytes = readRange(opened.value, address, length, output);
      fail(command, bytes);
      if (!bytes.ok) return;
      if (flags.json === true) {
        const data = Array.from(bytes.value, (byte) => byte.toString(16).padStart(2, '0')).join('');
        printJson(output, { address, length: bytes.value.length, data });
        return;
      }
      printDump(output, address, bytes.value);
    });

  addBoardOptions(program.command('dump-flash-page').description('Print one page of flash as a hex dump'))
    .argument('<page>', 'page number (the page starts at page × page size)', parseDecimalOrHex)
    .option('--page-size <bytes>', 'bytes in a flash page (known boards have one)', parseDecimalOrHex)
    .action((page: number, flags: BoardFlags & { pageSize?: number }, command: Command) => {
      const opened = openExisting(flags);
      fail(command, opened);
      if (!opened.ok) return;
      const pageSize = flags.pageSize ?? opened.value.settings.pageSize;
      if (pageSize === undefined || pageSize === 0) {
        fail(command, err('the page size of this board is not known: pass --page-size'));
        return;
      }
      const address = page * pageSize;
      const bytes = readRange(opened.value, address, pageSize, output);
      fail(command, bytes);
      if (!bytes.ok) return;
      output.stdout(`Page number: ${page} (0x${address.toString(16).padStart(6, '0')})\n`);
      printDump(output, address, bytes.value);
    });
}
