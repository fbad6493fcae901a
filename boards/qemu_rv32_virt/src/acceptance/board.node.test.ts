/**
 * The qemu_rv32_virt board running our own rv32imac apps (`apps/fixtures/<app>/rv32imac.*.elf`,
 * linked for the slots 0x8010_0080 / 0x8030_0000 and 0x8011_0080 / 0x8031_0000, converted by
 * elf2tab): console output, the alarm, the PMP refusing a store to kernel RAM with RISC-V's trap
 * report, a stack overflow, restarts, and several apps in the two slots.
 */
import { readFileSync } from 'node:fs';
import { elfToTbf } from '@tock-ts/tockloader-ts';
import { describe, expect, it } from 'vitest';
import { bootBoard, MILLISECOND, processNamed, SECOND } from './harness.js';

const SLOTS = ['0x80100080.0x80300000', '0x80110080.0x80310000'] as const;

/** The TBF of an app's fixture linked for `slot` (0 or 1). */
function fixtureTbf(name: string, slot: 0 | 1 = 0): Uint8Array {
  const file = `../../../../apps/fixtures/${name}/rv32imac.${SLOTS[slot]}.elf`;
  const converted = elfToTbf(readFileSync(new URL(file, import.meta.url)), {
    packageName: name,
    kernelVersion: { major: 2, minor: 0 },
  });
  if (!converted.ok) throw new Error(converted.error);
  return converted.value.tbf;
}

const RISCV_BANNER = '\r\n---| RISC-V Machine State |---\r\n';

describe('booting', () => {
  it('prints the boot lines and runs hello to completion', () => {
    const booted = bootBoard([fixtureTbf('hello')]);
    expect(booted.board.refusedApps).toEqual([]);
    expect(
      booted.runUntil(() => processNamed(booted.board, 'hello').state.kind === 'Terminated', SECOND),
    ).toBe(true);
    const text = booted.text();
    expect(text).toContain('initialization complete.');
    expect(text).toContain('Hello from tock-ts!\n');
    expect(processNamed(booted.board, 'hello').completionCode).toEqual({ code: 0 });
  });
});

function allTerminated(booted: ReturnType<typeof bootBoard>): () => boolean {
  return () => booted.board.processes.every((process) => process.state.kind === 'Terminated');
}

function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe('the system calls', () => {
  it('syscalls: every check passes, yield-wait-for returns the upcall values', () => {
    const booted = bootBoard([fixtureTbf('syscalls')]);
    expect(booted.runUntil(allTerminated(booted), SECOND)).toBe(true);
    const lines = booted.lineTexts();
    expect(lines).toContain('syscalls: start');
    expect(lines).toContain('syscalls: done');
    expect(lines).toContain('yield-wait-for upcall value 0: 0x00000009');
    expect(lines.filter((line) => line.endsWith(': yes'))).toHaveLength(10);
    expect(lines.filter((line) => line.endsWith(': no'))).toEqual([]);
    expect(processNamed(booted.board, 'syscalls').completionCode).toEqual({ code: 0 });
  });

  it('alarms: three periodic timers over the machine timer fire in order', () => {
    const booted = bootBoard([fixtureTbf('alarms')]);
    expect(booted.runUntil(allTerminated(booted), 2 * SECOND)).toBe(true);
    const lines = booted.lineTexts().filter((line) => line.startsWith('alarms: '));
    expect(lines[0]).toBe('alarms: start, unit 312500 ticks');
    expect(lines.at(-1)).toBe('alarms: done');
    expect(lines.filter((line) => line.startsWith('alarms: timer '))).toHaveLength(6 + 4 + 2);
  });
});

describe('PMP faults', () => {
  it('a store to kernel RAM is refused: the RISC-V trap report, then a panic (upstream policy)', () => {
    const booted = bootBoard([fixtureTbf('fault')]);
    const outcome = booted.board.run({ untilNanos: SECOND });
    expect(outcome).toMatchObject({ kind: 'Panicked', message: 'Process fault had a fault' });
    const text = booted.text();
    expect(booted.lineTexts()).toContain('fault: storing to kernel RAM at 0x80200000');
    expect(text).toContain(RISCV_BANNER);
    expect(text).toContain(
      'Last cause (mcause): Store/AMO access fault (interrupt=0, exception code=0x00000007)',
    );
    expect(text).toContain('Last value (mtval):  0x80200000\r\n');
    expect(text).toContain('\r\n---| App Status |---\r\n');
    expect(text).not.toContain('the store did not fault');
  });

  it('under the stop policy the faulting app stops and hello in the other slot runs', () => {
    const booted = bootBoard([fixtureTbf('fault'), fixtureTbf('hello', 1)], {
      faultPolicy: { kind: 'stop' },
    });
    expect(
      booted.runUntil(() => processNamed(booted.board, 'hello').state.kind === 'Terminated', SECOND),
    ).toBe(true);
    const text = booted.text();
    expect(text).toContain('\r\nProcess fault faulted and was stopped.\r\n');
    expect(text).toContain(RISCV_BANNER);
    expect(text).toContain('Hello from tock-ts!\n');
    expect(processNamed(booted.board, 'fault').state.kind).toBe('Faulted');
    expect(booted.board.panicMessage).toBeUndefined();
  });
});

