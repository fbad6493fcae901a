/**
 * End-to-end tests of process isolation on the Cortex-M4 model: Tock's MPU driver programs the MPU
 * for a process, unprivileged Thumb code runs on the core, breaks a rule, and the fault status the
 * SCB then holds is printed with Tock's fault report.
 */
import { Permissions } from '@tock-ts/kernel';
import { MemoryMap, SimulationClock } from '@tock-ts/silicon';
import { describe, expect, it } from 'vitest';
import { CortexMChipCore } from './cortexm-chip-core.js';
import { formatCortexMFaultStatus, formatProcessContext } from './fault-report.js';
import { CortexMMpu } from './mpu-driver.js';
import { CoreVariant } from './silicon/architecture.js';
import { RunExit } from './silicon/cortexm-core.js';

const FLASH_BASE = 0x00000000;
const RAM_BASE = 0x20000000;
const APP_CODE = 0x100;
const HARD_FAULT_HANDLER = 0x200;
const HARD_FAULT = 3;

// Thumb encodings of the instructions the tests use.
const MOVS_R0_0X55 = 0x2055;
const LDR_R1_PC_12 = 0x4903; // ldr r1, [pc, #12]
const LDR_R2_PC_12 = 0x4a03; // ldr r2, [pc, #12]
const STR_R0_R1 = 0x6008; // str r0, [r1]
const STR_R0_R2 = 0x6010; // str r0, [r2]
const UDF_0 = 0xde00;
const B_SELF = 0xe7fe;
const NOP = 0xbf00;

interface Machine {
  readonly chip: CortexMChipCore;
  readonly memory: MemoryMap;
}

/**
 * A Cortex-M4 with 1 KiB of flash holding the vector table, `code` at 0x100 and a HardFault handler,
 * and 64 KiB of RAM. The process gets the RAM block at 0x20004000 (4 KiB, app 1 KiB, kernel 1 KiB),
 * its break moved to 0x20004900, and flash [0, 0x400) read-execute; then it runs unprivileged on the
 * process stack at `processStack` until the HardFault.
 */
function runProcess(code: readonly number[], processStack: number): Machine {
  const flash = new Uint8Array(0x400);
  const flashView = new DataView(flash.buffer);
  flashView.setUint32(0, RAM_BASE + 0x10000, true);
  flashView.setUint32(4, (APP_CODE | 1) >>> 0, true);
  flashView.setUint32(HARD_FAULT * 4, (HARD_FAULT_HANDLER | 1) >>> 0, true);
  code.forEach((halfword, index) => {
    flashView.setUint16(APP_CODE + index * 2, halfword, true);
  });
  flashView.setUint16(HARD_FAULT_HANDLER, B_SELF, true);

  const memory = new MemoryMap();
  memory.addMemory('flash', FLASH_BASE, flash, false);
  memory.addMemory('ram', RAM_BASE, new Uint8Array(0x10000), true);
  const chip = new CortexMChipCore({
    variant: CoreVariant.CortexM4,
    memory,
    clock: new SimulationClock(),
    frequencyHz: 64_000_000,
    externalInterrupts: 32,
    initialVectorTable: FLASH_BASE,
  });
  const hardware = chip.mpu;
  if (hardware === undefined) throw new Error('the Cortex-M4 model has an MPU');
  const driver = new CortexMMpu({ registers: hardware, numberOfRegions: 8, minimumRegionSize: 32 });
  const config = driver.newConfig();
  if (config === undefined) throw new Error('no configuration');
  expect(
    driver.allocateAppMemoryRegion(0x20004000, 0x10000, 4096, 1024, 1024, Permissions.ReadWriteOnly, config),
  ).toEqual({ start: 0x20004000, size: 4096 });
  expect(driver.updateAppMemoryRegion(0x20004900, 0x20004c00, Permissions.ReadWriteOnly, config)).toBe(true);
  expect(driver.allocateRegion(FLASH_BASE, 0x400, 0x400, Permissions.ReadExecuteOnly, config)).toEqual({
    startAddress: FLASH_BASE,
    size: 0x400,
  });

  chip.reset();
  driver.configureMpu(config);
  driver.enableAppMpu();
  const core = chip.core;
  core.processStackPointer = processStack;
  core.writeControl(0b11); // nPRIV | SPSEL: unprivileged, on the process stack
  core.exceptionEntryHook = (exception) => exception === HARD_FAULT;
  expect(core.run(10_000)).toBe(RunExit.Stopped);
  return { chip, memory };
}

