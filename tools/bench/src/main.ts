/**
 * `pnpm bench`: measures tock-ts beside rp2040js and QEMU in one run and prints one table (or,
 * with `--json`, one JSON object). Run it through the root script, which builds the workspace
 * first. Every repetition runs every measurement once, each in a fresh worker process (this
 * script with `--worker TASK`, started with `--expose-gc` for the heap rows), interleaved.
 */

import { CoreBench } from './core-rows.js';
import { formatJson, formatTable } from './format.js';
import { describeMachine, loadAverage } from './machine.js';
import { mergeRuns } from './merge.js';
import { type BenchOptions, parseOptions } from './options.js';
import type { Report, Row } from './rows.js';
import { inWorker, isTask, runTask, type Task } from './worker.js';

/** The worker tasks whose rows are merged over the repetitions, in table order. */
const ROW_TASKS: readonly Task[] = ['kernel', 'board-kernel', 'boot', 'idle', 'compute', 'heap'];

function measure(options: BenchOptions, argv: readonly string[]): Report {
  const progress = (line: string): void => {
    process.stderr.write(`# ${line}\n`);
  };
  const loadBefore = loadAverage();
  const date = new Date().toISOString();
  const cores = new CoreBench(options.smoke);
  const runs = new Map<Task, Row[][]>(ROW_TASKS.map((task) => [task, []]));
  for (let repetition = 0; repetition < options.repetitions; repetition++) {
    cores.runRepetition();
    for (const task of ROW_TASKS) runs.get(task)?.push(inWorker<Row[]>(task, options.smoke));
    progress(`repetition ${repetition + 1}/${options.repetitions} done`);
  }
  return {
    date,
    node: process.version,
    command: ['pnpm bench', ...argv.filter((argument) => argument !== '--')].join(' '),
    smoke: options.smoke,
    repetitions: options.repetitions,
    machine: describeMachine(loadBefore),
    rows: [...cores.rows(), ...ROW_TASKS.flatMap((task) => mergeRuns(runs.get(task) ?? []))],
  };
}

function main(argv: readonly string[]): number {
  let options: BenchOptions;
  try {
    options = parseOptions(argv);
  } catch (error) {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  if (options.worker !== undefined) {
    if (!isTask(options.worker)) {
      process.stderr.write(`bench: unknown worker task ${options.worker}\n`);
      return 2;
    }
    process.stdout.write(runTask(options.worker, options.smoke));
    return 0;
  }
  const report = measure(options, argv);
  process.stdout.write(options.json ? formatJson(report) : formatTable(report));
  return 0;
}

process.exitCode = main(process.argv.slice(2));
