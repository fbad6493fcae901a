/**
 * A machine for running Tock processes on the QEMU virt silicon, laid out as upstream's
 * qemu_rv32_virt board: kernel image at 0x8000_0000 (1 MiB), app flash at 0x8010_0000 (1 MiB),
 * RAM at 0x8020_0000 (2 MiB), with the MML ePMP kernel protection (16 entries, 5 user regions),
 * the PMP user MPU and the userspace boundary. `loadProcess` places code in app flash and
 * allocates the process's RAM and flash regions as the kernel does.
 */
import { type AppMemoryAllocation, Permissions } from '@tock-ts/kernel';
import { KernelProtectionMmlEpmp } from '../kernel-protection-epmp.js';
import { PmpUserMpu, type PmpUserMpuConfig } from '../pmp-user-mpu.js';
import { QemuVirtSilicon, VIRT_RAM_BASE } from '../silicon/qemu-virt.js';
import type { RiscvHart } from '../silicon/rv32-hart.js';
import {
  type RiscvBoundaryOptions,
  type RiscvStoredState,
  RiscvUserspaceKernelBoundary,
} from '../userspace-kernel-boundary.js';

/** App flash (as upstream's qemu_rv32_virt `prog` region). */
export const APP_FLASH_BASE = 0x8010_0000;
/** Process RAM pool (upstream's `ram` region). */
export const APP_RAM_BASE = 0x8020_0000;
/** Kernel text covered by the locked TOR entry. */
export const KERNEL_TEXT_END = 0x8000_4000;

/** A process placed in the machine. */
export interface LoadedProcess {
  readonly state: RiscvStoredState;
  readonly config: PmpUserMpuConfig;
  readonly memory: AppMemoryAllocation;
  /** The end of process-accessible RAM. */
  readonly appBreak: number;
  readonly flashStart: number;
}

/** The machine with its drivers. */
export interface ProcessMachine {
  readonly machine: QemuVirtSilicon;
  readonly hart: RiscvHart;
  readonly mpu: PmpUserMpu;
  readonly boundary: RiscvUserspaceKernelBoundary;
  /** Places `code` at the start of app flash and sets up a process with `appRamSize` accessible bytes. */
  loadProcess(code: Uint8Array, appRamSize?: number): LoadedProcess;
  /** Loads the process's PMP configuration and switches to it, as the kernel's `do_process` does. */
  switchTo(process: LoadedProcess): ReturnType<RiscvUserspaceKernelBoundary['switchToProcess']>;
}

/** Builds the machine; throws if the ePMP set-up fails (it cannot on this silicon). */
export function createProcessMachine(options: RiscvBoundaryOptions = {}): ProcessMachine {
  const machine = new QemuVirtSilicon({ ramSize: 0x40_0000 });
  const hart = machine.chipCore.hart;
  const protection = KernelProtectionMmlEpmp.create(hart, {
    flash: { start: VIRT_RAM_BASE, size: 0x20_0000 },
    ram: { start: APP_RAM_BASE, size: 0x20_0000 },
    mmio: { start: 0, size: 0x2000_0000 },
    kernelText: { start: VIRT_RAM_BASE, end: KERNEL_TEXT_END },
  });
  if (protection === undefined) throw new Error('createProcessMachine: ePMP set-up failed');
  const mpu = new PmpUserMpu(protection, 5);
  const boundary = new RiscvUserspaceKernelBoundary(machine.chipCore, options);
  return {
    machine,
    hart,
    mpu,
    boundary,
    loadProcess(code, appRamSize = 0x1000) {
      machine.ram.set(code, APP_FLASH_BASE - VIRT_RAM_BASE);
      const config = mpu.newConfig();
      if (config === undefined) throw new Error('loadProcess: no MPU config');
      const memory = mpu.allocateAppMemoryRegion(
        APP_RAM_BASE,
        0x20_0000,
        appRamSize + 0x400,
        appRamSize,
        0x400,
        Permissions.ReadWriteOnly,
        config,
      );
      if (memory === undefined) throw new Error('loadProcess: no RAM region');
      const flash = mpu.allocateRegion(APP_FLASH_BASE, 0x1000, 0x1000, Permissions.ReadExecuteOnly, config);
      if (flash === undefined) throw new Error('loadProcess: no flash region');
      const state = boundary.createStoredState();
      const appBreak = memory.start + appRamSize;
      boundary.initializeProcess(memory.start, appBreak, state);
      boundary.setProcessFunction(memory.start, appBreak, state, {
        pc: APP_FLASH_BASE,
        argument0: APP_FLASH_BASE,
        argument1: memory.start,
        argument2: memory.size,
        argument3: appBreak,
      });
      hart.invalidateAllCode();
      return { state, config, memory, appBreak, flashStart: APP_FLASH_BASE };
    },
    switchTo(process) {
      mpu.configureMpu(process.config);
      mpu.enableAppMpu();
      try {
        return boundary.switchToProcess(process.memory.start, process.appBreak, process.state);
      } finally {
        mpu.disableAppMpu();
      }
    },
  };
}
