/**
 * Property test of the Cortex-M MPU driver against the PMSAv7 model: for random process sizes and
 * random brk/grant movements, the driver either refuses, or the registers it writes let the
 * unprivileged process read and write every byte of `[start, app_break)` and no byte of
 * `[kernel_break, end)`.
 */
import { Permissions } from '@tock-ts/kernel';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CortexMMpu } from './mpu-driver.js';
import { AccessKind, Pmsav7Mpu } from './silicon/mpu.js';

const RAM_BASE = 0x20000000;
const RAM_SIZE = 0x40000;

/** The first byte in `[start, end)` where `permitted` differs from `expected`, or undefined. */
function firstMismatch(
  hardware: Pmsav7Mpu,
  start: number,
  end: number,
  kind: AccessKind,
  expected: boolean,
): number | undefined {
  for (let address = start; address < end; address++) {
    if (hardware.checkAccess(address, 1, kind, false, false) !== expected) return address;
  }
  return undefined;
}

/** Loads `config` and checks the app window and the kernel-owned top of the block. */
function expectIsolation(
  hardware: Pmsav7Mpu,
  blockStart: number,
  blockEnd: number,
  appBreak: number,
  kernelBreak: number,
): void {
  expect(firstMismatch(hardware, blockStart, appBreak, AccessKind.Write, true)).toBeUndefined();
  expect(firstMismatch(hardware, blockStart, appBreak, AccessKind.Read, true)).toBeUndefined();
  expect(firstMismatch(hardware, kernelBreak, blockEnd, AccessKind.Read, false)).toBeUndefined();
  expect(firstMismatch(hardware, kernelBreak, blockEnd, AccessKind.Write, false)).toBeUndefined();
  // Nothing just outside the block either.
  expect(firstMismatch(hardware, blockStart - 64, blockStart, AccessKind.Read, false)).toBeUndefined();
  expect(firstMismatch(hardware, blockEnd, blockEnd + 64, AccessKind.Read, false)).toBeUndefined();
}

const processArbitrary = fc.record({
  minimumRegionSize: fc.constantFrom(32, 256),
  startOffset: fc.integer({ min: 0, max: 0x4000 }).map((words) => words * 4),
  minMemorySize: fc.integer({ min: 0, max: 8192 }),
  initialAppSize: fc.integer({ min: 0, max: 8192 }),
  initialKernelSize: fc.integer({ min: 0, max: 4096 }),
  // Each step: how far the kernel break comes down (a grant), and where the app break goes: anywhere
  // in the block, or just below the new kernel break, where rounding up to a subregion matters.
  steps: fc.array(
    fc.record({
      kernelDrop: fc.integer({ min: 0, max: 1024 }),
      appBreak: fc.oneof(
        fc.record({ anywhere: fc.double({ min: 0, max: 1, noNaN: true }) }),
        fc.record({ belowKernelBreak: fc.integer({ min: -64, max: 600 }) }),
      ),
    }),
    { maxLength: 8 },
  ),
});

describe('CortexMMpu isolation property', () => {
  it('either refuses or isolates the process for any sizes and break movements', () => {
    fc.assert(
      fc.property(processArbitrary, (input) => {
        const hardware = new Pmsav7Mpu({ regionCount: 8, minimumRegionSize: input.minimumRegionSize });
        const driver = new CortexMMpu({
          registers: hardware,
          numberOfRegions: 8,
          minimumRegionSize: input.minimumRegionSize,
        });
        const config = driver.newConfig();
        if (config === undefined) throw new Error('no configuration');
        const unallocatedStart = RAM_BASE + input.startOffset;
        const block = driver.allocateAppMemoryRegion(
          unallocatedStart,
          RAM_BASE + RAM_SIZE - unallocatedStart,
          input.minMemorySize,
          input.initialAppSize,
          input.initialKernelSize,
          Permissions.ReadWriteOnly,
          config,
        );
        if (block === undefined) return;

        const blockEnd = block.start + block.size;
        expect(block.start).toBeGreaterThanOrEqual(unallocatedStart);
        expect(block.size).toBeGreaterThanOrEqual(
          Math.max(input.minMemorySize, input.initialAppSize + input.initialKernelSize),
        );
        let appBreak = block.start + input.initialAppSize;
        let kernelBreak = blockEnd - input.initialKernelSize;
        driver.configureMpu(config);
        driver.enableAppMpu();
        expectIsolation(hardware, block.start, blockEnd, appBreak, kernelBreak);

        for (const step of input.steps) {
          const newKernelBreak = Math.max(kernelBreak - step.kernelDrop, block.start);
          const newAppBreak =
            'anywhere' in step.appBreak
              ? block.start + Math.floor((blockEnd - block.start) * step.appBreak.anywhere)
              : Math.max(newKernelBreak - step.appBreak.belowKernelBreak, block.start);
          if (driver.updateAppMemoryRegion(newAppBreak, newKernelBreak, Permissions.ReadWriteOnly, config)) {
            expect(newAppBreak).toBeLessThanOrEqual(newKernelBreak);
            appBreak = newAppBreak;
            kernelBreak = newKernelBreak;
          }
          driver.configureMpu(config);
          expectIsolation(hardware, block.start, blockEnd, appBreak, kernelBreak);
        }
      }),
      { numRuns: 300 },
    );
  });
});
