/**
 * The PLIC driver (upstream `chips/sifive/src/plic.rs`) for the machine-mode context: enable and
 * disable sources, claim, and the "saved interrupts" upstream keeps between the trap handler,
 * which claims a source and saves it, and the kernel's bottom half, which services and completes
 * it.
 */
import type { RegisterBus } from './ports.js';
import { PLIC_BASE, PlicRegister } from './silicon/plic.js';

/** The PLIC driver; `totalInterrupts` as upstream's `Plic<TOTAL_INTS>` (51 by default). */
export class PlicDriver {
  readonly #bus: RegisterBus;
  readonly #base: number;
  readonly #totalInterrupts: number;
  readonly #saved = new Uint32Array(2);

  constructor(bus: RegisterBus, base: number = PLIC_BASE, totalInterrupts = 51) {
    this.#bus = bus;
    this.#base = base >>> 0;
    this.#totalInterrupts = totalInterrupts;
  }

  #get(offset: number): number {
    const value = this.#bus.read((this.#base + offset) >>> 0, 4);
    return value < 0 ? 0 : value >>> 0;
  }

  #set(offset: number, value: number): void {
    this.#bus.write((this.#base + offset) >>> 0, 4, value >>> 0);
  }

  #enableWords(): number {
    return Math.ceil(this.#totalInterrupts / 32);
  }

  /** Claims and completes every pending enabled source. */
  clearAllPending(): void {
    for (;;) {
      const id = this.#get(PlicRegister.CLAIM);
      if (id === 0) return;
      this.#set(PlicRegister.CLAIM, id);
    }
  }

  /** Enables these sources at priority 4 and accepts every priority (threshold 0). */
  enableSpecificInterrupts(interrupts: readonly number[]): void {
    for (const interrupt of interrupts) {
      const offset = PlicRegister.ENABLE + 4 * (interrupt >>> 5);
      this.#set(offset, this.#get(offset) | (1 << (interrupt & 31)));
      this.#set(PlicRegister.PRIORITY + 4 * interrupt, 4);
    }
    this.#set(PlicRegister.THRESHOLD, 0);
  }

  /** Disables these sources. */
  disableSpecificInterrupts(interrupts: readonly number[]): void {
    for (const interrupt of interrupts) {
      const offset = PlicRegister.ENABLE + 4 * (interrupt >>> 5);
      this.#set(offset, this.#get(offset) & ~(1 << (interrupt & 31)));
    }
  }

  /** Enables every source at priority 4, threshold 0. */
  enableAll(): void {
    for (let word = 0; word < this.#enableWords(); word++)
      this.#set(PlicRegister.ENABLE + 4 * word, 0xffff_ffff);
    for (let source = 1; source < this.#totalInterrupts; source++)
      this.#set(PlicRegister.PRIORITY + 4 * source, 4);
    this.#set(PlicRegister.THRESHOLD, 0);
  }

  /** Disables every source. */
  disableAll(): void {
    for (let word = 0; word < this.#enableWords(); word++) this.#set(PlicRegister.ENABLE + 4 * word, 0);
  }

  /** Claims the highest-priority pending source, or undefined. */
  nextPending(): number | undefined {
    const id = this.#get(PlicRegister.CLAIM);
    return id === 0 ? undefined : id;
  }

  /** Saves a claimed source for the bottom half. */
  saveInterrupt(index: number): void {
    const word = index >= 32 ? 1 : 0;
    this.#saved[word] = ((this.#saved[word] ?? 0) | (1 << (index & 31))) >>> 0;
  }

  /** The lowest saved source, or undefined. */
  getSavedInterrupts(): number | undefined {
    for (let word = 0; word < 2; word++) {
      const saved = this.#saved[word] ?? 0;
      if (saved !== 0) return 31 - Math.clz32(saved & -saved) + 32 * word;
    }
    return undefined;
  }

  /** Completes a source at the PLIC and forgets it. */
  complete(index: number): void {
    this.#set(PlicRegister.CLAIM, index);
    const word = index >= 32 ? 1 : 0;
    this.#saved[word] = ((this.#saved[word] ?? 0) & ~(1 << (index & 31))) >>> 0;
  }

  /** Sets the threshold to accept all priorities. */
  suppressAll(): void {
    this.#set(PlicRegister.THRESHOLD, 0);
  }
}
