/**
 * `tockloader-ts listen`: the console of a running emulated board. tock-ts runs boards in its
 * own process, so the console is reached over the loopback TCP port that
 * `tock-ts run --listen PORT` opens: bytes from the board go to stdout, stdin goes to the
 * board. Ends when the board's side closes the connection (the run ended) or on an interrupt
 * (Ctrl-C on a terminal); the end of stdin leaves the console attached, so a script can log it.
 */
import { connect } from 'node:net';
import { err, ok, type Result } from '@tock-ts/hil';

/** Where `listen` reads and writes (the process's streams, or a test's). */
export interface ListenIo {
  /** Console bytes from the board. */
  readonly output: (bytes: Uint8Array) => void;
  /** Registers the receiver of input bytes and of an interrupt; returns a function that stops delivery. */
  readonly subscribeInput: (receiver: (bytes: Uint8Array) => void, onInterrupt: () => void) => () => void;
}

/**
 * Connects to `host:port` and carries bytes both ways until the connection closes. Resolves to
 * `ok` after a clean end, or the reason the connection failed.
 */
export function listenToConsole(host: string, port: number, io: ListenIo): Promise<Result<void, string>> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let unsubscribe: (() => void) | undefined;
    let failure: string | undefined;
    socket.on('connect', () => {
      unsubscribe = io.subscribeInput(
        (bytes) => socket.write(bytes),
        () => socket.end(),
      );
    });
    socket.on('data', (chunk: Buffer) => io.output(new Uint8Array(chunk)));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      failure =
        error.code === 'ECONNREFUSED'
          ? `nothing listens on ${host}:${port}: start the board with tock-ts run --listen ${port}`
          : `${host}:${port}: ${error.code ?? error.message}`;
    });
    socket.on('close', () => {
      unsubscribe?.();
      resolve(failure === undefined ? ok(undefined) : err(failure));
    });
  });
}
