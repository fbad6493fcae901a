/**
 * The platform-level interrupt controller of QEMU `virt` (SiFive PLIC layout) for one hart's
 * machine-mode context: priorities at +0x4 (one word per source, 3 bits), pending bits at
 * +0x1000, context 0's enables at +0x2000, its threshold at +0x20_0000 and claim/complete at
 * +0x20_0004. Sources 1-95.
 *
 * Each source passes through a level-sensitive gateway: a raised line sets the pending bit
 * unless the source is claimed and not yet completed; a claim clears the pending bit; a
 * completion lets a still-raised line pend again. MEIP is raised while some enabled pending
 * source has a priority above the threshold; a claim returns the highest such source (lowest
 * number on ties) or 0.
 */
import type { InterruptLine, Peripheral } from '@tock-ts/silicon';

/** PLIC base on QEMU virt. */
export const PLIC_BASE = 0x0c00_0000;
/** Size of the mapped PLIC block. */
export const PLIC_SIZE = 0x0400_0000;
/** Interrupt sources (IDs 1 to SOURCES - 1). */
export const PLIC_SOURCES = 96;

/** Register offsets. */
export const PlicRegister = {
  PRIORITY: 0x0,
  PENDING: 0x1000,
  ENABLE: 0x2000,
  THRESHOLD: 0x20_0000,
  CLAIM: 0x20_0004,
} as const;

const WORDS = PLIC_SOURCES / 32;

/** The PLIC. */
export class Plic implements Peripheral {
  readonly #priority = new Uint8Array(PLIC_SOURCES);
  readonly #level = new Uint8Array(PLIC_SOURCES);
  readonly #pending = new Uint8Array(PLIC_SOURCES);
  readonly #claimed = new Uint8Array(PLIC_SOURCES);
  readonly #enable = new Uint32Array(WORDS);
  #threshold = 0;
  readonly #setExternalInterrupt: (level: boolean) => void;

  /** `setExternalInterrupt` drives the hart's MEIP. */
  constructor(setExternalInterrupt: (level: boolean) => void) {
    this.#setExternalInterrupt = setExternalInterrupt;
  }

  /** The interrupt line of source `id` (1 to PLIC_SOURCES - 1), for peripherals. */
  interruptLine(id: number): InterruptLine {
    if (!Number.isInteger(id) || id < 1 || id >= PLIC_SOURCES) throw new RangeError(`Plic: no source ${id}`);
    return { raise: () => this.#setLevel(id, true), lower: () => this.#setLevel(id, false) };
  }

  /** Clears everything but the line levels. */
  reset(): void {
    this.#priority.fill(0);
    this.#pending.fill(0);
    this.#claimed.fill(0);
    this.#enable.fill(0);
    this.#threshold = 0;
    for (let id = 1; id < PLIC_SOURCES; id++) if (this.#level[id] === 1) this.#pending[id] = 1;
    this.#update();
  }

  #setLevel(id: number, level: boolean): void {
    this.#level[id] = level ? 1 : 0;
    if (level && this.#claimed[id] === 0) this.#pending[id] = 1;
    this.#update();
  }

  #enabled(id: number): boolean {
    return (((this.#enable[id >>> 5] ?? 0) >>> (id & 31)) & 1) === 1;
  }

  /** The source a claim would return now, or 0. */
  #best(): number {
    let best = 0;
    let bestPriority = this.#threshold;
    for (let id = 1; id < PLIC_SOURCES; id++) {
      const priority = this.#priority[id] ?? 0;
      if (this.#pending[id] === 1 && priority > bestPriority && this.#enabled(id)) {
        best = id;
        bestPriority = priority;
      }
    }
    return best;
  }

  #update(): void {
    this.#setExternalInterrupt(this.#best() !== 0);
  }

  read32(offset: number): number {
    if (offset < PlicRegister.PENDING) return this.#priority[offset >>> 2] ?? 0;
    if (offset < PlicRegister.PENDING + 4 * WORDS) {
      const first = (offset - PlicRegister.PENDING) * 8;
      let word = 0;
      for (let bit = 0; bit < 32; bit++) if (this.#pending[first + bit] === 1) word |= 1 << bit;
      return word >>> 0;
    }
    if (offset >= PlicRegister.ENABLE && offset < PlicRegister.ENABLE + 4 * WORDS) {
      return this.#enable[(offset - PlicRegister.ENABLE) >>> 2] ?? 0;
    }
    if (offset === PlicRegister.THRESHOLD) return this.#threshold;
    if (offset === PlicRegister.CLAIM) {
      const id = this.#best();
      if (id !== 0) {
        this.#pending[id] = 0;
        this.#claimed[id] = 1;
        this.#update();
      }
      return id;
    }
    return 0;
  }

  write32(offset: number, value: number): void {
    if (offset < PlicRegister.PENDING) {
      const id = offset >>> 2;
      if (id > 0 && id < PLIC_SOURCES) this.#priority[id] = value & 7;
    } else if (offset >= PlicRegister.ENABLE && offset < PlicRegister.ENABLE + 4 * WORDS) {
      const index = (offset - PlicRegister.ENABLE) >>> 2;
      this.#enable[index] = index === 0 ? value & ~1 : value;
    } else if (offset === PlicRegister.THRESHOLD) {
      this.#threshold = value & 7;
    } else if (offset === PlicRegister.CLAIM) {
      const id = value >>> 0;
      if (id > 0 && id < PLIC_SOURCES && this.#claimed[id] === 1 && this.#enabled(id)) {
        this.#claimed[id] = 0;
        if (this.#level[id] === 1) this.#pending[id] = 1;
      }
    } else {
      return;
    }
    this.#update();
  }
}