function faultStatus(memory: MemoryMap): string {
  return formatCortexMFaultStatus({
    cfsr: memory.read(0xe000ed28, 4),
    hfsr: memory.read(0xe000ed2c, 4),
    mmfar: memory.read(0xe000ed34, 4),
    bfar: memory.read(0xe000ed38, 4),
  });
}

describe('process faults on the Cortex-M4 model, reported as Tock does', () => {
  const storeBeyondBreak = [
    MOVS_R0_0X55,
    LDR_R1_PC_12,
    LDR_R2_PC_12,
    STR_R0_R1,
    STR_R0_R2,
    B_SELF,
    NOP,
    NOP,
    0x4100, // .word 0x20004100: inside the process window
    0x2000,
    0x4900, // .word 0x20004900: the app break
    0x2000,
  ];

  it('stores inside the window, faults at the app break, and prints the data access violation', () => {
    const { chip, memory } = runProcess(storeBeyondBreak, 0x20004800);
    expect(memory.read(0x20004100, 4)).toBe(0x55);
    expect(memory.read(0x20004900, 4)).toBe(0);
    expect(faultStatus(memory).split('\r\n')).toEqual([
      '',
      '---| Cortex-M Fault Status |---',
      'Data Access Violation:              true',
      'Forced Hard Fault:                  true',
      'Faulting Memory Address:            0x20004900',
      'Fault Status Register (CFSR):       0x00000082',
      'Hard Fault Status Register (HFSR):  0x40000000',
      '',
    ]);

    // The hardware frame went onto the process stack, inside the window: print_context reads it.
    const core = chip.core;
    const context = formatProcessContext(
      0x20004000,
      0x20004900,
      { registers: core.regs.subarray(4, 12), yieldPc: 0, psr: 0x01000000, psp: core.processStackPointer },
      (address) => memory.read(address, 4),
    );
    const lines = context.split('\r\n');
    expect(lines.slice(1, 4)).toEqual([
      '  R0 : 0x00000055    R6 : 0x00000000',
      '  R1 : 0x20004100    R7 : 0x00000000',
      '  R2 : 0x20004900    R8 : 0x00000000',
    ]);
    expect(lines[8]).toBe('  SP : 0x200047E0 (Process Stack Pointer)');
    expect(lines[10]).toBe(`  PC : 0x${(APP_CODE + 8).toString(16).toUpperCase().padStart(8, '0')}`);
    expect(lines.slice(15, 17)).toEqual([' EPSR: ICI.IT 0x00', '       ThumbBit true ']);
  });

  it('reports a stacking fault when the process stack is below its memory', () => {
    const { memory } = runProcess([UDF_0], 0x20004010);
    expect(faultStatus(memory).split('\r\n')).toEqual([
      '',
      '---| Cortex-M Fault Status |---',
      'Memory Management Stacking Fault:   true',
      'Undefined Instruction Usage Fault:  true',
      'Forced Hard Fault:                  true',
      'Fault Status Register (CFSR):       0x00010010',
      'Hard Fault Status Register (HFSR):  0x40000000',
      '',
    ]);
  });

  it('reports an undefined instruction', () => {
    const { memory } = runProcess([UDF_0], 0x20004800);
    expect(faultStatus(memory).split('\r\n')).toEqual([
      '',
      '---| Cortex-M Fault Status |---',
      'Undefined Instruction Usage Fault:  true',
      'Forced Hard Fault:                  true',
      'Fault Status Register (CFSR):       0x00010000',
      'Hard Fault Status Register (HFSR):  0x40000000',
      '',
    ]);
  });

  it('reports an instruction fetch outside the process flash', () => {
    // bx to RAM inside the process window, which is execute-never.
    const { memory } = runProcess(
      [LDR_R1_PC_12, 0x4708 /* bx r1 */, NOP, NOP, NOP, NOP, NOP, NOP, 0x4101, 0x2000],
      0x20004800,
    );
    expect(faultStatus(memory).split('\r\n')).toEqual([
      '',
      '---| Cortex-M Fault Status |---',
      'Instruction Access Violation:       true',
      'Forced Hard Fault:                  true',
      'Fault Status Register (CFSR):       0x00000001',
      'Hard Fault Status Register (HFSR):  0x40000000',
      '',
    ]);
  });
});
