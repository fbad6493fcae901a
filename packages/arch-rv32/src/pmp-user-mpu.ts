/**
 * Tock's RISC-V memory protection (upstream `arch/riscv/src/pmp.rs`): `PmpUserMpu` implements the
 * kernel's `Mpu` with TOR region pairs of 4-byte granularity over a `TorUserPmp` back-end, which
 * owns the hardware entries.
 *
 * Rules as upstream: a region's start and size round up to multiples of 4 (at least 4 bytes);
 * the app RAM region covers `[start, app_break)` and the block the kernel gets is
 * `max(min_total, app + kernel)` bytes, with no power-of-two rule; regions may not overlap;
 * read-only regions may reach up to 3 bytes past the space they were given (upstream keeps
 * that for old apps). A configuration is written to the hardware only when it is not the one
 * last written or has changed since.
 */
import { type AppMemoryAllocation, kernelPanic, type Mpu, Permissions, type Region } from '@tock-ts/kernel';
import { hex32 } from './trap-report.js';

/** pmpcfg octet of an unlocked TOR entry for each permission (R = 1, W = 2, X = 4, TOR = 8). */
export function torUserConfig(permissions: Permissions): number {
  switch (permissions) {
    case Permissions.ReadWriteExecute:
      return 0x0f;
    case Permissions.ReadWriteOnly:
      return 0x0b;
    case Permissions.ReadExecuteOnly:
      return 0x0d;
    case Permissions.ReadOnly:
      return 0x09;
    default:
      return 0x0c;
  }
}

/** One user region: its pmpcfg octet (0 = OFF) and `[start, end)`. */
export interface TorUserRegion {
  config: number;
  start: number;
  end: number;
}

/** A PMP back-end exposing TOR regions for user mode (upstream `TORUserPMP`). */
export interface TorUserPmp {
  /** How many TOR regions user mode can have. */
  availableRegions(): number;
  /** Stores the regions to enforce; false when the hardware cannot take them. */
  configurePmp(regions: readonly TorUserRegion[]): boolean;
  /** Starts enforcing the configured regions; false when it cannot. */
  enableUserPmp(): boolean;
  /** Stops enforcing them (so machine mode regains access to user memory under MML). */
  disableUserPmp(): void;
  /** A dump of the hardware state, for the chip's state report. */
  describe(): string;
}

/** The per-process configuration (upstream `PMPUserMPUConfig`). */
export interface PmpUserMpuConfig {
  readonly id: number;
  dirty: boolean;
  readonly regions: TorUserRegion[];
  /** Index of the app RAM region, once allocated. */
  appMemoryRegion: number | undefined;
}

function roundUp4(value: number): number {
  return Math.ceil(value / 4) * 4;
}

function overlaps(region: TorUserRegion, start: number, size: number): boolean {
  const end = start + size;
  return region.start < region.end && size > 0 && region.start < end && start < region.end;
}

/** The kernel's MPU over a TOR user PMP (upstream `PMPUserMPU<MAX_REGIONS, P>`). */
export class PmpUserMpu implements Mpu<PmpUserMpuConfig> {
  readonly pmp: TorUserPmp;
  readonly maxRegions: number;
  #configCount = 1;
  #lastConfigured: number | undefined;

  constructor(pmp: TorUserPmp, maxRegions: number) {
    this.pmp = pmp;
    this.maxRegions = maxRegions;
  }

  enableAppMpu(): void {
    if (!this.pmp.enableUserPmp()) kernelPanic('PMP: cannot enable the user-mode configuration');
  }

  disableAppMpu(): void {
    this.pmp.disableUserPmp();
  }

  numberTotalRegions(): number {
    return this.pmp.availableRegions();
  }

  newConfig(): PmpUserMpuConfig | undefined {
    const id = this.#configCount++;
    const regions: TorUserRegion[] = [];
    for (let index = 0; index < this.maxRegions; index++) regions.push({ config: 0, start: 0, end: 0 });
    return { id, dirty: true, regions, appMemoryRegion: undefined };
  }

  resetConfig(config: PmpUserMpuConfig): void {
    for (const region of config.regions) {
      region.config = 0;
      region.start = 0;
      region.end = 0;
    }
    config.appMemoryRegion = undefined;
    config.dirty = true;
  }

