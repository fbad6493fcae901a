// Trap and CSR behaviour of the hart: mcause/mepc/mtval and the mstatus stack on entry, MRET,
// direct and vectored mtvec, interrupt priority and masking, WFI, CSR privilege and read-only
// rules, counters and user-mode restrictions.
import { describe, expect, it } from 'vitest';
import { Reg, RvAssembler } from '../testing/rv-assembler.js';
import { CODE_ADDRESS, createRvMachine, TRAP_VECTOR } from '../testing/rv-machine.js';
import { Csr, ExceptionCause, InterruptBit, MCAUSE_INTERRUPT, Mstatus, Privilege } from './architecture.js';
import { RunExit } from './rv32-hart.js';

const { a0, t0 } = Reg;

describe('exceptions', () => {
  it('saves mepc, mcause and mtval and stacks MIE into MPIE with MPP = M', () => {
    const machine = createRvMachine(new RvAssembler().word(0xffff_ffff).bytes());
    machine.hart.mstatus = Mstatus.MIE;
    expect(machine.run()).toBe(ExceptionCause.IllegalInstruction);
    const hart = machine.hart;
    expect(hart.mepc).toBe(CODE_ADDRESS);
    expect(hart.mtval).toBe(0xffff_ffff);
    expect(hart.mstatus & (Mstatus.MIE | Mstatus.MPIE | Mstatus.MPP_MASK)).toBe(
      Mstatus.MPIE | Mstatus.MPP_MASK,
    );
    expect(hart.pc).toBe(TRAP_VECTOR);
  });

  it('returns with MRET to the privilege in MPP, restoring MIE', () => {
    const asm = new RvAssembler()
      .li(t0, CODE_ADDRESS + 0x100)
      .csrw(Csr.mepc, t0)
      .mret();
    const code = new Uint8Array(0x104);
    code.set(asm.bytes());
    code.set(new RvAssembler().ecall().bytes(), 0x100);
    const machine = createRvMachine(code);
    machine.hart.mstatus = Mstatus.MPIE; // MPP = U
    machine.hart.pmp.writeAddress(0, 0xffff_ffff);
    machine.hart.pmp.writeConfig(0, 0x1f); // user mode may run anywhere
    expect(machine.run()).toBe(ExceptionCause.UserEnvCall);
    expect(machine.hart.mstatus & Mstatus.MPIE).toBe(Mstatus.MPIE);
    expect(machine.hart.mepc).toBe(CODE_ADDRESS + 0x100);
    expect(machine.hart.mstatus & Mstatus.MPP_MASK).toBe(0); // trapped from U
  });

  it('reports ebreak with mtval 0 and ecall by privilege', () => {
    const machine = createRvMachine(new RvAssembler().ebreak().bytes());
    expect(machine.run()).toBe(ExceptionCause.Breakpoint);
    expect(machine.hart.mtval).toBe(0);
  });

  it('raises access faults with the address for unmapped loads, stores and fetches', () => {
    const load = createRvMachine(new RvAssembler().li(t0, 0x0800_0000).lw(a0, t0, 8).bytes());
    expect(load.run()).toBe(ExceptionCause.LoadAccessFault);
    expect(load.hart.mtval).toBe(0x0800_0008);
    const store = createRvMachine(new RvAssembler().li(t0, 0x0800_0000).sw(a0, t0, 4).bytes());
    expect(store.run()).toBe(ExceptionCause.StoreAccessFault);
    const fetch = createRvMachine(new RvAssembler().li(t0, 0x0800_0000).jalr(0, t0, 0).bytes());
    expect(fetch.run()).toBe(ExceptionCause.InstructionAccessFault);
    expect(fetch.hart.mtval).toBe(0x0800_0000);
    expect(fetch.hart.mepc).toBe(0x0800_0000);
  });
});

