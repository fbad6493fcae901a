/**
 * Acceptance tests of process isolation and scheduling on the nRF52840-DK, with our own C apps
 * (Thumb machine code from `apps/fixtures/<app>/cortex-m4.elf`, converted by elf2tab): MPU faults
 * and Tock's fault report under the panic, stop and threshold policies, a stack overflow, a
 * process that restarts itself, yield-wait-for, several apps sharing the board, an app that never
 * yields, and IPC between two apps.
 */
import { readFileSync } from 'node:fs';
import { elfToTbf } from '@tock-ts/tockloader-ts';
import { describe, expect, it } from 'vitest';
import {
  type AcceptanceBoard,
  ALARM_FREQUENCY_HZ,
  bootBoard,
  MILLISECOND,
  processNamed,
  SECOND,
} from './harness.js';

/** The TBF elf2tab makes of an app's Cortex-M4 fixture, with the app's name as package name. */
function fixtureTbf(name: string): Uint8Array {
  const elf = readFileSync(new URL(`../../../../apps/fixtures/${name}/cortex-m4.elf`, import.meta.url));
  const converted = elfToTbf(elf, { packageName: name, kernelVersion: { major: 2, minor: 0 } });
  if (!converted.ok) throw new Error(converted.error);
  return converted.value.tbf;
}

function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

function allTerminated(acceptance: AcceptanceBoard): () => boolean {
  return () => acceptance.board.processes.every((process) => process.state.kind === 'Terminated');
}

/** The lines the `alarms` app prints between its start and done lines. */
function expectedAlarmLines(): string[] {
  const unitTicks = ALARM_FREQUENCY_HZ / 32;
  const lines: string[] = [];
  for (let unit = 1; unit <= 12; unit++) {
    for (const [name, period] of [
      ['A', 2],
      ['B', 3],
      ['C', 5],
    ] as const) {
      if (unit % period === 0) {
        lines.push(
          `alarms: timer ${name} period ${period} fired at tick +${unit * unitTicks} (unit ${unit})`,
        );
      }
    }
  }
  return lines;
}

const FAULT_STATUS_BANNER = '\r\n---| Cortex-M Fault Status |---\r\n';

describe('MPU faults', () => {
  it('a store to kernel RAM prints the Cortex-M fault report and panics under the default policy', () => {
    const acceptance = bootBoard([fixtureTbf('fault')]);
    const outcome = acceptance.board.run({ untilNanos: SECOND });
    expect(outcome).toMatchObject({ kind: 'Panicked', message: 'Process fault had a fault' });
    const text = acceptance.text();
    expect(acceptance.lineTexts()).toContain('fault: storing to kernel RAM at 0x20000000');
    expect(text).toContain(FAULT_STATUS_BANNER);
    expect(text).toContain('Data Access Violation:              true\r\n');
    expect(text).toContain('Faulting Memory Address:            0x20000000\r\n');
    expect(text).toContain('\r\n---| App Status |---\r\n');
    expect(text).not.toContain('the store did not fault');
  });

  it('under the stop policy only the faulting app stops and the others run to their end', () => {
    const acceptance = bootBoard([fixtureTbf('fault'), fixtureTbf('hello'), fixtureTbf('blink')], {
      faultPolicy: { kind: 'stop' },
    });
    const { board } = acceptance;
    expect(
      acceptance.runUntil(() => processNamed(board, 'blink').state.kind === 'Terminated', 2 * SECOND),
    ).toBe(true);
    const text = acceptance.text();
    expect(text).toContain(FAULT_STATUS_BANNER);
    expect(text).toContain('\r\nProcess fault faulted and was stopped.\r\n');
    expect(text).toContain('Hello from tock-ts!\n');
    expect(acceptance.leds).toHaveLength(8);
    expect(processNamed(board, 'fault').state.kind).toBe('Faulted');
    expect(processNamed(board, 'hello').completionCode).toEqual({ code: 0 });
    expect(processNamed(board, 'blink').completionCode).toEqual({ code: 0 });
    expect(board.panicMessage).toBeUndefined();
  });
});

