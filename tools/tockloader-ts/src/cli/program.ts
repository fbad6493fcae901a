/**
 * The `tockloader-ts` program: its commands and the error convention (one line on stderr, a
 * non-zero exit status). `runCli` runs it on an argument list without exiting the process.
 */
import { Command, CommanderError } from 'commander';
import { addAppCommands } from './app-commands.js';
import { addElf2TabCommand } from './elf2tab-command.js';
import { addReadCommands } from './read-commands.js';

/** Where the program writes. */
export interface CliOutput {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Where progress bars go: stderr when it is a terminal, otherwise none. */
  readonly progressStream?: NodeJS.WritableStream | undefined;
}

/** The output of the real process. */
export const PROCESS_OUTPUT: CliOutput = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  progressStream: process.stderr.isTTY ? process.stderr : undefined,
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
  addReadCommands(program, output);
  return program;
}

/** Runs the program on `args` (without the node and script names) and returns the exit status. */
export function runCli(args: readonly string[], output: CliOutput = PROCESS_OUTPUT): number {
  try {
    createProgram(output).parse([...args], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    output.stderr(
      `tockloader-ts: internal error: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 2;
  }
}
