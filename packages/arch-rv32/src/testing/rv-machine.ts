/**
 * A minimal machine for instruction and trap tests: the QEMU virt silicon with test code at
 * `CODE_ADDRESS`, mtvec pointing at an `EBREAK` stub, and free data at `DATA_ADDRESS`. A program
 * ends with `ECALL` (or any trap); `run` returns the mcause of the trap that stopped it.
 */
import { QemuVirtSilicon, VIRT_RAM_BASE } from '../silicon/qemu-virt.js';
import type { RiscvHart } from '../silicon/rv32-hart.js';
import { RunExit } from '../silicon/rv32-hart.js';

/** Where the code under test is placed. */
export const CODE_ADDRESS = VIRT_RAM_BASE + 0x1000;
/** Where mtvec points (an endless loop the trap hook never lets run). */
export const TRAP_VECTOR = VIRT_RAM_BASE;
/** Free RAM for test data. */
export const DATA_ADDRESS = VIRT_RAM_BASE + 0x8000;
/** What `run` returns when no trap stopped the hart. */
export const NO_TRAP = -1;

/** A machine wired for tests. */
export interface RvMachine {
  readonly machine: QemuVirtSilicon;
  readonly hart: RiscvHart;
  /** Runs until a trap (returns mcause) or `maxCycles` more cycles (returns NO_TRAP). */
  run(maxCycles?: number): number;
  readWord(address: number): number;
  writeWord(address: number, value: number): void;
}

/**
 * Builds the machine with `code` at `CODE_ADDRESS`, the PC there, in machine mode; `compileBlocks`
 * false keeps the hart interpreting single instructions.
 */
export function createRvMachine(code: Uint8Array, compileBlocks?: boolean): RvMachine {
  const machine = new QemuVirtSilicon({ ramSize: 0x1_0000, compileBlocks });
  const view = new DataView(machine.ram.buffer);
  view.setUint32(0, 0x0000_006f, true); // j . (never reached: the hook stops the hart first)
  machine.ram.set(code, CODE_ADDRESS - VIRT_RAM_BASE);
  const hart = machine.chipCore.hart;
  hart.mtvec = TRAP_VECTOR;
  hart.pc = CODE_ADDRESS;
  let trapped = NO_TRAP;
  hart.trapHook = (mcause) => {
    trapped = mcause;
    return true;
  };
  return {
    machine,
    hart,
    run(maxCycles = 100_000) {
      trapped = NO_TRAP;
      const exit = hart.run(hart.cycles + maxCycles);
      return exit === RunExit.Stopped ? trapped : NO_TRAP;
    },
    readWord: (address) => view.getUint32(address - VIRT_RAM_BASE, true),
    writeWord: (address, value) => view.setUint32(address - VIRT_RAM_BASE, value >>> 0, true),
  };
}
