/**
 * Tock's Cortex-M MPU driver (upstream `arch/cortex-m/src/mpu.rs`): the kernel's `Mpu` interface
 * on a PMSAv7 MPU, for the Cortex-M0+ (`CortexMMpu` with 8 regions of at least 256 bytes), M3/M4
 * (8 regions of at least 32 bytes) and M7 (16 regions).
 *
 * Process RAM is covered by regions 0 and 1, two adjacent halves of a power-of-two block of at
 * least 512 bytes; enabling their subregions one sixteenth at a time grows the process-accessible
 * window as `brk` moves, and the window may never reach the kernel-owned top of the block. Flash
 * and IPC buffers get regions 2 and up, using a larger region with some subregions enabled when
 * the memory is not a naturally aligned power of two.
 *
 * The driver computes the RBAR/RASR values of each process's configuration in advance and touches
 * the hardware only by writing those registers (and MPU_CTRL) through `MpuRegisterPort`, so the
 * same code drives the `Pmsav7Mpu` model or anything else that decodes the registers. It keeps its
 * own copy of the register layout, as upstream does, so that the encoding is checked against the
 * model rather than shared with it.
 *
 * Where upstream's 32-bit arithmetic would overflow or wrap (a block above 2 GiB, a region of
 * 4 GiB or more in `allocateRegion`, an app break below the block), and for arguments that are not
 * whole numbers from 0 to 2^32, this driver refuses the request instead.
 */
import { type AppMemoryAllocation, type Mpu, Permissions, type Region } from '@tock-ts/kernel';

/** Register access to an MPU at 0xE000ED90 (offsets from there), e.g. a `Pmsav7Mpu`. */
export interface MpuRegisterPort {
  /** Reads the 32-bit register at `offset` from 0xE000ED90. */
  readRegister(offset: number): number;
  /** Writes the 32-bit register at `offset` from 0xE000ED90. */
  writeRegister(offset: number, value: number): void;
}

// Register layout (ARMv7-M ARM B3.5.5-B3.5.9).
const TYPE = 0x00;
const CTRL = 0x04;
const RBAR = 0x0c;
const RASR = 0x10;
const TYPE_DREGION_SHIFT = 8;
const CTRL_ENABLE = 1 << 0;
const CTRL_PRIVDEFENA = 1 << 2;
const RBAR_ADDR_MASK = 0xffffffe0;
const RBAR_VALID = 1 << 4;
const RBAR_REGION_MASK = 0xf;
const RASR_ENABLE = 1 << 0;
const RASR_SIZE_SHIFT = 1;
const RASR_SIZE_MASK = 0x1f;
const RASR_SRD_SHIFT = 8;
const RASR_SRD_MASK = 0xff;
const RASR_AP_SHIFT = 24;
const RASR_AP_MASK = 0x7;
const RASR_XN = 1 << 28;

/** AP encodings used by Tock. */
const AP_PRIVILEGED_ONLY = 0b001;
const AP_UNPRIVILEGED_READ_ONLY = 0b010;
const AP_READ_WRITE = 0b011;

/** Names of the eight AP encodings, as the configuration dump prints them. */
const ACCESS_PERMISSION_NAMES = [
  'NoAccess',
  'PrivilegedOnly',
  'UnprivilegedReadOnly',
  'ReadWrite',
  'Reserved',
  'PrivilegedOnlyReadOnly',
  'ReadOnly',
  'ReadOnlyAlias',
] as const;

/** No Cortex-M region is smaller than this, whatever the core's own minimum. */
const CORTEXM_MIN_REGION_SIZE = 32;

/** Regions 0 through this one hold process RAM; the rest are for flash and IPC. */
const APP_MEMORY_REGION_MAX_NUM = 1;

/** The process RAM block is at least this big: two regions of 256 bytes, the least with subregions. */
const MINIMUM_APP_MEMORY_BLOCK = 512;

/** Largest power of two a u32 can hold. */
const LARGEST_U32_POWER_OF_TWO = 2 ** 31;

/** Where a region is, as the kernel sees it: the logical part, which may be less than the hardware region. */
export interface CortexMRegionLocation {
  readonly start: number;
  readonly size: number;
}

/** One MPU region of a configuration: where it is and the RBAR/RASR values that program it. */
export interface CortexMRegion {
  /** The logical region, or undefined when the region is unused. */
  readonly location: CortexMRegionLocation | undefined;
  /** RBAR value: ADDR | VALID | REGION. */
  readonly baseAddress: number;
  /** RASR value: XN, AP, SRD, SIZE, ENABLE. */
  readonly attributes: number;
}

