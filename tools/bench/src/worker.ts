/**
 * Every measurement runs in a fresh Node process of its own (`main.js --worker TASK`), so no run
 * inherits another's JIT state: V8's inline caches and optimised code shared by two cores, or by
 * the board and a bare core, slow the later one down, and a user's process runs one of them. The
 * parent interleaves the workers; each worker prints its result as JSON on stdout.
 */
import { spawnSync } from 'node:child_process';
import { measureBoardSwitches, measureBoardSyscalls } from './board-kernel-rows.js';
import { measureBoot, measureCompute, measureHeap, measureIdle } from './board-rows.js';
import {
  EMPTY_ITERATIONS,
  fullIterations,
  repositoryFile,
  type WorkloadTarget,
  workloadPath,
} from './fixtures.js';
import { measureKernel } from './kernel-rows.js';
import { runCortexM, runRiscv } from './our-cores.js';
import { runRp2040js } from './rp2040js-run.js';

/** The build a workload task runs: the near-empty one, or in a smoke run, or else the full one. */
function workloadFile(target: WorkloadTarget, empty: boolean, extension: 'bin' | 'elf'): Uint8Array {
  const full = fullIterations(target);
  if (full === undefined) throw new Error(`no full workload build for ${target}`);
  return repositoryFile(workloadPath(target, empty ? EMPTY_ITERATIONS : full, extension));
}

/** The tasks a worker can run; `-empty` runs the near-empty workload build. */
const tasks = {
  m0p: (smoke: boolean) => runCortexM('m0p', workloadFile('m0p', smoke, 'bin')),
  m4: (smoke: boolean) => runCortexM('m4', workloadFile('m4', smoke, 'bin')),
  rv32: (smoke: boolean) => runRiscv(workloadFile('rv32', smoke, 'elf')),
  rp2040js: (smoke: boolean) => runRp2040js(workloadFile('m0p', smoke, 'bin')),
  'm0p-empty': () => runCortexM('m0p', workloadFile('m0p', true, 'bin')),
  'm4-empty': () => runCortexM('m4', workloadFile('m4', true, 'bin')),
  'rv32-empty': () => runRiscv(workloadFile('rv32', true, 'elf')),
  boot: () => measureBoot(),
  idle: (smoke: boolean) => [measureIdle(smoke ? 20 : 3600)],
  compute: (smoke: boolean) => [measureCompute(smoke ? 0.01 : 2)],
  heap: (smoke: boolean) => measureHeap(smoke ? 2 : 10),
  kernel: (smoke: boolean) => measureKernel(smoke),
  'board-kernel': () => [measureBoardSyscalls(), measureBoardSwitches()],
} as const;

/** A task name. */
export type Task = keyof typeof tasks;

/** Whether `name` is a task. */
export function isTask(name: string): name is Task {
  return Object.hasOwn(tasks, name);
}

/** Runs `task` in this process and returns its result as JSON text (the worker side). */
export function runTask(task: Task, smoke: boolean): string {
  return JSON.stringify(tasks[task](smoke));
}

/** Runs `task` in a fresh Node process and returns its parsed result (the parent side). */
export function inWorker<T>(task: Task, smoke: boolean): T {
  const script = process.argv[1];
  if (script === undefined) throw new Error('bench: cannot find its own script to start a worker');
  const result = spawnSync(
    process.execPath,
    ['--expose-gc', script, '--worker', task, ...(smoke ? ['--smoke'] : [])],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  if (result.status !== 0) {
    throw new Error(`bench worker ${task} failed (${result.status ?? result.signal}): ${result.stderr}`);
  }
  return JSON.parse(result.stdout) as T;
}
