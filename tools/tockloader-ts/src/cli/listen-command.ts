/**
 * The `listen` command: attach to the console of a board that `tock-ts run --listen PORT` runs,
 * over 127.0.0.1 (see listen.ts). tockloader's `listen` reads a serial port or RTT; tock-ts
 * boards have neither, so the port is the channel.
 */
import type { Command } from 'commander';
import { fail } from './app-commands.js';
import { listenToConsole } from './listen.js';
import { parseDecimal } from './numbers.js';
import type { CliOutput } from './program.js';

/** The only host `listen` connects to: tock-ts listens on loopback only. */
const LISTEN_HOST = '127.0.0.1';

/** Registers `listen` on `program`. */
export function addListenCommand(program: Command, output: CliOutput): void {
  program
    .command('listen')
    .description('Attach to the console of a running emulated board (tock-ts run --listen PORT)')
    .requiredOption('--port <port>', 'the TCP port tock-ts run --listen opened on 127.0.0.1', parseDecimal)
    .action(async (flags: { port: number }, command: Command) => {
      if (flags.port < 1 || flags.port > 65535) {
        command.error(`error: --port: ${flags.port} is not a TCP port (1..65535)`, { exitCode: 1 });
      }
      const io = output.listenIo;
      if (io === undefined) {
        command.error('error: listen needs the process console', { exitCode: 1 });
        return;
      }
      fail(command, await listenToConsole(LISTEN_HOST, flags.port, io));
    });
}
