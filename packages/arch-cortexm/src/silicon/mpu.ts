/**
 * The PMSAv7 memory protection unit of ARMv7-M and ARMv6-M cores (ARMv7-M ARM B3.5).
 *
 * Its registers sit at 0xE000ED90 (MPU_TYPE, MPU_CTRL, MPU_RNR, MPU_RBAR, MPU_RASR and, on
 * ARMv7-M, three RBAR/RASR alias pairs). Every load, store and instruction fetch of the core asks
 * `checkAccess` whether the access is permitted, so the check allocates nothing: after a register
 * write the first check decodes the enabled regions into typed arrays (highest-numbered first),
 * and the permission bits of each 32-byte block it resolves are kept in a direct-mapped cache
 * until the next register write.
 *
 * Behaviour the architecture leaves UNPREDICTABLE is pinned down here, and documented where it is
 * decided:
 * - a RASR SIZE below the core's minimum region size acts as the minimum size;
 * - RBAR base bits below the region size are ignored when matching (as the silicon does);
 * - AP = 0b100 (reserved) grants no access;
 * - regions smaller than 256 bytes have no subregions (their SRD bits are ignored);
 * - RNR or RBAR.REGION naming an unimplemented region makes RBAR/RASR read as zero and ignore
 *   writes;
 * - ENABLE = 0 with HFNMIENA = 1 behaves as ENABLE = 0.
 *
 * Permissions never change inside an aligned 32-byte block (regions and subregions are at least
 * 32 bytes and aligned), so an access is checked once per 32-byte block it touches, which is the
 * same as checking every byte: an access of up to 32 bytes is checked at both ends.
 *
 * The Private Peripheral Bus (0xE0000000-0xE00FFFFF) always uses the default memory map: the MPU
 * neither grants nor removes access there, but the system control space is privileged-only, so an
 * unprivileged data access to it is denied and `faultClass` reports it as a BusFault. The memory
 * type bits (TEX, S, C, B) are stored and read back but do not change permissions; the ARMv6-M
 * form (minimum region size 256) has no TEX field and no alias registers.
 */
import type { Peripheral } from '@tock-ts/silicon';

/** Address of MPU_TYPE, the first MPU register. */
export const MPU_BASE_ADDRESS = 0xe000ed90;

/** MPU_TYPE offset: DREGION (bits 15:8) is the number of regions. */
export const MPU_TYPE = 0x00;
/** MPU_CTRL offset: ENABLE, HFNMIENA, PRIVDEFENA. */
export const MPU_CTRL = 0x04;
/** MPU_RNR offset: the region RBAR and RASR refer to. */
export const MPU_RNR = 0x08;
/** MPU_RBAR offset: base address of the selected region (VALID | REGION selects on write). */
export const MPU_RBAR = 0x0c;
/** MPU_RASR offset: size, subregion disables, access permissions and XN of the selected region. */
export const MPU_RASR = 0x10;
/** ARMv7-M aliases of MPU_RBAR and MPU_RASR, for programming several regions in one burst. */
export const MPU_RBAR_A1 = 0x14;
export const MPU_RASR_A1 = 0x18;
export const MPU_RBAR_A2 = 0x1c;
export const MPU_RASR_A2 = 0x20;
export const MPU_RBAR_A3 = 0x24;
export const MPU_RASR_A3 = 0x28;

/** MPU_CTRL.ENABLE: the MPU checks accesses. */
export const MPU_CTRL_ENABLE = 1 << 0;
/** MPU_CTRL.HFNMIENA: the MPU stays on at negative execution priority (HardFault, NMI, FAULTMASK). */
export const MPU_CTRL_HFNMIENA = 1 << 1;
/** MPU_CTRL.PRIVDEFENA: privileged accesses that match no region use the default memory map. */
export const MPU_CTRL_PRIVDEFENA = 1 << 2;

