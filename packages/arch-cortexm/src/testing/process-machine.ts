/**
 * A board-like setup for running one Tock process on the emulated core: flash with the process
 * code, RAM, a chip core, Tock's MPU driver configured as the kernel would (a RAM block with an
 * accessible window and a flash region), and the userspace boundary with a stored state ready for
 * the first `setProcessFunction`. For boundary tests and property tests.
 */
import { Permissions } from '@tock-ts/kernel';
import { MemoryMap, SimulationClock } from '@tock-ts/silicon';
import { CortexMChipCore } from '../cortexm-chip-core.js';
import { CortexMMpu } from '../mpu-driver.js';
import { CoreVariant } from '../silicon/architecture.js';
import { type CortexMStoredState, CortexMUserspaceKernelBoundary } from '../userspace-kernel-boundary.js';

/** Where things are. */
export const PROCESS_LAYOUT = {
  flashBase: 0x0004_0000,
  flashSize: 0x1_0000,
  processFlash: 0x0004_0000,
  processFlashSize: 0x1000,
  ramBase: 0x2000_0000,
  ramSize: 0x1_0000,
  appPool: 0x2000_4000,
  appPoolSize: 0x4000,
  kernelMemory: 0x200,
  appMemory: 0x100,
} as const;

/** Everything a process test needs. */
export interface ProcessMachine {
  readonly chip: CortexMChipCore;
  readonly mpu: CortexMMpu;
  readonly boundary: CortexMUserspaceKernelBoundary;
  readonly state: CortexMStoredState;
  readonly flash: Uint8Array;
  readonly ram: Uint8Array;
  readonly memoryStart: number;
  readonly appBreak: number;
  /** First address of the kernel-owned top of the process's RAM block. */
  readonly kernelMemoryBreak: number;
}

/** Builds the machine with `code` at `PROCESS_LAYOUT.processFlash`. Throws if the MPU driver refuses. */
export function createProcessMachine(
  variant: CoreVariant,
  code: Uint8Array,
  runBudgetNanos = 1_000_000,
): ProcessMachine {
  const layout = PROCESS_LAYOUT;
  if (code.length > layout.processFlashSize) throw new RangeError('createProcessMachine: code too large');
  const flash = new Uint8Array(layout.flashSize);
  const ram = new Uint8Array(layout.ramSize);
  flash.set(code, layout.processFlash - layout.flashBase);
  const memory = new MemoryMap();
  memory.addMemory('flash', layout.flashBase, flash, false);
  memory.addMemory('ram', layout.ramBase, ram, true);
  const chip = new CortexMChipCore({
    variant,
    memory,
    clock: new SimulationClock(),
    frequencyHz: 64_000_000,
    externalInterrupts: 32,
  });
  const registers = chip.mpu;
  if (registers === undefined) throw new Error('createProcessMachine: the chip core has no MPU');
  const mpu = new CortexMMpu({
    registers,
    numberOfRegions: 8,
    minimumRegionSize: variant === CoreVariant.CortexM4 ? 32 : 256,
  });
  const config = mpu.newConfig();
  if (config === undefined) throw new Error('createProcessMachine: no MPU configuration');
  const block = mpu.allocateAppMemoryRegion(
    layout.appPool,
    layout.appPoolSize,
    0x1000,
    32,
    layout.kernelMemory,
    Permissions.ReadWriteOnly,
    config,
  );
  if (block === undefined) throw new Error('createProcessMachine: no app memory');
  const memoryStart = block.start;
  const appBreak = memoryStart + layout.appMemory;
  const kernelMemoryBreak = memoryStart + block.size - layout.kernelMemory;
  if (!mpu.updateAppMemoryRegion(appBreak, kernelMemoryBreak, Permissions.ReadWriteOnly, config)) {
    throw new Error('createProcessMachine: the MPU refused the app break');
  }
  const flashRegion = mpu.allocateRegion(
    layout.processFlash,
    layout.processFlashSize,
    layout.processFlashSize,
    Permissions.ReadExecuteOnly,
    config,
  );
  if (flashRegion === undefined) throw new Error('createProcessMachine: no flash region');
  mpu.configureMpu(config);
  mpu.enableAppMpu();
  const boundary = new CortexMUserspaceKernelBoundary(chip, { runBudgetNanos });
  const state = boundary.createStoredState();
  boundary.initializeProcess(memoryStart, appBreak, state);
  return { chip, mpu, boundary, state, flash, ram, memoryStart, appBreak, kernelMemoryBreak };
}
