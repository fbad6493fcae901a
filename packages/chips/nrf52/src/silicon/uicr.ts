/**
 * UICR: the user information configuration registers, flash-backed words at 0x1000_1000.
 *
 * Reads return the stored words (0xFFFFFFFF when erased). Writes go through the NVMC's
 * programming rules (write mode only, bits only clear); erasing is the NVMC's ERASEUICR,
 * ERASEALL or ERASEPAGE of the UICR address.
 */
import type { Peripheral } from '@tock-ts/silicon';
import { type Nvmc, UICR_BASE, UICR_SIZE } from './nvmc.js';

export { UICR_BASE, UICR_SIZE };
/** Register offsets the drivers use. */
export const NRFFW0 = 0x014;
export const CUSTOMER0 = 0x080;
export const PSELRESET0 = 0x200;
export const PSELRESET1 = 0x204;
export const APPROTECT = 0x208;
export const NFCPINS = 0x20c;
export const DEBUGCTRL = 0x210;
export const REGOUT0 = 0x304;

/** The UICR words, shared with the NVMC that programs them. */
export class Uicr implements Peripheral {
  /** The stored words, index = offset / 4. */
  readonly words = new Uint32Array(UICR_SIZE >>> 2).fill(0xffff_ffff);
  #nvmc: Nvmc | undefined;

  /** Connects the NVMC that carries out writes (built after the UICR, which it owns the words of). */
  connectController(nvmc: Nvmc): void {
    this.#nvmc = nvmc;
  }

  read32(offset: number): number {
    return this.words[offset >>> 2] ?? 0;
  }

  write32(offset: number, value: number): void {
    this.#nvmc?.programWord(UICR_BASE + offset, value);
  }
}
