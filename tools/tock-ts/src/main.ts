#!/usr/bin/env node
/**
 * Entry point of the `tock-ts` executable: wires the command line to the process's standard
 * streams and exits with the run's exit code. On a terminal, standard input is put in raw mode so
 * every key goes to the board's console as typed (the process console echoes and edits lines
 * itself), and Ctrl-C ends the run with exit code 130.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { readFileBytes, runProgram } from './program.js';

const CTRL_C = 0x03;
const INTERRUPTED_EXIT_CODE = 130;
const terminal = process.stdin.isTTY === true;

function restoreTerminal(): void {
  if (terminal) process.stdin.setRawMode(false);
}

const exitCode = await runProgram(process.argv.slice(2), {
  writeConsole: (bytes) => process.stdout.write(bytes),
  writeStatus: (line) => process.stderr.write(`${line}\n`),
  writeError: (text) => process.stderr.write(text),
  writeOut: (text) => process.stdout.write(text),
  readFile: readFileBytes,
  subscribeInput: (receiver) => {
    if (terminal) process.stdin.setRawMode(true);
    const listener = (chunk: Buffer): void => {
      if (terminal && chunk.includes(CTRL_C)) {
        restoreTerminal();
        process.stderr.write('\n');
        process.exit(INTERRUPTED_EXIT_CODE);
      }
      receiver(new Uint8Array(chunk));
    };
    process.stdin.on('data', listener);
    return () => {
      process.stdin.off('data', listener);
      restoreTerminal();
      process.stdin.pause();
    };
  },
  nowMilliseconds: () => performance.now(),
  pause: (milliseconds) =>
    milliseconds > 0 ? delay(milliseconds) : new Promise<void>((resolve) => setImmediate(resolve)),
});
process.stdout.write('', () => process.exit(exitCode));
