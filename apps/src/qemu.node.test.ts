// Runs the app fixtures that need nothing but the console, memop, exit and yield (hello,
// syscalls, fault, stack-overflow) on QEMU's Cortex-M0 (micro:bit), Cortex-M4 (MPS2 AN386)
// and RV32 (virt) machines under the small supervisor in qemu/, which plays the kernel's
// part of TRD104, and checks what the apps print and how they end. The app binary is laid
// out as elf2tab would (buildFlashImage), so this exercises crt0, the relocation of the GOT
// and .data, the system call wrappers and upcall delivery on real instruction sets.
// Skipped, with the reason, where QEMU or the cross compilers are not installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseElf } from './elf.js';
import { buildFlashImage } from './flash-image.js';

const appsDirectory = fileURLToPath(new URL('..', import.meta.url));
const supervisorDirectory = join(appsDirectory, 'qemu');

/** One QEMU machine and how the supervisor is built and placed for it. */
interface Machine {
  readonly target: string;
  readonly description: string;
  readonly qemu: string;
  readonly qemuArguments: readonly string[];
  readonly compiler: string;
  readonly compilerFlags: readonly string[];
  readonly sources: readonly string[];
  readonly binaryStart: number;
  readonly ramStart: number;
  readonly ramSize: number;
  readonly kernelRamAddress: number;
  /** Whether the core isolates the app (MPU / PMP), so the fault app must fault. */
  readonly memoryProtection: boolean;
}

const armQemuArguments = [
  '-nographic',
  '-monitor',
  'none',
  '-serial',
  'none',
  '-semihosting-config',
  'enable=on,target=native',
];
const armSources = ['arm_start.S', 'arm.c', 'supervisor.c', '-Tarm.ld'];
const riscvSources = ['riscv_start.S', 'riscv.c', 'supervisor.c', '-Triscv.ld'];
const riscvFlags = ['-march=rv32imac_zicsr', '-mabi=ilp32', '-mcmodel=medany'];

const MACHINES: readonly Machine[] = [
  {
    target: 'cortex-m0',
    description: 'micro:bit (Cortex-M0, no MPU)',
    qemu: 'qemu-system-arm',
    qemuArguments: ['-M', 'microbit', ...armQemuArguments],
    compiler: 'arm-none-eabi-gcc',
    compilerFlags: ['-mthumb', '-mcpu=cortex-m0'],
    sources: armSources,
    binaryStart: 0x00020000,
    ramStart: 0x20002000,
    ramSize: 0x2000,
    kernelRamAddress: 0x20000000,
    memoryProtection: false,
  },
  {
    target: 'cortex-m4',
    description: 'MPS2 AN386 (Cortex-M4, MPU)',
    qemu: 'qemu-system-arm',
    qemuArguments: ['-M', 'mps2-an386', ...armQemuArguments],
    compiler: 'arm-none-eabi-gcc',
    compilerFlags: ['-mthumb', '-mcpu=cortex-m4'],
    sources: armSources,
    binaryStart: 0x00020000,
    ramStart: 0x20002000,
    ramSize: 0x2000,
    kernelRamAddress: 0x20000000,
    memoryProtection: true,
  },
  ...[
    [0x80100080, 0x80300000],
    [0x80110080, 0x80310000],
  ].map(
    ([binaryStart = 0, ramStart = 0]): Machine => ({
      target: `rv32imac.0x${binaryStart.toString(16)}.0x${ramStart.toString(16)}`,
      description: 'virt (RV32IMAC, PMP)',
      qemu: 'qemu-system-riscv32',
      qemuArguments: ['-M', 'virt', '-nographic', '-monitor', 'none', '-bios', 'none'],
      compiler: 'riscv64-unknown-elf-gcc',
      compilerFlags: riscvFlags,
      sources: riscvSources,
      binaryStart,
      ramStart,
      ramSize: 0x2000,
      kernelRamAddress: 0x80200000,
      memoryProtection: true,
    }),
  ),
];

const QEMU_TIMEOUT_MILLISECONDS = 30_000;

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}

/** Why `machine` cannot be used here, or undefined when its tools are installed. */
function missingTool(machine: Machine): string | undefined {
  for (const tool of [machine.qemu, machine.compiler]) {
    const probe = spawnSync(tool, ['--version'], { encoding: 'utf8' });
    if (probe.error !== undefined || probe.status !== 0) {
      return `${tool} is not installed`;
    }
  }
  return undefined;
}

const workDirectory = mkdtempSync(join(tmpdir(), 'tock-ts-qemu-'));
afterAll(() => rmSync(workDirectory, { recursive: true, force: true }));