describe('stack overflow', () => {
  it('faults when the stack runs below the process memory', () => {
    const booted = bootBoard([fixtureTbf('stack-overflow')]);
    const outcome = booted.board.run({ untilNanos: SECOND });
    expect(outcome).toMatchObject({ kind: 'Panicked', message: 'Process stack-overflow had a fault' });
    const text = booted.text();
    const line = booted.lineTexts().find((entry) => entry.startsWith('stack-overflow: memory starts at '));
    const start = Number(/at (0x[0-9a-f]{8}), recursing$/.exec(line ?? '')?.[1]);
    expect(start).toBe(0x8030_0000);
    expect(text).toContain('Last cause (mcause): Store/AMO access fault');
    const mtval = Number.parseInt(/Last value \(mtval\): {2}0x([0-9a-f]{8})/i.exec(text)?.[1] ?? '', 16);
    expect(mtval).toBeLessThan(start);
    expect(mtval).toBeGreaterThanOrEqual(start - 0x100);
    expect(text).not.toContain('the stack did not overflow');
  });

  it('is restarted up to the threshold, then stopped', () => {
    const booted = bootBoard([fixtureTbf('stack-overflow')], {
      faultPolicy: { kind: 'threshold-stop', restarts: 1 },
    });
    booted.runUntil(() => processNamed(booted.board, 'stack-overflow').state.kind === 'Faulted', SECOND);
    const text = booted.text();
    expect(count(text, 'stack-overflow: memory starts at ')).toBe(3);
    expect(count(text, 'Process stack-overflow faulted and will be restarted.')).toBe(2);
    expect(count(text, 'Process stack-overflow faulted and was stopped.')).toBe(1);
  });
});

describe('exit-restart', () => {
  it('boots again after every exit-restart while hello runs in the other slot', () => {
    const booted = bootBoard([fixtureTbf('restart'), fixtureTbf('hello', 1)]);
    const boots = () => booted.lines().filter((line) => line.text === 'restart: boot');
    expect(booted.runUntil(() => boots().length >= 6, SECOND, MILLISECOND)).toBe(true);
    const restart = processNamed(booted.board, 'restart');
    expect(restart.restartCount).toBe(boots().length - 1);
    expect(restart.state.kind).not.toBe('Faulted');
    expect(booted.lineTexts()).toContain('Hello from tock-ts!');
  });
});

describe('IPC', () => {
  it('the client finds the service by name and shares a buffer the service uppercases (PMP-mapped)', () => {
    const booted = bootBoard([fixtureTbf('ipc-service'), fixtureTbf('ipc-client', 1)]);
    const client = () => processNamed(booted.board, 'ipc-client');
    expect(booted.runUntil(() => client().state.kind === 'Terminated', SECOND)).toBe(true);
    expect(booted.lineTexts()).toContain('ipc-client: service answered: HELLO OVER IPC');
    expect(booted.lineTexts().some((line) => line.startsWith('ipc-service: uppercased 14 bytes'))).toBe(true);
    expect(client().completionCode).toEqual({ code: 0 });
  });
});

describe('two apps in the two slots', () => {
  it('hello and syscalls share the board, their output complete', () => {
    const booted = bootBoard([fixtureTbf('syscalls'), fixtureTbf('hello', 1)]);
    expect(booted.board.processes.map((process) => process.name)).toEqual(['syscalls', 'hello']);
    expect(booted.runUntil(allTerminated(booted), 2 * SECOND)).toBe(true);
    const text = booted.text();
    expect(text).toContain('Hello from tock-ts!\n');
    expect(text).toContain('syscalls: done');
    for (const name of ['hello', 'syscalls']) {
      expect(processNamed(booted.board, name).completionCode).toEqual({ code: 0 });
    }
  });

  it('refuses an app linked for a slot another app already holds', () => {
    expect(() => bootBoard([fixtureTbf('hello'), fixtureTbf('syscalls')])).toThrow(/overlap/);
  });
});

describe('an app that never yields', () => {
  it('starves hello under the cooperative scheduler, as upstream (no timeslice)', () => {
    const booted = bootBoard([fixtureTbf('compute'), fixtureTbf('hello', 1)]);
    booted.runUntil(() => false, 500 * MILLISECOND);
    const text = booted.text();
    expect(text).toContain('compute: start\n');
    expect(text).not.toContain('Hello from tock-ts!');
    expect(processNamed(booted.board, 'compute').state.kind).toBe('Running');
    expect(processNamed(booted.board, 'hello').state.kind).not.toBe('Terminated');
  });
});

describe('the process console', () => {
  it('answers `list` typed on the UART with the processes in their slots', () => {
    const booted = bootBoard([fixtureTbf('syscalls'), fixtureTbf('hello', 1)]);
    booted.runUntil(allTerminated(booted), SECOND);
    booted.board.sendConsoleInput(Uint8Array.from('list\r', (char) => char.charCodeAt(0)));
    booted.runUntil(() => booted.text().includes(' hello '), booted.board.nowNanos + 100 * MILLISECOND);
    const text = booted.text();
    expect(text).toMatch(/PID\s+ShortID\s+Name/);
    expect(text).toMatch(/\n\s*0\s.*syscalls/);
    expect(text).toMatch(/\n\s*1\s.*hello/);
  });
});
