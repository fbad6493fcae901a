// The Cortex-M userspace boundary running hand-assembled processes under Tock's MPU driver:
// syscalls decoded from `svc`, return values in r0-r3, upcall frames, faults with CFSR bits,
// interrupts and preemption giving the kernel control back.
import { ErrorCode } from '@tock-ts/hil';
import { ReturnVariant, SyscallClass, YieldCall } from '@tock-ts/kernel';
import { describe, expect, it } from 'vitest';
import { Cfsr, CoreVariant, ExceptionNumber } from './silicon/architecture.js';
import { SysTickSchedulerTimer } from './systick-scheduler-timer.js';
import { createProcessMachine, PROCESS_LAYOUT } from './testing/process-machine.js';
import { ThumbAssembler } from './testing/thumb-assembler.js';

const RAM_BASE = PROCESS_LAYOUT.ramBase;
const VARIANTS = [CoreVariant.CortexM0Plus, CoreVariant.CortexM4] as const;

/** A board-like setup: one process built from `build`, at the process flash address. */
function setup(variant: CoreVariant, build: (assembler: ThumbAssembler) => void) {
  const assembler = new ThumbAssembler(PROCESS_LAYOUT.processFlash);
  build(assembler);
  const machine = createProcessMachine(variant, assembler.bytes());
  expect(machine.state.psp).toBe(machine.appBreak - 32);
  return { ...machine, assembler };
}

