/** One timed run of a guest program: how many instructions it executed, how long, what it printed. */

/** The result of one run. */
export interface GuestRun {
  /** Guest instructions executed (counted by the emulator that ran it). */
  readonly instructions: number;
  /** Wall seconds of the run loop, excluding set-up. */
  readonly seconds: number;
  /** The program's output (semihosting or UART). */
  readonly output: string;
}

/** Throws unless `run` printed `expected` (the workload's checksum line). */
export function checkOutput(who: string, run: GuestRun, expected: string): GuestRun {
  if (run.output.trim() !== expected.trim()) {
    throw new Error(`${who}: printed ${JSON.stringify(run.output)}, expected ${JSON.stringify(expected)}`);
  }
  return run;
}
