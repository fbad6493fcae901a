// The exception model on both cores: stacking and EXC_RETURN, MSP/PSP and CONTROL, priorities,
// preemption and tail of interrupts, masks, SysTick, fault status registers, escalation, lockup.
import { describe, expect, it } from 'vitest';
import { ThumbAssembler } from '../testing/thumb-assembler.js';
import {
  CODE_ADDRESS,
  createThumbMachine,
  DATA_ADDRESS,
  END,
  NOT_STOPPED,
  STACK_TOP,
  type ThumbMachine,
} from '../testing/thumb-machine.js';
import { Cfsr, CoreVariant, ExceptionNumber, Hfsr } from './architecture.js';
import { RunExit } from './cortexm-core.js';

const VARIANTS = [CoreVariant.CortexM0Plus, CoreVariant.CortexM4] as const;
const ISPR = 0xe000_e200;
const ISER = 0xe000_e100;
const IPR = 0xe000_e400;

/** Builds code with handlers: `handlers` maps exception numbers to labels in the same code. */
function machineWith(
  variant: CoreVariant,
  build: (assembler: ThumbAssembler) => void,
  handlerLabels: Readonly<Record<number, string>> = {},
  registers: Readonly<Record<number, number>> = {},
): ThumbMachine {
  const assembler = new ThumbAssembler(CODE_ADDRESS);
  build(assembler);
  const bytes = assembler.bytes();
  const handlers: Record<number, number> = {};
  for (const [exception, label] of Object.entries(handlerLabels))
    handlers[Number(exception)] = assembler.addressOf(label);
  const machine = createThumbMachine(variant, bytes, handlers);
  for (const [register, value] of Object.entries(registers)) machine.core.regs[Number(register)] = value;
  return machine;
}

