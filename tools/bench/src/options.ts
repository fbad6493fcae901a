/**
 * The benchmark's command line: `--json`, `--smoke` (tiny counts, for CI) and `--reps N`; and
 * `--worker TASK`, with which the benchmark starts itself to run one measurement.
 */

/** Parsed options. */
export interface BenchOptions {
  readonly json: boolean;
  readonly smoke: boolean;
  readonly repetitions: number;
  /** The measurement to run in this process (worker mode), if any. */
  readonly worker: string | undefined;
}

/** Default repetitions of each measurement (medians are reported). */
const DEFAULT_REPETITIONS = 5;

/** Parses `argv` (without node and the script); throws with a usage line on anything unknown. */
export function parseOptions(argv: readonly string[]): BenchOptions {
  let json = false;
  let smoke = false;
  let repetitions: number | undefined;
  let worker: string | undefined;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '--json') json = true;
    else if (argument === '--smoke') smoke = true;
    else if (argument === '--reps') {
      repetitions = Number(argv[index + 1]);
      index += 1;
      if (!Number.isInteger(repetitions) || repetitions < 1)
        throw new Error('--reps needs a positive integer');
    } else if (argument === '--worker') {
      worker = argv[index + 1];
      index += 1;
    } else if (argument !== '--') {
      throw new Error(`unknown argument ${argument}; usage: pnpm bench [--json] [--smoke] [--reps N]`);
    }
  }
  return { json, smoke, repetitions: repetitions ?? (smoke ? 1 : DEFAULT_REPETITIONS), worker };
}
