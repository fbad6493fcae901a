/**
 * The `tockloader-ts` program: its commands and the error convention (one line on stderr, a
 * non-zero exit status). `runCli` runs it on an argument list without exiting the process;
 * `runCliAsync` also waits for commands that run on (`listen`).
 */
import { Command, CommanderError } from 'commander';
import { addAppCommands } from './app-commands.js';
import { addElf2TabCommand } from './elf2tab-command.js';
import type { ListenIo } from './listen.js';
import { addListenCommand } from './listen-command.js';
import { addReadCommands } from './read-commands.js';

/** Where the program writes. */
export interface CliOutput {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Where progress bars go: stderr when it is a terminal, otherwise none. */
  readonly progressStream?: NodeJS.WritableStream | undefined;
  /** The console streams of `listen`; without them `listen` is refused. */
  readonly listenIo?: ListenIo | undefined;
}

const CTRL_C = 0x03;

/** `listen` on the process's streams: stdin raw on a terminal, Ctrl-C there ends it. */
const PROCESS_LISTEN_IO: ListenIo = {
  output: (bytes) => process.stdout.write(bytes),
  subscribeInput: (receiver, onInterrupt) => {
    const terminal = process.stdin.isTTY === true;
    if (terminal) process.stdin.setRawMode(true);
    const listener = (chunk: Buffer): void => {
      if (terminal && chunk.includes(CTRL_C)) {
        onInterrupt();
        return;
      }
      receiver(new Uint8Array(chunk));
    };
    process.stdin.on('data', listener);
    return () => {
      process.stdin.off('data', listener);
      if (terminal) process.stdin.setRawMode(false);
      process.stdin.pause();
    };
  },
};

/** The output of the real process. */
export const PROCESS_OUTPUT: CliOutput = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  progressStream: process.stderr.isTTY ? process.stderr : undefined,
  listenIo: PROCESS_LISTEN_IO,
};

/** Builds the program; commands print through `output`. */
export function createProgram(output: CliOutput): Command {
  const program = new Command('tockloader-ts')
    .description('Build Tock app bundles and manage Tock apps, like elf2tab and tockloader.')
    .showSuggestionAfterError(false)
    .exitOverride()
    .configureOutput({ writeOut: output.stdout, writeErr: output.stderr });
  addElf2TabCommand(program, output);
  addAppCommands(program, output);
  addListenCommand(program, output);
  addReadCommands(program, output);
  return program;
}

function exitStatusOf(error: unknown, output: CliOutput): number {
  if (error instanceof CommanderError) return error.exitCode;
  output.stderr(`tockloader-ts: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
  return 2;
}

/** Runs the program on `args` and waits for commands that run on; resolves to the exit status. */
export async function runCliAsync(
  args: readonly string[],
  output: CliOutput = PROCESS_OUTPUT,
): Promise<number> {
  try {
    await createProgram(output).parseAsync([...args], { from: 'user' });
    return 0;
  } catch (error) {
    return exitStatusOf(error, output);
  }
}

/** Runs the program on `args` (without the node and script names) and returns the exit status. */
export function runCli(args: readonly string[], output: CliOutput = PROCESS_OUTPUT): number {
  try {
    createProgram(output).parse([...args], { from: 'user' });
    return 0;
  } catch (error) {
    return exitStatusOf(error, output);
  }
}
