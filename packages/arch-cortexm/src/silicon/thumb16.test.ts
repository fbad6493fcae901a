// 16-bit Thumb instructions executed on both cores: results, flags, memory, branches.
import { describe, expect, it } from 'vitest';
import { ThumbAssembler } from '../testing/thumb-assembler.js';
import {
  CODE_ADDRESS,
  createThumbMachine,
  DATA_ADDRESS,
  END,
  type ThumbMachine,
} from '../testing/thumb-machine.js';
import { CoreVariant } from './architecture.js';

/** Every core, interpreted and with compiled blocks. */
const CONFIGURATIONS = [
  [CoreVariant.CortexM0Plus, true],
  [CoreVariant.CortexM0Plus, false],
  [CoreVariant.CortexM4, true],
  [CoreVariant.CortexM4, false],
] as const;

/** Assembles `body` followed by BKPT #END, sets registers, runs to the end. */
function executeProgram(
  variant: CoreVariant,
  body: (assembler: ThumbAssembler) => void,
  registers: Readonly<Record<number, number>> = {},
  compileBlocks = true,
): ThumbMachine {
  const assembler = new ThumbAssembler(CODE_ADDRESS);
  body(assembler);
  assembler.bkpt(END);
  const machine = createThumbMachine(variant, assembler.bytes(), {}, compileBlocks);
  for (const [register, value] of Object.entries(registers)) machine.core.regs[Number(register)] = value;
  expect(machine.run()).toBe(END);
  return machine;
}

function flags(machine: ThumbMachine): string {
  const core = machine.core;
  return `${core.n ? 'N' : '-'}${core.z ? 'Z' : '-'}${core.c ? 'C' : '-'}${core.v ? 'V' : '-'}`;
}

