/**
 * Checks the PMSAv7 model against another implementation: QEMU's mps2-an386 (Cortex-M4) answered
 * the same deterministic vectors (recorded by scripts/mpu-reference/record.sh into
 * mpu.qemu-reference.ts). For every probe, the model must permit exactly what QEMU permitted and
 * report the same MMFSR bits for what it denied.
 */
import { describe, expect, it } from 'vitest';
import { AccessKind, MPU_CTRL, MPU_RASR, MPU_RBAR, MPU_RNR, Pmsav7Mpu } from './mpu.js';
import { MPU_REFERENCE_COUNT, MPU_REFERENCE_RESULTS, MPU_REFERENCE_SEED } from './mpu.qemu-reference.js';
import {
  generateMpuReferenceVectors,
  HARNESS_REGION_RASR,
  HARNESS_REGION_RBAR,
  type MpuReferenceVector,
} from './mpu-reference-vectors.js';

const DACCVIOL_MMARVALID = 0x82;
const IACCVIOL = 0x01;

/** The MMFSR byte the model predicts for a vector, programmed the way the probe program does. */
function modelStatus(mpu: Pmsav7Mpu, vector: MpuReferenceVector): number {
  mpu.writeRegister(MPU_CTRL, 0);
  vector.regions.forEach(([rbar, rasr], region) => {
    mpu.writeRegister(MPU_RNR, region);
    mpu.writeRegister(MPU_RBAR, rbar);
    mpu.writeRegister(MPU_RASR, rasr);
  });
  mpu.writeRegister(MPU_RNR, 7);
  mpu.writeRegister(MPU_RBAR, HARNESS_REGION_RBAR);
  mpu.writeRegister(MPU_RASR, HARNESS_REGION_RASR);
  mpu.writeRegister(MPU_CTRL, vector.control);
  const kind = [AccessKind.Read, AccessKind.Write, AccessKind.Execute][vector.kind] ?? AccessKind.Read;
  const size = kind === AccessKind.Execute ? 2 : 4;
  if (mpu.checkAccess(vector.address, size, kind, vector.privileged, false)) return 0;
  return kind === AccessKind.Execute ? IACCVIOL : DACCVIOL_MMARVALID;
}

describe('Pmsav7Mpu against QEMU (mps2-an386)', () => {
  it('permits and denies exactly what QEMU did for every reference vector', () => {
    expect(MPU_REFERENCE_RESULTS.length).toBe(2 * MPU_REFERENCE_COUNT);
    const vectors = generateMpuReferenceVectors(MPU_REFERENCE_COUNT, MPU_REFERENCE_SEED);
    const mpu = new Pmsav7Mpu({ regionCount: 8, minimumRegionSize: 32 });
    const mismatches: string[] = [];
    let denied = 0;
    vectors.forEach((vector, index) => {
      const expected = Number.parseInt(MPU_REFERENCE_RESULTS.slice(2 * index, 2 * index + 2), 16);
      if (expected !== 0) denied++;
      const actual = modelStatus(mpu, vector);
      if (actual !== expected)
        mismatches.push(`#${index}: QEMU ${expected}, model ${actual}: ${JSON.stringify(vector)}`);
    });
    expect(mismatches.slice(0, 5)).toEqual([]);
    // The vectors exercise both outcomes in earnest.
    expect(denied).toBeGreaterThan(MPU_REFERENCE_COUNT / 4);
    expect(denied).toBeLessThan((MPU_REFERENCE_COUNT * 3) / 4);
  });
});
