/**
 * ARM semihosting over `BKPT 0xAB` for bare-metal test images: SYS_WRITEC, SYS_WRITE0 and
 * SYS_EXIT (operation in r0, argument in r1). Output is collected as text; SYS_EXIT stops the
 * core and records the exit code (0 for ADP_Stopped_ApplicationExit, 1 otherwise).
 */
import type { CortexMCore } from '../silicon/cortexm-core.js';

/** Semihosting operation numbers. */
export const SYS_WRITEC = 0x03;
export const SYS_WRITE0 = 0x04;
export const SYS_EXIT = 0x18;
/** SYS_EXIT reason for a normal exit. */
export const ADP_STOPPED_APPLICATION_EXIT = 0x20026;

/** The semihosting immediate of BKPT. */
const SEMIHOSTING_BREAKPOINT = 0xab;
/** Longest string SYS_WRITE0 reads before giving up (a missing terminator). */
const MAXIMUM_STRING = 64 * 1024;

/** A semihosting host attached to one core. */
export class SemihostingHost {
  #output = '';
  #exitCode: number | undefined;
  #unsupported: number | undefined;
  readonly #core: CortexMCore;

  constructor(core: CortexMCore) {
    this.#core = core;
    core.breakpointHook = (immediate) => this.#onBreakpoint(immediate);
  }

  /** Everything the program printed. */
  get output(): string {
    return this.#output;
  }

  /** The exit code once the program called SYS_EXIT. */
  get exitCode(): number | undefined {
    return this.#exitCode;
  }

  /** An unsupported operation number the program asked for, if any (the core was stopped). */
  get unsupportedOperation(): number | undefined {
    return this.#unsupported;
  }

  #onBreakpoint(immediate: number): boolean {
    if (immediate !== SEMIHOSTING_BREAKPOINT) return false;
    const core = this.#core;
    const operation = core.regs[0] ?? 0;
    const argument = core.regs[1] ?? 0;
    switch (operation) {
      case SYS_WRITEC:
        this.#output += String.fromCharCode(core.memory.read(argument, 1) & 0xff);
        return true;
      case SYS_WRITE0:
        for (let offset = 0; offset < MAXIMUM_STRING; offset++) {
          const byte = core.memory.read((argument + offset) >>> 0, 1);
          if (byte <= 0) break;
          this.#output += String.fromCharCode(byte);
        }
        return true;
      case SYS_EXIT:
        this.#exitCode = argument === ADP_STOPPED_APPLICATION_EXIT ? 0 : 1;
        core.requestStop();
        return true;
      default:
        this.#unsupported = operation;
        core.requestStop();
        return true;
    }
  }
}
