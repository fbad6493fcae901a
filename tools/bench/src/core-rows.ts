/**
 * Guest instructions per second of our cores beside their peers, on the very same binaries of the
 * shared workload (the largest build each arch package commits): thumbv6m on our Cortex-M0+, on rp2040js and on QEMU mps2-an385; thumbv7e-m on
 * our Cortex-M4 and QEMU mps2-an386; rv32imac on our RV32IMAC hart and QEMU virt. QEMU runs with
 * TCG and with `-icount shift=0` when its executable is on PATH.
 *
 * Each repetition runs every configuration once, interleaved, so machine noise hits ours and the
 * peers alike; rows report medians. Ours and rp2040js each run in a fresh worker process, timed
 * around the run loop (set-up excluded, JIT warm-up included: users pay it too). QEMU is timed as
 * a whole process, so the time of its near-empty build (start-up and exit) is subtracted, and its
 * guest instruction count is the one our core counted for the same binary (our cores count every
 * instruction they execute; the counts agree with rp2040js's and QEMU's counting plugin).
 */
import {
  EMPTY_ITERATIONS,
  fullIterations,
  repositoryPath,
  type WorkloadTarget,
  workloadPath,
} from './fixtures.js';
import { checkOutput, type GuestRun } from './guest-run.js';
import { onPath, type QemuMachine, qemuExecutable, qemuVersion, runQemu } from './qemu-run.js';
import { absentRow, comparisonRow, type Row } from './rows.js';
import { RP2040JS_VERSION } from './rp2040js-run.js';
import { median, range } from './stats.js';
import { inWorker, type Task } from './worker.js';

const UNIT = 'M guest instr/s';

/** One workload target: our worker tasks for it and its QEMU machine. */
interface Target {
  readonly isa: string;
  readonly core: string;
  readonly workload: WorkloadTarget;
  readonly machine: QemuMachine;
  readonly task: Task;
  readonly emptyTask: Task;
}

const targets: readonly Target[] = [
  {
    isa: 'thumbv6m',
    core: 'tock-ts Cortex-M0+',
    workload: 'm0p',
    machine: 'mps2-an385',
    task: 'm0p',
    emptyTask: 'm0p-empty',
  },
  {
    isa: 'thumbv7e-m',
    core: 'tock-ts Cortex-M4',
    workload: 'm4',
    machine: 'mps2-an386',
    task: 'm4',
    emptyTask: 'm4-empty',
  },
  {
    isa: 'rv32imac',
    core: 'tock-ts RV32IMAC',
    workload: 'rv32',
    machine: 'virt',
    task: 'rv32',
    emptyTask: 'rv32-empty',
  },
];

const modes = [
  { key: 'tcg', label: 'TCG', deterministic: false },
  { key: 'icount', label: '-icount shift=0', deterministic: true },
] as const;

/** The ELF QEMU runs: the near-empty build, or the full one. */
function elfPath(target: Target, empty: boolean): string {
  const iterations = empty ? EMPTY_ITERATIONS : (fullIterations(target.workload) ?? EMPTY_ITERATIONS);
  return repositoryPath(workloadPath(target.workload, iterations, 'elf'));
}

/** A target's rows when its arch package has no full workload build yet. */
function absentRows(target: Target): Row[] {
  const reason = `no full workload build (workload_${target.workload}_N.elf) in the arch package's fixtures`;
  return [
    absentRow(`${target.isa}: ${target.core}`, UNIT, reason),
    ...(target.isa === 'thumbv6m'
      ? [absentRow(`${target.isa}: vs rp2040js ${RP2040JS_VERSION} executeInstruction() loop`, UNIT, reason)]
      : []),
    ...modes.map((mode) => absentRow(`${target.isa}: vs QEMU ${target.machine} ${mode.label}`, UNIT, reason)),
  ];
}

/** Timings collected for one target over the repetitions. */
interface Samples {
  readonly ours: number[];
  readonly rp2040js: number[];
  readonly qemu: Record<'tcg' | 'icount', { full: number[]; empty: number[] }>;
  instructions: number;
  expectedOutput: string;
}

/** The core rows: call `runRepetition` once per repetition, then `rows`. */
export class CoreBench {
  readonly #smoke: boolean;
  readonly #samples: Samples[];
  readonly #qemu = new Map<QemuMachine, string | undefined>();