/** MPU_RBAR.ADDR: the region base address (bits 31:5). */
export const MPU_RBAR_ADDR_MASK = 0xffffffe0;
/** MPU_RBAR.VALID: on write, REGION selects the region (and is copied to MPU_RNR). */
export const MPU_RBAR_VALID = 1 << 4;
/** MPU_RBAR.REGION: the region number used when VALID is set. */
export const MPU_RBAR_REGION_MASK = 0xf;

/** MPU_RASR.ENABLE: the region takes part in matching. */
export const MPU_RASR_ENABLE = 1 << 0;
/** MPU_RASR.SIZE (bits 5:1): the region is 2^(SIZE+1) bytes. */
export const MPU_RASR_SIZE_SHIFT = 1;
export const MPU_RASR_SIZE_MASK = 0x1f;
/** MPU_RASR.SRD (bits 15:8): a set bit disables that eighth of the region. */
export const MPU_RASR_SRD_SHIFT = 8;
export const MPU_RASR_SRD_MASK = 0xff;
/** MPU_RASR.AP (bits 26:24): access permissions. */
export const MPU_RASR_AP_SHIFT = 24;
export const MPU_RASR_AP_MASK = 0x7;
/** MPU_RASR.XN: instruction fetches from the region fault. */
export const MPU_RASR_XN = 1 << 28;

/** Bits of MPU_RASR that exist on ARMv7-M: XN, AP, TEX (21:19), S, C, B (18:16), SRD, SIZE, ENABLE. */
const RASR_IMPLEMENTED_V7M = 0x173fff3f;
/** Bits of MPU_RASR that exist on ARMv6-M (no TEX). */
const RASR_IMPLEMENTED_V6M = 0x1707ff3f;

/** The Private Peripheral Bus, which always uses the default memory map. */
const PPB_START = 0xe0000000;
const PPB_END = 0xe0100000;
/** Start of the System region, never executable. */
const SYSTEM_REGION_START = 0xe0000000;

/** Permissions are constant within each aligned block of this many bytes. */
const GRANULE_BYTES = 32;

/** Smallest region that has subregions. */
const SUBREGION_MINIMUM_REGION_BYTES = 256;

/** The kind of memory access being checked. */
export enum AccessKind {
  Read = 0,
  Write = 1,
  Execute = 2,
}

/** Which fault a denied access raises. */
export enum MpuFaultClass {
  /** The access is permitted. */
  None = 0,
  /** MemManage: an MPU permission, background or XN violation. */
  MemManage = 1,
  /** BusFault: an unprivileged data access to the privileged-only system control space. */
  BusFault = 2,
}

/** Construction options for `Pmsav7Mpu`. */
export interface Pmsav7MpuOptions {
  /** Number of regions (MPU_TYPE.DREGION): 8 on Cortex-M0+/M3/M4, 16 on Cortex-M7. */
  readonly regionCount: number;
  /** Smallest region size in bytes: 32 on ARMv7-M, 256 on the Cortex-M0+. */
  readonly minimumRegionSize: number;
  /** Whether the RBAR/RASR alias registers exist; defaults to true when the minimum size is 32 (ARMv7-M). */
  readonly aliasRegisters?: boolean;
}

// Permission bits of one region, indexed by `kind + (privileged ? 0 : 3)`.
const PRIVILEGED_READ = 1 << 0;
const PRIVILEGED_WRITE = 1 << 1;
const PRIVILEGED_EXECUTE = 1 << 2;
const UNPRIVILEGED_READ = 1 << 3;
const UNPRIVILEGED_WRITE = 1 << 4;
const UNPRIVILEGED_EXECUTE = 1 << 5;

