/**
 * Runs a workload ELF in QEMU as the shared bench anchors do (`qemu-system-arm -M mps2-an385` or
 * `mps2-an386` with semihosting, `qemu-system-riscv32 -M virt -bios none` with the UART on stdio),
 * with TCG as is or with `-icount shift=0` (deterministic: one instruction per virtual
 * nanosecond), and times the whole process.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** The QEMU machines the benchmark uses. */
export type QemuMachine = 'mps2-an385' | 'mps2-an386' | 'virt';

/** The executable for a machine. */
export function qemuExecutable(machine: QemuMachine): string {
  return machine === 'virt' ? 'qemu-system-riscv32' : 'qemu-system-arm';
}

/** The full path of `command` on PATH, or undefined. */
export function onPath(command: string): string | undefined {
  for (const directory of (process.env.PATH ?? '').split(delimiter)) {
    if (directory === '') continue;
    const candidate = join(directory, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** `QEMU <version>` from `<qemu> --version`. */
export function qemuVersion(executable: string): string {
  const result = spawnSync(executable, ['--version'], { encoding: 'utf8' });
  const version = /version (\S+)/.exec(result.stdout ?? '')?.[1];
  return `QEMU ${version ?? '(unknown version)'}`;
}

function machineArguments(machine: QemuMachine, deterministic: boolean, elfPath: string): string[] {
  const common = ['-display', 'none', '-monitor', 'none'];
  const icount = deterministic ? ['-icount', 'shift=0'] : [];
  if (machine === 'virt') {
    return ['-M', 'virt', '-bios', 'none', ...common, '-serial', 'stdio', ...icount, '-kernel', elfPath];
  }
  return [
    '-M',
    machine,
    ...common,
    '-serial',
    'null',
    '-semihosting-config',
    'enable=on,target=native',
    ...icount,
    '-kernel',
    elfPath,
  ];
}

/** Runs `elfPath` to its exit; returns the wall seconds of the whole process and its output. */
export function runQemu(
  executable: string,
  machine: QemuMachine,
  deterministic: boolean,
  elfPath: string,
): { seconds: number; output: string } {
  const start = performance.now();
  const result = spawnSync(executable, machineArguments(machine, deterministic, elfPath), {
    encoding: 'utf8',
    timeout: 120_000,
  });
  const seconds = (performance.now() - start) / 1000;
  if (result.status !== 0) {
    throw new Error(`${executable} -M ${machine} exited with ${result.status}: ${result.stderr}`);
  }
  return { seconds, output: `${result.stdout}${result.stderr}` };
}
