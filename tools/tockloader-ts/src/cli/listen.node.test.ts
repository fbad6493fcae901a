/**
 * `listen` end to end over loopback TCP against a stand-in for `tock-ts run --listen`: console
 * bytes reach the output, input bytes reach the board side, the command ends when the board
 * side closes, and a port nobody listens on is one line on stderr. Each test is bounded.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ListenIo } from './listen.js';
import { type CliOutput, runCliAsync } from './program.js';

let server: Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  server = undefined;
});

/** Listens on 127.0.0.1 with an ephemeral port; `onClient` plays the board. */
async function boardSide(onClient: (socket: Socket) => void): Promise<number> {
  const started = createServer(onClient);
  server = started;
  await new Promise<void>((resolve) => started.listen(0, '127.0.0.1', resolve));
  const address = started.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

interface Captured {
  readonly output: CliOutput;
  console(): string;
  errors(): string;
}

/** Output that records the console and stderr; `input` is typed once connected. */
function capture(input: readonly string[]): Captured {
  let consoleText = '';
  let errors = '';
  const listenIo: ListenIo = {
    output: (bytes) => {
      consoleText += new TextDecoder().decode(bytes);
    },
    subscribeInput: (receiver) => {
      for (const text of input) receiver(new TextEncoder().encode(text));
      return () => {};
    },
  };
  return {
    output: {
      stdout: () => {},
      stderr: (text) => {
        errors += text;
      },
      listenIo,
    },
    console: () => consoleText,
    errors: () => errors,
  };
}

describe('listen', () => {
  it('carries the console both ways until the board side closes', async () => {
    let received = '';
    const port = await boardSide((socket) => {
      socket.write('Hello from tock-ts!\n');
      socket.on('data', (chunk: Buffer) => {
        received += chunk.toString('latin1');
        if (received.includes('\r')) {
          socket.write(`echo: ${received}`);
          socket.end();
        }
      });
    });
    const captured = capture(['list\r']);
    const status = await runCliAsync(['listen', '--port', String(port)], captured.output);
    expect(status).toBe(0);
    expect(received).toBe('list\r');
    expect(captured.console()).toBe('Hello from tock-ts!\necho: list\r');
    expect(captured.errors()).toBe('');
  }, 10_000);

  it('ends on an interrupt while the board side stays open', async () => {
    let boardSaw = '';
    const port = await boardSide((socket) => {
      socket.write('tock$ ');
      socket.on('data', (chunk: Buffer) => {
        boardSaw += chunk.toString('latin1');
      });
    });
    let consoleText = '';
    const listenIo: ListenIo = {
      output: (bytes) => {
        consoleText += new TextDecoder().decode(bytes);
      },
      subscribeInput: (receiver, onInterrupt) => {
        receiver(new TextEncoder().encode('x'));
        setTimeout(onInterrupt, 50);
        return () => {};
      },
    };
    const status = await runCliAsync(['listen', '--port', String(port)], {
      stdout: () => {},
      stderr: () => {},
      listenIo,
    });
    expect(status).toBe(0);
    expect(consoleText).toBe('tock$ ');
    expect(boardSaw).toBe('x');
  }, 10_000);

  it('says so in one line when nothing listens on the port', async () => {
    const port = await boardSide(() => {});
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = undefined;
    const captured = capture([]);
    const status = await runCliAsync(['listen', '--port', String(port)], captured.output);
    expect(status).toBe(1);
    expect(captured.errors()).toBe(
      `error: nothing listens on 127.0.0.1:${port}: start the board with tock-ts run --listen ${port}\n`,
    );
  }, 10_000);

  it('needs a port', async () => {
    const captured = capture([]);
    expect(await runCliAsync(['listen'], captured.output)).not.toBe(0);
    expect(captured.errors()).toMatch(/--port/);
    expect(await runCliAsync(['listen', '--port', '0'], captured.output)).toBe(1);
    expect(captured.errors()).toMatch(/not a TCP port/);
  });
});
