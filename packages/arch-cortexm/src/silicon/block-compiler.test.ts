// Compiled blocks keep the interpreter's semantics at their edges: code written at run time is
// re-translated, a fault inside a block reports the faulting instruction, and a loop compiled
// into one function still stops at the run limit with exact instruction counts.
import { describe, expect, it } from 'vitest';
import { ThumbAssembler } from '../testing/thumb-assembler.js';
import {
  CODE_ADDRESS,
  createThumbMachine,
  DATA_ADDRESS,
  END,
  NOT_STOPPED,
  STACK_TOP,
} from '../testing/thumb-machine.js';
import { CoreVariant, ExceptionNumber } from './architecture.js';

describe('compiled blocks', () => {
  it('re-translates code that the program overwrites', () => {
    // The loop body adds 1 to r0; after the first pass the program patches that instruction to ADDS r0, #5.
    const assembler = new ThumbAssembler(CODE_ADDRESS)
      .movs(0, 0)
      .movs(2, 2)
      .label('loop')
      .label('patched')
      .addsImmediate8(0, 1)
      .addsImmediate8(0, 0)
      .subsImmediate8(2, 1)
      .loadStore('strh', 3, 4, 0) // overwrite 'patched' with r3 = ADDS r0, #5
      .cmp(2, 0)
      .bcond(1, 'loop')
      .bkpt(END);
    const machine = createThumbMachine(CoreVariant.CortexM0Plus, assembler.bytes());
    machine.core.regs[3] = 0x3005;
    machine.core.regs[4] = assembler.addressOf('patched');
    expect(machine.run()).toBe(END);
    expect(machine.core.regs[0]).toBe(1 + 5);
  });

  it('re-translates code the host rewrote directly once told to', () => {
    const assembler = new ThumbAssembler(CODE_ADDRESS).movs(0, 1).movs(1, 2).bkpt(END);
    const machine = createThumbMachine(CoreVariant.CortexM4, assembler.bytes());
    expect(machine.run()).toBe(END);
    expect(machine.core.regs[0]).toBe(1);
    // The host replaces MOVS r0, #1 with MOVS r0, #9 in the byte array, then resets.
    machine.ram[CODE_ADDRESS - 0x2000_0000] = 9;
    machine.core.invalidateCode(CODE_ADDRESS, 2);
    machine.chip.reset();
    expect(machine.run()).toBe(END);
    expect(machine.core.regs[0]).toBe(9);
  });

  it('steps the rest of an IT block when a translated block leaves inside it', () => {
    // An interrupt handler that starts with TST LR / ITE EQ / MRSEQ / MRSNE: entered from the run
    // loop, the block leaves after the first IT member and the loop must step the second.
    const assembler = new ThumbAssembler(CODE_ADDRESS)
      .loadStore('str', 0, 2, 0) // ISER0 = IRQ0
      .loadStore('str', 0, 1, 0) // ISPR0 = IRQ0: taken between instructions
      .nop()
      .label('handler')
      .wide(0xf01e, 0x0f04) // tst.w lr, #4
      .hw(0xbf0c) // ite eq
      .wide(0xf3ef, 0x8008) // mrseq r0, msp
      .wide(0xf3ef, 0x8009) // mrsne r0, psp
      .bkpt(END);
    const handler = assembler.addressOf('handler');
    for (const compileBlocks of [true, false]) {
      const machine = createThumbMachine(
        CoreVariant.CortexM4,
        assembler.bytes(),
        { 16: handler },
        compileBlocks,
      );
      machine.core.processStackPointer = 0x1234_5670;
      Object.assign(machine.core.regs, { 0: 1, 1: 0xe000_e200, 2: 0xe000_e100 });
      expect(machine.run()).toBe(END);
      expect(machine.core.regs[0]).toBe(STACK_TOP - 32);
    }
  });

  it('reports the faulting instruction inside a block as the stacked PC', () => {
    const assembler = new ThumbAssembler(CODE_ADDRESS)
      .movs(0, 1)
      .movs(1, 2)
      .loadStore('ldr', 2, 3, 0) // faults: r3 points at nothing
      .movs(4, 4)
      .bkpt(END);
    const machine = createThumbMachine(CoreVariant.CortexM4, assembler.bytes());
    machine.core.regs[3] = 0x6000_0000;
    expect(machine.run()).toBe(ExceptionNumber.HardFault);
    expect(machine.readWord(STACK_TOP - 8)).toBe(CODE_ADDRESS + 4);
    expect([machine.core.regs[0], machine.core.regs[1], machine.core.regs[4]]).toEqual([1, 2, 0]);
  });

  it('stops a compiled loop at the run limit and counts every instruction', () => {
    const assembler = new ThumbAssembler(CODE_ADDRESS)
      .movs(0, 0)
      .label('loop')
      .addsImmediate8(0, 1)
      .b('loop');
    const compiled = createThumbMachine(CoreVariant.CortexM0Plus, assembler.bytes(), {}, true);
    const interpreted = createThumbMachine(CoreVariant.CortexM0Plus, assembler.bytes(), {}, false);
    for (const machine of [compiled, interpreted]) {
      expect(machine.run(1000)).toBe(NOT_STOPPED);
    }
    expect(compiled.core.regs[0]).toBe(interpreted.core.regs[0]);
    expect(compiled.core.instructions).toBe(interpreted.core.instructions);
    expect(compiled.core.cycles).toBe(interpreted.core.cycles);
    expect(compiled.core.regs[0]).toBeGreaterThan(200);
  });

  it('writes the same memory as the interpreter for a store-heavy block', () => {
    const build = () =>
      new ThumbAssembler(CODE_ADDRESS)
        .push([4, 5, 6, 14])
        .stmia(0, [1, 2, 3])
        .loadStore('strb', 1, 0, 1)
        .loadStore('strh', 2, 0, 6)
        .pop([4, 5, 6])
        .bkpt(END)
        .bytes();
    const results = [true, false].map((compile) => {
      const machine = createThumbMachine(CoreVariant.CortexM4, build(), {}, compile);
      Object.assign(machine.core.regs, { 0: DATA_ADDRESS, 1: 0x1111_1111, 2: 0x2222_2222, 3: 0x3333_3333 });
      machine.core.regs[4] = 4;
      machine.core.regs[5] = 5;
      machine.core.regs[6] = 6;
      machine.core.regs[14] = 14;
      expect(machine.run()).toBe(END);
      return [
        machine.readWord(DATA_ADDRESS),
        machine.readWord(DATA_ADDRESS + 4),
        machine.readWord(DATA_ADDRESS + 8),
        ...machine.core.regs.subarray(0, 15),
      ];
    });
    expect(results[0]).toEqual(results[1]);
  });
});
