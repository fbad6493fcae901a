// The RISC-V userspace boundary on running machine code: ecall with the class in a4 and
// arguments in a0-a3, return values in a0-a3, upcalls (a0-a3, ra = the yield's return address),
// a PMP fault reported as Fault with upstream's trap report, undecodable syscalls, interrupts
// (masked for the bottom half) and the run budget.
import { ReturnVariant, SyscallClass, YieldCall } from '@tock-ts/kernel';
import { describe, expect, it } from 'vitest';
import { Csr, InterruptBit } from './silicon/architecture.js';
import { CLINT_BASE, ClintRegister } from './silicon/clint.js';
import { APP_FLASH_BASE, createProcessMachine } from './testing/process-machine.js';
import { Reg, RvAssembler } from './testing/rv-assembler.js';

const { a0, a1, a2, a3, a4, s1, ra, sp } = Reg;

/** command(2, 1, 5, 0); yield-wait; command(2, 9, s1, 0); where the upcall sums its arguments into s1. */
function syscallProgram(): Uint8Array {
  return new RvAssembler()
    .li(a0, 2)
    .li(a1, 1)
    .li(a2, 5)
    .li(a3, 0)
    .li(a4, SyscallClass.Command)
    .ecall()
    .addi(Reg.s0, a1, 0) // keep the returned value
    .li(a0, YieldCall.Wait)
    .li(a4, SyscallClass.Yield)
    .label('yield')
    .ecall()
    .li(a0, 2)
    .li(a1, 9)
    .addi(a2, s1, 0)
    .li(a4, SyscallClass.Command)
    .ecall()
    .label('spin')
    .jal(0, 'spin')
    .label('upcall')
    .add(s1, a0, a1)
    .add(s1, s1, a2)
    .add(s1, s1, a3)
    .jalr(0, ra, 0)
    .bytes();
}

