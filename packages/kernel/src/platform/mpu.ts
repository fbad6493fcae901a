/**
 * The memory protection unit as the kernel drives it (upstream `kernel/src/platform/mpu.rs`).
 *
 * The kernel asks the MPU driver where a process's RAM block may go and how big it must be,
 * grows and shrinks the process-accessible window as `brk` and grants move, adds regions for
 * flash and IPC buffers, and loads a process's configuration into the hardware before running
 * it. The Cortex-M PMSAv7 driver and the RISC-V PMP driver implement it with upstream's rules.
 */

/** Access a region grants to the process (upstream `mpu::Permissions`). */
export enum Permissions {
  ReadWriteExecute = 0,
  ReadWriteOnly = 1,
  ReadExecuteOnly = 2,
  ReadOnly = 3,
  ExecuteOnly = 4,
}

/** A protected region: where it starts and how many bytes it covers. */
export interface Region {
  readonly startAddress: number;
  readonly size: number;
}

/** A process's RAM block as the MPU placed it. */
export interface AppMemoryAllocation {
  readonly start: number;
  readonly size: number;
}

/** An MPU driver. `C` is its per-process configuration (upstream `MpuConfig`). */
export interface Mpu<C> {
  /** Turns on enforcement for the process about to run. */
  enableAppMpu(): void;
  /** Turns enforcement off when the kernel has the CPU again. */
  disableAppMpu(): void;
  /** How many hardware regions exist. */
  numberTotalRegions(): number;
  /** A new empty configuration, or `undefined` when no more can be made. */
  newConfig(): C | undefined;
  /** Clears a configuration for reuse (on restart). */
  resetConfig(config: C): void;
  /** Adds a region inside `[start, start+size)` of at least `minRegionSize` bytes. */
  allocateRegion(
    unallocatedMemoryStart: number,
    unallocatedMemorySize: number,
    minRegionSize: number,
    permissions: Permissions,
    config: C,
  ): Region | undefined;
  /** Removes a region added by `allocateRegion`; false when it is not in `config`. */
  removeMemoryRegion(region: Region, config: C): boolean;
  /** Places a process's RAM block in the unallocated pool. */
  allocateAppMemoryRegion(
    unallocatedMemoryStart: number,
    unallocatedMemorySize: number,
    minMemorySize: number,
    initialAppMemorySize: number,
    initialKernelMemorySize: number,
    permissions: Permissions,
    config: C,
  ): AppMemoryAllocation | undefined;
  /** Moves the process-accessible window's end to `appMemoryBreak`; false if it would reach `kernelMemoryBreak`. */
  updateAppMemoryRegion(
    appMemoryBreak: number,
    kernelMemoryBreak: number,
    permissions: Permissions,
    config: C,
  ): boolean;
  /** Loads `config` into the hardware. */
  configureMpu(config: C): void;
  /** A human-readable dump of `config`, for the process console and fault reports. */
  describeConfig(config: C): string;
}