  constructor(smoke: boolean) {
    this.#smoke = smoke;
    this.#samples = targets.map(() => ({
      ours: [],
      rp2040js: [],
      qemu: { tcg: { full: [], empty: [] }, icount: { full: [], empty: [] } },
      instructions: 0,
      expectedOutput: '',
    }));
    for (const target of targets) this.#qemu.set(target.machine, onPath(qemuExecutable(target.machine)));
  }

  /** Runs every configuration once. */
  runRepetition(): void {
    const smoke = this.#smoke;
    targets.forEach((target, index) => {
      const sample = this.#samples[index];
      if (sample === undefined || fullIterations(target.workload) === undefined) return;
      const ours = inWorker<GuestRun>(target.task, smoke);
      if (sample.ours.length === 0) {
        sample.instructions = ours.instructions;
        sample.expectedOutput = ours.output;
      }
      checkOutput(target.core, ours, sample.expectedOutput);
      sample.ours.push(ours.seconds);
      if (target.isa === 'thumbv6m') {
        const peer = checkOutput('rp2040js', inWorker<GuestRun>('rp2040js', smoke), sample.expectedOutput);
        if (peer.instructions !== sample.instructions) {
          throw new Error(
            `rp2040js executed ${peer.instructions} instructions, ${target.core} ${sample.instructions}`,
          );
        }
        sample.rp2040js.push(peer.seconds);
      }
      const executable = this.#qemu.get(target.machine);
      if (executable === undefined) return;
      for (const mode of modes) {
        const empty = runQemu(executable, target.machine, mode.deterministic, elfPath(target, true));
        const full = runQemu(executable, target.machine, mode.deterministic, elfPath(target, smoke));
        checkOutput(`QEMU ${target.machine}`, { ...full, instructions: 0 }, sample.expectedOutput);
        sample.qemu[mode.key].empty.push(empty.seconds);
        sample.qemu[mode.key].full.push(full.seconds);
      }
    });
  }

  /** The rows, in table order. */
  rows(): Row[] {
    const smoke = this.#smoke;
    const rows: Row[] = [];
    targets.forEach((target, index) => {
      const sample = this.#samples[index];
      const iterations = fullIterations(target.workload);
      if (sample === undefined) return;
      if (iterations === undefined) {
        rows.push(...absentRows(target));
        return;
      }
      const ours = sample.instructions / median(sample.ours) / 1e6;
      const count = `${sample.instructions} instructions (${smoke ? EMPTY_ITERATIONS : iterations} iterations)`;
      rows.push({
        name: `${target.isa}: ${target.core}`,
        unit: UNIT,
        value: ours,
        detail: `${count}, median of ${sample.ours.length} runs, ${range(sample.ours, 3)} s`,
      });
      if (target.isa === 'thumbv6m') {
        const peer = sample.instructions / median(sample.rp2040js) / 1e6;
        rows.push(
          comparisonRow(
            `${target.isa}: vs rp2040js ${RP2040JS_VERSION} executeInstruction() loop`,
            UNIT,
            ours,
            `rp2040js ${RP2040JS_VERSION}`,
            peer,
            undefined,
            `same binary, same count, median of ${sample.rp2040js.length} runs, ${range(sample.rp2040js, 3)} s`,
          ),
        );
      }
      rows.push(...this.#qemuRows(target, sample, ours));
    });
    return rows;
  }

  #qemuRows(target: Target, sample: Samples, ours: number): Row[] {
    const executable = this.#qemu.get(target.machine);
    const emptyInstructions =
      executable === undefined || this.#smoke ? 0 : inWorker<GuestRun>(target.emptyTask, false).instructions;
    return modes.map((mode) => {
      const name = `${target.isa}: vs QEMU ${target.machine} ${mode.label}`;
      if (executable === undefined) {
        const missing = qemuExecutable(target.machine);
        return comparisonRow(
          name,
          UNIT,
          ours,
          `${missing} ${mode.label}`,
          null,
          `${missing} not on PATH`,
          '',
        );
      }
      const { full, empty } = sample.qemu[mode.key];
      const emptySeconds = this.#smoke ? 0 : median(empty);
      const seconds = median(full) - emptySeconds;
      const peer = seconds > 0 ? (sample.instructions - emptyInstructions) / seconds / 1e6 : null;
      return comparisonRow(
        name,
        UNIT,
        ours,
        `${qemuVersion(executable)} ${mode.label}`,
        peer,
        peer === null ? 'QEMU run no longer than its near-empty build' : undefined,
        this.#smoke
          ? 'smoke: whole process time, start-up not subtracted'
          : `median ${median(full).toFixed(3)} s (${range(full, 3)}) minus near-empty build ${emptySeconds.toFixed(3)} s`,
      );
    });
  }
}
