#!/usr/bin/env node
/**
 * Entry point of the `tock-ts` executable: wires the command line to the process's standard
 * streams and exits with the run's exit code.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { readFileBytes, runProgram } from './program.js';

const exitCode = await runProgram(process.argv.slice(2), {
  writeConsole: (bytes) => process.stdout.write(bytes),
  writeStatus: (line) => process.stderr.write(`${line}\n`),
  writeError: (text) => process.stderr.write(text),
  writeOut: (text) => process.stdout.write(text),
  readFile: readFileBytes,
  subscribeInput: (receiver) => {
    const listener = (chunk: Buffer): void => receiver(new Uint8Array(chunk));
    process.stdin.on('data', listener);
    return () => {
      process.stdin.off('data', listener);
      process.stdin.pause();
    };
  },
  nowMilliseconds: () => performance.now(),
  pause: (milliseconds) => delay(milliseconds),
});
process.stdout.write('', () => process.exit(exitCode));
