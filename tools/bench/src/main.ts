/**
 * `pnpm bench`: measures tock-ts beside rp2040js and QEMU in one run and prints one table (or,
 * with `--json`, one JSON object). Run it through the root script, which builds the workspace
 * first and starts Node with `--expose-gc` for the heap rows.
 */
import { measureBoard } from './board-rows.js';
import { measureCores } from './core-rows.js';
import { formatJson, formatTable } from './format.js';
import { measureKernel } from './kernel-rows.js';
import { describeMachine, loadAverage } from './machine.js';
import { parseOptions } from './options.js';
import type { Report } from './rows.js';

function main(argv: readonly string[]): number {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(argv);
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n`);
    return 2;
  }
  const progress = (line: string): void => {
    process.stderr.write(`# ${line}\n`);
  };
  const loadBefore = loadAverage();
  const date = new Date().toISOString();
  // The board rows first: the first boot is then as cold as the board code can be in one process.
  const board = measureBoard({ ...options, progress });
  const cores = measureCores({ ...options, progress });
  const kernel = measureKernel(options);
  progress('kernel done');
  const report: Report = {
    date,
    node: process.version,
    command: ['pnpm bench', ...argv.filter((argument) => argument !== '--')].join(' '),
    smoke: options.smoke,
    repetitions: options.repetitions,
    machine: describeMachine(loadBefore),
    rows: [...cores, ...kernel, ...board],
  };
  process.stdout.write(options.json ? formatJson(report) : formatTable(report));
  return 0;
}

process.exitCode = main(process.argv.slice(2));
