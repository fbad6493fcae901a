/**
 * End-to-end tests of `tock-ts run --board qemu_rv32_virt`: our rv32imac apps as ELF files and as
 * TABs carrying a TBF for each of the two slots they are linked for, placed at their fixed
 * addresses, the board booted and run in virtual time, console bytes and exit codes checked.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { elfToTbf, writeTab } from '@tock-ts/tockloader-ts';
import { describe, expect, it } from 'vitest';
import { type ProgramIo, runProgram } from './program.js';
import { ExitCode } from './session.js';

const SLOTS = ['0x80100080.0x80300000', '0x80110080.0x80310000'] as const;
const fixtures = new URL('../../../apps/fixtures/', import.meta.url);
const directory = mkdtempSync(join(tmpdir(), 'tock-ts-qemu-'));

function elfPath(name: string, slot: 0 | 1): string {
  return new URL(`${name}/rv32imac.${SLOTS[slot]}.elf`, fixtures).pathname;
}

/** A TAB of `name` with a TBF for each slot, as libtock-c's build makes for RISC-V. */
function tabFile(name: string): string {
  const binaries = SLOTS.map((slot, index) => {
    const converted = elfToTbf(readFileSync(elfPath(name, index === 0 ? 0 : 1)), {
      packageName: name,
      kernelVersion: { major: 2, minor: 0 },
    });
    if (!converted.ok) throw new Error(converted.error);
    return { architecture: `rv32imac.${slot}`, tbf: converted.value.tbf };
  });
  const path = join(directory, `${name}.tab`);
  writeFileSync(path, writeTab({ name }, binaries));
  return path;
}

async function tockTs(
  argv: readonly string[],
): Promise<{ exitCode: number; console: string; status: string[]; errors: string }> {
  const bytes: number[] = [];
  const status: string[] = [];
  let errors = '';
  const io: ProgramIo = {
    writeConsole: (chunk) => bytes.push(...chunk),
    writeStatus: (line) => status.push(line),
    writeError: (text) => {
      errors += text;
    },
    writeOut: (text) => {
      errors += text;
    },
    readFile: (path) => readFileSync(path),
    nowMilliseconds: () => 0,
    pause: async () => undefined,
  };
  const exitCode = await runProgram(['run', '--board', 'qemu_rv32_virt', ...argv], io);
  return { exitCode, console: String.fromCharCode(...bytes).replaceAll('tock$ ', ''), status, errors };
}

describe('tock-ts run --board qemu_rv32_virt', () => {
  it('boots the rv32imac demo apps (hello, alarms) with no files', async () => {
    const run = await tockTs(['--until', 'alarms: done', '--timeout', '5']);
    expect(run.exitCode).toBe(ExitCode.Success);
    expect(run.console).toContain('initialization complete.');
    expect(run.console).toContain('Hello from tock-ts!\n');
    expect(run.console).toContain('alarms: timer C period 5 fired at tick +3125000 (unit 10)\n');
  });

  it('places two TABs in the two slots, each app from the TBF linked for its slot', async () => {
    const run = await tockTs([
      tabFile('hello'),
      tabFile('syscalls'),
      '--until',
      'syscalls: done',
      '--timeout',
      '2',
    ]);
    expect(run.errors).toBe('');
    expect(run.exitCode).toBe(ExitCode.Success);
    expect(run.console).toContain('Hello from tock-ts!\n');
    expect(run.console).toContain('syscalls: start');
    expect(run.status).toEqual([]);
  });

  it('runs ELF files at their link addresses', async () => {
    const run = await tockTs([
      elfPath('syscalls', 1),
      elfPath('hello', 0),
      '--until',
      'syscalls: done',
      '--timeout',
      '2',
    ]);
    expect(run.exitCode).toBe(ExitCode.Success);
    expect(run.console).toContain('Hello from tock-ts!\n');
  });

  it('a PMP fault prints the RISC-V trap report and panics (exit 1)', async () => {
    const run = await tockTs([elfPath('fault', 0), '--timeout', '1']);
    expect(run.exitCode).toBe(ExitCode.Failure);
    expect(run.console).toContain('fault: storing to kernel RAM at 0x80200000\n');
    expect(run.console).toContain('\r\n---| RISC-V Machine State |---\r\n');
    expect(run.console).toContain('Last value (mtval):  0x80200000\r\n');
    expect(run.status.at(-1)).toMatch(/^kernel panic at .* had a fault$/);
  });

  it('rejects two apps linked for the same slot, --press and --flash-file', async () => {
    const twice = await tockTs([elfPath('hello', 0), elfPath('syscalls', 0)]);
    expect(twice.exitCode).toBe(ExitCode.BadInput);
    expect(twice.errors).toContain('no TBF linked for a free app slot');
    const press = await tockTs(['--press', '0@1']);
    expect(press.exitCode).toBe(ExitCode.BadInput);
    expect(press.errors).toContain('qemu_rv32_virt has no buttons');
    const flash = await tockTs(['--flash-file', elfPath('hello', 0)]);
    expect(flash.exitCode).toBe(ExitCode.BadInput);
    expect(flash.errors).toContain('--flash-file: only for nrf52840dk');
  });
});
