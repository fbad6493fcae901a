/**
 * Kernel protection with Smepmp machine-mode lockdown (upstream
 * `pmp::kernel_protection_mml_epmp::KernelProtectionMMLEPMP<ENTRIES, REGIONS>`), the PMP back-end
 * qemu_rv32_virt uses with 16 entries and 5 user regions.
 *
 * Layout: entry 0 OFF and locked, entry 1 the kernel `.text` (TOR, locked, R/X); entries 2..2R+1
 * the user TOR pairs; entry n-3 flash (NAPOT, locked, R), n-2 RAM (NAPOT, locked, R/W), n-1 MMIO
 * (NAPOT, locked, R/W); `mseccfg` = MML | MMWP. Under MML the locked entries are machine-only and
 * the unlocked user entries user-only, so while user regions are enforced machine mode cannot
 * touch process memory: the kernel disables them right after each switch back.
 */

import { Permissions } from '@tock-ts/kernel';
import { type TorUserPmp, type TorUserRegion, torUserConfig } from './pmp-user-mpu.js';
import { type CsrPort, readCsr } from './ports.js';
import { Csr } from './silicon/architecture.js';
import { PmpCfg, PmpMode } from './silicon/pmp.js';
import { hex32 } from './trap-report.js';

/** A NAPOT region: a power of two of at least 8 bytes, aligned to its size. */
export interface NapotRegion {
  readonly start: number;
  readonly size: number;
}

/** A TOR region with 4-byte aligned bounds, at least 4 bytes long. */
export interface TorRegion {
  readonly start: number;
  readonly end: number;
}

/** The regions the kernel protects for itself. */
export interface KernelRegions {
  readonly flash: NapotRegion;
  readonly ram: NapotRegion;
  readonly mmio: NapotRegion;
  readonly kernelText: TorRegion;
}

/** The pmpaddr value of a NAPOT region, or undefined when it is not one. */
export function napotAddress(region: NapotRegion): number | undefined {
  const { start, size } = region;
  const powerOfTwo = size >= 8 && Number.isInteger(Math.log2(size));
  if (!powerOfTwo || start % size !== 0 || size > 2 ** 32) return undefined;
  return Math.floor((start + Math.floor((size - 1) / 2)) / 4) >>> 0;
}

function validTor(region: TorRegion): boolean {
  return region.start % 4 === 0 && region.end % 4 === 0 && region.end - region.start >= 4;
}

const USER_REGIONS_OFFSET = 1;
const RWX = torUserConfig(Permissions.ReadWriteExecute);

/** The ePMP back-end with kernel protection under MML. */
export class KernelProtectionMmlEpmp implements TorUserPmp {
  readonly #csr: CsrPort;
  readonly #entries: number;
  readonly #regions: number;
  readonly #shadow: number[];
  #userPmpEnabled = false;

  private constructor(csr: CsrPort, entries: number, regions: number) {
    this.#csr = csr;
    this.#entries = entries;
    this.#regions = regions;
    this.#shadow = new Array<number>(regions).fill(0);
  }

  /**
   * Checks that the hardware has `entries` unlocked PMP entries and Smepmp, programs the kernel
   * regions and sets MML | MMWP. Undefined when any step fails (upstream's `Err(())`): the board
   * must then never run processes.
   */
  static create(
    csr: CsrPort,
    regions: KernelRegions,
    entries = 16,
    userRegions = 5,
  ): KernelProtectionMmlEpmp | undefined {
    if (userRegions > Math.floor((entries - 5) / 2)) return undefined;
    const flash = napotAddress(regions.flash);
    const ram = napotAddress(regions.ram);
    const mmio = napotAddress(regions.mmio);
    if (flash === undefined || ram === undefined || mmio === undefined || !validTor(regions.kernelText)) {
      return undefined;
    }
    for (let entry = 0; entry < entries; entry++) {
      const csrNumber = Csr.pmpcfg0 + (entry >>> 2);
      const shift = (entry & 3) * 8;
      const value = csr.readCsr(csrNumber);
      if (value === undefined) return undefined;
      if (((value >>> shift) & PmpCfg.L) !== 0) return undefined;
      csr.writeCsr(csrNumber, (value ^ (7 << shift)) >>> 0);
      if (readCsr(csr, csrNumber) === value) return undefined;
      csr.writeCsr(csrNumber, (value & ~(0x18 << shift)) >>> 0);
    }
    const write = (entry: number, config: number, address: number): void => {
      csr.writeCsr(Csr.pmpaddr0 + entry, address);
      const csrNumber = Csr.pmpcfg0 + (entry >>> 2);
      const shift = (entry & 3) * 8;
      const old = readCsr(csr, csrNumber);
      csr.writeCsr(csrNumber, ((old & ~(0xff << shift)) | (config << shift)) >>> 0);
    };
    const mode = (value: PmpMode): number => value << PmpCfg.A_SHIFT;
    write(0, PmpCfg.L | mode(PmpMode.Off), regions.kernelText.start >>> 2);
    write(1, PmpCfg.L | mode(PmpMode.Tor) | PmpCfg.R | PmpCfg.X, regions.kernelText.end >>> 2);
    write(entries - 1, PmpCfg.L | mode(PmpMode.Napot) | PmpCfg.R | PmpCfg.W, mmio);
    write(entries - 2, PmpCfg.L | mode(PmpMode.Napot) | PmpCfg.R | PmpCfg.W, ram);
    write(entries - 3, PmpCfg.L | mode(PmpMode.Napot) | PmpCfg.R, flash);
    csr.writeCsr(Csr.mseccfg, 0x3);
    if (csr.readCsr(Csr.mseccfg) !== 0x3) return undefined;
    return new KernelProtectionMmlEpmp(csr, entries, userRegions);
  }