describe('stack overflow', () => {
  /** The process's memory start, from the app's first line. */
  function memoryStart(acceptance: AcceptanceBoard): number {
    const line = acceptance.lineTexts().find((text) => text.startsWith('stack-overflow: memory starts at '));
    const match = /at (0x[0-9a-f]{8}), recursing$/.exec(line ?? '');
    if (match === null) throw new Error('stack-overflow did not print its memory start');
    return Number(match[1]);
  }

  it('faults when the stack runs below the process memory, with a MemManage report', () => {
    const acceptance = bootBoard([fixtureTbf('stack-overflow')]);
    const outcome = acceptance.board.run({ untilNanos: SECOND });
    expect(outcome).toMatchObject({ kind: 'Panicked', message: 'Process stack-overflow had a fault' });
    const text = acceptance.text();
    expect(text).toContain(FAULT_STATUS_BANNER);
    // The overflowing push is a data access violation; the exception entry that follows cannot
    // stack its frame either (MSTKERR): both are the MPU refusing stores below memory start.
    expect(text).toContain('Data Access Violation:              true\r\n');
    expect(text).toContain('Memory Management Stacking Fault:   true\r\n');
    // MMARVALID, MSTKERR and DACCVIOL: what QEMU's Cortex-M4 reports for the same binary.
    expect(text).toContain('Fault Status Register (CFSR):       0x00000092\r\n');
    const start = memoryStart(acceptance);
    const faulting = /Faulting Memory Address: +0x([0-9A-F]{8})\r\n/.exec(text);
    expect(faulting).not.toBeNull();
    const address = Number.parseInt(faulting?.[1] ?? '', 16);
    expect(address).toBeLessThan(start);
    expect(address).toBeGreaterThanOrEqual(start - 0x100);
    expect(text).not.toContain('the stack did not overflow');
  });

  it('is restarted up to the threshold, then stopped, while another app keeps running', () => {
    const acceptance = bootBoard([fixtureTbf('stack-overflow'), fixtureTbf('alarms')], {
      faultPolicy: { kind: 'threshold-stop', restarts: 1 },
    });
    const { board } = acceptance;
    expect(acceptance.runUntil(() => acceptance.lineTexts().includes('alarms: done'), 2 * SECOND)).toBe(true);
    const text = acceptance.text();
    // Restart count 0 and 1 are within the threshold: two restarts, three boots, then stopped.
    expect(count(text, 'stack-overflow: memory starts at ')).toBe(3);
    expect(count(text, 'Process stack-overflow faulted and will be restarted.')).toBe(2);
    expect(count(text, 'Process stack-overflow faulted and was stopped.')).toBe(1);
    expect(count(text, FAULT_STATUS_BANNER)).toBe(3);
    const overflow = processNamed(board, 'stack-overflow');
    expect(overflow.restartCount).toBe(2);
    expect(overflow.state.kind).toBe('Faulted');
    expect(acceptance.lineTexts().filter((line) => line.startsWith('alarms: timer '))).toEqual(
      expectedAlarmLines(),
    );
  });

  it('panics after the threshold under the threshold-panic policy', () => {
    const acceptance = bootBoard([fixtureTbf('stack-overflow')], {
      faultPolicy: { kind: 'threshold-panic', restarts: 2 },
    });
    expect(acceptance.board.run({ untilNanos: SECOND }).kind).toBe('Panicked');
    expect(count(acceptance.text(), 'stack-overflow: memory starts at ')).toBe(4);
    expect(count(acceptance.text(), 'Process stack-overflow faulted and will be restarted.')).toBe(3);
    expect(processNamed(acceptance.board, 'stack-overflow').restartCount).toBe(3);
  });
});

