/**
 * QEMU's RV32 virt machine as the kernel sees it (upstream `chips/qemu_rv32_virt_chip`, `QemuRv32VirtChip`):
 * the kernel's `Chip` over the hart, its PMP user MPU with the MML ePMP kernel protection, the
 * userspace boundary, the machine timer, the PLIC and the 16550 UART.
 *
 * Interrupts follow upstream's two halves. The top half (an interrupt trap while a process runs,
 * or one the kernel finds pending and enabled) masks the source in `mie` and, for external
 * interrupts, claims and saves every pending PLIC source. `servicePendingInterrupts` is the bottom
 * half: the machine timer when its interrupt is pending, then each saved PLIC source (the UART on
 * source 10) is serviced and completed; then the `mie` bits are set again. A saved source no
 * driver owns is a kernel panic, as upstream. `sleep` is WFI: virtual time jumps to the next event.
 */
import {
  Csr,
  InterruptBit,
  InterruptCause,
  KernelProtectionMmlEpmp,
  MachineTimer,
  Mstatus,
  maskInterruptForBottomHalf,
  PlicDriver,
  PmpUserMpu,
  type PmpUserMpuConfig,
  QemuVirtSilicon,
  type RiscvStoredState,
  RiscvUserspaceKernelBoundary,
  readCsr,
  setCsrBits,
  UART0_IRQ,
  Uart16550Driver,
  VIRT_RAM_BASE,
} from '@tock-ts/arch-rv32';
import { type Chip, kernelPanic, type MemoryRegion } from '@tock-ts/kernel';
import type { SimulationClock } from '@tock-ts/silicon';

/** Where things are in the machine's RAM, as upstream's qemu_rv32_virt `layout.ld` lays them out. */
export interface QemuRv32VirtMemoryLayout {
  /** The kernel image (`rom`): its text is executable only by the kernel. */
  readonly kernelImage: { readonly start: number; readonly size: number };
  /** Bytes at the start of the kernel image that hold kernel text (the locked TOR rule). */
  readonly kernelTextSize: number;
  /** App flash (`prog`). */
  readonly appFlash: { readonly start: number; readonly size: number };
  /** RAM (`ram`): kernel data, then process memory. */
  readonly ram: { readonly start: number; readonly size: number };
}

/** Upstream's layout: 1 MiB kernel image, 1 MiB of app flash, 2 MiB of RAM, from 0x8000_0000. */
export const QEMU_RV32_VIRT_LAYOUT: QemuRv32VirtMemoryLayout = Object.freeze({
  kernelImage: Object.freeze({ start: 0x8000_0000, size: 0x10_0000 }),
  kernelTextSize: 0x4000,
  appFlash: Object.freeze({ start: 0x8010_0000, size: 0x10_0000 }),
  ram: Object.freeze({ start: 0x8020_0000, size: 0x20_0000 }),
});

/** MMIO covered by the kernel's read/write rule: everything below 0x2000_0000. */
const MMIO_REGION = Object.freeze({ start: 0, size: 0x2000_0000 });
/** User PMP regions (upstream `KernelProtectionMMLEPMP<16, 5>`). */
const USER_REGIONS = 5;

/** How to build the chip. */
export interface QemuRv32VirtChipOptions {
  readonly clock?: SimulationClock;
  /** Hart frequency in Hz (default: the silicon's). */
  readonly frequencyHz?: number;
  /** Virtual time a process may run before the boundary hands control back (default 10 ms). */
  readonly runBudgetNanos?: number;
  /** Translate basic blocks into JavaScript functions (default: when the host allows it). */
  readonly compileBlocks?: boolean;
}

/** The QEMU RV32 virt chip. */
export class QemuRv32VirtChip implements Chip<PmpUserMpuConfig, RiscvStoredState> {
  readonly silicon: QemuVirtSilicon;
  readonly mpu: PmpUserMpu;
  readonly userspaceKernelBoundary: RiscvUserspaceKernelBoundary;
  readonly flash: MemoryRegion;
  readonly ram: MemoryRegion;
  readonly plic: PlicDriver;
  readonly timer: MachineTimer;
  readonly uart0: Uart16550Driver;
  readonly layout: QemuRv32VirtMemoryLayout;

