/**
 * Benchmark of the MPU access check, the cost the core pays on every load, store and fetch while
 * the MPU is on. Peers in the same run: a plain typed-array word read (the memory access itself)
 * and the check with the MPU off. Run with `npx vitest bench --run src/silicon/mpu.bench.ts`.
 */
import { bench, describe } from 'vitest';
import {
  AccessKind,
  MPU_CTRL,
  MPU_CTRL_ENABLE,
  MPU_CTRL_PRIVDEFENA,
  MPU_RASR,
  MPU_RBAR,
  MPU_RBAR_VALID,
  Pmsav7Mpu,
} from './mpu.js';

const ACCESSES = 4096;
const RAM_BASE = 0x20000000;

/** A Tock-like configuration: process RAM in regions 0-1, flash in 2, IPC buffers in 3-7. */
function tockLikeMpu(enabled: boolean): Pmsav7Mpu {
  const mpu = new Pmsav7Mpu({ regionCount: 8, minimumRegionSize: 32 });
  const regions: ReadonlyArray<readonly [number, number]> = [
    [RAM_BASE, 0x1300e015], // 2 KiB, 5 of 8 subregions, RW, XN
    [RAM_BASE + 0x800, 0],
    [0x00040000, 0x0200001f], // 64 KiB flash, RX
    [0x20010000, 0x1300000f],
    [0x20010100, 0x1300000f],
    [0x20010200, 0x1300000f],
    [0x20010300, 0x1300000f],
    [0x20010400, 0x1300000f],
  ];
  regions.forEach(([base, attributes], region) => {
    mpu.writeRegister(MPU_RBAR, (base | MPU_RBAR_VALID | region) >>> 0);
    mpu.writeRegister(MPU_RASR, attributes);
  });
  mpu.writeRegister(MPU_CTRL, enabled ? MPU_CTRL_ENABLE | MPU_CTRL_PRIVDEFENA : 0);
  return mpu;
}

const ram = new Uint32Array(0x500 / 4);
const enabledMpu = tockLikeMpu(true);
const disabledMpu = tockLikeMpu(false);
let sink = 0;

describe(`${ACCESSES} word accesses inside the process window`, () => {
  bench('typed-array read (no check)', () => {
    for (let index = 0; index < ACCESSES; index++) sink ^= ram[index % ram.length] ?? 0;
  });

  bench('checkAccess, MPU off', () => {
    for (let index = 0; index < ACCESSES; index++) {
      const address = RAM_BASE + ((index * 4) % 0x500);
      if (disabledMpu.checkAccess(address, 4, AccessKind.Read, false, false)) sink ^= 1;
    }
  });

  bench('checkAccess, MPU on, process RAM (lowest region, 8 enabled)', () => {
    for (let index = 0; index < ACCESSES; index++) {
      const address = RAM_BASE + ((index * 4) % 0x500);
      if (enabledMpu.checkAccess(address, 4, AccessKind.Write, false, false)) sink ^= 1;
    }
  });

  bench('checkAccess, MPU on, instruction fetch from flash', () => {
    for (let index = 0; index < ACCESSES; index++) {
      const address = 0x00040000 + ((index * 2) % 0x8000);
      if (enabledMpu.checkAccess(address, 2, AccessKind.Execute, false, false)) sink ^= 1;
    }
  });
});

describe('sink', () => {
  bench('keeps results live', () => {
    sink = (sink + 1) | 0;
  });
});
