/**
 * Runs a flat bare-metal image on a Cortex-M chip core with semihosting: the image is loaded at
 * `loadAddress` in RAM, VTOR points at it, and the core resets from its vector table and runs until
 * SYS_EXIT, a lockup, or the time limit. For tests and benchmarks of the silicon on its own.
 */
import { MemoryMap, SimulationClock } from '@tock-ts/silicon';
import { CortexMChipCore } from '../cortexm-chip-core.js';
import type { CoreVariant } from '../silicon/architecture.js';
import { RunExit } from '../silicon/cortexm-core.js';
import { SemihostingHost } from './semihosting.js';

/** What to run. */
export interface BareMetalOptions {
  readonly variant: CoreVariant;
  readonly image: Uint8Array;
  /** Where the image (and its vector table) goes; default 0x20000000. */
  readonly loadAddress?: number;
  /** RAM size at `loadAddress`; default 256 KiB. */
  readonly ramSize?: number;
  /** Core clock; default 125 MHz. */
  readonly frequencyHz?: number;
  /** Virtual-time limit in ns; default 60 s. */
  readonly limitNanos?: number;
  /** External interrupts of the NVIC; default 32. */
  readonly externalInterrupts?: number;
  /** Translate straight-line code into JavaScript functions (default true). */
  readonly compileBlocks?: boolean;
}

/** How the run ended. */
export interface BareMetalResult {
  /** SYS_EXIT code, or undefined when the program never exited. */
  readonly exitCode: number | undefined;
  readonly output: string;
  readonly exit: RunExit;
  readonly instructions: number;
  readonly cycles: number;
  readonly chip: CortexMChipCore;
}

/** Builds a chip core with the image in RAM and semihosting attached, reset and ready to run. */
export function createBareMetal(options: BareMetalOptions): { chip: CortexMChipCore; host: SemihostingHost } {
  const loadAddress = options.loadAddress ?? 0x2000_0000;
  const ramSize = options.ramSize ?? 256 * 1024;
  if (options.image.length > ramSize) {
    throw new RangeError(
      `createBareMetal: image of ${options.image.length} bytes does not fit ${ramSize} bytes of RAM`,
    );
  }
  const ram = new Uint8Array(ramSize);
  ram.set(options.image, 0);
  const memory = new MemoryMap();
  memory.addMemory('ram', loadAddress, ram, true);
  const chip = new CortexMChipCore({
    variant: options.variant,
    memory,
    clock: new SimulationClock(),
    frequencyHz: options.frequencyHz ?? 125_000_000,
    externalInterrupts: options.externalInterrupts ?? 32,
    initialVectorTable: loadAddress,
    compileBlocks: options.compileBlocks,
  });
  const host = new SemihostingHost(chip.core);
  chip.reset();
  return { chip, host };
}

/** Loads, resets and runs an image; see `BareMetalOptions`. */
export function runBareMetal(options: BareMetalOptions): BareMetalResult {
  const { chip, host } = createBareMetal(options);
  const exit = chip.runBareMetal(options.limitNanos ?? 60_000_000_000);
  return {
    exitCode: host.exitCode,
    output: host.output,
    exit,
    instructions: chip.core.instructions,
    cycles: chip.core.cycles,
    chip,
  };
}

export { RunExit };