/** Builds the supervisor for one app, runs it in QEMU and returns everything it printed. */
function runApp(machine: Machine, app: string): string {
  const elfResult = parseElf(
    new Uint8Array(readFileSync(join(appsDirectory, 'fixtures', app, `${machine.target}.elf`))),
  );
  if (!elfResult.ok) {
    throw new Error(elfResult.error);
  }
  const imageResult = buildFlashImage(elfResult.elf);
  if (!imageResult.ok) {
    throw new Error(imageResult.error);
  }
  const stem = join(workDirectory, `${app}-${machine.target}`);
  writeFileSync(`${stem}.bin`, imageResult.image.bytes);
  execFileSync(
    machine.compiler,
    [
      ...machine.compilerFlags,
      '-Os',
      '-ffreestanding',
      '-nostdlib',
      '-nostartfiles',
      '-fno-jump-tables',
      '-Wall',
      '-Wextra',
      '-Werror',
      `-DAPP_BINARY_START=${hex(machine.binaryStart)}u`,
      `-DAPP_BINARY_SIZE=${imageResult.image.bytes.length}u`,
      `-DAPP_ENTRY_OFFSET=${imageResult.image.entryOffset}u`,
      `-DAPP_RAM_START=${hex(machine.ramStart)}u`,
      `-DAPP_RAM_SIZE=${hex(machine.ramSize)}u`,
      ...machine.sources,
      '-o',
      `${stem}.supervisor.elf`,
    ],
    { cwd: supervisorDirectory, stdio: 'pipe' },
  );
  const run = spawnSync(
    machine.qemu,
    [
      ...machine.qemuArguments,
      '-kernel',
      `${stem}.supervisor.elf`,
      '-device',
      `loader,file=${stem}.bin,addr=${hex(machine.binaryStart)}`,
    ],
    { encoding: 'utf8', timeout: QEMU_TIMEOUT_MILLISECONDS },
  );
  if (run.error !== undefined) {
    throw new Error(`${machine.qemu} did not finish: ${run.error.message}`);
  }
  const output = `${run.stdout}${run.stderr}`;
  if (run.status !== 0) {
    throw new Error(`${machine.qemu} exited with ${run.status}; output:\n${output}`);
  }
  return output;
}

describe.each(MACHINES)('$target on QEMU $description', (machine) => {
  const missing = missingTool(machine);

  it(
    'hello prints its greeting through the relocated .data pointer and exits with 0',
    { timeout: 60_000 },
    (context) => {
      if (missing !== undefined) {
        context.skip(missing);
      }
      const output = runApp(machine, 'hello');
      expect(output).toContain('Hello from tock-ts!\n');
      expect(output).toContain('supervisor: exit-terminate 0x00000000\n');
    },
  );

  it('syscalls prints every expected result and exits with 0', { timeout: 60_000 }, (context) => {
    if (missing !== undefined) {
      context.skip(missing);
    }
    const output = runApp(machine, 'syscalls');
    const lines = output.split('\n');
    expect(lines.filter((line) => line.endsWith(': no'))).toEqual([]);
    expect(lines.filter((line) => line.endsWith(': yes'))).toHaveLength(10);
    for (const expected of [
      'syscalls: start',
      'console decimal: 0 7 42 1000000000 4294967295',
      'console hex: 0x0123abcd',
      'command console exists: Success',
      'command missing driver: Failure 0x0000000b',
      'command console missing number: Failure 0x0000000a',
      'subscribe console first: SuccessU32U32 0x00000000 0x00000000',
      'subscribe missing driver: FailureU32U32 0x0000000b',
      'subscribe console missing number: FailureU32U32 0x0000000a',
      'allow-ro console flash: SuccessU32U32 0x00000000 0x00000000',
      'allow-rw console outside: FailureU32U32 0x00000006',
      'allow-rw console flash: FailureU32U32 0x00000006',
      'allow-ur console: FailureU32U32 0x0000000a',
      `memop memory start: SuccessU32 ${hex(machine.ramStart)}`,
      `memop memory end: SuccessU32 ${hex(machine.ramStart + machine.ramSize)}`,
      'memop writeable flash regions: SuccessU32 0x00000000',
      'memop writeable flash region 0 start: Failure 0x00000001',
      'memop brk past memory end: Failure 0x00000009',
      'memop brk zero: Failure 0x00000009',
      'memop missing operation: Failure 0x0000000a',
      'yield-no-wait idle has_tasks: 0x00000000',
      'yield-wait-for upcall value 0: 0x00000009',
      'yield-wait upcall runs: 0x00000001',
      'yield-wait upcall bytes written: 0x00000005',
      'yield-wait upcall appdata: 0x00003333',
      'yield-no-wait delivered has_tasks: 0x00000001',
      'yield-no-wait upcall appdata: 0x00004444',
      'exit missing kind: Failure 0x0000000a',
      'syscalls: done',
    ]) {
      expect(
        lines.some((line) => line.startsWith(expected)),
        expected,
      ).toBe(true);
    }
    expect(output).toContain('supervisor: exit-terminate 0x00000000\n');
  });

  it('fault is stopped by memory protection when it stores to kernel RAM', { timeout: 60_000 }, (context) => {
    if (missing !== undefined) {
      context.skip(missing);
    }
    if (!machine.memoryProtection) {
      context.skip(`QEMU's ${machine.description} has no memory protection to stop the store`);
    }
    const output = runApp(machine, 'fault');
    expect(output).toContain(`fault: storing to kernel RAM at ${hex(machine.kernelRamAddress)}\n`);
    expect(output).toContain(`supervisor: fault address ${hex(machine.kernelRamAddress)}\n`);
    expect(output).not.toContain('the store did not fault');
  });

  it(
    'stack-overflow is stopped by memory protection when its stack leaves its RAM',
    { timeout: 60_000 },
    (context) => {
      if (missing !== undefined) {
        context.skip(missing);
      }
      if (!machine.memoryProtection) {
        context.skip(`QEMU's ${machine.description} has no memory protection to stop the overflow`);
      }
      const output = runApp(machine, 'stack-overflow');
      expect(output).toContain(`stack-overflow: memory starts at ${hex(machine.ramStart)}, recursing\n`);
      const fault = /supervisor: fault address (0x[0-9a-f]{8})\n/.exec(output);
      expect(fault, output).not.toBeNull();
      // The first store that misses is a push or a frame store just below the RAM start.
      const address = Number(fault?.[1]);
      expect(address).toBeLessThan(machine.ramStart);
      expect(address).toBeGreaterThanOrEqual(machine.ramStart - 0x100);
      expect(output).not.toContain('the stack did not overflow');
    },
  );
});
