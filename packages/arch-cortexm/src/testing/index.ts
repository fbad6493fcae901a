/**
 * Test helpers of @tock-ts/arch-cortexm: run bare-metal images with semihosting, and assemble
 * Thumb instructions for instruction-level tests.
 */

export { createProcessMachine, PROCESS_LAYOUT, type ProcessMachine } from './process-machine.js';
export {
  type BareMetalOptions,
  type BareMetalResult,
  createBareMetal,
  runBareMetal,
} from './run-bare-metal.js';
export {
  ADP_STOPPED_APPLICATION_EXIT,
  SemihostingHost,
  SYS_EXIT,
  SYS_WRITE0,
  SYS_WRITEC,
} from './semihosting.js';
export { ThumbAssembler } from './thumb-assembler.js';
export {
  CODE_ADDRESS,
  createThumbMachine,
  DATA_ADDRESS,
  END,
  NOT_STOPPED,
  RAM_ADDRESS,
  STACK_TOP,
  STUB_ADDRESS,
  type ThumbMachine,
} from './thumb-machine.js';