describe.each(VARIANTS)('exceptions on %s', (variant) => {
  it('SVC stacks the 8-word frame on the MSP, sets EXC_RETURN and returns', () => {
    const machine = machineWith(
      variant,
      (a) =>
        a
          .movs(0, 10)
          .movs(1, 11)
          .movs(2, 12)
          .movs(3, 13)
          .svc(7)
          .addsImmediate8(0, 1) // runs after the handler returns
          .bkpt(END)
          .label('svc')
          .mrs(4, 5) // r4 = IPSR
          .mov(5, 14) // r5 = EXC_RETURN
          .mov(6, 13) // r6 = SP in the handler
          .movs(0, 99) // clobbered, restored by unstacking
          .bx(14),
      { [ExceptionNumber.SvCall]: 'svc' },
    );
    expect(machine.run()).toBe(END);
    const r = machine.core.regs;
    expect(r[4]).toBe(ExceptionNumber.SvCall);
    expect(r[5]).toBe(0xffff_fff9);
    expect(r[6]).toBe(STACK_TOP - 32);
    expect(machine.readWord(STACK_TOP - 32)).toBe(10);
    expect(machine.readWord(STACK_TOP - 20)).toBe(13);
    expect(machine.readWord(STACK_TOP - 8)).toBe(CODE_ADDRESS + 10); // stacked PC: after the svc
    expect(machine.readWord(STACK_TOP - 4) & 0x0100_0000).toBe(0x0100_0000); // Thumb bit
    expect(r[0]).toBe(11);
    expect(r[13]).toBe(STACK_TOP);
    expect(machine.core.ipsr).toBe(0);
  });

  it('unprivileged Thread mode on the PSP: frame on the PSP, EXC_RETURN 0xFFFFFFFD, 8-byte realignment', () => {
    const psp = DATA_ADDRESS + 0x104; // not 8-byte aligned
    const machine = machineWith(
      variant,
      (a) =>
        a
          .msr(9, 7) // msr psp, r7
          .movs(0, 3)
          .msr(20, 0) // control = nPRIV | SPSEL
          .mrs(1, 20) // control as seen in Thread mode
          .svc(1)
          .mov(2, 13) // SP after return: the PSP again
          .mrs(3, 20)
          .bkpt(END)
          .label('svc')
          .mov(4, 14)
          .mrs(5, 9) // psp
          .mrs(6, 20) // control inside the handler
          .bx(14),
      { [ExceptionNumber.SvCall]: 'svc' },
      { 7: psp },
    );
    expect(machine.run()).toBe(END);
    const r = machine.core.regs;
    expect(r[1]).toBe(3);
    expect(r[4]).toBe(0xffff_fffd);
    const frame = (psp - 32) & ~7;
    expect(r[5]).toBe(frame);
    expect(machine.readWord(frame + 28) & (1 << 9)).toBe(1 << 9); // realigned: xPSR bit 9
    expect(r[6]).toBe(1); // nPRIV stays; SPSEL reads as zero in Handler mode (the handler uses the MSP)
    expect(r[2]).toBe(psp);
    expect(r[3]).toBe(3);
    expect(machine.core.privileged).toBe(false);
  });

  it('higher priority preempts (nested EXC_RETURN 0xFFFFFFF1), lower priority tail-follows', () => {
    // IRQ0 priority 0x80 pends IRQ1 (0x40, preempts) and IRQ2 (0xC0, waits). Order is logged at r7.
    const machine = machineWith(
      variant,
      (a) =>
        a
          .movs(0, 7)
          .loadStore('str', 0, 4, 0) // ISER0 = IRQ0..2
          .movs(0, 1)
          .loadStore('str', 0, 5, 0) // ISPR0 = IRQ0 pending
          .nop()
          .bkpt(END)
          .label('irq0')
          .push([14])
          .movs(0, 1)
          .loadStore('strb', 0, 7, 0)
          .addsImmediate8(7, 1)
          .movs(0, 6)
          .loadStore('str', 0, 5, 0) // pend IRQ1 and IRQ2
          .movs(0, 3)
          .loadStore('strb', 0, 7, 0)
          .addsImmediate8(7, 1)
          .pop([15])
          .label('irq1')
          .mov(8, 14) // r8 is not part of the stacked frame, so it survives the return
          .movs(0, 2)
          .loadStore('strb', 0, 7, 0)
          .addsImmediate8(7, 1)
          .bx(14)
          .label('irq2')
          .movs(0, 4)
          .loadStore('strb', 0, 7, 0)
          .addsImmediate8(7, 1)
          .bx(14),
      { 16: 'irq0', 17: 'irq1', 18: 'irq2' },
      { 4: ISER, 5: ISPR, 7: DATA_ADDRESS },
    );
    machine.core.exceptions.setPriority(16, 0x80);
    machine.core.exceptions.setPriority(17, 0x40);
    machine.core.exceptions.setPriority(18, 0xc0);
    expect(machine.run()).toBe(END);
    expect(
      Array.from(machine.ram.subarray(DATA_ADDRESS - 0x2000_0000, DATA_ADDRESS - 0x2000_0000 + 4)),
    ).toEqual([1, 2, 3, 4]);
    expect(machine.core.regs[8]).toBe(0xffff_fff1);
    expect(machine.core.exceptions.activeCount()).toBe(0);
  });

  it('PRIMASK holds an interrupt pending until CPSIE', () => {
    const machine = machineWith(
      variant,
      (a) =>
        a
          .cpsid()
          .movs(0, 1)
          .loadStore('str', 0, 4, 0)
          .loadStore('str', 0, 5, 0)
          .movs(6, 0) // still 0: masked
          .mov(1, 6)
          .cpsie()
          .nop()
          .bkpt(END)
          .label('irq0')
          .movs(6, 42)
          .bx(14),
      { 16: 'irq0' },
      { 4: ISER, 5: ISPR },
    );
    expect(machine.run()).toBe(END);
    expect(machine.core.regs[1]).toBe(0);
    expect(machine.core.regs[6]).toBe(42);
  });

  it('SysTick counts core cycles and fires its exception; WFI sleeps until it does', () => {
    const machine = machineWith(
      variant,
      (a) =>
        a
          .movs(0, 100)
          .loadStore('str', 0, 4, 4) // RVR = 100
          .movs(0, 0)
          .loadStore('str', 0, 4, 8) // CVR = 0
          .movs(0, 7)
          .loadStore('str', 0, 4, 0) // CSR = ENABLE | TICKINT | CLKSOURCE
          .label('wait')
          .wfi()
          .cmp(6, 3)
          .bcond(1, 'wait') // BNE
          .bkpt(END)
          .label('systick')
          .addsImmediate8(6, 1)
          .bx(14),
      { [ExceptionNumber.SysTick]: 'systick' },
      { 4: 0xe000_e010, 6: 0 },
    );
    const startCycles = machine.core.cycles;
    let stopped = NOT_STOPPED;
    for (let round = 0; round < 20 && stopped === NOT_STOPPED; round++) {
      stopped = machine.run();
      if (stopped === NOT_STOPPED) machine.chip.sleep();
    }
    expect(stopped).toBe(END);
    expect(machine.core.regs[6]).toBe(3);
    const elapsed = machine.core.cycles - startCycles;
    expect(elapsed).toBeGreaterThanOrEqual(3 * 101);
    expect(elapsed).toBeLessThan(4 * 101);
    expect(machine.chip.systemControl.read32(0x10) & (1 << 16)).toBe(1 << 16); // COUNTFLAG, cleared by the read
    expect(machine.chip.systemControl.read32(0x10) & (1 << 16)).toBe(0);
  });

  it('AIRCR.SYSRESETREQ resets the core and the chip hook runs', () => {
    // First pass: mark RAM and request a reset; second pass (after reset) sees the mark and stops.
    const machine = machineWith(variant, (a) =>
      a
        .ldrLiteral(5, 'data')
        .loadStore('ldr', 0, 5, 0)
        .cmp(0, 1)
        .bcond(0, 'again') // BEQ
        .movs(0, 1)
        .loadStore('str', 0, 5, 0)
        .ldrLiteral(4, 'aircr')
        .ldrLiteral(6, 'request')
        .movs(7, 7)
        .loadStore('str', 6, 4, 0) // AIRCR = VECTKEY | SYSRESETREQ
        .label('spin')
        .b('spin')
        .label('again')
        .bkpt(END)
        .align4()
        .label('data')
        .word(DATA_ADDRESS)
        .label('aircr')
        .word(0xe000_ed0c)
        .label('request')
        .word(0x05fa_0004),
    );
    let resets = 0;
    machine.chip.onSystemReset = () => {
      resets++;
    };
    expect(machine.run()).toBe(END);
    expect(resets).toBe(1);
    expect(machine.core.regs[7]).toBe(0); // registers were reset
  });

  it('a fault inside HardFault locks the core up', () => {
    const machine = machineWith(variant, (a) => a.udf(1).bkpt(END).label('hardfault').udf(2), {
      [ExceptionNumber.HardFault]: 'hardfault',
    });
    expect(machine.run()).toBe(NOT_STOPPED);
    expect(machine.core.locked).toBe(true);
    expect(machine.core.run(machine.core.cycles + 10)).toBe(RunExit.Lockup);
  });

  it('a vector table read that hits nothing sets HFSR.VECTTBL (ARMv7-M) and takes HardFault', () => {
    const machine = machineWith(variant, (a) => a.svc(0).bkpt(END));
    machine.core.vectorTable = 0x3000_0000;
    machine.run();
    expect(machine.core.lastFault?.hfsrBits).toBe(Hfsr.VECTTBL);
  });
});

