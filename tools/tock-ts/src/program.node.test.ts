/**
 * End-to-end tests of `tock-ts run`: the command line parsed, apps read from TAB, TBF and flash
 * image files written to a temporary directory, the board booted and run in virtual time, and the
 * console bytes, status lines and exit codes checked. Nothing waits on wall time.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTab } from '@tock-ts/tockloader-ts';
import { describe, expect, it } from 'vitest';
import { layOutAppFlash } from './app-flash.js';
import { fixtureApp } from './demo-apps.js';
import { type ProgramIo, runProgram } from './program.js';
import { ExitCode } from './session.js';
import { BUTTON_TOGGLES_LED, syntheticTbf } from './synthetic-app.js';

interface Run {
  readonly exitCode: number;
  readonly console: string;
  readonly status: readonly string[];
  readonly errors: string;
}

async function tockTs(argv: readonly string[], input?: string): Promise<Run> {
  const consoleBytes: number[] = [];
  const status: string[] = [];
  let errors = '';
  let virtualWall = 0;
  const io: ProgramIo = {
    writeConsole: (bytes) => consoleBytes.push(...bytes),
    writeStatus: (line) => status.push(line),
    writeError: (text) => {
      errors += text;
    },
    writeOut: (text) => {
      errors += text;
    },
    readFile: (path) => readFileSync(path),
    ...(input === undefined
      ? {}
      : {
          subscribeInput: (receiver: (bytes: Uint8Array) => void) => {
            receiver(new TextEncoder().encode(input));
            return () => undefined;
          },
        }),
    nowMilliseconds: () => virtualWall,
    pause: async (milliseconds) => {
      virtualWall += milliseconds;
    },
  };
  const exitCode = await runProgram(argv, io);
  return { exitCode, console: String.fromCharCode(...consoleBytes), status, errors };
}

function fixtureTbf(name: string): Uint8Array {
  const app = fixtureApp(name);
  if (!app.ok) throw new Error(app.error);
  return app.value.tbf;
}

const directory = mkdtempSync(join(tmpdir(), 'tock-ts-run-'));

function writeTemporary(name: string, bytes: Uint8Array): string {
  const path = join(directory, name);
  writeFileSync(path, bytes);
  return path;
}

describe('tock-ts run', () => {
  it('boots the demo apps with no files and stops when --until matches', async () => {
    const run = await tockTs(['run', '--press', '1@0.5', '--until', 'blink: done', '--timeout', '10']);
    expect(run.exitCode).toBe(ExitCode.Success);
    const text = run.console.replaceAll('tock$ ', '');
    expect(text).toContain('Hello from tock-ts!\n');
    expect(text).toContain('blink: done\n');
    expect(text).toContain('button 1 pressed\n');
    expect(text).toContain('button 1 released\n');
    expect(text).toMatch(/\nrng: 16 bytes:( [0-9a-f]{2}){16}\n/);
    expect(text).toMatch(/\ntemperature: -?\d+ hundredths of a degree C\n/);
    expect(run.status.filter((line) => line.includes('LED'))).toHaveLength(8);
    expect(run.errors).toBe('');
  });

  it('runs a TAB and a TBF given on the command line', async () => {
    const tab = writeTemporary(
      'hello.tab',
      writeTab({ name: 'hello' }, [{ architecture: 'cortex-m4', tbf: fixtureTbf('hello') }]),
    );
    const tbf = writeTemporary('syscalls.tbf', fixtureTbf('syscalls'));
    const run = await tockTs(['run', tab, tbf, '--timeout', '1']);
    expect(run.exitCode).toBe(ExitCode.Success);
    expect(run.console).toContain('Hello from tock-ts!\n');
    expect(run.console).toContain('syscalls: done\n');
  });

  it('converts an ELF given on the command line as elf2tab does', async () => {
    const elf = readFileSync(new URL('../../../apps/fixtures/hello/cortex-m4.elf', import.meta.url));
    const run = await tockTs([
      'run',
      writeTemporary('hello.elf', elf),
      '--until',
      'Hello from',
      '--timeout',
      '1',
    ]);
    expect(run.exitCode).toBe(ExitCode.Success);
    const truncated = await tockTs(['run', writeTemporary('broken.elf', elf.subarray(0, 64))]);
    expect(truncated.exitCode).toBe(ExitCode.BadInput);
    expect(truncated.errors).toContain('broken.elf: cannot convert the ELF');
  });

  it('boots a flash image', async () => {
    const apps = layOutAppFlash([{ source: 'hello', tbf: fixtureTbf('hello') }], 0xc0000);
    if (!apps.ok) throw new Error(apps.error);
    const image = new Uint8Array(0x40000 + apps.value.length).fill(0xff);
    image.set(apps.value, 0x40000);
    const run = await tockTs(['run', '--flash-file', writeTemporary('flash.bin', image), '--timeout', '1']);
    expect(run.exitCode).toBe(ExitCode.Success);
    expect(run.console).toContain('Hello from tock-ts!\n');
  });

  it('exits 1 with the fault report when a process faults under the panic policy', async () => {
    const run = await tockTs(['run', writeTemporary('fault.tbf', fixtureTbf('fault')), '--timeout', '1']);
    expect(run.exitCode).toBe(ExitCode.Failure);
    expect(run.console).toContain('---| Cortex-M Fault Status |---');
    expect(run.status.at(-1)).toMatch(/^kernel panic at \d+\.\d{6} s: Process fault had a fault$/);
  });

  it('keeps the other apps running under --fault-policy stop', async () => {
    const fault = writeTemporary('fault2.tbf', fixtureTbf('fault'));
    const hello = writeTemporary('hello2.tbf', fixtureTbf('hello'));
    const run = await tockTs(['run', fault, hello, '--fault-policy', 'stop', '--timeout', '1']);
    expect(run.exitCode).toBe(ExitCode.Success);
    expect(run.console).toContain('---| Cortex-M Fault Status |---');
    expect(run.console).toContain('\r\nProcess fault faulted and was stopped.\r\n');
    expect(run.console).toContain('Hello from tock-ts!\n');
  });

  it('exits 1 when --until never matches before the timeout, after exactly that much virtual time', async () => {
    const run = await tockTs(['run', '--until', 'never printed', '--timeout', '0.5']);
    expect(run.exitCode).toBe(ExitCode.Failure);
    expect(run.status.at(-1)).toBe('timeout: console output did not match /never printed/ within 0.500000 s');
  });

  it('paces virtual time to the host clock with --realtime', async () => {
    const run = await tockTs(['run', '--timeout', '0.3', '--realtime']);
    expect(run.exitCode).toBe(ExitCode.Success);
  });

  it('delivers standard input to the process console', async () => {
    const run = await tockTs(['run', '--until', 'Total processes: 5', '--timeout', '2'], 'status\r');
    expect(run.exitCode).toBe(ExitCode.Success);
    expect(run.console).toContain('status\r\nTotal processes: 5');
  });

  it('answers an unknown option with usage help and exit code 2', async () => {
    const run = await tockTs(['run', '--frobnicate']);
    expect(run.exitCode).toBe(ExitCode.BadInput);
    expect(run.errors).toContain("unknown option '--frobnicate'");
    expect(run.errors).toContain('Usage: tock-ts run [options] [files...]');
  });

  it('answers no command with the usage and exit code 2', async () => {
    const run = await tockTs([]);
    expect(run.exitCode).toBe(ExitCode.BadInput);
    expect(run.errors).toContain('Usage: tock-ts');
  });

  it('rejects a corrupt TAB with one clear line and exit code 2', async () => {
    const path = writeTemporary('corrupt.tab', new TextEncoder().encode('this is not a tar archive'));
    const run = await tockTs(['run', path]);
    expect(run.exitCode).toBe(ExitCode.BadInput);
    expect(run.errors.trimEnd().split('\n')).toHaveLength(1);
    expect(run.errors).toMatch(/^tock-ts run: .*corrupt\.tab: neither a TBF, a TAB nor an ELF file/);
  });

  it('rejects a TAB without an app for the board or made only for other boards', async () => {
    const riscv = writeTab({ name: 'riscv' }, [{ architecture: 'rv32imac', tbf: fixtureTbf('hello') }]);
    const noArch = await tockTs(['run', writeTemporary('riscv.tab', riscv)]);
    expect(noArch.exitCode).toBe(ExitCode.BadInput);
    expect(noArch.errors).toContain('riscv.tab: the TAB has no cortex-m4 app');
    const hailOnly = writeTab({ name: 'hail-only', onlyForBoards: 'hail' }, [
      { architecture: 'cortex-m4', tbf: fixtureTbf('hello') },
    ]);
    const otherBoard = await tockTs(['run', writeTemporary('hail.tab', hailOnly)]);
    expect(otherBoard.exitCode).toBe(ExitCode.BadInput);
    expect(otherBoard.errors).toContain('hail.tab: the TAB is only for hail');
    const dkTab = writeTab({ name: 'dk', onlyForBoards: 'nrf52dk' }, [
      { architecture: 'cortex-m4', tbf: fixtureTbf('hello') },
    ]);
    const forDk = await tockTs([
      'run',
      writeTemporary('dk.tab', dkTab),
      '--until',
      'Hello',
      '--timeout',
      '1',
    ]);
    expect(forDk.exitCode).toBe(ExitCode.Success);
  });

  it('rejects a truncated TBF, a missing file and a short flash image with exit code 2', async () => {
    const truncated = writeTemporary('truncated.tbf', fixtureTbf('hello').subarray(0, 100));
    expect((await tockTs(['run', truncated])).errors).toContain('truncated TBF');
    const missing = await tockTs(['run', join(directory, 'missing.tab')]);
    expect(missing.exitCode).toBe(ExitCode.BadInput);
    expect(missing.errors).toContain('cannot read (ENOENT)');
    const short = await tockTs(['run', '--flash-file', writeTemporary('short.bin', new Uint8Array(16))]);
    expect(short.exitCode).toBe(ExitCode.BadInput);
    expect(short.errors).toContain('ends before app flash');
  });

  it('rejects a flash image whose app region holds a corrupt TBF header, and a TBF with a bad checksum', async () => {
    const hello = fixtureTbf('hello');
    const image = new Uint8Array(0x40000 + 2 * hello.length).fill(0xff);
    image.set(hello, 0x40000);
    image.set(hello, 0x40000 + hello.length);
    const checksumOffset = 0x40000 + hello.length + 12; // the second TBF's checksum
    image[checksumOffset] = (image[checksumOffset] ?? 0) ^ 0xff;
    const run = await tockTs(['run', '--flash-file', writeTemporary('corrupt-flash.bin', image)]);
    expect(run.exitCode).toBe(ExitCode.BadInput);
    expect(run.errors).toMatch(
      /corrupt-flash\.bin at 0x00040[0-9a-f]{3}: corrupt TBF header \(.*[Cc]hecksum/,
    );
    const badChecksum = hello.slice();
    badChecksum[12] = (badChecksum[12] ?? 0) ^ 0x01;
    const single = await tockTs(['run', writeTemporary('bad-checksum.tbf', badChecksum)]);
    expect(single.exitCode).toBe(ExitCode.BadInput);
    expect(single.errors).toContain('bad-checksum.tbf: corrupt TBF header');
  });

  it('rejects malformed --press, --timeout, --fault-policy and --board values with exit code 2', async () => {
    for (const argv of [
      ['run', '--press', 'x@1'],
      ['run', '--press', '7@1'],
      ['run', '--timeout', 'soon'],
      ['run', '--fault-policy', 'ignore'],
      ['run', '--board', 'hail'],
    ]) {
      const run = await tockTs(argv);
      expect(run.exitCode, argv.join(' ')).toBe(ExitCode.BadInput);
      expect(run.errors).toMatch(/^tock-ts run: /);
    }
  });
});

describe('tock-ts run with LEDs and buttons', () => {
  it('presses a button at a virtual time and shows the LED changes it causes', async () => {
    const app = writeTemporary('button-led.tbf', syntheticTbf(BUTTON_TOGGLES_LED));
    const run = await tockTs(['run', app, '--press', '0@1.5', '--timeout', '2']);
    expect(run.exitCode).toBe(ExitCode.Success);
    expect(run.status).toEqual(['[1.500000 s] LED0 on', '[1.600000 s] LED0 off']);
  });
});
