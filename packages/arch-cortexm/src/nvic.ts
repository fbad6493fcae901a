/**
 * The NVIC driver chips use for their interrupt bottom halves (upstream `arch/cortex-m/src/nvic.rs`):
 * enable, disable and clear one interrupt, and find the next pending one, through the NVIC
 * registers at 0xE000E100.
 */
import type { RegisterBus } from './systick-scheduler-timer.js';

const ISER = 0xe000_e100;
const ICER = 0xe000_e180;
const ISPR = 0xe000_e200;
const ICPR = 0xe000_e280;

/** Register-level access to the NVIC's enable and pending bits. */
export class Nvic {
  readonly #bus: RegisterBus;
  readonly #interruptCount: number;

  constructor(bus: RegisterBus, interruptCount: number) {
    this.#bus = bus;
    this.#interruptCount = interruptCount;
  }

  /** Enables interrupt `irq`. */
  enable(irq: number): void {
    this.#bus.write(ISER + 4 * (irq >>> 5), 4, (1 << (irq & 31)) >>> 0);
  }

  /** Disables interrupt `irq`. */
  disable(irq: number): void {
    this.#bus.write(ICER + 4 * (irq >>> 5), 4, (1 << (irq & 31)) >>> 0);
  }

  /** Clears the pending bit of `irq`. */
  clearPending(irq: number): void {
    this.#bus.write(ICPR + 4 * (irq >>> 5), 4, (1 << (irq & 31)) >>> 0);
  }

  /** The lowest-numbered pending interrupt, or undefined. */
  nextPending(): number | undefined {
    for (let word = 0; word * 32 < this.#interruptCount; word++) {
      const pending = this.#bus.read(ISPR + 4 * word, 4);
      if (pending > 0) return word * 32 + (31 - Math.clz32(pending & -pending));
    }
    return undefined;
  }

  /** True when some interrupt is pending. */
  hasPending(): boolean {
    return this.nextPending() !== undefined;
  }
}