/** One process's MPU configuration (upstream `CortexMConfig`). */
export class CortexMConfig {
  /** Unique among the configurations one driver made; lets `configureMpu` skip rewriting the hardware. */
  readonly id: number;
  /** One entry per hardware region. */
  readonly regions: CortexMRegion[];
  /** Changed since it was last written to the hardware. */
  isDirty = true;

  constructor(id: number, regionCount: number) {
    this.id = id;
    this.regions = Array.from({ length: regionCount }, (_, number) => emptyRegion(number));
  }
}

/** Construction options for `CortexMMpu`. */
export interface CortexMMpuOptions {
  /** The MPU's registers. */
  readonly registers: MpuRegisterPort;
  /** Regions per configuration (upstream `NUM_REGIONS`): 8, or 16 on the Cortex-M7. */
  readonly numberOfRegions: number;
  /** Smallest region the core supports (upstream `MIN_REGION_SIZE`): 32, or 256 on the Cortex-M0+. */
  readonly minimumRegionSize: number;
}

function emptyRegion(regionNumber: number): CortexMRegion {
  return {
    location: undefined,
    baseAddress: (RBAR_VALID | (regionNumber & RBAR_REGION_MASK)) >>> 0,
    attributes: 0,
  };
}

/** Whether `value` can be an address or a byte count on a 32-bit core. */
function isAddressOrSize(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= 2 ** 32;
}

/** Smallest power of two at or above `value` (u32 `next_power_of_two`; callers keep `value` ≤ 2^31). */
function nextPowerOfTwo(value: number): number {
  return value <= 1 ? 1 : 2 ** (32 - Math.clz32(value - 1));
}

/** Smallest multiple of `step` at or above `value`. */
function nextMultipleOf(value: number, step: number): number {
  const remainder = value % step;
  return remainder === 0 ? value : value + step - remainder;
}

function isPowerOfTwo(value: number): boolean {
  return value > 0 && 2 ** Math.round(Math.log2(value)) === value;
}

/** Largest power of two dividing `value` (1 << trailing_zeros), for 0 < value < 2^32. */
function lowestSetBit(value: number): number {
  const signed = value | 0;
  return (signed & -signed) >>> 0;
}

/** AP and XN bits for a Tock permission (upstream's permission table). */
function accessBits(permissions: Permissions): number {
  switch (permissions) {
    case Permissions.ReadWriteExecute:
      return AP_READ_WRITE << RASR_AP_SHIFT;
    case Permissions.ReadWriteOnly:
      return (AP_READ_WRITE << RASR_AP_SHIFT) | RASR_XN;
    case Permissions.ReadExecuteOnly:
      return AP_UNPRIVILEGED_READ_ONLY << RASR_AP_SHIFT;
    case Permissions.ReadOnly:
      return (AP_UNPRIVILEGED_READ_ONLY << RASR_AP_SHIFT) | RASR_XN;
    case Permissions.ExecuteOnly:
      return AP_PRIVILEGED_ONLY << RASR_AP_SHIFT;
  }
}

/**
 * A region covering `[logicalStart, logicalStart + logicalSize)` with the hardware region
 * `[regionStart, regionStart + regionSize)`, subregions `first..last` enabled (inclusive) when given.
 * Undefined when the logical region is under 32 bytes or larger than the hardware region.
 */
function newRegion(
  logicalStart: number,
  logicalSize: number,
  regionStart: number,
  regionSize: number,
  regionNumber: number,
  subregions: readonly [first: number, last: number] | undefined,
  permissions: Permissions,
): CortexMRegion | undefined {
  if (logicalSize < CORTEXM_MIN_REGION_SIZE || regionSize < logicalSize) return undefined;
  if (regionSize > LARGEST_U32_POWER_OF_TWO) return undefined;
  const baseAddress = ((regionStart & RBAR_ADDR_MASK) | RBAR_VALID | (regionNumber & RBAR_REGION_MASK)) >>> 0;
  const sizeField = (Math.log2(regionSize) - 1) & RASR_SIZE_MASK;
  let attributes = RASR_ENABLE | (sizeField << RASR_SIZE_SHIFT) | accessBits(permissions);
  if (subregions !== undefined) {
    // Start with every subregion disabled and clear the SRD bit of each enabled one. An empty
    // range (`last` below `first`) leaves all eight disabled.
    let mask = RASR_SRD_MASK;
    for (let subregion = subregions[0]; subregion <= subregions[1]; subregion++) {
      mask ^= 1 << (subregion & 7);
    }
    attributes |= mask << RASR_SRD_SHIFT;
  }
  return { location: { start: logicalStart, size: logicalSize }, baseAddress, attributes: attributes >>> 0 };
}