/** Read/write permission bits for each AP encoding (ARMv7-M ARM table B3-15). */
const ACCESS_PERMISSION_BITS: readonly number[] = [
  0, // 0b000: no access
  PRIVILEGED_READ | PRIVILEGED_WRITE, // 0b001: privileged RW
  PRIVILEGED_READ | PRIVILEGED_WRITE | UNPRIVILEGED_READ, // 0b010: privileged RW, unprivileged RO
  PRIVILEGED_READ | PRIVILEGED_WRITE | UNPRIVILEGED_READ | UNPRIVILEGED_WRITE, // 0b011: full access
  0, // 0b100: reserved
  PRIVILEGED_READ, // 0b101: privileged RO
  PRIVILEGED_READ | UNPRIVILEGED_READ, // 0b110: read-only
  PRIVILEGED_READ | UNPRIVILEGED_READ, // 0b111: read-only
];

/** Permission bits for a RASR value: AP for reads and writes; execute needs read access and XN clear. */
function permissionBits(rasr: number): number {
  let bits = ACCESS_PERMISSION_BITS[(rasr >>> MPU_RASR_AP_SHIFT) & MPU_RASR_AP_MASK] ?? 0;
  if ((rasr & MPU_RASR_XN) === 0) {
    if ((bits & PRIVILEGED_READ) !== 0) bits |= PRIVILEGED_EXECUTE;
    if ((bits & UNPRIVILEGED_READ) !== 0) bits |= UNPRIVILEGED_EXECUTE;
  }
  return bits;
}

const PRIVILEGED_READ_WRITE = PRIVILEGED_READ | PRIVILEGED_WRITE;
const PRIVILEGED_ALL = PRIVILEGED_READ | PRIVILEGED_WRITE | PRIVILEGED_EXECUTE;
const ALL_READ_WRITE = PRIVILEGED_READ_WRITE | UNPRIVILEGED_READ | UNPRIVILEGED_WRITE;
const ALL_ACCESS = ALL_READ_WRITE | PRIVILEGED_EXECUTE | UNPRIVILEGED_EXECUTE;
const ANY_EXECUTE = PRIVILEGED_EXECUTE | UNPRIVILEGED_EXECUTE;

/**
 * Permission bits of the default memory map at `address`: everything may be read and written
 * (the system control space only by privileged code), and the Peripheral, Device and System
 * regions are execute-never.
 */
function defaultMapPermissions(address: number): number {
  if (address >= SYSTEM_REGION_START) return address < PPB_END ? PRIVILEGED_READ_WRITE : ALL_READ_WRITE;
  if (address < 0x40000000 || (address >= 0x60000000 && address < 0xa0000000)) return ALL_ACCESS;
  return ALL_READ_WRITE;
}

/** Number of 32-byte blocks whose permissions are cached (direct-mapped by block number). */
const CACHE_SLOTS = 1024;

/** A PMSAv7 MPU: registers plus the access check. */
export class Pmsav7Mpu implements Peripheral {
  readonly #regionCount: number;
  readonly #minimumRegionSize: number;
  readonly #aliasRegisters: boolean;
  readonly #rasrImplemented: number;

  #control = 0;
  #regionNumber = 0;
  readonly #baseAddresses: Uint32Array;
  readonly #attributes: Uint32Array;
  #generation = 0;

  // Decoded view, rebuilt at the first check after a register write. Index 0 is the
  // highest-numbered enabled region.
  #stale = false;
  #mpuEnabled = false;
  #enabledInNegativePriority = false;
  #privilegedDefaultMap = false;
  #activeCount = 0;
  readonly #activeBase: Int32Array;
  readonly #activeMask: Int32Array;
  readonly #activeSubregionShift: Uint8Array;
  readonly #activeSubregionEnabled: Uint8Array;
  readonly #activePermissions: Uint8Array;
  // Permission bits of recently checked 32-byte blocks while the MPU is active; a tag of -1 is empty.
  readonly #cacheTags = new Int32Array(CACHE_SLOTS).fill(-1);
  readonly #cachePermissions = new Uint8Array(CACHE_SLOTS);

