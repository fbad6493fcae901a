// The drivers composed into a minimal qemu_rv32_virt-style chip under the real kernel: the kernel
// creates a process (PMP regions through the user MPU over the MML ePMP), runs its RV32 machine
// code through the boundary, dispatches its syscalls to a driver, delivers an upcall, and ends it
// when it exits; interrupts taken while the kernel runs are masked and serviced as upstream's chip
// does.

import { ticks } from '@tock-ts/hil';
import {
  type Chip,
  CooperativeScheduler,
  Kernel,
  type KernelResources,
  mintCapabilities,
  NoSchedulerTimer,
  ProcessStandard,
  StopFaultPolicy,
  SyscallClass,
  YieldCall,
} from '@tock-ts/kernel';
import { FakeDriver, fakeProcessImage } from '@tock-ts/kernel/testing';
import { describe, expect, it } from 'vitest';
import { maskInterruptForBottomHalf } from './interrupt-masking.js';
import { MachineTimer } from './machine-timer.js';
import { PlicDriver } from './plic-driver.js';
import type { PmpUserMpuConfig } from './pmp-user-mpu.js';
import { readCsr, setCsrBits } from './ports.js';
import { Csr, InterruptBit } from './silicon/architecture.js';
import { VIRT_RAM_BASE } from './silicon/qemu-virt.js';
import { APP_FLASH_BASE, APP_RAM_BASE, createProcessMachine } from './testing/process-machine.js';
import { Reg, RvAssembler } from './testing/rv-assembler.js';
import type { RiscvStoredState } from './userspace-kernel-boundary.js';

const DRIVER = 0x99;
const HEADER = 0x40;
const UPCALL_OFFSET = 0x100;

function program(): Uint8Array {
  const { a0, a1, a2, a3, a4, s0, s1 } = Reg;
  const call = (asm: RvAssembler, klass: number, ...args: number[]): RvAssembler => {
    args.forEach((value, index) => {
      asm.li(a0 + index, value);
    });
    return asm.li(a4, klass).ecall();
  };
  const asm = new RvAssembler();
  call(asm, SyscallClass.Command, DRIVER, 1, 40, 2);
  asm.addi(s0, a1, 0);
  call(asm, SyscallClass.Subscribe, DRIVER, 0, APP_FLASH_BASE + HEADER + UPCALL_OFFSET, 0);
  call(asm, SyscallClass.Command, DRIVER, 2, 0, 7);
  call(asm, SyscallClass.Yield, YieldCall.Wait);
  asm.li(a0, DRIVER).li(a1, 1).addi(a2, s1, 0).addi(a3, s0, 0).li(a4, SyscallClass.Command).ecall();
  call(asm, SyscallClass.Exit, 0, 0);
  const code = new Uint8Array(HEADER + UPCALL_OFFSET + 8);
  code.set(asm.bytes(), HEADER);
  code.set(new RvAssembler().addi(s1, a0, 0).jalr(0, Reg.ra, 0).bytes(), HEADER + UPCALL_OFFSET);
  return code;
}

describe('the RISC-V drivers under the kernel', () => {
  it('run a process through syscalls, an upcall and exit', () => {
    const rig = createProcessMachine();
    const { machine, hart } = rig;
    const plic = new PlicDriver(machine.memory);
    const timer = new MachineTimer(machine.memory);
    plic.enableAll();
    hart.writeCsr(Csr.mie, InterruptBit.MEI | InterruptBit.MTI);
    /** The kernel-mode trap handler: mask what is pending and enabled, save PLIC sources. */
    const takeKernelInterrupts = (): void => {
      const pending = readCsr(hart, Csr.mip) & readCsr(hart, Csr.mie);
      for (const cause of [11, 3, 7])
        if ((pending & (1 << cause)) !== 0) maskInterruptForBottomHalf(hart, plic, cause);
    };
    const chip: Chip<PmpUserMpuConfig, RiscvStoredState> = {
      mpu: rig.mpu,
      userspaceKernelBoundary: rig.boundary,
      servicePendingInterrupts() {
        takeKernelInterrupts();
        if ((readCsr(hart, Csr.mip) & InterruptBit.MTI) !== 0) timer.handleInterrupt();
        for (
          let source = plic.getSavedInterrupts();
          source !== undefined;
          source = plic.getSavedInterrupts()
        ) {
          plic.complete(source);
        }
        setCsrBits(hart, Csr.mie, InterruptBit.MEI | InterruptBit.MTI);
      },
      hasPendingInterrupts() {
        takeKernelInterrupts();
        return (readCsr(hart, Csr.mip) & InterruptBit.MTI) !== 0 || plic.getSavedInterrupts() !== undefined;
      },
      sleep: () => machine.chipCore.sleep(),
      flash: {
        start: APP_FLASH_BASE,
        bytes: machine.ram.subarray(APP_FLASH_BASE - VIRT_RAM_BASE, APP_RAM_BASE - VIRT_RAM_BASE),
      },
      ram: { start: APP_RAM_BASE, bytes: machine.ram.subarray(APP_RAM_BASE - VIRT_RAM_BASE) },
    };
    machine.ram.set(program(), APP_FLASH_BASE - VIRT_RAM_BASE);

    const capabilities = mintCapabilities();
    const kernel = new Kernel(2);
    const driver = new FakeDriver(kernel, DRIVER, capabilities.memoryAllocation);
    const resources: KernelResources = {
      syscallDriverLookup: { withDriver: (number) => (number === DRIVER ? driver : undefined) },
      scheduler: new CooperativeScheduler(kernel),
      schedulerTimer: new NoSchedulerTimer(),
    };
    const created = ProcessStandard.create(
      kernel,
      chip,
      fakeProcessImage({
        flashStart: APP_FLASH_BASE,
        flashLength: 0x400,
        initFunctionOffset: HEADER,
        protectedSize: HEADER,
        minimumRamSize: 4096,
      }),
      { start: APP_RAM_BASE, length: 0x20_0000 },
      new StopFaultPolicy(),
      undefined,
      0,
    );
    if (!created.ok) throw new Error(`process creation failed: ${created.error.error.kind}`);
    const process = created.value.process;
    kernel.installProcess(process, capabilities.processManagement);
    // A timer interrupt falls due while the process runs: it must be masked and serviced.
    timer.setAlarm(timer.now(), ticks(20));
    kernel.runUntilIdle(resources, chip, undefined, 200, capabilities.mainLoop);

    expect(driver.log.map(({ commandNumber, arg0, arg1 }) => [commandNumber, arg0, arg1])).toEqual([
      [1, 40, 2],
      [2, 0, 7],
      [1, 7, 42],
    ]);
    expect(process.state.kind).toBe('Terminated');
    expect(timer.isArmed()).toBe(false);
    expect(readCsr(hart, Csr.mie)).toBe(InterruptBit.MEI | InterruptBit.MTI);
  });
});