function overlaps(region: CortexMRegion, otherStart: number, otherSize: number): boolean {
  const location = region.location;
  if (location === undefined) return false;
  return location.start < otherStart + otherSize && otherStart < location.start + location.size;
}

/** The two process-RAM regions for a block at `regionStart` of two `regionSize` halves. */
function appMemoryRegions(
  regionStart: number,
  regionSize: number,
  enabledSubregions: number,
  permissions: Permissions,
): readonly [CortexMRegion, CortexMRegion] | undefined {
  const enabledInRegion0 = Math.min(enabledSubregions, 8);
  const enabledInRegion1 = Math.max(enabledSubregions - 8, 0);
  const region0 = newRegion(
    regionStart,
    regionSize,
    regionStart,
    regionSize,
    0,
    [0, enabledInRegion0 - 1],
    permissions,
  );
  if (region0 === undefined) return undefined;
  // A region with no enabled subregion is left unused instead.
  const region1 =
    enabledInRegion1 === 0
      ? emptyRegion(1)
      : newRegion(
          regionStart + regionSize,
          regionSize,
          regionStart + regionSize,
          regionSize,
          1,
          [0, enabledInRegion1 - 1],
          permissions,
        );
  if (region1 === undefined) return undefined;
  return [region0, region1];
}

function hexWord(value: number): string {
  return `0x${value.toString(16).toUpperCase().padStart(8, '0')}`;
}

/** Tock's Cortex-M MPU driver (upstream `MPU<NUM_REGIONS, MIN_REGION_SIZE>`). */
export class CortexMMpu implements Mpu<CortexMConfig> {
  readonly #registers: MpuRegisterPort;
  readonly #numberOfRegions: number;
  readonly #minimumRegionSize: number;
  /** Id the next configuration gets. */
  #nextConfigId = 1;
  /** Id of the configuration the hardware holds, if any. */
  #hardwareConfiguredFor: number | undefined;

  constructor(options: CortexMMpuOptions) {
    const { numberOfRegions, minimumRegionSize } = options;
    if (!Number.isInteger(numberOfRegions) || numberOfRegions < 2 || numberOfRegions > 16) {
      throw new RangeError(`CortexMMpu: numberOfRegions must be from 2 to 16, got ${numberOfRegions}`);
    }
    if (!isPowerOfTwo(minimumRegionSize) || minimumRegionSize < CORTEXM_MIN_REGION_SIZE) {
      throw new RangeError(
        `CortexMMpu: minimumRegionSize must be a power of two of at least 32, got ${minimumRegionSize}`,
      );
    }
    this.#registers = options.registers;
    this.#numberOfRegions = numberOfRegions;
    this.#minimumRegionSize = minimumRegionSize;
  }

  /** MPU_CTRL = ENABLE | PRIVDEFENA (HFNMIENA clear: the MPU is off in HardFault and NMI). */
  enableAppMpu(): void {
    this.#registers.writeRegister(CTRL, CTRL_ENABLE | CTRL_PRIVDEFENA);
  }

  /** MPU_CTRL = 0. */
  disableAppMpu(): void {
    this.#registers.writeRegister(CTRL, 0);
  }

