// Our bare-metal RISC-V programs print the same UART output on this emulator as on QEMU virt:
// against the output QEMU recorded when the fixtures were built, and against a live
// `qemu-system-riscv32 -M virt -bios none -icount shift=0 -kernel X.elf` run when QEMU is installed
// (deterministic instruction counting, so interrupt timing cannot depend on the host).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunExit } from './silicon/rv32-hart.js';
import { runBareMetal } from './testing/run-bare-metal.js';

const PROGRAMS = ['workload_rv32_2', 'traps', 'user-mode', 'interrupts'] as const;

function fixturePath(name: string): string {
  return new URL(`../fixtures/${name}`, import.meta.url).pathname;
}

function runOurs(program: string): string {
  const result = runBareMetal({ elf: new Uint8Array(readFileSync(fixturePath(`${program}.elf`))) });
  expect(result.exit).toBe(RunExit.Stopped);
  expect(result.exitStatus).toBe(0);
  return result.output;
}

const qemuInstalled = spawnSync('qemu-system-riscv32', ['--version']).status === 0;

describe('UART output against QEMU virt as recorded in the fixtures', () => {
  for (const program of PROGRAMS) {
    it(`${program}.elf prints what QEMU printed`, () => {
      expect(runOurs(program)).toBe(readFileSync(fixturePath(`${program}.qemu.txt`), 'latin1'));
    });
  }
});

describe.skipIf(!qemuInstalled)(
  qemuInstalled
    ? 'UART output against a live qemu-system-riscv32 -M virt run'
    : 'UART output against a live QEMU run: SKIPPED, qemu-system-riscv32 is not installed (Debian package qemu-system-misc)',
  () => {
    for (const program of PROGRAMS) {
      it(`${program}.elf prints the same on both`, () => {
        // The UART goes to a file: QEMU drops serial output still buffered for a pipe when it exits.
        const directory = mkdtempSync(join(tmpdir(), 'arch-rv32-qemu-'));
        const serial = join(directory, 'serial.txt');
        try {
          const qemu = spawnSync(
            'qemu-system-riscv32',
            [
              '-M',
              'virt',
              '-bios',
              'none',
              '-icount',
              'shift=0',
              '-display',
              'none',
              '-monitor',
              'none',
            ].concat(['-serial', `file:${serial}`, '-kernel', fixturePath(`${program}.elf`)]),
            { timeout: 30_000 },
          );
          expect(qemu.status).toBe(0);
          expect(runOurs(program)).toBe(readFileSync(serial, 'latin1'));
        } finally {
          rmSync(directory, { recursive: true, force: true });
        }
      });
    }
  },
);