  allocateRegion(
    unallocatedMemoryStart: number,
    unallocatedMemorySize: number,
    minRegionSize: number,
    permissions: Permissions,
    config: PmpUserMpuConfig,
  ): Region | undefined {
    const slot = config.regions.findIndex((region) => region.config === 0);
    if (slot < 0) return undefined;
    const start = roundUp4(unallocatedMemoryStart);
    const size = Math.max(4, roundUp4(minRegionSize));
    const limit = unallocatedMemoryStart + unallocatedMemorySize;
    if (start + size > limit) {
      const writeable =
        permissions === Permissions.ReadWriteExecute || permissions === Permissions.ReadWriteOnly;
      if (writeable || start + size > limit + 3) return undefined;
    }
    for (const region of config.regions) {
      if (region.config !== 0 && overlaps(region, start, size)) return undefined;
    }
    config.regions[slot] = { config: torUserConfig(permissions), start, end: start + size };
    config.dirty = true;
    return { startAddress: start, size };
  }

  removeMemoryRegion(region: Region, config: PmpUserMpuConfig): boolean {
    const index = config.regions.findIndex(
      (candidate) =>
        candidate.config !== 0 &&
        candidate.start === region.startAddress &&
        candidate.end === region.startAddress + region.size,
    );
    const found = config.regions[index];
    if (found === undefined) return false;
    found.config = 0;
    config.dirty = true;
    return true;
  }

  allocateAppMemoryRegion(
    unallocatedMemoryStart: number,
    unallocatedMemorySize: number,
    minMemorySize: number,
    initialAppMemorySize: number,
    initialKernelMemorySize: number,
    permissions: Permissions,
    config: PmpUserMpuConfig,
  ): AppMemoryAllocation | undefined {
    if (config.appMemoryRegion !== undefined) return undefined;
    const slot = config.regions.findIndex((region) => region.config === 0);
    if (slot < 0) return undefined;
    const start = roundUp4(unallocatedMemoryStart);
    const regionSize = Math.max(4, roundUp4(initialAppMemorySize));
    const blockSize = Math.max(minMemorySize, regionSize + initialKernelMemorySize);
    if (start + blockSize > unallocatedMemoryStart + unallocatedMemorySize) return undefined;
    for (const region of config.regions) {
      if (region.config !== 0 && overlaps(region, start, blockSize)) return undefined;
    }
    config.regions[slot] = { config: torUserConfig(permissions), start, end: start + regionSize };
    config.dirty = true;
    config.appMemoryRegion = slot;
    return { start, size: blockSize };
  }

  updateAppMemoryRegion(
    appMemoryBreak: number,
    kernelMemoryBreak: number,
    permissions: Permissions,
    config: PmpUserMpuConfig,
  ): boolean {
    const slot = config.appMemoryRegion;
    const region = slot === undefined ? undefined : config.regions[slot];
    if (region === undefined) return false;
    const end = roundUp4(appMemoryBreak);
    if (end > kernelMemoryBreak) return false;
    region.config = torUserConfig(permissions);
    region.end = end;
    config.dirty = true;
    return true;
  }

  configureMpu(config: PmpUserMpuConfig): void {
    if (this.#lastConfigured !== config.id || config.dirty) {
      if (!this.pmp.configurePmp(config.regions)) kernelPanic('PMP: the hardware refused the configuration');
      config.dirty = false;
      this.#lastConfigured = config.id;
    }
  }

  describeConfig(config: PmpUserMpuConfig): string {
    const appRegion = config.appMemoryRegion === undefined ? 'None' : `Some(${config.appMemoryRegion})`;
    let text = ` PMPUserMPUConfig {\r\n  id: ${config.id},\r\n  is_dirty: ${config.dirty},\r\n`;
    text += `  app_memory_region: ${appRegion},\r\n  regions:\r\n`;
    config.regions.forEach((region, index) => {
      const cfg = region.config;
      const permissions = `${cfg & 1 ? 'r' : '-'}${cfg & 2 ? 'w' : '-'}${cfg & 4 ? 'x' : '-'}`;
      text += `     #${String(index).padStart(2, '0')}: start=${hex32(region.start)}, end=${hex32(region.end)}`;
      text += `, cfg=0x${cfg.toString(16).toUpperCase().padStart(2, '0')} (${cfg & 0x18 ? 'TOR' : 'OFF'}) (-${permissions})\r\n`;
    });
    return `${text} }\r\n`;
  }
}
