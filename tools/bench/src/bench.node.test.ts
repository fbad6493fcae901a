/**
 * Smoke test of `pnpm bench`: the built benchmark runs with tiny counts (`--smoke`) and every row
 * it promises comes out with a number or marked absent, in the table and in the JSON object. It
 * checks that the benchmark still works, never how fast anything is.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Report } from './rows.js';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** Every row the benchmark prints, in order (the idle row's name carries the smoke run's time). */
const ROWS = [
  'thumbv6m: tock-ts Cortex-M0+',
  'thumbv6m: vs rp2040js 1.4.1 executeInstruction() loop',
  'thumbv6m: vs QEMU mps2-an385 TCG',
  'thumbv6m: vs QEMU mps2-an385 -icount shift=0',
  'thumbv7e-m: tock-ts Cortex-M4',
  'thumbv7e-m: vs QEMU mps2-an386 TCG',
  'thumbv7e-m: vs QEMU mps2-an386 -icount shift=0',
  'rv32imac: tock-ts RV32IMAC',
  'rv32imac: vs QEMU virt TCG',
  'rv32imac: vs QEMU virt -icount shift=0',
  'kernel: syscall round trips (command, scripted process)',
  'kernel: context switches between two processes',
  'nrf52840dk: syscall round trips, syscall-loop app',
  'nrf52840dk: context switches, ipc-ping and ipc-pong apps',
  'nrf52840dk: boot with 4 apps, first in a fresh process',
  'nrf52840dk: boot with 4 apps, second in the process',
  'nrf52840dk idle: sleep app on a 1 s alarm, 20 s virtual',
  'nrf52840dk compute-bound app vs a real 64 MHz nRF52840, 0.01 s virtual',
  'nrf52840dk: heap per running board',
  'nrf52840dk: ArrayBuffer bytes per running board',
];

function bench(...args: string[]): string {
  const result = spawnSync(process.execPath, ['--expose-gc', main, '--smoke', ...args], {
    encoding: 'utf8',
    timeout: 240_000,
  });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

const NUMBER = /^-?[\d,]+(\.\d+)?×?$/;

describe('pnpm bench --smoke', () => {
  it('prints one table with every row, each with a number or absent', { timeout: 300_000 }, () => {
    const lines = bench().split('\n');
    expect(lines[0]).toMatch(/^tock-ts bench, \d{4}-\d\d-\d\dT/);
    expect(lines.join('\n')).toMatch(/node v\d+.*× \d+ cores/);
    const rows = lines.filter((line) => line.startsWith('| ') && !line.startsWith('| row |'));
    expect(rows.map((line) => line.split(' | ')[0]?.slice(2))).toEqual(ROWS);
    for (const row of rows) {
      const [, , value, peer, peerValue, ratio] = row.split(' | ');
      expect(value === 'absent' || NUMBER.test(value ?? ''), row).toBe(true);
      if (peer !== '') {
        expect(peerValue === 'absent' || NUMBER.test(peerValue ?? ''), row).toBe(true);
        expect(ratio === 'absent' || NUMBER.test(ratio ?? ''), row).toBe(true);
      }
    }
  });

  it('prints one JSON object with --json', { timeout: 300_000 }, () => {
    const report = JSON.parse(bench('--json')) as Report;
    expect(report.smoke).toBe(true);
    expect(report.machine.cores).toBeGreaterThan(0);
    expect(report.rows.map((row) => row.name)).toEqual(ROWS);
    for (const row of report.rows) {
      expect(typeof row.unit).toBe('string');
      expect(row.value === null ? typeof row.absent : typeof row.value, row.name).toBe(
        row.value === null ? 'string' : 'number',
      );
      if (row.peer !== undefined) {
        const complete = typeof row.peerValue === 'number' && typeof row.ratio === 'number';
        expect(complete || typeof row.absent === 'string', row.name).toBe(true);
      }
    }
  });
});
