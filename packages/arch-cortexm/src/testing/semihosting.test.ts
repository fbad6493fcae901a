// Semihosting over BKPT 0xAB: SYS_WRITEC, SYS_WRITE0 and SYS_EXIT from a hand-assembled program.
import { describe, expect, it } from 'vitest';
import { CoreVariant } from '../silicon/architecture.js';
import { RunExit } from '../silicon/cortexm-core.js';
import { runBareMetal } from './run-bare-metal.js';
import { ThumbAssembler } from './thumb-assembler.js';

const BASE = 0x2000_0000;
const STRING = BASE + 0x300;

describe('semihosting', () => {
  it('prints characters and strings, then exits with the code', () => {
    const program = new ThumbAssembler(BASE + 8)
      .movs(0, 3) // SYS_WRITEC of the byte at [sp]
      .mov(1, 13)
      .movs(2, 0x48) // 'H'
      .loadStore('strb', 2, 1, 0)
      .bkpt(0xab)
      .movs(0, 4) // SYS_WRITE0 of "i!"
      .mov32(1, STRING)
      .bkpt(0xab)
      .movs(0, 0x18) // SYS_EXIT, ADP_Stopped_ApplicationExit
      .mov32(1, 0x20026)
      .bkpt(0xab)
      .bytes();
    const image = new Uint8Array(0x400);
    const view = new DataView(image.buffer);
    view.setUint32(0, BASE + 0x3f0, true); // initial SP
    view.setUint32(4, (BASE + 8) | 1, true); // reset vector
    image.set(program, 8);
    image.set([0x69, 0x21, 0x00], STRING - BASE);
    const result = runBareMetal({ variant: CoreVariant.CortexM4, image });
    expect(result.output).toBe('Hi!');
    expect(result.exitCode).toBe(0);
    expect(result.exit).toBe(RunExit.Stopped);
  });
});
