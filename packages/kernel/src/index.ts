/**
 * @tock-ts/kernel: the Tock kernel in TypeScript.
 *
 * This entry exports the syscall ABI and the platform interfaces chips and arch packages
 * implement (upstream `kernel/src/syscall.rs` and `kernel/src/platform`).
 */
export type { Chip, MemoryRegion } from './platform/chip.js';
export { type AppMemoryAllocation, type Mpu, Permissions, type Region } from './platform/mpu.js';
export { NoSchedulerTimer, type SchedulerTimer } from './platform/scheduler-timer.js';
export type {
  ContextSwitchReason,
  FunctionCall,
  UserspaceKernelBoundary,
} from './platform/userspace-kernel-boundary.js';
export {
  decodeSyscall,
  encodeSyscallReturn,
  ReturnVariant,
  type Syscall,
  SyscallClass,
  type SyscallReturn,
  YieldCall,
} from './syscall.js';