describe('ARMv6-M vs ARMv7-M fault behaviour', () => {
  it('unaligned LDR: HardFault on the M0+, allowed on the M4, UNALIGNED with UNALIGN_TRP', () => {
    const build = (a: ThumbAssembler) => a.loadStore('ldr', 0, 1, 0).bkpt(END);
    const registers = { 1: DATA_ADDRESS + 1 };
    expect(machineWith(CoreVariant.CortexM0Plus, build, {}, registers).run()).toBe(ExceptionNumber.HardFault);
    const m4 = machineWith(CoreVariant.CortexM4, build, {}, registers);
    m4.writeWord(DATA_ADDRESS, 0x4433_2211);
    m4.writeWord(DATA_ADDRESS + 4, 0x8877_6655);
    expect(m4.run()).toBe(END);
    expect(m4.core.regs[0]).toBe(0x5544_3322);
    const trapping = machineWith(CoreVariant.CortexM4, build, {}, registers);
    trapping.core.ccr |= 1 << 3;
    expect(trapping.run()).toBe(ExceptionNumber.HardFault);
    expect(trapping.core.cfsr).toBe(Cfsr.UNALIGNED);
    expect(trapping.core.hfsr).toBe(Hfsr.FORCED);
  });

  it('unaligned LDM always faults on the M4', () => {
    const machine = machineWith(
      CoreVariant.CortexM4,
      (a) => a.ldmia(1, [2, 3]).bkpt(END),
      {},
      { 1: DATA_ADDRESS + 2 },
    );
    machine.core.shcsr |= 1 << 18;
    machine.core.exceptions.setEnabled(ExceptionNumber.UsageFault, true);
    expect(machine.run()).toBe(ExceptionNumber.UsageFault);
    expect(machine.core.cfsr).toBe(Cfsr.UNALIGNED);
  });

  it('a load from nothing is a precise BusFault with BFAR', () => {
    const machine = machineWith(
      CoreVariant.CortexM4,
      (a) => a.loadStore('ldr', 0, 1, 0).bkpt(END),
      {},
      { 1: 0x6000_0000 },
    );
    machine.core.shcsr |= 1 << 17;
    machine.core.exceptions.setEnabled(ExceptionNumber.BusFault, true);
    expect(machine.run()).toBe(ExceptionNumber.BusFault);
    expect(machine.core.cfsr).toBe(Cfsr.PRECISERR | Cfsr.BFARVALID);
    expect(machine.core.bfar).toBe(0x6000_0000);
    expect(machine.readWord(STACK_TOP - 8)).toBe(CODE_ADDRESS); // stacked PC: the faulting LDR
  });

  it('an invalid EXC_RETURN is INVPC', () => {
    const machine = machineWith(
      CoreVariant.CortexM4,
      (a) => a.svc(0).bkpt(END).label('svc').movs(0, 0).mvn(0).bx(0),
      { [ExceptionNumber.SvCall]: 'svc' },
    );
    expect(machine.run()).toBe(ExceptionNumber.HardFault);
    expect(machine.core.cfsr).toBe(Cfsr.INVPC);
  });

  it('SVC with PRIMASK set escalates to HardFault (FORCED)', () => {
    const machine = machineWith(CoreVariant.CortexM4, (a) => a.cpsid().svc(0).bkpt(END));
    expect(machine.run()).toBe(ExceptionNumber.HardFault);
    expect(machine.core.hfsr).toBe(Hfsr.FORCED);
  });

  it('unprivileged access to the System Control Space faults', () => {
    for (const variant of VARIANTS) {
      const machine = machineWith(
        variant,
        (a) => a.movs(0, 1).msr(20, 0).loadStore('ldr', 1, 2, 0).bkpt(END),
        {},
        { 2: 0xe000_ed00 },
      );
      expect(machine.run()).toBe(ExceptionNumber.HardFault);
    }
  });

  it('BASEPRI masks lower-priority interrupts on the M4', () => {
    const machine = machineWith(
      CoreVariant.CortexM4,
      (a) =>
        a
          .movs(0, 0x80)
          .msr(17, 0) // basepri = 0x80
          .movs(0, 1)
          .loadStore('str', 0, 4, 0)
          .loadStore('str', 0, 5, 0)
          .mov(1, 6)
          .movs(0, 0)
          .msr(17, 0)
          .nop()
          .bkpt(END)
          .label('irq0')
          .movs(6, 1)
          .bx(14),
      { 16: 'irq0' },
      { 4: ISER, 5: ISPR, 6: 0 },
    );
    machine.core.exceptions.setPriority(16, 0xa0);
    expect(machine.run()).toBe(END);
    expect(machine.core.regs[1]).toBe(0);
    expect(machine.core.regs[6]).toBe(1);
  });

  it('the MPU checks the second halfword of a 32-bit instruction that crosses into a no-execute block', () => {
    const assembler = new ThumbAssembler(CODE_ADDRESS);
    for (let index = 0; index < 15; index++) assembler.nop();
    assembler.movw(0, 1).bkpt(END); // MOVW at offset 30: its second halfword is in the next block
    for (const compileBlocks of [true, false]) {
      const machine = createThumbMachine(CoreVariant.CortexM4, assembler.bytes(), {}, compileBlocks);
      const mpu = machine.chip.mpu;
      if (mpu === undefined) throw new Error('no MPU');
      mpu.writeRegister(0x08, 0);
      mpu.writeRegister(0x0c, 0x2000_0000);
      mpu.writeRegister(0x10, (3 << 24) | (15 << 1) | 1); // 64 KiB RAM, full access, executable
      mpu.writeRegister(0x08, 1);
      mpu.writeRegister(0x0c, CODE_ADDRESS + 32);
      mpu.writeRegister(0x10, (1 << 28) | (3 << 24) | (4 << 1) | 1); // the next 32 bytes: execute-never
      mpu.writeRegister(0x04, 1);
      expect(machine.run()).toBe(ExceptionNumber.HardFault);
      expect(machine.core.cfsr).toBe(Cfsr.IACCVIOL);
      expect(machine.readWord(STACK_TOP - 8)).toBe(CODE_ADDRESS + 30);
      expect(machine.core.regs[0]).toBe(0);
    }
  });

  it('NVIC priority registers keep only implemented bits', () => {
    const m0 = machineWith(CoreVariant.CortexM0Plus, (a) => a.bkpt(END));
    m0.chip.systemControl.write32(IPR - 0xe000_e000, 0xffff_ffff);
    expect(m0.chip.systemControl.read32(IPR - 0xe000_e000)).toBe(0xc0c0_c0c0);
  });
});