  /** MPU_TYPE.DREGION, as the hardware reports it. */
  numberTotalRegions(): number {
    return (this.#registers.readRegister(TYPE) >>> TYPE_DREGION_SHIFT) & 0xff;
  }

  newConfig(): CortexMConfig | undefined {
    const id = this.#nextConfigId;
    if (id >= Number.MAX_SAFE_INTEGER) return undefined;
    this.#nextConfigId = id + 1;
    return new CortexMConfig(id, this.#numberOfRegions);
  }

  resetConfig(config: CortexMConfig): void {
    for (let number = 0; number < config.regions.length; number++) {
      config.regions[number] = emptyRegion(number);
    }
    config.isDirty = true;
  }

  allocateRegion(
    unallocatedMemoryStart: number,
    unallocatedMemorySize: number,
    minRegionSize: number,
    permissions: Permissions,
    config: CortexMConfig,
  ): Region | undefined {
    if (![unallocatedMemoryStart, unallocatedMemorySize, minRegionSize].every(isAddressOrSize))
      return undefined;
    if (config.regions.some((region) => overlaps(region, unallocatedMemoryStart, unallocatedMemorySize))) {
      return undefined;
    }
    const regionNumber = config.regions.findIndex(
      (region, number) => number > APP_MEMORY_REGION_MAX_NUM && region.location === undefined,
    );
    if (regionNumber < 0) return undefined;

    // The logical region starts on a minimum-size boundary and is at least that big.
    let start = nextMultipleOf(unallocatedMemoryStart, this.#minimumRegionSize);
    let size = Math.max(minRegionSize, this.#minimumRegionSize);

    // The hardware region, larger than the logical one when subregions are used.
    let regionStart = start;
    let regionSize = size;
    let subregions: readonly [number, number] | undefined;

    if (!isPowerOfTwo(size) || start % size !== 0) {
      // Use subregions of the largest power of two dividing `start`, eight to a region.
      let subregionSize: number;
      if (start !== 0 && start < 2 ** 32) {
        subregionSize = lowestSetBit(start);
      } else {
        subregionSize = Math.max(nextPowerOfTwo(size), 256) / 8;
      }
      const underlyingRegionSize = subregionSize * 8;
      const underlyingRegionStart = start - (start % underlyingRegionSize);
      size = nextMultipleOf(size, subregionSize);
      const end = start + size;
      const underlyingRegionEnd = underlyingRegionStart + underlyingRegionSize;
      if (subregionSize >= 32 && underlyingRegionEnd >= end) {
        const firstSubregion = (start - underlyingRegionStart) / subregionSize;
        const lastSubregion = firstSubregion + size / subregionSize - 1;
        regionStart = underlyingRegionStart;
        regionSize = underlyingRegionSize;
        subregions = [firstSubregion, lastSubregion];
      } else {
        // Subregions cannot cover it: round the size up to a power of two and move the start up
        // past the next boundary of that size (upstream moves it even when already aligned).
        if (size > LARGEST_U32_POWER_OF_TWO) return undefined;
        size = nextPowerOfTwo(size);
        start += size - (start % size);
        regionStart = start;
        regionSize = size;
      }
    }

    if (start + size > unallocatedMemoryStart + unallocatedMemorySize) return undefined;

    const region = newRegion(start, size, regionStart, regionSize, regionNumber, subregions, permissions);
    if (region === undefined) return undefined;
    config.regions[regionNumber] = region;
    config.isDirty = true;
    return { startAddress: start, size };
  }

  removeMemoryRegion(region: Region, config: CortexMConfig): boolean {
    const index = config.regions.findIndex(
      (candidate) =>
        candidate.location !== undefined &&
        candidate.location.start === region.startAddress &&
        candidate.location.size === region.size,
    );
    if (index < 0 || index <= APP_MEMORY_REGION_MAX_NUM) return false;
    config.regions[index] = emptyRegion(index);
    config.isDirty = true;
    return true;
  }

  allocateAppMemoryRegion(
    unallocatedMemoryStart: number,
    unallocatedMemorySize: number,
    minMemorySize: number,
    initialAppMemorySize: number,
    initialKernelMemorySize: number,
    permissions: Permissions,
    config: CortexMConfig,
  ): AppMemoryAllocation | undefined {
    const inputs = [
      unallocatedMemoryStart,
      unallocatedMemorySize,
      minMemorySize,
      initialAppMemorySize,
      initialKernelMemorySize,
    ];
    if (!inputs.every(isAddressOrSize)) return undefined;
    if (config.regions.some((region) => overlaps(region, unallocatedMemoryStart, unallocatedMemorySize))) {
      return undefined;
    }

    const memorySize = Math.max(minMemorySize, initialAppMemorySize + initialKernelMemorySize);
    if (memorySize > LARGEST_U32_POWER_OF_TWO) return undefined;
    // Two power-of-two regions of at least 256 bytes each (the least that has subregions).
    let memorySizePowerOfTwo = Math.max(nextPowerOfTwo(memorySize), MINIMUM_APP_MEMORY_BLOCK);

    // Each region is half the block, so the block only has to be aligned to half its size.
    let regionSize = memorySizePowerOfTwo / 2;
    let regionStart = nextMultipleOf(unallocatedMemoryStart, regionSize);

    // Subregions are sixteenths of the block. At creation upstream enables
    // floor(app * 8 / regionSize) + 1 of them: one more than needed when app fills them exactly.
    let enabledSubregions = Math.floor((initialAppMemorySize * 8) / regionSize) + 1;
    const subregionSize = regionSize / 8;
    const subregionsEnabledEnd = regionStart + enabledSubregions * subregionSize;
    const kernelMemoryBreak = regionStart + memorySizePowerOfTwo - initialKernelMemorySize;

    // If the window would reach kernel memory, double the block for room between the two.
    if (subregionsEnabledEnd > kernelMemoryBreak) {
      memorySizePowerOfTwo *= 2;
      regionSize *= 2;
      regionStart = nextMultipleOf(regionStart, regionSize);
      enabledSubregions = Math.floor((initialAppMemorySize * 8) / regionSize) + 1;
    }

    if (regionStart + memorySizePowerOfTwo > unallocatedMemoryStart + unallocatedMemorySize) {
      return undefined;
    }

    const regions = appMemoryRegions(regionStart, regionSize, enabledSubregions, permissions);
    if (regions === undefined) return undefined;
    config.regions[0] = regions[0];
    config.regions[1] = regions[1];
    config.isDirty = true;
    return { start: regionStart, size: memorySizePowerOfTwo };
  }

  updateAppMemoryRegion(
    appMemoryBreak: number,
    kernelMemoryBreak: number,
    permissions: Permissions,
    config: CortexMConfig,
  ): boolean {
    const location = config.regions[0]?.location;
    if (location === undefined) return false;
    if (!isAddressOrSize(appMemoryBreak) || !isAddressOrSize(kernelMemoryBreak)) return false;
    const regionStart = location.start;
    const regionSize = location.size;

    if (appMemoryBreak > kernelMemoryBreak) return false;
    // The kernel never asks for a break below the block; upstream's unsigned arithmetic would wrap
    // there, so refuse it.
    if (appMemoryBreak < regionStart) return false;

    // Enable ceil(app bytes / subregion size) subregions. A break at the block start enables none:
    // region 0 then has every subregion disabled (the mask upstream's wrapping arithmetic yields).
    const appMemorySize = appMemoryBreak - regionStart;
    const subregionSize = regionSize / 8;
    const enabledSubregions = Math.ceil(appMemorySize / subregionSize);
    const subregionsEnabledEnd = regionStart + subregionSize * enabledSubregions;
    if (subregionsEnabledEnd > kernelMemoryBreak) return false;

    const regions = appMemoryRegions(regionStart, regionSize, enabledSubregions, permissions);
    if (regions === undefined) return false;
    config.regions[0] = regions[0];
    config.regions[1] = regions[1];
    config.isDirty = true;
    return true;
  }

  /** Writes RBAR then RASR for every region, unless the hardware already holds this unchanged configuration. */
  configureMpu(config: CortexMConfig): void {
    if (this.#hardwareConfiguredFor === config.id && !config.isDirty) return;
    for (const region of config.regions) {
      this.#registers.writeRegister(RBAR, region.baseAddress);
      this.#registers.writeRegister(RASR, region.attributes);
    }
    this.#hardwareConfiguredFor = config.id;
    config.isDirty = false;
  }

  /** The regions, their access and subregions, in upstream's `Display` format (CRLF line ends). */
  describeConfig(config: CortexMConfig): string {
    let text = '\r\n Cortex-M MPU';
    config.regions.forEach((region, number) => {
      const location = region.location;
      if (location === undefined) {
        text += `\r\n  Region ${number}: Unused`;
        return;
      }
      const accessBits = (region.attributes >>> RASR_AP_SHIFT) & RASR_AP_MASK;
      const accessName = ACCESS_PERMISSION_NAMES[accessBits] ?? 'ERR';
      text +=
        `\r\n  Region ${number}: [${hexWord(location.start)}:${hexWord(location.start + location.size)}], ` +
        `length: ${location.size} bytes; ${accessName} (0x${accessBits.toString(16)})`;
      const disabledSubregions = (region.attributes >>> RASR_SRD_SHIFT) & RASR_SRD_MASK;
      const subregionSize = Math.floor(location.size / 8);
      for (let subregion = 0; subregion < 8; subregion++) {
        const subregionStart = location.start + subregion * subregionSize;
        const state = ((disabledSubregions >>> subregion) & 1) === 0 ? 'Enabled' : 'Disabled';
        text += `\r\n    Sub-region ${subregion}: [${hexWord(subregionStart)}:${hexWord(subregionStart + subregionSize)}], ${state}`;
      }
    });
    return `${text}\r\n`;
  }
}
