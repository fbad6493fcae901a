// Compiled blocks behave exactly as the interpreter: the same registers, memory, PC, trap CSRs,
// retired instructions and cycles whenever a program traps, on hand-written loops and on random
// machine-mode programs. (At a bare cycle limit a block may run a few instructions past it, as
// the run loop only stops between handlers.)
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Reg, RvAssembler } from '../testing/rv-assembler.js';
import {
  CODE_ADDRESS,
  createRvMachine,
  DATA_ADDRESS,
  NO_TRAP,
  type RvMachine,
} from '../testing/rv-machine.js';
import { canGenerateCode } from './block-compiler.js';

/** Everything architectural, for comparison. */
function snapshot(machine: RvMachine, stoppedBy: number) {
  const hart = machine.hart;
  return {
    stoppedBy,
    x: Array.from(hart.x.subarray(0, 32)),
    pc: hart.pc,
    mepc: hart.mepc,
    mcause: hart.mcause,
    mtval: hart.mtval,
    instret: hart.instret,
    cycles: hart.cycles,
    ram: Array.from(new Uint32Array(machine.machine.ram.buffer, DATA_ADDRESS - 0x8000_0000, 256)),
  };
}

function runBoth(code: Uint8Array, cycles: number, setup: (machine: RvMachine) => void = () => {}) {
  const [interpreted, compiled] = [false, true].map((compile) => {
    const machine = createRvMachine(code, compile);
    setup(machine);
    return snapshot(machine, machine.run(cycles));
  });
  if (interpreted === undefined || compiled === undefined) throw new Error('runBoth: missing run');
  return { interpreted, compiled };
}

describe.skipIf(!canGenerateCode())('compiled blocks', () => {
  it('count a loop that runs inside one block exactly as the interpreter does', () => {
    const { a0, a1, t0 } = Reg;
    const asm = new RvAssembler()
      .li(a0, 0)
      .li(a1, 1000)
      .li(t0, DATA_ADDRESS)
      .label('loop')
      .add(a0, a0, a1)
      .sw(a0, t0, 0)
      .lw(Reg.a2, t0, 0)
      .addi(a1, a1, -1)
      .bne(a1, 0, 'loop')
      .ecall();
    const { interpreted, compiled } = runBoth(asm.bytes(), 100_000);
    expect(interpreted.stoppedBy).not.toBe(NO_TRAP);
    expect(compiled).toEqual(interpreted);
    const machine = createRvMachine(asm.bytes(), true);
    machine.run();
    expect(machine.hart.x[a0]).toBe(500_500);
  });

  it('report a fault inside a block at the faulting instruction', () => {
    const { a0, t0 } = Reg;
    const asm = new RvAssembler()
      .li(a0, 5)
      .addi(a0, a0, 1)
      .li(t0, 0x0800_0000)
      .lw(a0, t0, 0)
      .addi(a0, a0, 1)
      .ecall();
    const { interpreted, compiled } = runBoth(asm.bytes(), 1000);
    expect(compiled).toEqual(interpreted);
    expect(compiled.mepc).toBe(CODE_ADDRESS + 16);
  });

  it('agree with the interpreter on random programs', () => {
    const OPCODES = [0x03, 0x13, 0x17, 0x23, 0x33, 0x37, 0x63, 0x6f, 0x67];
    const word = fc.oneof(
      fc
        .tuple(fc.constantFrom(...OPCODES), fc.integer({ min: 0, max: 0x1ff_ffff }))
        .map(([opcode, fields]) => ((fields << 7) | opcode) >>> 0),
      fc.integer({ min: 0, max: 0xffff_ffff }).map((value) => (value & ~0x0003_0000) >>> 0),
    );
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 48 }),
        fc.array(fc.integer({ min: 0, max: 0x7ff }), { minLength: 31, maxLength: 31 }),
        (words, offsets) => {
          const code = new Uint8Array(words.length * 4);
          const view = new DataView(code.buffer);
          words.forEach((value, index) => {
            view.setUint32(index * 4, value, true);
          });
          // Registers point into the data area, so loads and stores mostly hit RAM.
          const setup = (machine: RvMachine): void => {
            offsets.forEach((offset, index) => {
              machine.hart.x[index + 1] = DATA_ADDRESS + offset * 4;
            });
          };
          const { interpreted, compiled } = runBoth(code, 20_000, setup);
          if (interpreted.stoppedBy !== NO_TRAP) expect(compiled).toEqual(interpreted);
        },
      ),
      { numRuns: 300, seed: 0x5eed },
    );
  });
});