describe.each(VARIANTS)('CortexMUserspaceKernelBoundary on %s', (variant) => {
  it('runs a process through command, yield, an upcall and exit', () => {
    const { boundary, state, memoryStart, appBreak, assembler } = setup(variant, (a) =>
      a
        .label('start')
        .mov(8, 0) // r8 = first argument of the init call
        .movs(0, 3)
        .movs(1, 1)
        .movs(2, 5)
        .movs(3, 6)
        .svc(2) // command(3, 1, 5, 6)
        .mov(4, 0)
        .mov(5, 1)
        .movs(0, 1)
        .svc(0) // yield-wait
        .movs(0, 0)
        .movs(1, 9)
        .svc(6) // exit-terminate(9)
        .label('upcall')
        .mov(6, 0)
        .mov(7, 3)
        .bx(14),
    );
    const start = assembler.addressOf('start');
    expect(
      boundary.setProcessFunction(memoryStart, appBreak, state, {
        pc: start,
        argument0: 0x1234,
        argument1: memoryStart,
        argument2: 0x1000,
        argument3: appBreak,
      }),
    ).toBe(true);

    const command = boundary.switchToProcess(memoryStart, appBreak, state);
    expect(command).toEqual({
      kind: 'SyscallFired',
      syscall: { class: SyscallClass.Command, driverNumber: 3, subdriverNumber: 1, arg0: 5, arg1: 6 },
    });
    expect(state.yieldPc).toBe(start + 12);
    expect(
      boundary.setSyscallReturnValue(memoryStart, appBreak, state, {
        variant: ReturnVariant.SuccessU32,
        v0: 42,
      }),
    ).toBe(true);

    const yieldCall = boundary.switchToProcess(memoryStart, appBreak, state);
    expect(yieldCall).toEqual({
      kind: 'SyscallFired',
      syscall: { class: SyscallClass.Yield, which: YieldCall.Wait, paramA: 42, paramB: 5 }, // r1, r2 as left
    });
    expect([state.registers[0], state.registers[1], state.registers[4]]).toEqual([129, 42, 0x1234]);

    const upcall = assembler.addressOf('upcall');
    boundary.setProcessFunction(memoryStart, appBreak, state, {
      pc: upcall,
      argument0: 7,
      argument1: 8,
      argument2: 9,
      argument3: 10,
    });
    const exit = boundary.switchToProcess(memoryStart, appBreak, state);
    expect(exit).toEqual({
      kind: 'SyscallFired',
      syscall: { class: SyscallClass.Exit, which: 0, completionCode: 9 },
    });
    expect([state.registers[2], state.registers[3]]).toEqual([7, 10]);
    expect(state.psp).toBe(appBreak - 32);
    expect(boundary.printContext(memoryStart, appBreak, state)).toContain('YPC : 0x');
  });

  it('reports a store outside the process memory as a fault with the MPU status', () => {
    const { boundary, state, memoryStart, appBreak, assembler, ram } = setup(variant, (a) =>
      a.label('start').loadStore('str', 0, 1, 0).svc(0),
    );
    ram[0] = 0x5a;
    boundary.setProcessFunction(memoryStart, appBreak, state, {
      pc: assembler.addressOf('start'),
      argument0: 0xdead_beef,
      argument1: RAM_BASE,
      argument2: 0,
      argument3: 0,
    });
    expect(boundary.switchToProcess(memoryStart, appBreak, state)).toEqual({ kind: 'Fault' });
    expect(ram[0]).toBe(0x5a);
    const fault = state.fault;
    expect(fault?.cfsrBits).toBe(Cfsr.DACCVIOL | Cfsr.MMARVALID);
    expect(fault?.address).toBe(RAM_BASE);
    if (variant === CoreVariant.CortexM4) {
      expect(fault?.exception).toBe(ExceptionNumber.HardFault); // MemManage is not enabled: escalated
      expect(fault?.cfsr).toBe(Cfsr.DACCVIOL | Cfsr.MMARVALID);
      expect(fault?.mmfar).toBe(RAM_BASE);
    } else {
      expect(fault?.exception).toBe(ExceptionNumber.HardFault);
      expect(fault?.cfsr).toBe(0); // no CFSR on ARMv6-M
    }
  });

  it('faults undecodable syscalls and stacks outside the process memory', () => {
    const bad = setup(variant, (a) => a.label('start').svc(0xff));
    bad.boundary.setProcessFunction(bad.memoryStart, bad.appBreak, bad.state, {
      pc: bad.assembler.addressOf('start'),
      argument0: 0,
      argument1: 0,
      argument2: 0,
      argument3: 0,
    });
    expect(bad.boundary.switchToProcess(bad.memoryStart, bad.appBreak, bad.state)).toEqual({ kind: 'Fault' });
    const outside = setup(variant, (a) => a.label('start').svc(0));
    outside.state.psp = outside.appBreak;
    expect(outside.boundary.switchToProcess(outside.memoryStart, outside.appBreak, outside.state)).toEqual({
      kind: 'Fault',
    });
    expect(
      outside.boundary.setSyscallReturnValue(outside.memoryStart, outside.appBreak, outside.state, {
        variant: ReturnVariant.Failure,
        error: ErrorCode.FAIL,
      }),
    ).toBe(false);
  });

  it('preempts a process that never traps after the run budget, and resumes it', () => {
    const { chip, boundary, state, memoryStart, appBreak, assembler } = setup(variant, (a) =>
      a.label('start').movs(0, 0).label('loop').addsImmediate8(0, 1).b('loop'),
    );
    boundary.setProcessFunction(memoryStart, appBreak, state, {
      pc: assembler.addressOf('start'),
      argument0: 0,
      argument1: 0,
      argument2: 0,
      argument3: 0,
    });
    expect(boundary.switchToProcess(memoryStart, appBreak, state)).toEqual({ kind: 'Interrupted' });
    expect(chip.clock.nowNanos).toBeGreaterThanOrEqual(1_000_000);
    expect(state.psp).toBe(appBreak - 32);
    const counted = chip.core.memory.read(state.psp, 4);
    expect(counted).toBeGreaterThan(1000);
    expect(boundary.switchToProcess(memoryStart, appBreak, state)).toEqual({ kind: 'Interrupted' });
    expect(chip.core.memory.read(state.psp, 4)).toBeGreaterThan(counted);
  });

  it('returns Interrupted for a peripheral interrupt, masked and left pending as generic_isr does', () => {
    const { chip, boundary, state, memoryStart, appBreak, assembler } = setup(variant, (a) =>
      a.label('start').label('loop').b('loop'),
    );
    chip.core.exceptions.setEnabled(16 + 3, true);
    const line = chip.interruptLine(3);
    chip.clock.schedule(5_000, () => line.raise());
    boundary.setProcessFunction(memoryStart, appBreak, state, {
      pc: assembler.addressOf('start'),
      argument0: 0,
      argument1: 0,
      argument2: 0,
      argument3: 0,
    });
    expect(boundary.switchToProcess(memoryStart, appBreak, state)).toEqual({ kind: 'Interrupted' });
    expect(chip.clock.nowNanos).toBeLessThan(10_000);
    expect(chip.core.exceptions.enabled[16 + 3]).toBe(0);
    expect(chip.core.exceptions.pending[16 + 3]).toBe(1);
    expect(chip.core.ipsr).toBe(0);
    expect(chip.core.privileged).toBe(true);
  });

  it('the SysTick scheduler timer ends a timeslice', () => {
    const { chip, boundary, state, memoryStart, appBreak, assembler } = setup(variant, (a) =>
      a.label('start').label('loop').b('loop'),
    );
    const timer = new SysTickSchedulerTimer(chip.core.memory);
    expect(timer.hertz).toBe(64_000_000);
    timer.start(100);
    timer.arm();
    expect(timer.getRemainingUs()).toBe(100);
    boundary.setProcessFunction(memoryStart, appBreak, state, {
      pc: assembler.addressOf('start'),
      argument0: 0,
      argument1: 0,
      argument2: 0,
      argument3: 0,
    });
    expect(boundary.switchToProcess(memoryStart, appBreak, state)).toEqual({ kind: 'Interrupted' });
    expect(chip.clock.nowNanos).toBeGreaterThanOrEqual(100_000);
    expect(chip.clock.nowNanos).toBeLessThan(110_000);
    expect(timer.getRemainingUs()).toBeUndefined();
    timer.reset();
  });
});