  constructor(options: QemuRv32VirtChipOptions = {}) {
    const layout = QEMU_RV32_VIRT_LAYOUT;
    this.layout = layout;
    const ramEnd = layout.ram.start + layout.ram.size;
    this.silicon = new QemuVirtSilicon({
      ramSize: ramEnd - VIRT_RAM_BASE,
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      ...(options.frequencyHz === undefined ? {} : { frequencyHz: options.frequencyHz }),
      ...(options.compileBlocks === undefined ? {} : { compileBlocks: options.compileBlocks }),
    });
    const hart = this.silicon.chipCore.hart;
    const bus = this.silicon.memory;
    const protection = KernelProtectionMmlEpmp.create(hart, {
      flash: { start: layout.kernelImage.start, size: layout.kernelImage.size + layout.appFlash.size },
      ram: layout.ram,
      mmio: MMIO_REGION,
      kernelText: {
        start: layout.kernelImage.start,
        end: layout.kernelImage.start + layout.kernelTextSize,
      },
    });
    if (protection === undefined) throw new Error('QemuRv32VirtChip: the hart refused the ePMP set-up');
    this.mpu = new PmpUserMpu(protection, USER_REGIONS);
    this.plic = new PlicDriver(bus);
    this.timer = new MachineTimer(bus);
    this.uart0 = new Uart16550Driver(bus);
    const plic = this.plic;
    this.userspaceKernelBoundary = new RiscvUserspaceKernelBoundary(this.silicon.chipCore, {
      runBudgetNanos: options.runBudgetNanos ?? 10_000_000,
      disableInterruptFromApp: (mcause) => maskInterruptForBottomHalf(hart, plic, mcause),
    });
    const ram = this.silicon.ram;
    const offset = (address: number): number => address - VIRT_RAM_BASE;
    this.flash = {
      start: layout.appFlash.start,
      bytes: ram.subarray(
        offset(layout.appFlash.start),
        offset(layout.appFlash.start + layout.appFlash.size),
      ),
    };
    this.ram = { start: layout.ram.start, bytes: ram.subarray(offset(layout.ram.start), offset(ramEnd)) };
  }

  /** The hart, for CSR access and the trap report. */
  get hart(): QemuVirtSilicon['chipCore']['hart'] {
    return this.silicon.chipCore.hart;
  }

  /**
   * Upstream's start-up: the timer disarmed, every PLIC source cleared and enabled, external and
   * timer interrupts enabled in `mie`, and interrupts on globally.
   */
  initialize(): void {
    this.timer.disableMachineTimer();
    this.plic.disableAll();
    this.plic.clearAllPending();
    this.plic.enableAll();
    setCsrBits(this.hart, Csr.mie, InterruptBit.MEI | InterruptBit.MTI);
    setCsrBits(this.hart, Csr.mstatus, Mstatus.MIE);
  }

  /** The top half for interrupts that are pending and enabled while the kernel runs. */
  #takeKernelInterrupts(): void {
    const hart = this.hart;
    const pending = readCsr(hart, Csr.mip) & readCsr(hart, Csr.mie);
    if (pending === 0) return;
    for (const cause of [
      InterruptCause.MachineExternal,
      InterruptCause.MachineSoftware,
      InterruptCause.MachineTimer,
    ]) {
      if ((pending & (1 << cause)) !== 0) maskInterruptForBottomHalf(hart, this.plic, cause);
    }
  }

  servicePendingInterrupts(): void {
    this.#takeKernelInterrupts();
    const hart = this.hart;
    if ((readCsr(hart, Csr.mip) & InterruptBit.MTI) !== 0) this.timer.handleInterrupt();
    for (
      let source = this.plic.getSavedInterrupts();
      source !== undefined;
      source = this.plic.getSavedInterrupts()
    ) {
      if (source === UART0_IRQ) this.uart0.handleInterrupt();
      else kernelPanic(`unhandled interrupt ${source}`);
      this.plic.complete(source);
    }
    setCsrBits(hart, Csr.mie, InterruptBit.MEI | InterruptBit.MTI);
  }

  hasPendingInterrupts(): boolean {
    this.#takeKernelInterrupts();
    return (
      (readCsr(this.hart, Csr.mip) & InterruptBit.MTI) !== 0 || this.plic.getSavedInterrupts() !== undefined
    );
  }

  sleep(): boolean {
    return this.silicon.chipCore.sleep();
  }
}