describe('illegal 32-bit encodings', () => {
  const ILLEGAL: ReadonlyArray<readonly [number, string]> = [
    [0x0000_0000, 'all zeros'],
    [0x0200_1013, 'SLLI with funct7 = 1'],
    [0x2000_5013, 'SRLI with funct7 = 0x10'],
    [0x0000_3003, 'LD (RV64)'],
    [0x0000_6003, 'LWU (RV64)'],
    [0x0000_3023, 'SD (RV64)'],
    [0x0000_2063, 'branch funct3 2'],
    [0x0000_1067, 'JALR funct3 1'],
    [0x0000_200f, 'MISC-MEM funct3 2'],
    [0x0000_4073, 'SYSTEM funct3 4'],
    [0x1020_0073, 'SRET (no S-mode)'],
    [0x1200_0073, 'SFENCE.VMA (no S-mode)'],
    [0x0010_0173, 'EBREAK with rd set'],
    [0x1015_202f, 'LR.W with rs2 set'],
    [0x0000_302f, 'AMO funct3 3 (RV64)'],
    [0x2800_202f, 'AMO funct5 0x0a'],
    [0x0400_0033, 'OP funct7 2'],
    [0x4000_1033, 'SLL with funct7 0x20'],
    [0x0000_0007, 'FLW (no F)'],
    [0x0000_0053, 'OP-FP (no F)'],
    [0x0000_001b, 'OP-IMM-32 (RV64)'],
  ];
  it.each(ILLEGAL)('%i (%s) raises an illegal instruction with its bits in mtval', (word) => {
    const machine = createRvMachine(new RvAssembler().word(word).bytes());
    expect(machine.run()).toBe(ExceptionCause.IllegalInstruction);
    expect(machine.hart.mtval).toBe(word);
    expect(machine.hart.mepc).toBe(CODE_ADDRESS);
  });

  it('accepts FENCE with any fields and FENCE.I as no-ops', () => {
    const machine = createRvMachine(new RvAssembler().word(0x8330_000f).word(0x0000_100f).ecall().bytes());
    expect(machine.run()).toBe(ExceptionCause.MachineEnvCall);
  });
});

describe('CSRs', () => {
  it('swaps, sets and clears, and leaves read-only CSRs alone when rs1 is x0', () => {
    const asm = new RvAssembler()
      .li(t0, 0xf0)
      .csr(1, a0, Csr.mscratch, t0) // csrrw: a0 = 0
      .csr(6, Reg.a1, Csr.mscratch, 0x0f) // csrrsi: a1 = 0xf0, now 0xff
      .csr(7, Reg.a2, Csr.mscratch, 0x03) // csrrci: a2 = 0xff, now 0xfc
      .csrr(Reg.a3, Csr.mscratch)
      .csr(2, Reg.a4, Csr.mhartid, 0) // csrrs x0: a read of a read-only CSR is fine
      .ecall();
    const machine = createRvMachine(asm.bytes());
    expect(machine.run()).toBe(ExceptionCause.MachineEnvCall);
    const x = machine.hart.x;
    expect([x[a0], x[Reg.a1], x[Reg.a2], x[Reg.a3], x[Reg.a4]]).toEqual([0, 0xf0, 0xff, 0xfc, 0]);
  });

  it('makes writes to read-only CSRs and unknown CSRs illegal, with the instruction as mtval', () => {
    const machine = createRvMachine(new RvAssembler().csr(5, 0, Csr.mhartid, 1).bytes());
    expect(machine.run()).toBe(ExceptionCause.IllegalInstruction);
    expect(machine.hart.mtval).toBe(0xf140_d073);
    const unknown = createRvMachine(new RvAssembler().csrr(a0, 0x7c0).bytes());
    expect(unknown.run()).toBe(ExceptionCause.IllegalInstruction);
  });

  it('counts cycles and retired instructions, and lets machine mode write them', () => {
    const asm = new RvAssembler()
      .csrr(a0, Csr.minstret)
      .addi(0, 0, 0)
      .addi(0, 0, 0)
      .csrr(Reg.a1, Csr.minstret)
      .csrw(Csr.mcycle, 0)
      .csrr(Reg.a2, Csr.mcycle)
      .ecall();
    const machine = createRvMachine(asm.bytes());
    machine.run();
    const x = machine.hart.x;
    expect((x[Reg.a1] ?? 0) - (x[a0] ?? 0)).toBe(3);
    expect(x[Reg.a2]).toBeLessThan(4);
  });

  it('reads mtime through the time CSR and holds misa = RV32IMACU', () => {
    const machine = createRvMachine(
      new RvAssembler().csrr(a0, Csr.time).csrr(Reg.a1, Csr.misa).ecall().bytes(),
    );
    machine.hart.cycles = 1_000_000; // 10 ms at 100 MHz
    machine.run();
    expect(machine.hart.x[a0]).toBe(100_000);
    expect(machine.hart.x[Reg.a1]).toBe(0x4010_1105);
  });
});

