/**
 * A fake MPU that places RAM blocks 8-byte aligned and tracks every region and break, so tests
 * can check what the kernel asked of the hardware.
 */
import { type AppMemoryAllocation, type Mpu, Permissions, type Region } from '../platform/mpu.js';

/** The regions and RAM window of one process. */
export interface FakeMpuConfig {
  readonly id: number;
  regions: { region: Region; permissions: Permissions }[];
  appMemory: { start: number; size: number; appBreak: number; kernelBreak: number } | undefined;
}

const ALIGNMENT = 8;

/** Records configurations; enforces nothing on its own (the fake boundary never touches memory). */
export class FakeMpu implements Mpu<FakeMpuConfig> {
  #nextId = 0;
  /** Whether enforcement is on (between `enableAppMpu` and `disableAppMpu`). */
  enabled = false;
  /** The configuration last loaded with `configureMpu`. */
  active: FakeMpuConfig | undefined;

  constructor(private readonly regionCount = 8) {}

  enableAppMpu(): void {
    this.enabled = true;
  }

  disableAppMpu(): void {
    this.enabled = false;
  }

  numberTotalRegions(): number {
    return this.regionCount;
  }

  newConfig(): FakeMpuConfig | undefined {
    return { id: this.#nextId++, regions: [], appMemory: undefined };
  }

  resetConfig(config: FakeMpuConfig): void {
    config.regions = [];
    config.appMemory = undefined;
  }

  allocateRegion(
    start: number,
    size: number,
    minRegionSize: number,
    permissions: Permissions,
    config: FakeMpuConfig,
  ): Region | undefined {
    if (config.regions.length + 2 >= this.regionCount || minRegionSize === 0 || minRegionSize > size) {
      return undefined;
    }
    const region = { startAddress: start, size: minRegionSize };
    config.regions.push({ region, permissions });
    return region;
  }

  removeMemoryRegion(region: Region, config: FakeMpuConfig): boolean {
    const index = config.regions.findIndex(
      (entry) => entry.region.startAddress === region.startAddress && entry.region.size === region.size,
    );
    if (index < 0) return false;
    config.regions.splice(index, 1);
    return true;
  }

  allocateAppMemoryRegion(
    unallocatedStart: number,
    unallocatedSize: number,
    minMemorySize: number,
    initialAppMemorySize: number,
    initialKernelMemorySize: number,
    _permissions: Permissions,
    config: FakeMpuConfig,
  ): AppMemoryAllocation | undefined {
    const start = Math.ceil(unallocatedStart / ALIGNMENT) * ALIGNMENT;
    const wanted = Math.max(minMemorySize, initialAppMemorySize + initialKernelMemorySize);
    const size = Math.ceil(wanted / ALIGNMENT) * ALIGNMENT;
    if (start + size > unallocatedStart + unallocatedSize) return undefined;
    config.appMemory = {
      start,
      size,
      appBreak: start + initialAppMemorySize,
      kernelBreak: start + size - initialKernelMemorySize,
    };
    return { start, size };
  }

  updateAppMemoryRegion(
    appMemoryBreak: number,
    kernelMemoryBreak: number,
    _permissions: Permissions,
    config: FakeMpuConfig,
  ): boolean {
    const app = config.appMemory;
    if (app === undefined || appMemoryBreak > kernelMemoryBreak) return false;
    app.appBreak = appMemoryBreak;
    app.kernelBreak = kernelMemoryBreak;
    return true;
  }

  configureMpu(config: FakeMpuConfig): void {
    this.active = config;
  }

  describeConfig(config: FakeMpuConfig): string {
    const lines = config.regions.map(
      (entry, index) =>
        ` Region ${index}: [0x${entry.region.startAddress.toString(16)}, +0x${entry.region.size.toString(16)}) ${Permissions[entry.permissions]}`,
    );
    const app = config.appMemory;
    if (app !== undefined) {
      lines.push(
        ` App RAM: 0x${app.start.toString(16)}..0x${app.appBreak.toString(16)} (kernel from 0x${app.kernelBreak.toString(16)})`,
      );
    }
    return lines.join('\n');
  }
}
