/**
 * The binaries the benchmark runs, all committed in the repository: the shared bare-metal
 * workload (CRC-32, matrix multiply, sort, sieve) built for thumbv6m, thumbv7e-m and rv32imac
 * with a large and a near-empty iteration count, and our test apps converted to TBFs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { elfToTbf } from '@tock-ts/tockloader-ts';

/** The repository root, found from this file (`tools/bench/src` or `tools/bench/dist`). */
const root = new URL('../../../', import.meta.url);

/** A file under the repository root as a path. */
export function repositoryPath(relative: string): string {
  return new URL(relative, root).pathname;
}

/** The bytes of a file under the repository root. */
export function repositoryFile(relative: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(relative, root)));
}

/** The workload targets: Cortex-M0+ (thumbv6m), Cortex-M4 (thumbv7e-m) and RV32IMAC. */
export type WorkloadTarget = 'm0p' | 'm4' | 'rv32';

/** The iteration count of the near-empty builds (start-up, two iterations, exit). */
export const EMPTY_ITERATIONS = 2;

function workloadDirectory(target: WorkloadTarget): string {
  return target === 'rv32' ? 'packages/arch-rv32/fixtures/' : 'packages/arch-cortexm/fixtures/';
}

/** The workload build of `target` with `iterations`: a flat image (`bin`, Cortex-M only) or ELF. */
export function workloadPath(target: WorkloadTarget, iterations: number, extension: 'bin' | 'elf'): string {
  return `${workloadDirectory(target)}workload_${target}_${iterations}.${extension}`;
}

/**
 * The largest iteration count of `target`'s committed workload builds (the owners of the arch
 * packages choose it), or undefined when there is none beside the near-empty build.
 */
export function fullIterations(target: WorkloadTarget): number | undefined {
  const pattern = new RegExp(`^workload_${target}_(\\d+)\\.elf$`);
  const counts = readdirSync(new URL(workloadDirectory(target), root))
    .map((name) => Number(pattern.exec(name)?.[1]))
    .filter((count) => Number.isInteger(count) && count > EMPTY_ITERATIONS);
  return counts.length === 0 ? undefined : Math.max(...counts);
}

/** The TBF of our test app `name` for the Cortex-M4, converted by elf2tab as libtock-c does. */
export function appTbf(name: string): Uint8Array {
  const elf = repositoryFile(`apps/fixtures/${name}/cortex-m4.elf`);
  const converted = elfToTbf(elf, { packageName: name, kernelVersion: { major: 2, minor: 0 } });
  if (!converted.ok) throw new Error(`${name}: ${converted.error}`);
  return converted.value.tbf;
}
