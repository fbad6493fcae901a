/**
 * The binaries the benchmark runs, all committed in the repository: the shared bare-metal
 * workload (CRC-32, matrix multiply, sort, sieve) built for thumbv6m, thumbv7e-m and rv32imac
 * with a large and a near-empty iteration count, and our test apps converted to TBFs.
 */
import { readFileSync } from 'node:fs';
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

/** The Cortex-M workload builds: `m0p` (thumbv6m) or `m4` (thumbv7e-m), 600 or 2 iterations. */
export function cortexMWorkload(target: 'm0p' | 'm4', iterations: 2 | 600, extension: 'bin' | 'elf'): string {
  return `packages/arch-cortexm/fixtures/workload_${target}_${iterations}.${extension}`;
}

/** The RISC-V workload builds: 300 or 2 iterations. */
export function riscvWorkload(iterations: 2 | 300): string {
  return `packages/arch-rv32/fixtures/workload_rv32_${iterations}.elf`;
}

/** The TBF of our test app `name` for the Cortex-M4, converted by elf2tab as libtock-c does. */
export function appTbf(name: string): Uint8Array {
  const elf = repositoryFile(`apps/fixtures/${name}/cortex-m4.elf`);
  const converted = elfToTbf(elf, { packageName: name, kernelVersion: { major: 2, minor: 0 } });
  if (!converted.ok) throw new Error(`${name}: ${converted.error}`);
  return converted.value.tbf;
}
