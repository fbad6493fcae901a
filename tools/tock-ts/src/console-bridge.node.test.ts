/**
 * `tock-ts run --listen`: the console on a loopback TCP port. A run with `--listen 0` says which
 * port the system chose, waits for a client, boots, and the client sees the hello demo app's
 * output and reaches the process console with its input. Bounded: the run has a virtual-time
 * timeout and the test a wall-clock one.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseListenPort } from './console-bridge.js';
import { fixtureApp } from './demo-apps.js';
import { type ProgramIo, runProgram } from './program.js';
import { ExitCode } from './session.js';

interface Started {
  readonly exit: Promise<number>;
  readonly port: Promise<number>;
  readonly status: string[];
  errors(): string;
  stdout(): string;
}

/** Starts `tock-ts run ARGS` with host pauses that let socket events in. */
function startRun(argv: readonly string[]): Started {
  const status: string[] = [];
  let errors = '';
  let stdout = '';
  let announce: (port: number) => void = () => {};
  const port = new Promise<number>((resolve) => {
    announce = resolve;
  });
  const io: ProgramIo = {
    writeConsole: (bytes) => {
      stdout += new TextDecoder().decode(bytes);
    },
    writeStatus: (line) => {
      status.push(line);
      const match = /^console on 127\.0\.0\.1:(\d+) /.exec(line);
      if (match !== null) announce(Number(match[1]));
    },
    writeError: (text) => {
      errors += text;
    },
    writeOut: (text) => {
      errors += text;
    },
    readFile: (path) => readFileSync(path),
    nowMilliseconds: () => performance.now(),
    pause: (milliseconds) =>
      new Promise<void>((resolve) =>
        milliseconds > 0 ? setTimeout(resolve, milliseconds) : setImmediate(resolve),
      ),
  };
  return { exit: runProgram(argv, io), port, status, errors: () => errors, stdout: () => stdout };
}

function helloTbf(): string {
  const app = fixtureApp('hello');
  if (!app.ok) throw new Error(app.error);
  const path = join(mkdtempSync(join(tmpdir(), 'tock-ts-listen-')), 'hello.tbf');
  writeFileSync(path, app.value.tbf);
  return path;
}

describe('tock-ts run --listen', () => {
  it('serves the console on an ephemeral loopback port, both ways', async () => {
    const run = startRun([
      'run',
      helloTbf(),
      '--listen',
      '0',
      '--until',
      'Total processes: 1',
      '--timeout',
      '5',
    ]);
    const port = await run.port;
    expect(port).toBeGreaterThan(0);
    let received = '';
    let typed = false;
    const socket = connect({ host: '127.0.0.1', port });
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (!typed && received.includes('Hello from tock-ts!')) {
        typed = true;
        socket.write('status\r');
      }
    });
    expect(await run.exit).toBe(ExitCode.Success);
    await closed;
    expect(received).toContain('Hello from tock-ts!\n');
    expect(received).toContain('Total processes: 1');
    // The run's own output still has the console too.
    expect(run.stdout()).toContain('Hello from tock-ts!\n');
    expect(run.errors()).toBe('');
  }, 20_000);

  it('refuses bad and busy ports in one line', async () => {
    const bad = startRun(['run', '--listen', '70000', '--timeout', '1']);
    expect(await bad.exit).toBe(ExitCode.BadInput);
    expect(bad.errors()).toBe("tock-ts run: --listen: '70000' is not a TCP port (0 to 65535)\n");

    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const address = busy.address();
    const busyPort = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const clash = startRun(['run', '--listen', String(busyPort), '--timeout', '1']);
      expect(await clash.exit).toBe(ExitCode.BadInput);
      expect(clash.errors()).toBe(
        `tock-ts run: --listen: cannot listen on 127.0.0.1:${busyPort} (EADDRINUSE)\n`,
      );
    } finally {
      await new Promise<void>((resolve) => busy.close(() => resolve()));
    }
  }, 20_000);

  it('reads ports', () => {
    expect(parseListenPort('0')).toBe(0);
    expect(parseListenPort('65535')).toBe(65535);
    expect(parseListenPort('65536')).toBeUndefined();
    expect(parseListenPort('-1')).toBeUndefined();
    expect(parseListenPort('http')).toBeUndefined();
  });
});
