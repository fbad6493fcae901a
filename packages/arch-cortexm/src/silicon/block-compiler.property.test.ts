// Differential property: random straight-line Thumb code (16-bit, and on the M4 the 32-bit classes
// the translator emits inline) gives the same registers, flags, memory,
// cycle and instruction counts, and the same fault, whether interpreted or translated into blocks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ThumbAssembler } from '../testing/thumb-assembler.js';
import {
  CODE_ADDRESS,
  createThumbMachine,
  DATA_ADDRESS,
  END,
  RAM_ADDRESS,
} from '../testing/thumb-machine.js';
import { CoreVariant } from './architecture.js';

/** 16-bit encodings that may change the PC (branches, PC writes, sleep) are left out: code stays straight. */
function isStraightLine(halfword: number): boolean {
  if (halfword >>> 11 >= 0b11100) return false; // B and all 32-bit first halfwords
  if ((halfword & 0xf000) === 0xd000) return false; // B<cond>, UDF, SVC
  if ((halfword & 0xff00) === 0x4700) return false; // BX, BLX
  if ((halfword & 0xfc00) === 0x4400 && (halfword & 0x87) === 0x87) return false; // ADD/CMP/MOV with Rd = PC
  if ((halfword & 0xff00) === 0xbd00) return false; // POP {..., pc}
  if ((halfword & 0xf500) === 0xb100) return false; // CBZ, CBNZ
  if ((halfword & 0xff00) === 0xbf00) return false; // IT and hints (WFI, WFE)
  if ((halfword & 0xff00) === 0xbe00) return false; // BKPT
  // Code addresses in registers (ADR, MOV/ADD from the PC) would let stores rewrite the running block.
  if (halfword >>> 11 === 0b10100) return false;
  if ((halfword & 0xfc00) === 0x4400 && ((halfword >>> 3) & 15) === 15) return false;
  return true;
}

const DATA_WINDOW = 0x100;

/** Random 32-bit encodings from the classes the translator emits inline (none of them branch). */
const wideInstruction = fc
  .tuple(
    fc.integer({ min: 0, max: 3 }),
    fc.integer({ min: 0, max: 0xffff }),
    fc.integer({ min: 0, max: 0xffff }),
  )
  .map(([kind, low, second]): [number, number] => {
    const notPc = (value: number): number => (value >>> 12 === 15 ? value & 0x7fff : value);
    switch (kind) {
      case 0: // data processing, modified or plain immediate
        return [0xf000 | (low & 0x3ff), second & 0x7fff];
      case 1: // data processing, shifted register
        return [0xea00 | (low & 0x1ff), second & 0x7fff];
      case 2: // loads and stores
        return [0xf800 | (low & 0x1ff), notPc(second)];
      default: // MUL / MLA / MLS
        return [0xfb00 | (low & 15), second & 0xff1f];
    }
  });

/** IT instructions with a valid first condition and any mask (the instructions they cover are random). */
const itInstruction = fc
  .tuple(fc.integer({ min: 0, max: 13 }), fc.integer({ min: 1, max: 15 }))
  .map(([condition, mask]): [number] => [0xbf00 | (condition << 4) | mask]);

const program = (variant: CoreVariant) =>
  variant === CoreVariant.CortexM4
    ? fc.array(
        fc.oneof(
          fc
            .integer({ min: 0, max: 0xffff })
            .filter(isStraightLine)
            .map((halfword) => [halfword]),
          wideInstruction,
          itInstruction,
        ),
        { minLength: 4, maxLength: 40 },
      )
    : fc.array(
        fc
          .integer({ min: 0, max: 0xffff })
          .filter(isStraightLine)
          .map((halfword) => [halfword]),
        { minLength: 4, maxLength: 40 },
      );

describe.each([CoreVariant.CortexM0Plus, CoreVariant.CortexM4])('translated blocks on %s', (variant) => {
  it('match the interpreter on random straight-line code', () => {
    fc.assert(
      fc.property(
        program(variant),
        fc.array(fc.integer({ min: 0, max: DATA_WINDOW - 4 }), { minLength: 13, maxLength: 13 }),
        fc.integer({ min: 0, max: 15 }),
        (instructions, offsets, flags) => {
          const assembler = new ThumbAssembler(CODE_ADDRESS);
          for (const halfwords of instructions) for (const halfword of halfwords) assembler.hw(halfword);
          // NOPs first, so that an IT block near the end never covers the final BKPT.
          assembler.nop().nop().nop().nop().bkpt(END);
          const code = assembler.bytes();
          const outcomes = [true, false].map((compileBlocks) => {
            const machine = createThumbMachine(variant, code, {}, compileBlocks);
            const core = machine.core;
            // Registers point into a data window far from the code, so stores never hit code.
            offsets.forEach((offset, register) => {
              core.regs[register] = DATA_ADDRESS + offset;
            });
            core.regs[14] = DATA_ADDRESS;
            core.n = (flags >>> 3) & 1;
            core.z = (flags >>> 2) & 1;
            core.c = (flags >>> 1) & 1;
            core.v = flags & 1;
            for (let index = 0; index < DATA_WINDOW; index += 4)
              machine.writeWord(DATA_ADDRESS + index, index * 0x0101_0101);
            const stoppedBy = machine.run(100_000);
            const start = DATA_ADDRESS - RAM_ADDRESS - DATA_WINDOW;
            return {
              stoppedBy,
              registers: Array.from(core.regs.subarray(0, 15)),
              flags: [core.n, core.z, core.c, core.v, core.q],
              cycles: core.cycles,
              instructions: core.instructions,
              fault: core.lastFault,
              data: Array.from(machine.ram.subarray(start, start + 3 * DATA_WINDOW)),
              stack: Array.from(machine.ram.subarray(machine.ram.length - 64)),
            };
          });
          expect(outcomes[0]).toEqual(outcomes[1]);
        },
      ),
      { numRuns: 300, seed: 4242 },
    );
  }, 120_000);
});
