/**
 * Deterministic MPU test vectors shared by the reference test and the script that records the
 * outcomes on another PMSAv7 implementation (QEMU's mps2-an386, a Cortex-M4).
 *
 * Each vector programs regions 0-6 at random (aligned bases of 32 bytes to 256 KiB, every AP, XN,
 * subregion masks and memory-type bits), keeps region 7 as the probe harness's own region
 * (`[0, 512 KiB)`, privileged read/write/execute), picks MPU_CTRL (ENABLE, PRIVDEFENA), and probes
 * one aligned access near a region edge or anywhere in two 256 KiB target areas that the harness
 * never uses itself. Unprivileged probes are data accesses (LDRT/STRT); execute probes are
 * privileged branches. Only the architecture's defined behaviour is exercised: no misaligned bases,
 * no sizes below 32 bytes, no accesses that straddle a region edge.
 */

/** One probe: the MPU configuration and the access. */
export interface MpuReferenceVector {
  /** [RBAR, RASR] of regions 0-6, RBAR without VALID. */
  readonly regions: ReadonlyArray<readonly [number, number]>;
  readonly control: number;
  readonly address: number;
  /** 0 read, 1 write, 2 execute. */
  readonly kind: 0 | 1 | 2;
  readonly privileged: boolean;
}

/** Region 7 of every vector: 512 KiB at 0 (SIZE 18), AP = privileged RW, executable. */
export const HARNESS_REGION_RBAR = 0x00000000;
export const HARNESS_REGION_RASR = 0x01000025;

/** The two areas probes and regions go to (outside the harness's own 512 KiB). */
export const TARGET_AREAS: readonly number[] = [0x00080000, 0x20000000];
export const TARGET_AREA_SIZE = 0x40000;

/** xorshift32: a tiny PRNG that the C side never needs (the vectors are written out for it). */
function randomSource(seed: number): (limit: number) => number {
  let state = seed >>> 0 || 1;
  return (limit: number): number => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state % limit;
  };
}

function inTargetArea(address: number): boolean {
  return TARGET_AREAS.some((area) => address >= area && address + 4 <= area + TARGET_AREA_SIZE);
}

/** `count` vectors from `seed`. */
export function generateMpuReferenceVectors(count: number, seed: number): MpuReferenceVector[] {
  const random = randomSource(seed);
  const vectors: MpuReferenceVector[] = [];
  for (let index = 0; index < count; index++) {
    const regions: Array<readonly [number, number]> = [];
    const enabled: Array<readonly [number, number]> = [];
    for (let region = 0; region < 7; region++) {
      if (random(2) === 0) {
        regions.push([0, random(2) === 0 ? 0 : (random(0x10000) << 8) & 0x173fff3e]);
        continue;
      }
      const exponent = 5 + random(14);
      const size = 2 ** exponent;
      const area = TARGET_AREAS[random(2)] ?? 0;
      const base = area + random(TARGET_AREA_SIZE / size) * size;
      const subregionDisable = size >= 256 && random(2) === 0 ? random(256) : 0;
      const memoryType = random(64);
      const rasr =
        (1 |
          ((exponent - 1) << 1) |
          (subregionDisable << 8) |
          (memoryType << 16) |
          (random(8) << 24) |
          (random(2) << 28)) >>>
        0;
      regions.push([base, rasr]);
      enabled.push([base, size]);
    }
    const control = (random(100) < 85 ? 1 : 0) | (random(2) === 0 ? 4 : 0);
    const kind = random(3) as 0 | 1 | 2;
    const privileged = kind === 2 ? true : random(2) === 0;
    let address = -1;
    const edge = enabled[random(Math.max(enabled.length, 1))];
    if (edge !== undefined && random(10) < 6) {
      const [base, size] = edge;
      const step = Math.max(size / 8, 4);
      address = base + random(9) * step + ([-8, -4, 0, 4][random(4)] ?? 0);
    }
    if (!inTargetArea(address)) {
      const area = TARGET_AREAS[random(2)] ?? 0;
      address = area + random(TARGET_AREA_SIZE / 4) * 4;
    }
    vectors.push({ regions, control, address, kind, privileged });
  }
  return vectors;
}
