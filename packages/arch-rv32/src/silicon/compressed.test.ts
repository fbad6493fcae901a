// RV32C: every compressed form expands to the 32-bit instruction GNU as assembles for the same
// operation (pairs recorded with riscv64-unknown-elf-as and objdump), reserved and F/D encodings
// are illegal, and compressed code runs with 2-byte PC steps and links.
import { describe, expect, it } from 'vitest';
import { Reg, RvAssembler } from '../testing/rv-assembler.js';
import { CODE_ADDRESS, createRvMachine } from '../testing/rv-machine.js';
import { ExceptionCause } from './architecture.js';
import { expandCompressed, ILLEGAL } from './compressed.js';

/** [compressed, 32-bit equivalent, mnemonic]. */
const EXPANSIONS: ReadonlyArray<readonly [number, number, string]> = [
  [0x1fe0, 0x3fc10413, 'c.addi4spn s0,sp,1020'],
  [0x5d7c, 0x07c52783, 'c.lw a5,124(a0)'],
  [0xc0b8, 0x04e4a023, 'c.sw a4,64(s1)'],
  [0x0001, 0x00000013, 'c.addi zero,0'],
  [0x1501, 0xfe050513, 'c.addi a0,-32'],
  [0x2ffd, 0x7fe000ef, 'c.jal 808'],
  [0x52fd, 0xfff00293, 'c.li t0,-1'],
  [0x7101, 0xe0010113, 'c.addi16sp sp,-512'],
  [0x7685, 0xfffe16b7, 'c.lui a3,0xfffe1'],
  [0x80fd, 0x01f4d493, 'c.srli s1,0x1f'],
  [0x8785, 0x4017d793, 'c.srai a5,0x1'],
  [0x9865, 0xff947413, 'c.andi s0,-7'],
  [0x8d0d, 0x40b50533, 'c.sub a0,a1'],
  [0x8e35, 0x00d64633, 'c.xor a2,a3'],
  [0x8f5d, 0x00f76733, 'c.or a4,a5'],
  [0x8c65, 0x00947433, 'c.and s0,s1'],
  [0xb001, 0x801ff06f, 'c.j fffff820'],
  [0xd181, 0xf00580e3, 'c.beqz a1,ffffff22'],
  [0xec7d, 0x0e041f63, 'c.bnez s0,122'],
  [0x0fc6, 0x011f9f93, 'c.slli t6,0x11'],
  [0x50fe, 0x0fc12083, 'c.lwsp ra,252(sp)'],
  [0x8282, 0x00028067, 'c.jr t0'],
  [0x857e, 0x01f00533, 'c.mv a0,t6'],
  [0x9002, 0x00100073, 'c.ebreak'],
  [0x9882, 0x000880e7, 'c.jalr a7'],
  [0x917a, 0x01e10133, 'c.add sp,t5'],
  [0xdf6e, 0x0bb12e23, 'c.swsp s11,188(sp)'],
];

const ILLEGAL_ENCODINGS: ReadonlyArray<readonly [number, string]> = [
  [0x0000, 'c.unimp (all zeros)'],
  [0x0004, 'c.addi4spn with a zero immediate'],
  [0x6081, 'c.lui with a zero immediate'],
  [0x6101, 'c.addi16sp with a zero immediate'],
  [0x4002, 'c.lwsp to x0'],
  [0x8002, 'c.jr x0'],
  [0x6000, 'c.flw'],
  [0xa000, 'c.fsd'],
  [0x2002, 'c.fldsp'],
  [0x9001, 'c.srli with shamt[5] set'],
  [0x1002, 'c.slli with shamt[5] set'],
  [0x9c01, 'c.subw (RV64)'],
  [0x8001 | 0x1000 | (1 << 10), 'c.srai with shamt[5] set'],
];

describe('compressed expansion', () => {
  it.each(EXPANSIONS)('%i expands to %i (%s)', (compressed, expanded) => {
    expect(expandCompressed(compressed)).toBe(expanded);
  });

  it.each(ILLEGAL_ENCODINGS)('%i is illegal (%s)', (compressed) => {
    expect(expandCompressed(compressed)).toBe(ILLEGAL);
  });
});

describe('compressed execution', () => {
  it('steps the PC by 2 and links to the next halfword', () => {
    const asm = new RvAssembler()
      .half(0x4505) // c.li a0, 1
      .half(0x0505) // c.addi a0, 1
      .half(0x2011) // c.jal +4 (skips the next c.addi)
      .half(0x0505) // c.addi a0, 1 (skipped)
      .half(0x0509) // c.addi a0, 2
      .ecall();
    const machine = createRvMachine(asm.bytes());
    expect(machine.run()).toBe(ExceptionCause.MachineEnvCall);
    expect(machine.hart.x[Reg.a0]).toBe(4);
    expect(machine.hart.x[Reg.ra]).toBe(CODE_ADDRESS + 6);
    expect(machine.hart.mepc).toBe(CODE_ADDRESS + 10);
  });

  it('reports an illegal compressed instruction with its 16 bits as mtval', () => {
    const machine = createRvMachine(new RvAssembler().half(0x6081).bytes());
    expect(machine.run()).toBe(ExceptionCause.IllegalInstruction);
    expect(machine.hart.mtval).toBe(0x6081);
    expect(machine.hart.mepc).toBe(CODE_ADDRESS);
  });
});
