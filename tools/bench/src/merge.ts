/**
 * Folds the rows of repeated worker runs into one row each: the median value (and peer value and
 * ratio), with the number of runs and the range in the detail. A row absent in any run stays
 * absent, with that run's reason.
 */
import type { Row } from './rows.js';
import { median, range } from './stats.js';

function medianOf(values: readonly (number | null | undefined)[]): number | null {
  const numbers = values.filter((value): value is number => typeof value === 'number');
  return numbers.length === values.length && numbers.length > 0 ? median(numbers) : null;
}

/** `runs[r][i]` is row i of run r; every run must name the same rows in the same order. */
export function mergeRuns(runs: readonly (readonly Row[])[]): Row[] {
  const first = runs[0];
  if (first === undefined) return [];
  return first.map((row, index) => {
    const same = runs.map((run) => {
      const match = run[index];
      if (match?.name !== row.name) throw new Error(`bench: runs disagree on row ${index} (${row.name})`);
      return match;
    });
    const absent = same.find((candidate) => candidate.absent !== undefined);
    if (absent !== undefined) return absent;
    const values = same.map((candidate) => candidate.value ?? Number.NaN);
    const digits = Math.abs(values[0] ?? 0) >= 100 ? 0 : 2;
    const spread = runs.length > 1 ? `median of ${runs.length} runs, ${range(values, digits)}` : '1 run';
    return {
      ...row,
      value: medianOf(same.map((candidate) => candidate.value)),
      ...(row.peerValue === undefined
        ? {}
        : { peerValue: medianOf(same.map((candidate) => candidate.peerValue)) }),
      ...(row.ratio === undefined ? {} : { ratio: medianOf(same.map((candidate) => candidate.ratio)) }),
      detail: [spread, row.detail ?? ''].filter((part) => part !== '').join('; '),
    };
  });
}