describe('RiscvUserspaceKernelBoundary', () => {
  it('starts with sp = memory start and decodes ecalls by a4 with a0-a3', () => {
    const rig = createProcessMachine();
    const process = rig.loadProcess(syscallProgram());
    expect(process.state.regs[sp - 1]).toBe(process.memory.start);
    expect(rig.boundary.processStackPointer(process.state)).toBe(process.memory.start);
    const first = rig.switchTo(process);
    expect(first).toEqual({
      kind: 'SyscallFired',
      syscall: { class: SyscallClass.Command, driverNumber: 2, subdriverNumber: 1, arg0: 5, arg1: 0 },
    });
    expect(process.state.pc).toBe(APP_FLASH_BASE + 24); // after the ecall
    expect(process.state.mcause).toBe(8);
  });

  it('returns values in a0-a3 and runs upcalls that return to the yield', () => {
    const rig = createProcessMachine();
    const process = rig.loadProcess(syscallProgram());
    const { memory, appBreak, state } = process;
    rig.switchTo(process);
    rig.boundary.setSyscallReturnValue(memory.start, appBreak, state, {
      variant: ReturnVariant.SuccessU32,
      v0: 42,
    });
    const yielded = rig.switchTo(process);
    expect(yielded).toMatchObject({
      kind: 'SyscallFired',
      syscall: { class: SyscallClass.Yield, which: YieldCall.Wait },
    });
    expect(state.regs[Reg.s0 - 1]).toBe(42);
    const upcallAddress = APP_FLASH_BASE + syscallProgram().length - 16;
    const yieldReturn = state.pc;
    rig.boundary.setProcessFunction(memory.start, appBreak, state, {
      pc: upcallAddress,
      argument0: 1,
      argument1: 20,
      argument2: 300,
      argument3: 4000,
    });
    expect(state.regs[ra - 1]).toBe(yieldReturn);
    const reported = rig.switchTo(process);
    expect(reported).toMatchObject({
      kind: 'SyscallFired',
      syscall: { class: SyscallClass.Command, subdriverNumber: 9, arg0: 4321 },
    });
  });

  it('reports a store outside the process RAM as a Fault with the trap report', () => {
    const rig = createProcessMachine();
    const code = new RvAssembler().li(Reg.t0, 0x8000_0100).sw(a0, Reg.t0, 0).bytes();
    const process = rig.loadProcess(code);
    const kernelWord = rig.machine.ram[0x100];
    expect(rig.switchTo(process)).toEqual({ kind: 'Fault' });
    expect(rig.machine.ram[0x100]).toBe(kernelWord);
    const report = rig.boundary.printContext(process.memory.start, process.appBreak, process.state);
    expect(report).toContain(`\r\n PC : 0x${(APP_FLASH_BASE + 8).toString(16).toUpperCase()}`);
    expect(report).toContain('\r\n mcause: 0x00000007 (Store/AMO access fault)\r\n mtval:  0x80000100\r\n');
    expect(report).toContain('\r\n R5 : 0x80000100    R21: 0x00000000');
  });

  it('faults a process that fetches outside its flash region or reads the kernel', () => {
    const rig = createProcessMachine();
    const jump = rig.loadProcess(new RvAssembler().li(Reg.t0, 0x8000_0000).jalr(0, Reg.t0, 0).bytes());
    expect(rig.switchTo(jump)).toEqual({ kind: 'Fault' });
    expect(jump.state.mcause).toBe(1);
    const read = rig.loadProcess(new RvAssembler().li(Reg.t0, 0x8000_2000).lw(a0, Reg.t0, 0).bytes());
    expect(rig.switchTo(read)).toEqual({ kind: 'Fault' });
    expect(read.state.mcause).toBe(5);
  });

  it('faults an undecodable syscall (class 9, or yield number 3), as upstream', () => {
    const rig = createProcessMachine();
    const badClass = rig.loadProcess(new RvAssembler().li(a4, 9).ecall().bytes());
    expect(rig.switchTo(badClass)).toEqual({ kind: 'Fault' });
    const badYield = rig.loadProcess(new RvAssembler().li(a0, 3).li(a4, 0).ecall().bytes());
    expect(rig.switchTo(badYield)).toEqual({ kind: 'Fault' });
  });

  it('stops a process that never traps when the run budget is spent', () => {
    const rig = createProcessMachine({ runBudgetNanos: 1_000_000 });
    const process = rig.loadProcess(new RvAssembler().label('spin').addi(a1, a1, 1).jal(0, 'spin').bytes());
    const before = rig.machine.clock.nowNanos;
    expect(rig.switchTo(process)).toEqual({ kind: 'Interrupted' });
    expect(rig.machine.clock.nowNanos - before).toBeGreaterThanOrEqual(1_000_000);
    expect(process.state.pc === APP_FLASH_BASE || process.state.pc === APP_FLASH_BASE + 4).toBe(true);
    expect(process.state.regs[a1 - 1]).toBeGreaterThan(1000);
  });

  it('reports an interrupt as Interrupted and lets the chip mask its source', () => {
    const masked: number[] = [];
    const rig = createProcessMachine({
      disableInterruptFromApp: (mcause) => {
        masked.push(mcause);
        rig.hart.writeCsr(Csr.mie, 0);
      },
    });
    const process = rig.loadProcess(new RvAssembler().label('spin').jal(0, 'spin').bytes());
    rig.hart.writeCsr(Csr.mie, InterruptBit.MTI);
    const mtime = rig.machine.chipCore.clint.mtime();
    rig.machine.memory.write(CLINT_BASE + ClintRegister.MTIMECMP_HIGH, 4, 0);
    rig.machine.memory.write(CLINT_BASE + ClintRegister.MTIMECMP_LOW, 4, mtime + 100);
    expect(rig.switchTo(process)).toEqual({ kind: 'Interrupted' });
    expect(masked).toEqual([0x8000_0007]);
    expect(process.state.mcause).toBe(0x8000_0007);
    expect(rig.machine.chipCore.clint.mtime()).toBeGreaterThanOrEqual(mtime + 100);
  });

  it('masks the interrupt in mie when the chip gives no hook, so the process can run again', () => {
    const rig = createProcessMachine();
    const process = rig.loadProcess(new RvAssembler().label('spin').jal(0, 'spin').bytes());
    rig.hart.writeCsr(Csr.mie, InterruptBit.MSI | InterruptBit.MEI);
    rig.machine.memory.write(CLINT_BASE, 4, 1); // msip
    expect(rig.switchTo(process)).toEqual({ kind: 'Interrupted' });
    expect(rig.hart.mie).toBe(InterruptBit.MEI);
    rig.boundary.runBudgetNanos = 10_000;
    expect(rig.switchTo(process)).toEqual({ kind: 'Interrupted' });
    expect(process.state.mcause).toBe(0x8000_0003); // no new trap: stopped by the budget
    expect(process.state.pc).toBe(APP_FLASH_BASE);
  });

  it('shows the PMP configuration as upstream describes it', () => {
    const rig = createProcessMachine();
    const process = rig.loadProcess(new RvAssembler().ecall().bytes());
    const text = rig.mpu.describeConfig(process.config);
    expect(text).toContain(
      ' PMPUserMPUConfig {\r\n  id: 1,\r\n  is_dirty: true,\r\n  app_memory_region: Some(0),\r\n',
    );
    expect(text).toContain(`     #00: start=0x80200000, end=0x80201000, cfg=0x0B (TOR) (-rw-)\r\n`);
    expect(text).toContain(`     #01: start=0x80100000, end=0x80101000, cfg=0x0D (TOR) (-r-x)\r\n`);
    expect(text).toContain(`     #02: start=0x00000000, end=0x00000000, cfg=0x00 (OFF) (----)\r\n`);
  });
});
