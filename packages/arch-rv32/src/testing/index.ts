/**
 * Test helpers of @tock-ts/arch-rv32: run bare-metal RV32 ELFs on the QEMU virt silicon, and
 * assemble RV32 instructions for instruction-level tests.
 */
export { type ElfImage, type ElfSegment, parseElf32 } from './elf.js';
export {
  APP_FLASH_BASE,
  APP_RAM_BASE,
  createProcessMachine,
  KERNEL_TEXT_END,
  type LoadedProcess,
  type ProcessMachine,
} from './process-machine.js';
export {
  type BareMetalOptions,
  type BareMetalResult,
  createBareMetal,
  runBareMetal,
} from './run-bare-metal.js';
export { encodeB, encodeI, encodeJal, encodeR, encodeS, Reg, RvAssembler } from './rv-assembler.js';
export {
  CODE_ADDRESS,
  createRvMachine,
  DATA_ADDRESS,
  NO_TRAP,
  type RvMachine,
  TRAP_VECTOR,
} from './rv-machine.js';
