/**
 * @tock-ts/arch-rv32: RISC-V silicon (an RV32IMAC hart with PMP and Smepmp, CLINT, PLIC, NS16550A
 * UART and the QEMU virt memory map) and Tock's RISC-V kernel-side code (userspace boundary, PMP
 * user MPU with kernel protection, machine-timer alarm, UART and PLIC drivers, trap reports).
 */

export { maskInterruptForBottomHalf } from './interrupt-masking.js';
export {
  KernelProtectionMmlEpmp,
  type KernelRegions,
  type NapotRegion,
  napotAddress,
  type TorRegion,
} from './kernel-protection-epmp.js';
export { MachineTimer } from './machine-timer.js';
export { MachineTimerSchedulerTimer } from './machine-timer-scheduler-timer.js';
export { PlicDriver } from './plic-driver.js';
export {
  PmpUserMpu,
  type PmpUserMpuConfig,
  type TorUserPmp,
  type TorUserRegion,
  torUserConfig,
} from './pmp-user-mpu.js';
export { type CsrPort, clearCsrBits, type RegisterBus, readCsr, setCsrBits } from './ports.js';
export { RiscvChipCore, type RiscvChipCoreOptions } from './riscv-chip-core.js';
export {
  Csr,
  ExceptionCause,
  InterruptBit,
  InterruptCause,
  MCAUSE_INTERRUPT,
  MISA_RV32IMACU,
  Mseccfg,
  Mstatus,
  Privilege,
} from './silicon/architecture.js';
export {
  CLINT_BASE,
  CLINT_FREQUENCY_HZ,
  CLINT_SIZE,
  Clint,
  type ClintOutputs,
  ClintRegister,
} from './silicon/clint.js';
export { RV32_CYCLES } from './silicon/cycle-model.js';
export { PLIC_BASE, PLIC_SIZE, PLIC_SOURCES, Plic, PlicRegister } from './silicon/plic.js';
export { AccessKind, PMP_ENTRIES, Pmp, PmpCfg, PmpMode } from './silicon/pmp.js';
export {
  type QemuVirtOptions,
  QemuVirtSilicon,
  VIRT_DEFAULT_FREQUENCY_HZ,
  VIRT_DEFAULT_RAM_SIZE,
  VIRT_RAM_BASE,
} from './silicon/qemu-virt.js';
export { RiscvHart, type RiscvHartOptions, RunExit, type TrapHook } from './silicon/rv32-hart.js';
export { FinisherCommand, SIFIVE_TEST_BASE, SIFIVE_TEST_SIZE, SifiveTest } from './silicon/sifive-test.js';
export {
  Fcr,
  Ier,
  Iir,
  LCR_DLAB,
  Lsr,
  UART0_BASE,
  UART0_IRQ,
  UART0_SIZE,
  Uart16550,
  UartRegister,
} from './silicon/uart16550.js';
export {
  describeMcause,
  formatProcessContext,
  formatRiscvState,
  hex32,
  type RiscvProcessRegisters,
} from './trap-report.js';
export { UART_16550_BAUD_BASE, Uart16550Driver } from './uart16550-driver.js';
export {
  type RiscvBoundaryOptions,
  RiscvStoredState,
  RiscvUserspaceKernelBoundary,
} from './userspace-kernel-boundary.js';
