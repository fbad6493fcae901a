/**
 * End-to-end tests of the nRF52840-DK: our own C apps (real Thumb machine code from
 * `apps/fixtures/*\/cortex-m4.elf`, converted by elf2tab) booted from app flash, with assertions on
 * the console bytes, the processes' states and how `run` ends under each fault policy.
 */
import { readFileSync } from 'node:fs';
import { elfToTbf, tbfChecksum } from '@tock-ts/tockloader-ts';
import { describe, expect, it } from 'vitest';
import { type BoardOptions, Nrf52840dkBoard } from './board.js';

const SECOND = 1_000_000_000;

function fixtureTbf(name: string): Uint8Array {
  const elf = readFileSync(new URL(`../../../apps/fixtures/${name}/cortex-m4.elf`, import.meta.url));
  const converted = elfToTbf(elf, { packageName: name, kernelVersion: { major: 2, minor: 0 } });
  if (!converted.ok) throw new Error(converted.error);
  return converted.value.tbf;
}

/**
 * A 256-byte app made of `code` (Thumb halfwords), started at its first instruction. Header:
 * base (16 bytes), Main TLV (init offset 0, no protected trailer, 1 KiB RAM), KernelVersion 2.0.
 */
function syntheticTbf(code: readonly number[]): Uint8Array {
  const headerSize = 40;
  const bytes = new Uint8Array(256);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, 2, true);
  view.setUint16(2, headerSize, true);
  view.setUint32(4, bytes.length, true);
  view.setUint32(8, 1, true); // enabled
  view.setUint16(16, 1, true); // Main
  view.setUint16(18, 12, true);
  view.setUint32(20, 0, true);
  view.setUint32(24, 0, true);
  view.setUint32(28, 1024, true);
  view.setUint16(32, 8, true); // KernelVersion
  view.setUint16(34, 4, true);
  view.setUint16(36, 2, true);
  view.setUint16(38, 0, true);
  code.forEach((halfword, index) => {
    view.setUint16(headerSize + 2 * index, halfword, true);
  });
  view.setUint32(12, tbfChecksum(bytes.subarray(0, headerSize)), true);
  return bytes;
}

/** App flash holding `tbfs` back to back, largest first (each is a power of two in size). */
/** An app that never yields: its first instruction branches to itself. */
function spinningTbf(): Uint8Array {
  return syntheticTbf([0xe7fe]);
}

/** An app that turns LED 2 on with the LED driver's command 1, then exits with code 7. */
function ledOnTbf(): Uint8Array {
  return syntheticTbf([
    0x2002, // movs r0, #2   LED driver
    0x2101, // movs r1, #1   on
    0x2202, // movs r2, #2   LED 2
    0x2300, // movs r3, #0
    0xdf02, // svc 2         command
    0x2000, // movs r0, #0   exit-terminate
    0x2107, // movs r1, #7   completion code
    0xdf06, // svc 6         exit
  ]);
}

function appFlash(tbfs: readonly Uint8Array[]): Uint8Array {
  const ordered = [...tbfs].sort((a, b) => b.length - a.length);
  const image = new Uint8Array(ordered.reduce((total, tbf) => total + tbf.length, 0));
  let offset = 0;
  for (const tbf of ordered) {
    image.set(tbf, offset);
    offset += tbf.length;
  }
  return image;
}

interface Booted {
  readonly board: Nrf52840dkBoard;
  readonly output: () => string;
}

function boot(tbfs: readonly Uint8Array[], options: BoardOptions = {}): Booted & { readonly leds: string[] } {
  const bytes: number[] = [];
  const leds: string[] = [];
  const board = Nrf52840dkBoard.create({
    ...options,
    appFlash: appFlash(tbfs),
    host: {
      consoleOutput: (byte) => bytes.push(byte),
      ledChanged: (index, on) => leds.push(`LED${index} ${on ? 'on' : 'off'}`),
    },
  });
  return { board, leds, output: () => String.fromCharCode(...bytes) };
}

function processNamed(board: Nrf52840dkBoard, name: string) {
  const process = board.processes.find((candidate) => candidate.name === name);
  if (process === undefined) throw new Error(`no process ${name}`);
  return process;
}