describe('exit-restart', () => {
  it('boots again after every exit-restart: one boot line per start, as many restarts as the kernel counts', () => {
    const acceptance = bootBoard([fixtureTbf('restart'), fixtureTbf('hello')]);
    const { board } = acceptance;
    const boots = () => acceptance.lines().filter((line) => line.text === 'restart: boot');
    expect(acceptance.runUntil(() => boots().length >= 6, SECOND, MILLISECOND)).toBe(true);
    const restart = processNamed(board, 'restart');
    expect(restart.restartCount).toBe(boots().length - 1);
    expect(restart.completionCode).toEqual({ code: 0 });
    expect(restart.state.kind).not.toBe('Faulted');
    // Each boot sleeps 1/128 s before restarting.
    const times = boots().map((line) => line.nanos);
    for (let index = 1; index < times.length; index++) {
      const gap = (times[index] ?? 0) - (times[index - 1] ?? 0);
      expect(gap).toBeGreaterThanOrEqual(7.8125 * MILLISECOND);
      expect(gap).toBeLessThan(12 * MILLISECOND);
    }
    expect(acceptance.lineTexts()).toContain('Hello from tock-ts!');
    expect(processNamed(board, 'hello').completionCode).toEqual({ code: 0 });
  });
});

describe('yield-wait-for', () => {
  it('returns the awaited upcall values in the registers without running an upcall function', () => {
    const acceptance = bootBoard([fixtureTbf('syscalls')]);
    expect(acceptance.runUntil(allTerminated(acceptance), SECOND)).toBe(true);
    const lines = acceptance.lineTexts();
    expect(lines).toContain('wait-for');
    // Success writes only r0: r1-r3 still hold the command's arguments (1, 100, 0).
    expect(lines).toContain('yield-wait-for write started: Success 0x00000001 0x00000064 0x00000000');
    // The write-done upcall's values: 9 bytes written ("wait-for\n"), then two zeros.
    expect(lines).toContain('yield-wait-for upcall value 0: 0x00000009');
    expect(lines).toContain('yield-wait-for upcall value 1: 0x00000000');
    expect(lines).toContain('yield-wait-for upcall value 2: 0x00000000');
    expect(lines).toContain('yield-wait upcall runs: 0x00000001');
    expect(lines).toContain('syscalls: done');
  });
});

describe('several apps at once', () => {
  it('hello, syscalls, blink and alarms share the board and none of their output is lost', () => {
    const acceptance = bootBoard(['hello', 'syscalls', 'blink', 'alarms'].map(fixtureTbf));
    const { board } = acceptance;
    expect(acceptance.runUntil(allTerminated(acceptance), 3 * SECOND)).toBe(true);
    // hello, blink and alarms write each line with one console write, so each line is in the
    // output whole, in order, though it may land inside one of syscalls' lines, which are
    // written piece by piece. Taking them out must leave syscalls' output intact.
    const wholeLines = [
      'Hello from tock-ts!',
      'blink: 4 LEDs',
      ...['on', 'off'].flatMap((state) => [0, 1, 2, 3].map((led) => `blink: LED ${led} ${state}`)),
      'blink: done',
      `alarms: start, unit ${ALARM_FREQUENCY_HZ / 32} ticks`,
      ...expectedAlarmLines(),
      'alarms: done',
    ];
    let rest = acceptance.text();
    let blinkFrom = 0;
    let alarmsFrom = 0;
    for (const line of wholeLines) {
      const from = line.startsWith('blink: ') ? blinkFrom : line.startsWith('alarms: ') ? alarmsFrom : 0;
      const at = rest.indexOf(`${line}\n`, from);
      expect(at, line).toBeGreaterThanOrEqual(0);
      rest = rest.slice(0, at) + rest.slice(at + line.length + 1);
      if (line.startsWith('blink: ')) blinkFrom = at;
      if (line.startsWith('alarms: ')) alarmsFrom = at;
    }
    const syscallLines = rest.replaceAll('tock$ ', '').split('\n');
    expect(syscallLines).toContain('syscalls: start');
    expect(syscallLines).toContain('syscalls: done');
    expect(syscallLines).toContain('yield-wait-for upcall value 0: 0x00000009');
    expect(syscallLines.filter((line) => line.endsWith(': yes'))).toHaveLength(10);
    expect(syscallLines.filter((line) => line.endsWith(': no'))).toEqual([]);
    expect(acceptance.leds).toHaveLength(8);
    for (const name of ['hello', 'syscalls', 'blink', 'alarms']) {
      expect(processNamed(board, name).completionCode).toEqual({ code: 0 });
    }
  });
});