  constructor(options: Pmsav7MpuOptions) {
    const { regionCount, minimumRegionSize } = options;
    if (!Number.isInteger(regionCount) || regionCount < 0 || regionCount > 255) {
      throw new RangeError(`Pmsav7Mpu: regionCount must be an integer from 0 to 255, got ${regionCount}`);
    }
    if (
      !Number.isInteger(minimumRegionSize) ||
      minimumRegionSize < GRANULE_BYTES ||
      minimumRegionSize > SUBREGION_MINIMUM_REGION_BYTES ||
      (minimumRegionSize & (minimumRegionSize - 1)) !== 0
    ) {
      throw new RangeError(
        `Pmsav7Mpu: minimumRegionSize must be a power of two from 32 to 256, got ${minimumRegionSize}`,
      );
    }
    this.#regionCount = regionCount;
    this.#minimumRegionSize = minimumRegionSize;
    const armv7m = minimumRegionSize === GRANULE_BYTES;
    this.#aliasRegisters = options.aliasRegisters ?? armv7m;
    this.#rasrImplemented = armv7m ? RASR_IMPLEMENTED_V7M : RASR_IMPLEMENTED_V6M;
    this.#baseAddresses = new Uint32Array(regionCount);
    this.#attributes = new Uint32Array(regionCount);
    this.#activeBase = new Int32Array(regionCount);
    this.#activeMask = new Int32Array(regionCount);
    this.#activeSubregionShift = new Uint8Array(regionCount);
    this.#activeSubregionEnabled = new Uint8Array(regionCount);
    this.#activePermissions = new Uint8Array(regionCount);
  }

  /** Increments on every register write, so callers can cache decisions. */
  get generation(): number {
    return this.#generation;
  }

  /** Number of implemented regions. */
  get regionCount(): number {
    return this.#regionCount;
  }