describe('interrupts', () => {
  it('takes enabled interrupts in machine mode only with MIE, MEI before MSI before MTI', () => {
    const machine = createRvMachine(new RvAssembler().addi(0, 0, 0).ecall().bytes());
    const hart = machine.hart;
    hart.mie = InterruptBit.MSI | InterruptBit.MTI | InterruptBit.MEI;
    hart.setInterruptPending(InterruptBit.MTI, true);
    hart.setInterruptPending(InterruptBit.MSI, true);
    expect(machine.run()).toBe(ExceptionCause.MachineEnvCall); // MIE clear: nothing taken
    hart.pc = CODE_ADDRESS;
    hart.mstatus = Mstatus.MIE;
    expect(machine.run()).toBe((MCAUSE_INTERRUPT | 3) >>> 0);
    expect(hart.mepc).toBe(CODE_ADDRESS);
    hart.setInterruptPending(InterruptBit.MEI, true);
    hart.mstatus = Mstatus.MIE;
    expect(machine.run()).toBe((MCAUSE_INTERRUPT | 11) >>> 0);
  });

  it('vectors interrupts to base + 4 * cause when mtvec mode is 1, exceptions to the base', () => {
    const machine = createRvMachine(new RvAssembler().ecall().bytes());
    const hart = machine.hart;
    hart.mtvec = TRAP_VECTOR | 1;
    hart.mie = InterruptBit.MTI;
    hart.mstatus = Mstatus.MIE;
    hart.setInterruptPending(InterruptBit.MTI, true);
    expect(machine.run()).toBe((MCAUSE_INTERRUPT | 7) >>> 0);
    expect(hart.pc).toBe(TRAP_VECTOR + 28);
    hart.setInterruptPending(InterruptBit.MTI, false);
    hart.pc = CODE_ADDRESS;
    expect(machine.run()).toBe(ExceptionCause.MachineEnvCall);
    expect(hart.pc).toBe(TRAP_VECTOR);
  });

  it('always takes enabled interrupts in user mode, even with MIE clear', () => {
    const machine = createRvMachine(new RvAssembler().addi(0, 0, 0).bytes());
    const hart = machine.hart;
    hart.privilege = Privilege.User;
    hart.pmp.writeAddress(0, 0xffff_ffff);
    hart.pmp.writeConfig(0, 0x1f); // NAPOT everything, RWX
    hart.mie = InterruptBit.MEI;
    hart.setInterruptPending(InterruptBit.MEI, true);
    expect(machine.run()).toBe((MCAUSE_INTERRUPT | 11) >>> 0);
    expect(hart.mstatus & Mstatus.MPP_MASK).toBe(0);
  });

  it('sleeps in WFI until an enabled interrupt is pending, and wakes without MIE', () => {
    const machine = createRvMachine(new RvAssembler().wfi().ecall().bytes());
    const hart = machine.hart;
    hart.mie = InterruptBit.MTI;
    expect(hart.run(hart.cycles + 1000)).toBe(RunExit.Sleep);
    expect(hart.run(hart.cycles + 1000)).toBe(RunExit.Sleep);
    hart.setInterruptPending(InterruptBit.MTI, true);
    expect(machine.run()).toBe(ExceptionCause.MachineEnvCall);
  });
});

describe('user mode', () => {
  function userMachine(code: Uint8Array) {
    const machine = createRvMachine(code);
    machine.hart.privilege = Privilege.User;
    machine.hart.pmp.writeAddress(0, 0xffff_ffff);
    machine.hart.pmp.writeConfig(0, 0x1f);
    return machine;
  }

  it('cannot touch machine CSRs, MRET or WFI', () => {
    for (const code of [
      new RvAssembler().csrr(a0, Csr.mstatus),
      new RvAssembler().mret(),
      new RvAssembler().wfi(),
    ]) {
      expect(userMachine(code.bytes()).run()).toBe(ExceptionCause.IllegalInstruction);
    }
  });

  it('reads cycle, time and instret only when mcounteren allows', () => {
    const denied = userMachine(new RvAssembler().csrr(a0, Csr.cycle).bytes());
    expect(denied.run()).toBe(ExceptionCause.IllegalInstruction);
    const allowed = userMachine(new RvAssembler().csrr(a0, Csr.time).ecall().bytes());
    allowed.hart.mcounteren = 2;
    expect(allowed.run()).toBe(ExceptionCause.UserEnvCall);
  });
});
