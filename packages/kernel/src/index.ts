/**
 * @tock-ts/kernel: the Tock kernel in TypeScript.
 *
 * This entry exports the syscall ABI and the platform interfaces chips and arch packages
 * implement (upstream `kernel/src/syscall.rs` and `kernel/src/platform`), and the kernel core:
 * capabilities, deferred calls, processes, grants, process buffers, the main loop and the
 * schedulers. Fakes for tests are in the `./testing` subpath.
 */
export {
  ApplicationStorageCapability,
  assertCapability,
  type Capabilities,
  type CapabilityClass,
  CreatePortTableCapability,
  ExternalProcessCapability,
  KerneluserStorageCapability,
  MainLoopCapability,
  MemoryAllocationCapability,
  mintCapabilities,
  NetworkCapabilityCreationCapability,
  ProcessManagementCapability,
  ProcessStartCapability,
  SetDebugWriterCapability,
  UdpDriverCapability,
} from './capabilities.js';
export {
  DeferredCall,
  type DeferredCallClient,
  DeferredCallRegistry,
  MAXIMUM_DEFERRED_CALLS,
} from './deferred-call.js';
export {
  type FaultingProcess,
  PanicFaultPolicy,
  type ProcessFaultPolicy,
  RestartFaultPolicy,
  StopFaultPolicy,
  ThresholdRestartFaultPolicy,
  ThresholdRestartThenPanicFaultPolicy,
} from './fault-policies.js';
export { createFaultPolicy, type FaultPolicyChoice, parseFaultPolicy } from './fault-policy-choice.js';
export {
  CustomGrant,
  Grant,
  GrantKernelData,
  type GrantLayout,
  GrantRegionAllocator,
  type ProcessGrant,
} from './grant.js';
export { KernelInfo } from './introspection.js';
export { IPC_ALLOW_READ_ONLY_SEARCH, IPC_DRIVER_NUMBER, Ipc } from './ipc.js';
export {
  type ContextSwitchCallback,
  type IpcUpcallDelivery,
  Kernel,
  type KernelLoopStep,
  type KernelResources,
  MIN_QUANTA_THRESHOLD_US,
  type ProcessFaultHook,
  type Watchdog,
} from './kernel.js';
export { KernelPanic, kernelPanic } from './kernel-panic.js';
export { memop } from './memop.js';
export type { Chip, MemoryRegion } from './platform/chip.js';
export { type AppMemoryAllocation, type Mpu, Permissions, type Region } from './platform/mpu.js';
export { NoSchedulerTimer, type SchedulerTimer } from './platform/scheduler-timer.js';
export type {
  ContextSwitchReason,
  FunctionCall,
  UserspaceKernelBoundary,
} from './platform/userspace-kernel-boundary.js';
export {
  type AcceptedCredential,
  type DiscoveryError,
  type DiscoveryResult,
  type DiscoveryStep,
  describeDiscoveryError,
  describeProcessBinaryError,
  discoverProcessBinaries,
  discoverProcessBinary,
  type FlashImage,
  ProcessBinary,
  type ProcessBinaryError,
  type ProcessBinaryOptions,
  type RejectedBinary,
  RUNNING_KERNEL_VERSION,
} from './process-binary.js';
export {
  ReadableProcessSlice,
  ReadOnlyProcessBuffer,
  ReadWriteProcessBuffer,
  WriteableProcessSlice,
} from './process-buffer.js';
export {
  AppCheckerHash,
  AppCheckerNull,
  AppCheckerRsaSimulated,
  AppCheckerSha256,
  AppCheckerSha384,
  AppCheckerSha512,
  AppCheckerSignature,
  type AppCredentialsPolicy,
  AppIdAssignerLocallyUnique,
  AppIdAssignerNames,
  AppIdAssignerSimulated,
  AppIdAssignerTbfHeader,
  type AppIdPolicy,
  accept,
  type BlockedLoad,
  type CheckOutcome,
  type CheckRejection,
  type CheckResult,
  checkProcessBinaries,
  crc32Posix,
  decideLoad,
  describeBinary,
  describeProcessCheckError,
  type HashCredentialsType,
  isBlockedFromLoadingBy,
  isBlockedFromLoadingByProcess,
  type LoadDecision,
  P256_RAW_PUBLIC_KEY_LENGTH,
  P256_SEC1_PUBLIC_KEY_LENGTH,
  PASS,
  type PlannedLoad,
  type ProcessCheckError,
  ProcessCheckerMachine,
  planProcessLoading,
  REJECT,
  type RunningProcessIdentity,
  shortIdsEqual,
} from './process-checker/index.js';
export {
  type KernelMemoryRegion,
  PROCESS_CONSOLE_COMMANDS,
  ProcessConsole,
  type ProcessConsoleCapabilities,
  type ProcessConsoleOptions,
} from './process-console.js';
export { ProcessId } from './process-id.js';
export type { CommandPermissions, ProcessImage, WriteableFlashRegion } from './process-image.js';
export {
  type AppRegions,
  describeProcessLoadError,
  type LoadProcessesResult,
  loadProcesses,
  processImageFromBinary,
} from './process-loading.js';
export {
  type LoadRefusal,
  type LoadRefusalCause,
  type SequentialLoadResult,
  SequentialProcessLoader,
  type SequentialProcessLoaderClient,
  type SequentialProcessLoaderConfig,
} from './process-loading-sequential.js';
export {
  GRANT_POINTER_ENTRY_SIZE,
  type GrantSize,
  grantAllocationSize,
  initialKernelMemorySize,
  PROCESS_RECORD_SIZE,
  TASK_SIZE,
  UPCALL_QUEUE_LENGTH,
} from './process-memory.js';
export { formatSyscall, printFullProcess, printProcessOverview } from './process-printer.js';
export { type MemorySpan, type ProcessLoadError, ProcessStandard } from './process-standard.js';
export {
  FaultAction,
  formatProcessState,
  IpcUpcallType,
  ProcessError,
  type ProcessState,
  processErrorToErrorCode,
  type ShortId,
  StoppedExecutingReason,
  type StoppedState,
  type Task,
  UpcallError,
  type UpcallId,
} from './process-types.js';
export { KernelWork, type Scheduler, type SchedulingDecision, TRY_SLEEP } from './scheduler.js';
export { CooperativeScheduler } from './schedulers/cooperative.js';
export { MLFQ_PRIORITY_REFRESH_PERIOD_MS, MLFQ_TIMESLICES_US, MlfqScheduler } from './schedulers/mlfq.js';
export { PriorityScheduler } from './schedulers/priority.js';
export { ROUND_ROBIN_DEFAULT_TIMESLICE_US, RoundRobinScheduler } from './schedulers/round-robin.js';
export {
  decodeSyscall,
  encodeSyscallReturn,
  ReturnVariant,
  type Syscall,
  SyscallClass,
  type SyscallReturn,
  YieldCall,
} from './syscall.js';
export {
  type AllowUserspaceReadableError,
  CommandReturn,
  type SyscallDriver,
  type SyscallDriverLookup,
} from './syscall-driver.js';
export { AllowAllSyscallFilter, type SyscallFilter, TbfHeaderFilterDefaultAllow } from './syscall-filter.js';
