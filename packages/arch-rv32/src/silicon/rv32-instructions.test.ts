// Instruction tests: RV32I arithmetic, shifts, compares, branches and jumps, loads and stores
// (sign extension, misaligned), the M extension's edge cases, A (LR/SC, AMOs) and x0.
import { describe, expect, it } from 'vitest';
import { Reg, RvAssembler } from '../testing/rv-assembler.js';
import { CODE_ADDRESS, createRvMachine, DATA_ADDRESS } from '../testing/rv-machine.js';
import { ExceptionCause } from './architecture.js';

const { a0, a1, a2, t0, t1 } = Reg;

/** Runs `a0 = op(a1, a2)` with the given operands; returns a0. */
function binary(emit: (asm: RvAssembler) => void, left: number, right: number): number {
  const asm = new RvAssembler().li(a1, left).li(a2, right);
  emit(asm);
  const machine = createRvMachine(asm.ecall().bytes());
  expect(machine.run()).toBe(ExceptionCause.MachineEnvCall);
  return machine.hart.x[a0] ?? -1;
}

describe('RV32I', () => {
  it('adds, subtracts and wraps at 32 bits', () => {
    expect(binary((asm) => asm.add(a0, a1, a2), 0xffff_ffff, 2)).toBe(1);
    expect(binary((asm) => asm.sub(a0, a1, a2), 1, 2)).toBe(0xffff_ffff);
    expect(binary((asm) => asm.addi(a0, a1, -2048), 0, 0)).toBe(0xffff_f800);
  });

  it('compares signed and unsigned', () => {
    expect(binary((asm) => asm.op(0, 2, a0, a1, a2), 0xffff_ffff, 1)).toBe(1); // SLT -1 < 1
    expect(binary((asm) => asm.op(0, 3, a0, a1, a2), 0xffff_ffff, 1)).toBe(0); // SLTU
    expect(binary((asm) => asm.opImm(3, a0, a1, -1), 5, 0)).toBe(1); // SLTIU against 0xffffffff
  });

  it('shifts logically and arithmetically, using only five bits of the amount', () => {
    expect(binary((asm) => asm.op(0, 1, a0, a1, a2), 1, 33)).toBe(2); // SLL
    expect(binary((asm) => asm.op(0, 5, a0, a1, a2), 0x8000_0000, 31)).toBe(1); // SRL
    expect(binary((asm) => asm.op(0x20, 5, a0, a1, a2), 0x8000_0000, 4)).toBe(0xf800_0000); // SRA
    expect(binary((asm) => asm.opImm(5, a0, a1, 0x400 | 8), 0x8000_0000, 0)).toBe(0xff80_0000); // SRAI
  });

  it('builds constants with LUI and AUIPC', () => {
    const machine = createRvMachine(new RvAssembler().lui(a0, 0xabcde).auipc(a1, 1).ecall().bytes());
    machine.run();
    expect(machine.hart.x[a0]).toBe(0xabcd_e000);
    expect(machine.hart.x[a1]).toBe(CODE_ADDRESS + 4 + 0x1000);
  });

  it('never writes x0', () => {
    const machine = createRvMachine(new RvAssembler().li(0, 1234).add(a0, 0, 0).ecall().bytes());
    machine.run();
    expect(machine.hart.x[0]).toBe(0);
    expect(machine.hart.x[a0]).toBe(0);
  });

  it('takes and skips branches, links jumps', () => {
    const asm = new RvAssembler()
      .li(a1, -1)
      .li(a2, 1)
      .li(a0, 0)
      .branch(4, a1, a2, 'less') // BLT taken
      .addi(a0, a0, 100)
      .label('less')
      .branch(6, a1, a2, 'never') // BLTU not taken (0xffffffff >= 1)
      .addi(a0, a0, 1)
      .jal(Reg.ra, 'function')
      .addi(a0, a0, 10)
      .ecall()
      .label('never')
      .addi(a0, a0, 1000)
      .ecall()
      .label('function')
      .addi(a0, a0, 5)
      .jalr(0, Reg.ra, 0);
    const machine = createRvMachine(asm.bytes());
    expect(machine.run()).toBe(ExceptionCause.MachineEnvCall);
    expect(machine.hart.x[a0]).toBe(16);
  });

  it('loads with sign and zero extension and stores bytes and halfwords', () => {
    const asm = new RvAssembler()
      .li(t0, DATA_ADDRESS)
      .li(t1, 0x8081_f0f1)
      .sw(t1, t0, 0)
      .load(0, a0, t0, 0) // LB 0xf1
      .load(4, a1, t0, 0) // LBU
      .load(1, a2, t0, 2) // LH 0x8081
      .load(5, Reg.a3, t0, 2) // LHU
      .store(0, t1, t0, 4)
      .store(1, t1, t0, 6)
      .ecall();
    const machine = createRvMachine(asm.bytes());
    machine.run();
    const x = machine.hart.x;
    expect([x[a0], x[a1], x[a2], x[Reg.a3]]).toEqual([0xffff_fff1, 0xf1, 0xffff_8081, 0x8081]);
    expect(machine.readWord(DATA_ADDRESS + 4)).toBe(0xf0f1_00f1);
  });

  it('completes misaligned loads and stores, as QEMU virt does', () => {
    const asm = new RvAssembler()
      .li(t0, DATA_ADDRESS)
      .li(t1, 0x1122_3344)
      .sw(t1, t0, 1)
      .lw(a0, t0, 1)
      .load(1, a1, t0, 3)
      .ecall();
    const machine = createRvMachine(asm.bytes());
    expect(machine.run()).toBe(ExceptionCause.MachineEnvCall);
    expect(machine.hart.x[a0]).toBe(0x1122_3344);
    expect(machine.hart.x[a1]).toBe(0x1122);
    expect(machine.readWord(DATA_ADDRESS)).toBe(0x2233_4400);
  });

  it('follows code written at run time (the decode cache is invalidated)', () => {
    // Overwrites the instruction at `patched` (addi a0, a0, 1) with addi a0, a0, 7, after running it once.
    const asm = new RvAssembler()
      .li(a0, 0)
      .li(a2, 2)
      .label('loop')
      .label('patched')
      .addi(a0, a0, 1)
      .addi(a2, a2, -1)
      .beq(a2, 0, 'done')
      .li(t0, CODE_ADDRESS + 8)
      .li(t1, 0x0075_0513) // addi a0, a0, 7
      .sw(t1, t0, 0)
      .jal(0, 'loop')
      .label('done')
      .ecall();
    const machine = createRvMachine(asm.bytes());
    expect(machine.run()).toBe(ExceptionCause.MachineEnvCall);
    expect(machine.hart.x[a0]).toBe(8);
  });
});

