/**
 * @tock-ts/kernel/testing: fakes for testing the kernel and capsules without an emulated CPU —
 * a fake chip with virtual time and interrupts, a fake MPU, a boundary that runs scripted
 * processes, process images without TBFs, a configurable driver, a UART, and a whole fake board.
 */
export { FakeBoard, type FakeBoardOptions, type FakeProcess } from './fake-board.js';
export { FakeChip, type FakeChipOptions } from './fake-chip.js';
export { FakeClock } from './fake-clock.js';
export { FakeDriver, type FakeDriverData, type FakeDriverOptions } from './fake-driver.js';
export { FakeMpu, type FakeMpuConfig } from './fake-mpu.js';
export { type FakePermission, type FakeProcessImageOptions, fakeProcessImage } from './fake-process-image.js';
export { FakeSchedulerTimer } from './fake-scheduler-timer.js';
export {
  allowReadOnly,
  allowReadWrite,
  allowUserspaceReadable,
  command,
  compute,
  exitRestart,
  exitTerminate,
  type FakeStep,
  fault,
  memop,
  spin,
  subscribe,
  trap,
  yieldNoWait,
  yieldWait,
  yieldWaitFor,
} from './fake-steps.js';
export { FAKE_FRAME_SIZE, FAKE_RESUME_PC, FakeStoredState } from './fake-stored-state.js';
export { FakeUart } from './fake-uart.js';
export { type FakeBoundaryOptions, FakeUserspaceKernelBoundary } from './fake-userspace-kernel-boundary.js';
