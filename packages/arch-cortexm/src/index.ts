/**
 * @tock-ts/arch-cortexm: Cortex-M silicon (core, NVIC, SysTick, SCB, MPU) and Tock's Cortex-M
 * kernel-side code (userspace boundary, MPU driver, SysTick scheduler timer).
 */
export {
  type CortexMProcessState,
  exceptionNumberName,
  type FaultStatusRegisters,
  formatCortexMFaultStatus,
  formatKernelHardFaultArmv6m,
  formatKernelHardFaultArmv7m,
  formatProcessContext,
  type KernelHardFaultState,
  type StackedFrame,
  UNREADABLE_VALUE,
} from './fault-report.js';
export {
  CortexMConfig,
  CortexMMpu,
  type CortexMMpuOptions,
  type CortexMRegion,
  type CortexMRegionLocation,
  type MpuRegisterPort,
} from './mpu-driver.js';
export { Ccr, Cfsr, CoreVariant, ExceptionNumber, ExcReturn, Hfsr } from './silicon/architecture.js';
export { CortexMCore, type CortexMCoreOptions, type FaultRecord, RunExit } from './silicon/cortexm-core.js';
export {
  AccessKind,
  MPU_BASE_ADDRESS,
  MPU_CTRL,
  MPU_CTRL_ENABLE,
  MPU_CTRL_HFNMIENA,
  MPU_CTRL_PRIVDEFENA,
  MPU_RASR,
  MPU_RBAR,
  MPU_RBAR_VALID,
  MPU_RNR,
  MPU_TYPE,
  MpuFaultClass,
  Pmsav7Mpu,
  type Pmsav7MpuOptions,
} from './silicon/mpu.js';
