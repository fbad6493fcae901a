/**
 * @tock-ts/arch-cortexm: Cortex-M silicon (core, NVIC, SysTick, SCB, MPU) and Tock's Cortex-M
 * kernel-side code (userspace boundary, MPU driver, SysTick scheduler timer).
 */
export { CortexMChipCore, type CortexMChipCoreOptions } from './cortexm-chip-core.js';
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
export { Nvic } from './nvic.js';
export {
  Ccr,
  Cfsr,
  Control,
  CoreVariant,
  ExceptionNumber,
  ExcReturn,
  Hfsr,
  Shcsr,
} from './silicon/architecture.js';
export {
  type BreakpointHook,
  CortexMCore,
  type CortexMCoreOptions,
  type ExceptionEntryHook,
  type FaultRecord,
  RunExit,
} from './silicon/cortexm-core.js';
export { CORTEX_M0PLUS_CYCLES, CORTEX_M4_CYCLES, type CycleTable } from './silicon/cycle-model.js';
export { ExceptionState } from './silicon/exception-state.js';
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
export {
  SYSTEM_CONTROL_SPACE_BASE,
  SYSTEM_CONTROL_SPACE_SIZE,
  SystemControlSpace,
} from './silicon/system-control-space.js';
export { SysTick } from './silicon/systick.js';
export { type RegisterBus, SysTickSchedulerTimer } from './systick-scheduler-timer.js';
export {
  type CortexMBoundaryOptions,
  CortexMStoredState,
  CortexMUserspaceKernelBoundary,
  type ProcessFaultInformation,
} from './userspace-kernel-boundary.js';