describe.each(CONFIGURATIONS)('16-bit instructions on %s (compiled blocks: %s)', (variant, compileBlocks) => {
  const execute = (
    core: CoreVariant,
    body: (assembler: ThumbAssembler) => void,
    registers: Readonly<Record<number, number>> = {},
  ): ThumbMachine => executeProgram(core, body, registers, compileBlocks);

  it('ADDS sets carry and overflow', () => {
    const machine = execute(variant, (a) => a.adds(0, 1, 2), { 1: 0x7fff_ffff, 2: 1 });
    expect(machine.core.regs[0]).toBe(0x8000_0000);
    expect(flags(machine)).toBe('N--V');
    const carry = execute(variant, (a) => a.adds(0, 1, 2), { 1: 0xffff_ffff, 2: 1 });
    expect(carry.core.regs[0]).toBe(0);
    expect(flags(carry)).toBe('-ZC-');
  });

  it('SUBS / CMP set borrow as NOT carry', () => {
    const machine = execute(variant, (a) => a.subs(0, 1, 2), { 1: 3, 2: 5 });
    expect(machine.core.regs[0]).toBe(0xffff_fffe);
    expect(flags(machine)).toBe('N---');
    const equal = execute(variant, (a) => a.movs(3, 7).cmp(3, 7));
    expect(flags(equal)).toBe('-ZC-');
  });

  it('shifts by immediate and register produce the carry out', () => {
    const lsl = execute(variant, (a) => a.shiftImmediate(0, 0, 1, 1), { 1: 0x8000_0001 });
    expect(lsl.core.regs[0]).toBe(2);
    expect(flags(lsl)).toBe('--C-');
    const asr = execute(variant, (a) => a.shiftImmediate(2, 0, 1, 0), { 1: 0x8000_0000 });
    expect(asr.core.regs[0]).toBe(0xffff_ffff);
    expect(flags(asr)).toBe('N-C-');
    // RORS r0, r1 (data processing opcode 7) by 36 = rotate by 4.
    const ror = execute(variant, (a) => a.dataProcessing(7, 0, 1), { 0: 0x1234_5678, 1: 36 });
    expect(ror.core.regs[0]).toBe(0x8123_4567);
    expect(flags(ror)).toBe('N-C-');
    // LSRS r0, r1 by 33: result 0, carry 0.
    const lsr = execute(variant, (a) => a.dataProcessing(3, 0, 1), { 0: 0xffff_ffff, 1: 33 });
    expect(lsr.core.regs[0]).toBe(0);
    expect(flags(lsr)).toBe('-Z--');
  });

  it('ADCS, SBCS, RSBS, MULS, BICS, MVNS', () => {
    const machine = execute(
      variant,
      (a) =>
        a
          .movs(0, 0)
          .subsImmediate8(0, 1) // r0 = -1, C = 0
          .movs(1, 5)
          .movs(2, 3)
          .dataProcessing(5, 1, 2) // ADCS r1, r2: 5 + 3 + 0 = 8
          .movs(3, 10)
          .movs(4, 4)
          .dataProcessing(6, 3, 4) // SBCS r3, r4: 10 - 4 - (1 - C=1 from ADCS? no: C = 0) = 5
          .movs(5, 9)
          .dataProcessing(9, 5, 5) // RSBS r5, r5, #0 = -9
          .movs(6, 7)
          .dataProcessing(13, 6, 2) // MULS r6, r2 = 21
          .dataProcessing(15, 7, 2), // MVNS r7, r2 = ~3
      { 7: 0 },
    );
    const r = machine.core.regs;
    expect(r[0]).toBe(0xffff_ffff);
    expect(r[1]).toBe(8);
    expect(r[3]).toBe(5);
    expect(r[5]).toBe(0xffff_fff7);
    expect(r[6]).toBe(21);
    expect(r[7]).toBe(0xffff_fffc);
  });

  it('loads and stores words, halfwords and bytes, signed and unsigned', () => {
    const machine = execute(
      variant,
      (a) =>
        a
          .loadStore('str', 1, 0, 4)
          .loadStore('ldr', 2, 0, 4)
          .loadStore('ldrh', 3, 0, 6)
          .loadStore('ldrb', 4, 0, 7)
          .movs(5, 7)
          .loadStoreRegister(3, 6, 0, 5) // LDRSB r6, [r0, r5]
          .movs(5, 6)
          .loadStoreRegister(7, 7, 0, 5) // LDRSH r7, [r0, r5]
          .loadStore('strb', 1, 0, 0)
          .loadStore('strh', 1, 0, 2),
      { 0: DATA_ADDRESS, 1: 0x8899_aabb },
    );
    const r = machine.core.regs;
    expect(r[2]).toBe(0x8899_aabb);
    expect(r[3]).toBe(0x8899);
    expect(r[4]).toBe(0x88);
    expect(r[6]).toBe(0xffff_ff88);
    expect(r[7]).toBe(0xffff_8899);
    expect(machine.readWord(DATA_ADDRESS)).toBe(0xaabb_00bb);
  });

  it('PUSH/POP and STMIA/LDMIA move registers through memory', () => {
    const machine = execute(
      variant,
      (a) => a.push([1, 2, 14]).movs(1, 0).movs(2, 0).pop([3, 4, 5]).stmia(0, [3, 4]).ldmia(6, [1, 2]),
      { 0: DATA_ADDRESS, 1: 11, 2: 22, 6: DATA_ADDRESS, 14: 0x1234 },
    );
    const r = machine.core.regs;
    expect([r[3], r[4], r[5]]).toEqual([11, 22, 0x1234]);
    expect([r[1], r[2]]).toEqual([11, 22]);
    expect(r[0]).toBe(DATA_ADDRESS + 8);
    expect(r[6]).toBe(DATA_ADDRESS + 8);
    expect(r[13]).toBe(0x2001_0000);
  });

  it('branches: conditional loop, BL/BX return, POP {pc}', () => {
    const machine = execute(variant, (a) =>
      a
        .movs(0, 0)
        .movs(1, 5)
        .label('loop')
        .addsImmediate8(0, 3)
        .subsImmediate8(1, 1)
        .bcond(1, 'loop') // BNE
        .bl('function')
        .b('done')
        .label('function')
        .push([14])
        .addsImmediate8(0, 100)
        .pop([15])
        .label('done'),
    );
    expect(machine.core.regs[0]).toBe(115);
    expect(machine.core.regs[1]).toBe(0);
  });

  it('REV, REV16, REVSH, SXTB, UXTH', () => {
    const machine = execute(
      variant,
      (a) => a.hw(0xba08).hw(0xba4a).hw(0xbacb).hw(0xb24c).hw(0xb28d), // rev r0,r1; rev16 r2,r1; revsh r3,r1; sxtb r4,r1; uxth r5,r1
      { 1: 0x1234_56f8 },
    );
    const r = machine.core.regs;
    expect(r[0]).toBe(0xf856_3412);
    expect(r[2]).toBe(0x3412_f856);
    expect(r[3]).toBe(0xffff_f856);
    expect(r[4]).toBe(0xffff_fff8);
    expect(r[5]).toBe(0x56f8);
  });

  it('MOV and ADD with the PC read the instruction address + 4', () => {
    const machine = execute(variant, (a) => a.mov(0, 15).movs(1, 0).addHigh(1, 15));
    expect(machine.core.regs[0]).toBe(CODE_ADDRESS + 4);
    expect(machine.core.regs[1]).toBe(CODE_ADDRESS + 4 + 4);
  });

  it('MRS/MSR move PRIMASK and CPSID/CPSIE set it', () => {
    const machine = execute(variant, (a) =>
      a.cpsid().mrs(0, 16).cpsie().mrs(1, 16).movs(2, 1).msr(16, 2).mrs(3, 16),
    );
    expect([machine.core.regs[0], machine.core.regs[1], machine.core.regs[3]]).toEqual([1, 0, 1]);
  });
});

const execute = executeProgram;

describe('ARMv7-M-only 16-bit encodings', () => {
  it('CBZ/CBNZ and IT blocks run on the Cortex-M4', () => {
    const machine = execute(CoreVariant.CortexM4, (a) =>
      a
        .movs(0, 0)
        .cbz(0, 'zero')
        .movs(1, 99)
        .label('zero')
        .cmp(0, 0)
        .it(0, 0b1100) // ITE EQ
        .hw(0x2207) // moveq r2, #7 (no flags inside IT)
        .hw(0x2209) // movne r2, #9
        .cbnz(2, 'end')
        .movs(3, 1)
        .label('end'),
    );
    expect(machine.core.regs[1]).toBe(0);
    expect(machine.core.regs[2]).toBe(7);
    expect(machine.core.regs[3]).toBe(0);
    expect(machine.core.z).toBe(1);
  });

  it('CBZ is UNDEFINED on the Cortex-M0+: HardFault', () => {
    const assembler = new ThumbAssembler(CODE_ADDRESS)
      .movs(0, 0)
      .cbz(0, 'next')
      .nop()
      .label('next')
      .bkpt(END);
    const machine = createThumbMachine(CoreVariant.CortexM0Plus, assembler.bytes());
    expect(machine.run()).toBe(3);
  });
});
