/**
 * The nRF52840 as the kernel sees it (upstream `chips/nrf52/src/chip.rs`, `NRF52`): the kernel's
 * `Chip`, built from the Cortex-M parts (MPU driver, userspace boundary, NVIC) and the peripheral
 * drivers' interrupt service.
 *
 * `servicePendingInterrupts` takes the lowest pending interrupt from the NVIC, runs its bottom
 * half, clears its pending bit and re-enables it, until none is left; an interrupt no driver owns
 * is a kernel panic, as upstream. `sleep` is WFI: virtual time jumps to the next event.
 */
import {
  type Chip,
  kernelPanic,
  type MemoryRegion,
  type Mpu,
  type UserspaceKernelBoundary,
} from '@tock-ts/kernel';
import type { InterruptService } from './interrupt-service.js';

/** The NVIC operations the chip needs (the arch package's NVIC driver has this shape). */
export interface InterruptController {
  /** The lowest-numbered pending interrupt, or undefined. */
  nextPending(): number | undefined;
  /** True when some interrupt is pending. */
  hasPending(): boolean;
  clearPending(irq: number): void;
  enable(irq: number): void;
}

/** What the chip is built from. */
export interface Nrf52840ChipParts<C, S> {
  readonly mpu: Mpu<C>;
  readonly userspaceKernelBoundary: UserspaceKernelBoundary<S>;
  readonly nvic: InterruptController;
  readonly interruptService: InterruptService;
  /** WFI: advances virtual time to the next event; false when nothing is scheduled. */
  readonly waitForInterrupt: () => boolean;
  readonly flash: MemoryRegion;
  readonly ram: MemoryRegion;
  /** External interrupts the NVIC has (48 on the nRF52840). */
  readonly interruptCount: number;
}

/** The nRF52840 chip. */
export class Nrf52840<C = unknown, S = unknown> implements Chip<C, S> {
  readonly mpu: Mpu<C>;
  readonly userspaceKernelBoundary: UserspaceKernelBoundary<S>;
  readonly flash: MemoryRegion;
  readonly ram: MemoryRegion;
  readonly #nvic: InterruptController;
  readonly #interruptService: InterruptService;
  readonly #waitForInterrupt: () => boolean;
  readonly #interruptCount: number;

  constructor(parts: Nrf52840ChipParts<C, S>) {
    this.mpu = parts.mpu;
    this.userspaceKernelBoundary = parts.userspaceKernelBoundary;
    this.flash = parts.flash;
    this.ram = parts.ram;
    this.#nvic = parts.nvic;
    this.#interruptService = parts.interruptService;
    this.#waitForInterrupt = parts.waitForInterrupt;
    this.#interruptCount = parts.interruptCount;
  }

  /** Enables every external interrupt in the NVIC (upstream `Chip::init`, `nvic::enable_all`). */
  initialize(): void {
    for (let irq = 0; irq < this.#interruptCount; irq++) this.#nvic.enable(irq);
  }

  servicePendingInterrupts(): void {
    for (;;) {
      const irq = this.#nvic.nextPending();
      if (irq === undefined) return;
      if (!this.#interruptService.serviceInterrupt(irq)) kernelPanic(`unhandled interrupt ${irq}`);
      this.#nvic.clearPending(irq);
      this.#nvic.enable(irq);
    }
  }

  hasPendingInterrupts(): boolean {
    return this.#nvic.hasPending();
  }

  sleep(): boolean {
    return this.#waitForInterrupt();
  }
}