describe('the nRF52840-DK running our apps', () => {
  it('prints the boot line and the process console prompt, and hello prints its line', () => {
    const { board, output } = boot([fixtureTbf('hello')]);
    expect(board.run({ untilNanos: SECOND })).toEqual({ kind: 'DeadlineReached', nowNanos: SECOND });
    const text = output();
    expect(text.startsWith('Initialization complete. Entering main loop\r\n')).toBe(true);
    expect(text).toContain('Hello from tock-ts!\n');
    // The process console's prompt shares the UART with the app: the mux sends whole writes.
    expect(text.replace('tock$ ', '')).toBe(
      'Initialization complete. Entering main loop\r\nHello from tock-ts!\n',
    );
    const hello = processNamed(board, 'hello');
    expect(hello.state.kind).toBe('Terminated');
    expect(hello.completionCode).toEqual({ code: 0 });
  });

  it('gives the syscall exerciser the return variants TRD104 prescribes', () => {
    const { board, output } = boot([fixtureTbf('syscalls')]);
    board.run({ untilNanos: SECOND });
    const lines = output().split('\n');
    expect(output().replace('tock$ ', '')).toContain('\nsyscalls: start\n');
    expect(lines).toContain('command console exists: Success 0x00000000 0x00000000 0x00000000');
    expect(lines).toContain('command missing driver: Failure 0x0000000b 0x00000000 0x00000000');
    expect(lines).toContain('command console missing number: Failure 0x0000000a 0x00000000 0x00000000');
    expect(lines).toContain('subscribe console first: SuccessU32U32 0x00000000 0x00000000 0x00001111');
    expect(lines).toContain('memop memory start: SuccessU32 0x20010000 0x00000000 0x00000000');
    expect(lines).toContain('memop flash start: SuccessU32 0x00040000 0x00000000 0x00000000');
    expect(lines).toContain('memop brk past memory end: Failure 0x00000009 0x00000000 0x00000000');
    expect(lines).toContain('exit missing kind: Failure 0x0000000a 0x00000000 0x00000000');
    expect(lines.filter((line) => line.endsWith(': no'))).toEqual([]);
    // TRD104's variant for every call the exerciser makes, and the error code of each failure
    // (NODEVICE 0xb, NOSUPPORT 0xa, INVAL 0x6, NOMEM 0x9, FAIL 0x1).
    const expected: Readonly<Record<string, string>> = {
      'subscribe console swap': 'SuccessU32U32',
      'subscribe console null': 'SuccessU32U32',
      'subscribe missing driver': 'FailureU32U32 0x0000000b',
      'subscribe console missing number': 'FailureU32U32 0x0000000a',
      'allow-ro console flash': 'SuccessU32U32 0x00000000 0x00000000',
      'allow-ro console swap': 'SuccessU32U32',
      'allow-ro console clear': 'SuccessU32U32',
      'allow-ro missing driver': 'FailureU32U32 0x0000000b',
      'allow-rw console ram': 'SuccessU32U32 0x00000000 0x00000000',
      'allow-rw console outside': 'FailureU32U32 0x00000006',
      'allow-rw console flash': 'FailureU32U32 0x00000006',
      'allow-rw console clear': 'SuccessU32U32',
      'allow-rw console missing number': 'FailureU32U32 0x0000000a',
      'allow-rw missing driver': 'FailureU32U32 0x0000000b',
      'allow-ur console': 'FailureU32U32 0x0000000a',
      'allow-ur missing driver': 'FailureU32U32 0x0000000b',
      'memop flash end': 'SuccessU32',
      'memop grant start': 'SuccessU32',
      'memop writeable flash regions': 'SuccessU32 0x00000000',
      'memop writeable flash region 0 start': 'Failure 0x00000001',
      'memop sbrk 0': 'SuccessU32',
      'memop brk initial break': 'Success',
      'memop brk zero': 'Failure 0x00000009',
      'memop missing operation': 'Failure 0x0000000a',
      'yield-wait-for write started': 'Success',
      'yield-wait write started': 'Success',
      'yield-no-wait write started': 'Success',
    };
    for (const [label, variant] of Object.entries(expected)) {
      const line = lines.find((candidate) => candidate.startsWith(`${label}: `));
      expect(line, label).toBeDefined();
      expect(line?.slice(label.length + 2).startsWith(`${variant} `) ?? false, `${label}: ${line}`).toBe(
        true,
      );
    }
    expect(lines).toContain('syscalls: done');
    expect(processNamed(board, 'syscalls').completionCode).toEqual({ code: 0 });
  });

  it('runs two apps at once', () => {
    const { board, output } = boot([fixtureTbf('hello'), fixtureTbf('syscalls')]);
    board.run({ untilNanos: SECOND });
    expect(output()).toContain('Hello from tock-ts!\n');
    expect(output()).toContain('syscalls: done\n');
    expect(board.processes.map((process) => process.state.kind)).toEqual(['Terminated', 'Terminated']);
  });

  it('keeps running other apps while one never yields', () => {
    const { board, output } = boot([spinningTbf(), fixtureTbf('hello')]);
    expect(board.run({ untilNanos: board.nowNanos + SECOND / 5 }).kind).toBe('DeadlineReached');
    expect(output()).toContain('Hello from tock-ts!\n');
    const spinner = board.processes.find((process) => process.name === '');
    expect(spinner?.state.kind).toBe('Running');
    expect(spinner?.timesliceExpirationCount).toBeGreaterThan(10);
  });

  it('prints the fault report and panics under the default policy', () => {
    const { board, output } = boot([fixtureTbf('fault')]);
    const outcome = board.run({ untilNanos: SECOND });
    expect(outcome).toMatchObject({ kind: 'Panicked', message: 'Process fault had a fault' });
    const text = output();
    expect(text.replace('tock$ ', '')).toContain('fault: storing to kernel RAM at 0x20000000\n');
    expect(text).toContain('\r\n---| Cortex-M Fault Status |---\r\n');
    expect(text).toContain('Data Access Violation:              true\r\n');
    expect(text).toContain('Faulting Memory Address:            0x20000000\r\n');
    expect(text).toContain('\r\nProcess fault had a fault\r\n\tKernel version 2.3.0\r\n');
    expect(text).toContain('\r\n---| App Status |---\r\n');
    expect(text).not.toContain('the store did not fault');
    expect(board.run({ untilNanos: 2 * SECOND }).kind).toBe('Panicked');
  });

  it('finishes the boot line on the wire before the panic report of an app that faults at once', () => {
    const crashAtStart = syntheticTbf([
      0x2000, // movs r0, #0
      0x6000, // str r0, [r0]   store to kernel flash: the MPU faults it
    ]);
    const { board, output } = boot([crashAtStart]);
    expect(board.run({ untilNanos: SECOND }).kind).toBe('Panicked');
    const text = output();
    expect(text.startsWith('Initialization complete. Entering main loop\r\n')).toBe(true);
    expect(text.indexOf('Entering main loop')).toBeLessThan(text.indexOf('---| Cortex-M Fault Status |---'));
  });

  it('stops only the faulting app under the stop policy', () => {
    const { board, output } = boot([fixtureTbf('fault'), fixtureTbf('hello')], {
      faultPolicy: { kind: 'stop' },
    });
    expect(board.run({ untilNanos: SECOND }).kind).toBe('DeadlineReached');
    expect(output()).toContain('---| Cortex-M Fault Status |---');
    expect(output()).toContain('Hello from tock-ts!\n');
    expect(output()).toContain('\r\nProcess fault faulted and was stopped.\r\n');
    expect(processNamed(board, 'fault').state.kind).toBe('Faulted');
    expect(processNamed(board, 'hello').completionCode).toEqual({ code: 0 });
  });

  it('restarts the faulting app up to the threshold, then stops it', () => {
    const { board, output } = boot([fixtureTbf('fault')], {
      faultPolicy: { kind: 'threshold-stop', restarts: 2 },
    });
    board.run({ untilNanos: SECOND });
    expect(output().split('fault: storing to kernel RAM').length - 1).toBe(4);
    expect(output().split('Process fault faulted and will be restarted.').length - 1).toBe(3);
    expect(output().split('Process fault faulted and was stopped.').length - 1).toBe(1);
    const fault = processNamed(board, 'fault');
    expect(fault.restartCount).toBe(3);
    expect(fault.state.kind).toBe('Faulted');
  });

  it('answers the process console on the console input', () => {
    const { board, output } = boot([fixtureTbf('hello')]);
    board.run({ untilNanos: SECOND });
    board.sendConsoleInput(new TextEncoder().encode('list\r'));
    board.run({ untilNanos: 2 * SECOND });
    expect(output()).toContain(
      ' PID    ShortID    Name                Quanta  Syscalls  Restarts  Grants  State',
    );
    expect(output()).toMatch(/\n 0 +Unique +hello +0 +\d+ +0 +\d+\/ ?\d+ +Terminated\r\ntock\$ $/);
  });

  it('shows an app turning an LED on through the LED driver, and its exit code', () => {
    const { board, leds } = boot([ledOnTbf()]);
    board.run({ untilNanos: SECOND });
    expect(leds).toEqual(['LED2 on']);
    expect(board.composition.silicon.gpio.level(15)).toBe(false);
    expect(board.processes[0]?.completionCode).toEqual({ code: 7 });
  });

  it('loads at most eight processes and names the one left out', () => {
    const { board } = boot(Array.from({ length: 9 }, () => spinningTbf()));
    expect(board.processes).toHaveLength(8);
    expect(board.refusedApps).toEqual(['TBF at 0x00040800: not loaded: no free process slot']);
  });

  it('stops when a host callback asks it to, after the operation in progress', () => {
    let board: Nrf52840dkBoard | undefined;
    let text = '';
    board = Nrf52840dkBoard.create({
      appFlash: appFlash([fixtureTbf('hello')]),
      host: {
        consoleOutput(byte) {
          text += String.fromCharCode(byte);
          if (text.endsWith('Hello from tock-ts!\n')) board?.requestStop();
        },
      },
    });
    const outcome = board.run({ untilNanos: 10 * SECOND });
    expect(outcome.kind).toBe('StopRequested');
    expect(outcome.nowNanos).toBeLessThan(SECOND);
    expect(text.endsWith('Hello from tock-ts!\n')).toBe(true);
  });

  it('drops a stop request made between runs, and jumps straight to the deadline when idle', () => {
    const { board } = boot([]);
    board.requestStop();
    expect(board.run({ untilNanos: SECOND }).kind).toBe('DeadlineReached');
    expect(board.nowNanos).toBe(SECOND);
    expect(board.run({ untilNanos: 5 * SECOND })).toEqual({ kind: 'DeadlineReached', nowNanos: 5 * SECOND });
  });
});
