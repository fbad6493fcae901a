/** The machine the benchmark runs on: CPU model, cores, memory and the load average. */
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import type { MachineInfo } from './rows.js';

/** The 1, 5 and 15 minute load averages, rounded to two decimals. */
export function loadAverage(): number[] {
  return loadavg().map((value) => Math.round(value * 100) / 100);
}

/** Describes this machine; `before` is the load average taken when the run started. */
export function describeMachine(before: readonly number[]): MachineInfo {
  const processors = cpus();
  return {
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    cores: processors.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: `${platform()} ${release()}`,
    loadAverageBefore: before,
    loadAverageAfter: loadAverage(),
  };
}
