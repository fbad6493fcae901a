/**
 * The benchmark's result rows and report: what one row holds (a measured value, or why it is
 * absent; for comparisons also the peer's value and the ratio), and the report around them (date,
 * Node version, machine, load average, the command).
 */

/** One line of the result table. */
export interface Row {
  /** Stable name, e.g. `Cortex-M thumbv6m: tock-ts vs rp2040js 1.4.1`. */
  readonly name: string;
  /** Unit of `value` and `peerValue`. */
  readonly unit: string;
  /** Our measurement, or null when it could not be taken (then `absent` says why). */
  readonly value: number | null;
  /** For comparisons: who we compare with. */
  readonly peer?: string;
  /** For comparisons: the peer's measurement in `unit`, or null when the peer is absent. */
  readonly peerValue?: number | null;
  /** For comparisons: `value / peerValue` (how many times faster we are), or null. */
  readonly ratio?: number | null;
  /** Why this row (or its peer side) has no number. */
  readonly absent?: string;
  /** What exactly was measured, in a few words (repetitions, counts, the spread). */
  readonly detail?: string;
}

/** Where the numbers were taken. */
export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly platform: string;
  /** 1, 5 and 15 minute load averages when the run started. */
  readonly loadAverageBefore: readonly number[];
  /** The same when the run ended. */
  readonly loadAverageAfter: readonly number[];
}

/** The whole result: one JSON object with `--json`. */
export interface Report {
  readonly date: string;
  readonly node: string;
  readonly command: string;
  readonly smoke: boolean;
  readonly repetitions: number;
  readonly machine: MachineInfo;
  readonly rows: readonly Row[];
}

/** A row that could not be measured. */
export function absentRow(name: string, unit: string, reason: string): Row {
  return { name, unit, value: null, absent: reason };
}

/** A comparison of our value with a peer's (either may be missing). */
export function comparisonRow(
  name: string,
  unit: string,
  ours: number | null,
  peer: string,
  peerValue: number | null,
  absent: string | undefined,
  detail: string,
): Row {
  const ratio = ours !== null && peerValue !== null && peerValue > 0 ? ours / peerValue : null;
  return {
    name,
    unit,
    value: ours,
    peer,
    peerValue,
    ratio,
    ...(absent === undefined ? {} : { absent }),
    detail,
  };
}
