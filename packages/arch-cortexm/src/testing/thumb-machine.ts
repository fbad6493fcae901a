/**
 * A minimal machine for instruction and exception tests: 64 KiB of RAM at 0x20000000 holding a
 * vector table, one `BKPT #n` stub per exception n (so a test sees which exception was taken),
 * the code under test at `CODE_ADDRESS` and free data space at `DATA_ADDRESS`. Code ends with
 * `BKPT #0xFF`; `run` returns the immediate of the BKPT that stopped the core.
 */
import { MemoryMap, SimulationClock } from '@tock-ts/silicon';
import { CortexMChipCore } from '../cortexm-chip-core.js';
import type { CoreVariant } from '../silicon/architecture.js';
import type { CortexMCore } from '../silicon/cortexm-core.js';
import { RunExit } from '../silicon/cortexm-core.js';

/** Base of RAM and of the vector table. */
export const RAM_ADDRESS = 0x2000_0000;
/** Where exception stubs start: exception n's handler is `STUB_ADDRESS + 2n`. */
export const STUB_ADDRESS = 0x2000_0100;
/** Where the code under test is placed. */
export const CODE_ADDRESS = 0x2000_0200;
/** Free RAM for test data. */
export const DATA_ADDRESS = 0x2000_8000;
/** Initial main stack pointer (top of RAM). */
export const STACK_TOP = 0x2001_0000;
/** The BKPT immediate that ends a test program. */
export const END = 0xff;
/** What `run` returns when the core stopped for another reason (cycle limit, sleep, lockup). */
export const NOT_STOPPED = -1;

const RAM_SIZE = 0x1_0000;
const EXTERNAL_INTERRUPTS = 32;

/** A chip core wired for tests. */
export interface ThumbMachine {
  readonly chip: CortexMChipCore;
  readonly core: CortexMCore;
  readonly ram: Uint8Array;
  /** Runs until a BKPT (returns its immediate) or `maxCycles` more cycles (returns NOT_STOPPED). */
  run(maxCycles?: number): number;
  /** Reads a little-endian word of RAM. */
  readWord(address: number): number;
  /** Writes a little-endian word of RAM. */
  writeWord(address: number, value: number): void;
}

/** Builds the machine with `code` at `CODE_ADDRESS`, resets it and leaves it ready to run. */
export function createThumbMachine(
  variant: CoreVariant,
  code: Uint8Array,
  handlers: Readonly<Record<number, number>> = {},
  compileBlocks = true,
): ThumbMachine {
  const ram = new Uint8Array(RAM_SIZE);
  const view = new DataView(ram.buffer);
  view.setUint32(0, STACK_TOP, true);
  for (let exception = 1; exception < 16 + EXTERNAL_INTERRUPTS; exception++) {
    const handler = handlers[exception] ?? STUB_ADDRESS + 2 * exception;
    view.setUint32(4 * exception, (exception === 1 ? CODE_ADDRESS : handler) | 1, true);
    view.setUint16(STUB_ADDRESS - RAM_ADDRESS + 2 * exception, 0xbe00 | exception, true);
  }
  ram.set(code, CODE_ADDRESS - RAM_ADDRESS);
  const memory = new MemoryMap();
  memory.addMemory('ram', RAM_ADDRESS, ram, true);
  const chip = new CortexMChipCore({
    variant,
    memory,
    clock: new SimulationClock(),
    frequencyHz: 1_000_000,
    externalInterrupts: EXTERNAL_INTERRUPTS,
    initialVectorTable: RAM_ADDRESS,
    compileBlocks,
  });
  const core = chip.core;
  let stoppedBy = NOT_STOPPED;
  core.breakpointHook = (immediate) => {
    stoppedBy = immediate;
    core.requestStop();
    return true;
  };
  chip.reset();
  return {
    chip,
    core,
    ram,
    run(maxCycles = 100_000) {
      stoppedBy = NOT_STOPPED;
      const exit = core.run(core.cycles + maxCycles);
      return exit === RunExit.Stopped ? stoppedBy : NOT_STOPPED;
    },
    readWord: (address) => view.getUint32(address - RAM_ADDRESS, true),
    writeWord: (address, value) => view.setUint32(address - RAM_ADDRESS, value >>> 0, true),
  };
}
