/**
 * NVMC: the non-volatile memory controller, the only way flash and UICR change.
 *
 * CONFIG.WEN selects read-only (0), write (1) or erase (2). In write mode, a 32-bit write to a
 * flash or UICR word programs it: bits only go from 1 to 0 (the new word is old AND value), and
 * only whole aligned words can be written. In erase mode, ERASEPAGE (alias ERASEPCR1) or
 * ERASEPCR0 with the address of a page erases that page to 0xFF (the UICR's address erases the
 * UICR), ERASEUICR erases the UICR and ERASEALL erases flash and UICR. Writes and erases outside
 * their mode are ignored. Each operation keeps READY low for the datasheet's time (41 µs per word,
 * 85 ms per page erase, 173 ms for erase-all); the CPU would stall, so a polling driver sees
 * READY go high as virtual time passes.
 */
import type { Peripheral, SimulationClock } from '@tock-ts/silicon';

/** Base address of NVMC. */
export const NVMC_BASE = 0x4001_e000;
export const READY = 0x400;
export const READYNEXT = 0x408;
export const CONFIG = 0x504;
export const ERASEPAGE = 0x508;
export const ERASEALL = 0x50c;
export const ERASEPCR0 = 0x510;
export const ERASEUICR = 0x514;
export const ICACHECNF = 0x540;
export const IHIT = 0x548;
export const IMISS = 0x54c;

/** CONFIG.WEN values. */
export const CONFIG_READ_ONLY = 0;
export const CONFIG_WRITE_ENABLE = 1;
export const CONFIG_ERASE_ENABLE = 2;

/** Flash page size on the nRF52840. */
export const FLASH_PAGE_SIZE = 4096;
/** Base address and size of the UICR. */
export const UICR_BASE = 0x1000_1000;
export const UICR_SIZE = 0x1000;
/** Datasheet timings. */
export const WRITE_TIME_NANOS = 41_000;
export const PAGE_ERASE_TIME_NANOS = 85_000_000;
export const ERASE_ALL_TIME_NANOS = 173_000_000;

/** Why a flash program request was not carried out. */
export enum FlashWriteRefusal {
  /** CONFIG is not in write mode. */
  NotWriteEnabled = 'not-write-enabled',
  /** The address is not word aligned. */
  Unaligned = 'unaligned',
  /** The address is outside flash and UICR. */
  OutOfRange = 'out-of-range',
}

/** The NVMC with the flash and UICR it controls. */
export class Nvmc implements Peripheral {
  /** Called after flash bytes changed (to drop decoded instructions). */
  onFlashChanged: ((address: number, length: number) => void) | undefined;
  readonly #clock: SimulationClock;
  readonly #flash: Uint8Array;
  readonly #flashView: DataView;
  readonly #uicr: Uint32Array;
  #config = CONFIG_READ_ONLY;
  #instructionCacheConfig = 0;
  #busyUntilNanos = 0;

  /** `flash` is the code flash at address 0; `uicr` the UICR words (0xFFFFFFFF when erased). */
  constructor(clock: SimulationClock, flash: Uint8Array, uicr: Uint32Array) {
    this.#clock = clock;
    this.#flash = flash;
    this.#flashView = new DataView(flash.buffer, flash.byteOffset, flash.byteLength);
    this.#uicr = uicr;
  }

  /** True when no write or erase is in progress. */
  get ready(): boolean {
    return this.#clock.nowNanos >= this.#busyUntilNanos;
  }

  /** The virtual time at which the current operation ends (now or earlier when ready). */
  get busyUntilNanos(): number {
    return this.#busyUntilNanos;
  }

  read32(offset: number): number {
    switch (offset) {
      case READY:
      case READYNEXT:
        return this.ready ? 1 : 0;
      case CONFIG:
        return this.#config;
      case ICACHECNF:
        return this.#instructionCacheConfig;
      default:
        return 0;
    }
  }

  write32(offset: number, value: number): void {
    switch (offset) {
      case CONFIG:
        this.#config = value & 0x3;
        return;
      case ERASEPAGE:
      case ERASEPCR0:
        if (this.#config === CONFIG_ERASE_ENABLE) this.#erasePage(value >>> 0);
        return;
      case ERASEALL:
        if (this.#config === CONFIG_ERASE_ENABLE && (value & 1) === 1) {
          this.#flash.fill(0xff);
          this.#uicr.fill(0xffff_ffff);
          this.onFlashChanged?.(0, this.#flash.length);
          this.#busy(ERASE_ALL_TIME_NANOS);
        }
        return;
      case ERASEUICR:
        if (this.#config === CONFIG_ERASE_ENABLE && (value & 1) === 1) this.#eraseUicr();
        return;
      case ICACHECNF:
        this.#instructionCacheConfig = value & 0x101;
        return;
      default:
        return;
    }
  }

  /**
   * Programs the flash or UICR word at `address` with `value` (bits only clear), as a bus write
   * to that address does. Returns why it was refused, or undefined when it was carried out.
   */
  programWord(address: number, value: number): FlashWriteRefusal | undefined {
    const target = address >>> 0;
    if (this.#config !== CONFIG_WRITE_ENABLE) return FlashWriteRefusal.NotWriteEnabled;
    if ((target & 3) !== 0) return FlashWriteRefusal.Unaligned;
    if (target + 4 <= this.#flash.length) {
      const old = this.#flashView.getUint32(target, true);
      this.#flashView.setUint32(target, (old & value) >>> 0, true);
      this.onFlashChanged?.(target, 4);
    } else if (target >= UICR_BASE && target < UICR_BASE + UICR_SIZE) {
      const index = (target - UICR_BASE) >>> 2;
      this.#uicr[index] = ((this.#uicr[index] ?? 0xffff_ffff) & value) >>> 0;
    } else {
      return FlashWriteRefusal.OutOfRange;
    }
    this.#busy(WRITE_TIME_NANOS);
    return undefined;
  }

  #erasePage(address: number): void {
    if (address === UICR_BASE) {
      this.#eraseUicr();
      return;
    }
    if (address % FLASH_PAGE_SIZE !== 0 || address >= this.#flash.length) return;
    this.#flash.fill(0xff, address, address + FLASH_PAGE_SIZE);
    this.onFlashChanged?.(address, FLASH_PAGE_SIZE);
    this.#busy(PAGE_ERASE_TIME_NANOS);
  }

  #eraseUicr(): void {
    this.#uicr.fill(0xffff_ffff);
    this.#busy(PAGE_ERASE_TIME_NANOS);
  }

  #busy(durationNanos: number): void {
    const start = Math.max(this.#clock.nowNanos, this.#busyUntilNanos);
    this.#busyUntilNanos = start + durationNanos;
    // READY rising is an event in virtual time: a sleeping poller wakes when it happens.
    this.#clock.schedule(this.#busyUntilNanos, () => {});
  }
}
