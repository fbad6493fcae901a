/**
 * Test helpers of @tock-ts/arch-rv32: run bare-metal RV32 ELFs on the QEMU virt silicon, and
 * assemble RV32 instructions for instruction-level tests.
 */
export { type ElfImage, type ElfSegment, parseElf32 } from './elf.js';
export {
  type BareMetalOptions,
  type BareMetalResult,
  createBareMetal,
  runBareMetal,
} from './run-bare-metal.js';