  /** Reads the register at `offset` from 0xE000ED90. Unimplemented offsets read as zero. */
  readRegister(offset: number): number {
    switch (offset) {
      case MPU_TYPE:
        return (this.#regionCount << 8) >>> 0;
      case MPU_CTRL:
        return this.#control;
      case MPU_RNR:
        return this.#regionNumber;
      case MPU_RBAR:
        return this.#readBaseAddress();
      case MPU_RASR:
        return this.#readAttributes();
      case MPU_RBAR_A1:
      case MPU_RBAR_A2:
      case MPU_RBAR_A3:
        return this.#aliasRegisters ? this.#readBaseAddress() : 0;
      case MPU_RASR_A1:
      case MPU_RASR_A2:
      case MPU_RASR_A3:
        return this.#aliasRegisters ? this.#readAttributes() : 0;
      default:
        return 0;
    }
  }

  /** Writes the register at `offset` from 0xE000ED90. Read-only and unimplemented offsets ignore writes. */
  writeRegister(offset: number, value: number): void {
    switch (offset) {
      case MPU_CTRL:
        this.#control = value & (MPU_CTRL_ENABLE | MPU_CTRL_HFNMIENA | MPU_CTRL_PRIVDEFENA);
        break;
      case MPU_RNR:
        this.#regionNumber = value & 0xff;
        break;
      case MPU_RBAR:
        this.#writeBaseAddress(value);
        break;
      case MPU_RASR:
        this.#writeAttributes(value);
        break;
      case MPU_RBAR_A1:
      case MPU_RBAR_A2:
      case MPU_RBAR_A3:
        if (this.#aliasRegisters) this.#writeBaseAddress(value);
        break;
      case MPU_RASR_A1:
      case MPU_RASR_A2:
      case MPU_RASR_A3:
        if (this.#aliasRegisters) this.#writeAttributes(value);
        break;
      default:
        break;
    }
    this.#generation++;
    this.#stale = true;
  }

  /** `Peripheral` view of `readRegister`, for mapping the MPU on a memory bus. */
  read32(offset: number): number {
    return this.readRegister(offset);
  }

  /** `Peripheral` view of `writeRegister`. */
  write32(offset: number, value: number): void {
    this.writeRegister(offset, value);
  }

  /**
   * True if the access of `size` bytes at `address` is permitted. Handles ENABLE, PRIVDEFENA and
   * HFNMIENA (`executionPriorityNegative` = running at priority < 0, i.e. HardFault, NMI or
   * FAULTMASK set). Addresses wrap at 4 GiB.
   */
  checkAccess(
    address: number,
    size: number,
    kind: AccessKind,
    privileged: boolean,
    executionPriorityNegative: boolean,
  ): boolean {
    if (this.#stale) this.#decode();
    const first = address >>> 0;
    const active = this.#mpuEnabled && (!executionPriorityNegative || this.#enabledInNegativePriority);
    const shift = kind + (privileged ? 0 : 3);
    const offsetInBlock = first & (GRANULE_BYTES - 1);
    if (offsetInBlock + size <= GRANULE_BYTES) {
      return ((this.#blockPermissions(first, active) >>> shift) & 1) !== 0;
    }
    return this.#firstDeniedBlock(first, size, shift, active) < 0;
  }

  /**
   * The fault a denied access raises, or `MpuFaultClass.None` when it is permitted. For the slow
   * path after `checkAccess` said no.
   */
  faultClass(
    address: number,
    size: number,
    kind: AccessKind,
    privileged: boolean,
    executionPriorityNegative: boolean,
  ): MpuFaultClass {
    const denied = this.firstDeniedAddress(address, size, kind, privileged, executionPriorityNegative);
    if (denied < 0) return MpuFaultClass.None;
    if (kind !== AccessKind.Execute && denied >= PPB_START && denied < PPB_END) return MpuFaultClass.BusFault;
    return MpuFaultClass.MemManage;
  }

  /** The lowest denied byte address of the access, or -1 when it is permitted (for MMFAR/BFAR). */
  firstDeniedAddress(
    address: number,
    size: number,
    kind: AccessKind,
    privileged: boolean,
    executionPriorityNegative: boolean,
  ): number {
    if (this.#stale) this.#decode();
    const active = this.#mpuEnabled && (!executionPriorityNegative || this.#enabledInNegativePriority);
    return this.#firstDeniedBlock(address >>> 0, size, kind + (privileged ? 0 : 3), active);
  }

  /**
   * Checks each 32-byte block that `size` bytes from `first` touch; returns the first denied
   * address (`first` itself for the first block) or -1.
   */
  #firstDeniedBlock(first: number, size: number, shift: number, active: boolean): number {
    if (!(size >= 0 && size <= 2 ** 32)) {
      throw new RangeError(`Pmsav7Mpu: access size must be from 0 to 2^32 bytes, got ${size}`);
    }
    if (((this.#blockPermissions(first, active) >>> shift) & 1) === 0) return first;
    const offsetInBlock = first & (GRANULE_BYTES - 1);
    const blocks = Math.ceil((offsetInBlock + Math.max(size, 1)) / GRANULE_BYTES);
    const firstBlock = first - offsetInBlock;
    for (let block = 1; block < blocks; block++) {
      const blockAddress = (firstBlock + block * GRANULE_BYTES) >>> 0;
      if (((this.#blockPermissions(blockAddress, active) >>> shift) & 1) === 0) return blockAddress;
    }
    return -1;
  }

  /** Permission bits of the 32-byte block holding `address`. */
  #blockPermissions(address: number, active: boolean): number {
    if (!active) return defaultMapPermissions(address);
    const block = address >>> 5;
    const slot = block & (CACHE_SLOTS - 1);
    if (this.#cacheTags[slot] === block) return this.#cachePermissions[slot] ?? 0;
    const permissions = this.#regionPermissions(address);
    this.#cacheTags[slot] = block;
    this.#cachePermissions[slot] = permissions;
    return permissions;
  }

  /** Permission bits at `address` with the MPU active: the highest matching region, else the background. */
  #regionPermissions(address: number): number {
    // The private peripheral bus always uses the default memory map.
    if (address >= PPB_START && address < PPB_END) return PRIVILEGED_READ_WRITE;
    let permissions = -1;
    const signed = address | 0;
    const count = this.#activeCount;
    for (let index = 0; index < count; index++) {
      if ((signed & (this.#activeMask[index] ?? 0)) !== this.#activeBase[index]) continue;
      const subregion = (address >>> (this.#activeSubregionShift[index] ?? 0)) & 7;
      if ((((this.#activeSubregionEnabled[index] ?? 0) >>> subregion) & 1) === 0) continue;
      permissions = this.#activePermissions[index] ?? 0;
      break;
    }
    if (permissions < 0) {
      permissions = this.#privilegedDefaultMap ? defaultMapPermissions(address) & PRIVILEGED_ALL : 0;
    }
    // The System region is never executable, whatever a region says.
    return address >= SYSTEM_REGION_START ? permissions & ~ANY_EXECUTE : permissions;
  }

  #readBaseAddress(): number {
    const region = this.#regionNumber;
    const address = region < this.#regionCount ? (this.#baseAddresses[region] ?? 0) : 0;
    return (address | (region & MPU_RBAR_REGION_MASK)) >>> 0;
  }

  #readAttributes(): number {
    const region = this.#regionNumber;
    return region < this.#regionCount ? (this.#attributes[region] ?? 0) : 0;
  }

  #writeBaseAddress(value: number): void {
    if ((value & MPU_RBAR_VALID) !== 0) this.#regionNumber = value & MPU_RBAR_REGION_MASK;
    const region = this.#regionNumber;
    if (region < this.#regionCount) this.#baseAddresses[region] = (value & MPU_RBAR_ADDR_MASK) >>> 0;
  }

  #writeAttributes(value: number): void {
    const region = this.#regionNumber;
    if (region < this.#regionCount) this.#attributes[region] = (value & this.#rasrImplemented) >>> 0;
  }

  /** Rebuilds the decoded region table and control flags from the registers, and empties the cache. */
  #decode(): void {
    this.#stale = false;
    this.#cacheTags.fill(-1);
    const control = this.#control;
    this.#mpuEnabled = (control & MPU_CTRL_ENABLE) !== 0;
    this.#enabledInNegativePriority = (control & MPU_CTRL_HFNMIENA) !== 0;
    this.#privilegedDefaultMap = (control & MPU_CTRL_PRIVDEFENA) !== 0;
    const minimumExponent = Math.log2(this.#minimumRegionSize);
    let count = 0;
    for (let region = this.#regionCount - 1; region >= 0; region--) {
      const rasr = this.#attributes[region] ?? 0;
      if ((rasr & MPU_RASR_ENABLE) === 0) continue;
      const exponent = Math.max(((rasr >>> MPU_RASR_SIZE_SHIFT) & MPU_RASR_SIZE_MASK) + 1, minimumExponent);
      const size = 2 ** exponent;
      const subregionsEnabled =
        size >= SUBREGION_MINIMUM_REGION_BYTES ? ~(rasr >>> MPU_RASR_SRD_SHIFT) & MPU_RASR_SRD_MASK : 0xff;
      if (subregionsEnabled === 0) continue;
      // ~(size - 1) as int32: 0 for a 4 GiB region.
      const mask = ~(size - 1) | 0;
      this.#activeMask[count] = mask;
      this.#activeBase[count] = (this.#baseAddresses[region] ?? 0) & mask;
      this.#activeSubregionShift[count] = exponent - 3;
      this.#activeSubregionEnabled[count] = subregionsEnabled;
      this.#activePermissions[count] = permissionBits(rasr);
      count++;
    }
    this.#activeCount = count;
  }
}