  availableRegions(): number {
    return this.#regions;
  }

  configurePmp(regions: readonly TorUserRegion[]): boolean {
    for (let index = 0; index < this.#regions; index++) {
      const region = regions[index];
      if (region === undefined) continue;
      // MML has no user read-write-execute encoding.
      if (region.config === RWX) return false;
      if (region.config !== 0) {
        const entry = (index + USER_REGIONS_OFFSET) * 2;
        this.#csr.writeCsr(Csr.pmpaddr0 + entry, region.start >>> 2);
        this.#csr.writeCsr(Csr.pmpaddr0 + entry + 1, region.end >>> 2);
      }
      this.#shadow[index] = region.config;
    }
    if (this.#userPmpEnabled) return this.enableUserPmp();
    return true;
  }

  enableUserPmp(): boolean {
    this.#writeUserConfigs((index) => this.#shadow[index] ?? 0);
    this.#userPmpEnabled = true;
    return true;
  }

  disableUserPmp(): void {
    this.#writeUserConfigs(() => 0);
    this.#userPmpEnabled = false;
  }

  /** Writes the octets of the user entries: OFF for each pair's first entry, `config(i)` for the second. */
  #writeUserConfigs(config: (index: number) => number): void {
    const first = USER_REGIONS_OFFSET * 2;
    const octets: number[] = [];
    for (let index = 0; index < this.#regions; index++) octets.push(0, config(index));
    let entry = first;
    while (entry < first + octets.length) {
      const csrNumber = Csr.pmpcfg0 + (entry >>> 2);
      let value = readCsr(this.#csr, csrNumber);
      do {
        const shift = (entry & 3) * 8;
        value = (value & ~(0xff << shift)) | ((octets[entry - first] ?? 0) << shift);
        entry++;
      } while ((entry & 3) !== 0 && entry < first + octets.length);
      this.#csr.writeCsr(csrNumber, value >>> 0);
    }
  }

  describe(): string {
    const csr = this.#csr;
    let text = ` ePMP configuration:\r\n  mseccfg: ${formatHex(readCsr(csr, Csr.mseccfg), 6)}, user-mode PMP active: ${this.#userPmpEnabled}, entries:\r\n`;
    for (let entry = 0; entry < this.#entries; entry++) {
      const config = (readCsr(csr, Csr.pmpcfg0 + (entry >>> 2)) >>> ((entry & 3) * 8)) & 0xff;
      const address = readCsr(csr, Csr.pmpaddr0 + entry);
      let label = '  start';
      let start = 0;
      let end = 0;
      let modeName = '';
      switch ((config >>> 3) & 3) {
        case PmpMode.Off:
          label = 'pmpaddr';
          start = address;
          modeName = 'OFF  ';
          break;
        case PmpMode.Tor:
          start = entry > 0 ? (readCsr(csr, Csr.pmpaddr0 + entry - 1) << 2) >>> 0 : 0;
          end = ((address << 2) - 1) >>> 0;
          modeName = 'TOR  ';
          break;
        case PmpMode.Na4:
          start = (address << 2) >>> 0;
          end = (start | 3) >>> 0;
          modeName = 'NA4  ';
          break;
        default: {
          let ones = 0;
          while (ones < 32 && ((address >>> ones) & 1) === 1) ones++;
          if (ones < 31) {
            const base = address - (2 ** ones - 1);
            start = (base * 4) >>> 0;
            end = ((base + 2 ** (ones + 1) - 1) * 4 + 3) >>> 0;
          } else {
            end = 0xffff_ffff;
          }
          modeName = 'NAPOT';
        }
      }
      text += `  [${String(entry).padStart(2, '0')}]: ${label}=${formatPointer(start)}, end=${formatPointer(end)}, cfg=${formatHex(config, 4)} (${modeName}) (${permissionFlags(config)})\r\n`;
    }
    text += '  Shadow PMP entries for user-mode:\r\n';
    for (let index = 0; index < this.#regions; index++) {
      const config = this.#shadow[index] ?? 0;
      const entry = (index + USER_REGIONS_OFFSET) * 2;
      const startAddress = readCsr(csr, Csr.pmpaddr0 + entry);
      const off = config === 0;
      const start = off ? startAddress : (startAddress << 2) >>> 0;
      const end = off ? 0 : ((readCsr(csr, Csr.pmpaddr0 + entry + 1) << 2) | 3) >>> 0;
      text += `  [${String(entry + 1).padStart(2, '0')}]: ${off ? 'pmpaddr' : '  start'}=${hex32(start)}, end=${hex32(end)}, cfg=${formatHex(config, 4)} (${off ? 'OFF' : 'TOR'}  ) (${permissionFlags(config)})\r\n`;
    }
    return text;
  }
}

/** Rust's `{:#0wX}`: `0x` and upper-case hex, zero-padded to `width` characters in all. */
function formatHex(value: number, width: number): string {
  return `0x${(value >>> 0)
    .toString(16)
    .toUpperCase()
    .padStart(width - 2, '0')}`;
}

/** Rust's `{:p}`: `0x` and lower-case hex without padding. */
function formatPointer(value: number): string {
  return `0x${(value >>> 0).toString(16)}`;
}

function permissionFlags(config: number): string {
  return `${config & PmpCfg.L ? 'l' : '-'}${config & PmpCfg.R ? 'r' : '-'}${config & PmpCfg.W ? 'w' : '-'}${config & PmpCfg.X ? 'x' : '-'}`;
}
