/**
 * `tock-ts run --listen PORT`: the board's console on a TCP port of the loopback interface
 * (127.0.0.1 only), for `tockloader-ts listen --port PORT` or any raw TCP client. Console bytes
 * go to every connected client as well as to the session's own output; bytes a client sends
 * are console input, as standard input's are. The run waits for the first client before it
 * boots (as QEMU's `-serial tcp:…,server,wait`), so nothing the board prints is missed.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { ExitCode, type SessionIo } from './session.js';

/** The loopback address the bridge listens on; it never listens on other interfaces. */
export const LISTEN_HOST = '127.0.0.1';

/** The `--listen PORT` option as the command line hands it over. */
export interface ListenOption {
  readonly listen?: string;
}

/** A listening console bridge. */
export interface ConsoleBridge {
  /** The port it listens on (the one asked for, or the one the system chose for 0). */
  readonly port: number;
  /** Resolves when the first client has connected. */
  readonly firstClient: Promise<void>;
  /** `io` with the console also carried to and from the clients. */
  wrap(io: SessionIo): SessionIo;
  /** Ends every connection (after the bytes already sent) and stops listening. */
  close(): Promise<void>;
}

/** A TCP port number for `--listen`: 0 (the system chooses) to 65535; undefined if malformed. */
export function parseListenPort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port <= 65535 ? port : undefined;
}

/** Starts listening on `LISTEN_HOST:port`; rejects with the reason when it cannot. */
export async function openConsoleBridge(port: number): Promise<ConsoleBridge> {
  const clients = new Set<Socket>();
  const receivers = new Set<(bytes: Uint8Array) => void>();
  let resolveFirst: () => void = () => {};
  const firstClient = new Promise<void>((resolve) => {
    resolveFirst = resolve;
  });
  const server: Server = createServer((socket) => {
    clients.add(socket);
    socket.on('data', (chunk: Buffer) => {
      for (const receiver of receivers) receiver(new Uint8Array(chunk));
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => clients.delete(socket));
    resolveFirst();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LISTEN_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const bound = typeof address === 'object' && address !== null ? address.port : port;
  return {
    port: bound,
    firstClient,
    wrap(io) {
      return {
        ...io,
        writeConsole(bytes) {
          io.writeConsole(bytes);
          for (const client of clients) client.write(bytes);
        },
        // Always present, so the session yields to the event loop between slices and client
        // bytes arrive while it runs.
        subscribeInput(receiver) {
          receivers.add(receiver);
          const unsubscribe = io.subscribeInput?.(receiver);
          return () => {
            receivers.delete(receiver);
            unsubscribe?.();
          };
        },
      };
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const client of clients) {
        client.end();
        // A client that keeps its half open must not hold the run.
        setTimeout(() => client.destroy(), 1000).unref();
      }
      await closed;
    },
  };
}

/**
 * Runs `run` with the console bridged to `--listen PORT`: says where it listens on the status
 * output, waits for the first client, then runs; always stops listening afterwards. Bad ports
 * and ports that cannot be opened are bad input (exit code 2), in one line.
 */
export async function runWithConsoleBridge(
  portText: string,
  io: SessionIo & { writeError(text: string): void },
  run: (io: SessionIo) => Promise<number>,
): Promise<number> {
  const port = parseListenPort(portText);
  if (port === undefined) {
    io.writeError(`tock-ts run: --listen: '${portText}' is not a TCP port (0 to 65535)\n`);
    return ExitCode.BadInput;
  }
  let bridge: ConsoleBridge;
  try {
    bridge = await openConsoleBridge(port);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    io.writeError(`tock-ts run: --listen: cannot listen on ${LISTEN_HOST}:${port} (${reason})\n`);
    return ExitCode.BadInput;
  }
  try {
    io.writeStatus(
      `console on ${LISTEN_HOST}:${bridge.port} (tockloader-ts listen --port ${bridge.port}); waiting for a connection`,
    );
    await bridge.firstClient;
    return await run(bridge.wrap(io));
  } finally {
    await bridge.close();
  }
}