describe('an app that never yields', () => {
  it('is preempted by the timeslice, so hello prints and blink keeps its pace', () => {
    const acceptance = bootBoard(['compute', 'hello', 'blink'].map(fixtureTbf));
    const { board } = acceptance;
    expect(
      acceptance.runUntil(() => processNamed(board, 'blink').state.kind === 'Terminated', 2 * SECOND),
    ).toBe(true);
    expect(acceptance.text()).toContain('compute: start\n');
    expect(acceptance.text()).toContain('Hello from tock-ts!\n');
    const compute = processNamed(board, 'compute');
    expect(compute.state.kind).toBe('Running');
    expect(compute.timesliceExpirationCount).toBeGreaterThan(20);
    // Blink waits at most about one of compute's timeslices longer than its 62.5 ms sleep.
    const times = acceptance.leds.map((event) => event.nanos);
    expect(times).toHaveLength(8);
    for (let step = 1; step < times.length; step++) {
      const gap = (times[step] ?? 0) - (times[step - 1] ?? 0);
      expect(gap).toBeGreaterThanOrEqual(62.5 * MILLISECOND);
      expect(gap).toBeLessThan(62.5 * MILLISECOND + 25 * MILLISECOND);
    }
    expect(processNamed(board, 'hello').completionCode).toEqual({ code: 0 });
    expect(processNamed(board, 'blink').completionCode).toEqual({ code: 0 });
  });
});

describe('IPC', () => {
  for (const order of [
    ['ipc-service', 'ipc-client'],
    ['ipc-client', 'ipc-service'],
  ] as const) {
    it(`the client gets its text uppercased by the service (slots: ${order.join(', ')})`, () => {
      const acceptance = bootBoard(order.map(fixtureTbf));
      const { board } = acceptance;
      expect(board.processes.map((process) => process.name)).toEqual(order);
      const client = processNamed(board, 'ipc-client');
      expect(acceptance.runUntil(() => client.state.kind === 'Terminated', SECOND)).toBe(true);
      const serviceIndex = order.indexOf('ipc-service');
      const clientIndex = order.indexOf('ipc-client');
      const lines = acceptance.lineTexts();
      expect(lines).toContain(`ipc-service: ready as process ${serviceIndex}`);
      expect(lines).toContain(`ipc-client: found ipc-service as process ${serviceIndex}`);
      expect(lines).toContain(`ipc-service: uppercased 14 bytes for process ${clientIndex}`);
      expect(lines).toContain('ipc-client: service answered: HELLO OVER IPC');
      expect(client.completionCode).toEqual({ code: 0 });
      expect(processNamed(board, 'ipc-service').state.kind).toBe('Yielded');
    });
  }

  it('the client exits with 1 when no service of that name is loaded', () => {
    const acceptance = bootBoard([fixtureTbf('ipc-client')]);
    expect(acceptance.runUntil(allTerminated(acceptance), SECOND)).toBe(true);
    expect(processNamed(acceptance.board, 'ipc-client').completionCode).toEqual({ code: 1 });
    expect(acceptance.text()).not.toContain('ipc-client: service answered');
  });
});
