/**
 * What a RISC-V chip does with an interrupt trap while a process or the kernel runs (upstream
 * `chips/qemu_rv32_virt_chip/src/chip.rs::handle_interrupt`): mask the source in `mie` so it
 * cannot fire again before the kernel's bottom half, and for external interrupts claim every
 * pending PLIC source and save it for that bottom half. The chip's
 * `servicePendingInterrupts` later services the saved sources, completes them and sets the
 * `mie` bits again.
 */
import type { PlicDriver } from './plic-driver.js';
import { type CsrPort, clearCsrBits, setCsrBits } from './ports.js';
import { Csr, InterruptBit, InterruptCause } from './silicon/architecture.js';

/** Masks the interrupt `mcause` names (and saves claimed PLIC sources); false for an unknown cause. */
export function maskInterruptForBottomHalf(csr: CsrPort, plic: PlicDriver, mcause: number): boolean {
  switch (mcause & 0x7fff_ffff) {
    case InterruptCause.MachineSoftware:
      clearCsrBits(csr, Csr.mie, InterruptBit.MSI);
      return true;
    case InterruptCause.MachineTimer:
      clearCsrBits(csr, Csr.mie, InterruptBit.MTI);
      return true;
    case InterruptCause.MachineExternal: {
      clearCsrBits(csr, Csr.mie, InterruptBit.MEI);
      for (let source = plic.nextPending(); source !== undefined; source = plic.nextPending()) {
        plic.saveInterrupt(source);
      }
      setCsrBits(csr, Csr.mie, InterruptBit.MEI);
      return true;
    }
    default:
      return false;
  }
}