describe('RV32M', () => {
  const mul = (funct3: number, left: number, right: number): number =>
    binary((asm) => asm.op(1, funct3, a0, a1, a2), left, right);

  it('multiplies, with all three high-half forms', () => {
    expect(mul(0, 0xffff_ffff, 0xffff_ffff)).toBe(1);
    expect(mul(1, 0xffff_ffff, 0xffff_ffff)).toBe(0); // MULH -1 * -1
    expect(mul(3, 0xffff_ffff, 0xffff_ffff)).toBe(0xffff_fffe); // MULHU
    expect(mul(2, 0xffff_ffff, 0xffff_ffff)).toBe(0xffff_ffff); // MULHSU -1 * 0xffffffff
    expect(mul(1, 0x8000_0000, 0x8000_0000)).toBe(0x4000_0000);
    expect(mul(3, 0x1234_5678, 0x9abc_def0)).toBe(0x0b00_ea4e);
  });

  it('divides with the architected results for zero divisors and overflow', () => {
    expect(mul(4, 7, 0)).toBe(0xffff_ffff); // DIV by 0
    expect(mul(5, 7, 0)).toBe(0xffff_ffff); // DIVU by 0
    expect(mul(6, 7, 0)).toBe(7); // REM by 0
    expect(mul(7, 7, 0)).toBe(7); // REMU by 0
    expect(mul(4, 0x8000_0000, 0xffff_ffff)).toBe(0x8000_0000); // overflow
    expect(mul(6, 0x8000_0000, 0xffff_ffff)).toBe(0);
    expect(mul(4, 0xffff_fff9, 2)).toBe(0xffff_fffd); // -7 / 2 = -3 (toward zero)
    expect(mul(6, 0xffff_fff9, 2)).toBe(0xffff_ffff); // -7 % 2 = -1
    expect(mul(5, 0xffff_fff9, 2)).toBe(0x7fff_fffc);
  });
});

describe('RV32A', () => {
  it('pairs LR and SC, fails SC without a reservation, and applies AMOs', () => {
    const asm = new RvAssembler()
      .li(t0, DATA_ADDRESS)
      .li(t1, 5)
      .sw(t1, t0, 0)
      .amo(2, a0, t0, 0) // lr.w a0
      .li(t1, 9)
      .amo(3, a1, t0, t1) // sc.w a1 = 0
      .amo(3, a2, t0, t1) // sc.w a2 = 1 (reservation used up)
      .li(t1, -3)
      .amo(0x10, Reg.a3, t0, t1) // amomin: old 9, now -3
      .amo(0, Reg.a4, t0, t1) // amoadd: old -3, now -6
      .ecall();
    const machine = createRvMachine(asm.bytes());
    expect(machine.run()).toBe(ExceptionCause.MachineEnvCall);
    const x = machine.hart.x;
    expect([x[a0], x[a1], x[a2], x[Reg.a3], x[Reg.a4]]).toEqual([5, 0, 1, 9, 0xffff_fffd]);
    expect(machine.readWord(DATA_ADDRESS)).toBe(0xffff_fffa);
  });

  it('raises misaligned exceptions for LR and AMOs (load-misaligned, as QEMU 7.2)', () => {
    const lr = createRvMachine(
      new RvAssembler()
        .li(t0, DATA_ADDRESS + 2)
        .amo(2, a0, t0, 0)
        .bytes(),
    );
    expect(lr.run()).toBe(ExceptionCause.LoadMisaligned);
    expect(lr.hart.mtval).toBe(DATA_ADDRESS + 2);
    const amo = createRvMachine(
      new RvAssembler()
        .li(t0, DATA_ADDRESS + 1)
        .amo(1, a0, t0, 0)
        .bytes(),
    );
    expect(amo.run()).toBe(ExceptionCause.LoadMisaligned);
  });
});
