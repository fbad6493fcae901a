/**
 * Tests of the Cortex-M fault text: the exact lines upstream prints for typical process faults,
 * the process context block with a readable and an unreadable stack, and the kernel HardFault panic.
 */
import { describe, expect, it } from 'vitest';
import {
  type CortexMProcessState,
  exceptionNumberName,
  formatCortexMFaultStatus,
  formatKernelHardFaultArmv6m,
  formatKernelHardFaultArmv7m,
  formatProcessContext,
} from './fault-report.js';

function lines(text: string): string[] {
  return text.split('\r\n');
}

describe('formatCortexMFaultStatus', () => {
  it('reports a data access violation escalated to HardFault, with the faulting address', () => {
    const text = formatCortexMFaultStatus({ cfsr: 0x82, hfsr: 0x40000000, mmfar: 0x20005000, bfar: 0 });
    expect(lines(text)).toEqual([
      '',
      '---| Cortex-M Fault Status |---',
      'Data Access Violation:              true',
      'Forced Hard Fault:                  true',
      'Faulting Memory Address:            0x20005000',
      'Fault Status Register (CFSR):       0x00000082',
      'Hard Fault Status Register (HFSR):  0x40000000',
      '',
    ]);
  });

  it('reports an undefined instruction', () => {
    const text = formatCortexMFaultStatus({ cfsr: 0x00010000, hfsr: 0x40000000, mmfar: 0xe000edf8, bfar: 0 });
    expect(lines(text)).toEqual([
      '',
      '---| Cortex-M Fault Status |---',
      'Undefined Instruction Usage Fault:  true',
      'Forced Hard Fault:                  true',
      'Fault Status Register (CFSR):       0x00010000',
      'Hard Fault Status Register (HFSR):  0x40000000',
      '',
    ]);
  });

  it('reports a stacking fault (no valid address: MMFAR is not shown)', () => {
    const text = formatCortexMFaultStatus({ cfsr: 0x10, hfsr: 0x40000000, mmfar: 0x1234, bfar: 0 });
    expect(lines(text)).toEqual([
      '',
      '---| Cortex-M Fault Status |---',
      'Memory Management Stacking Fault:   true',
      'Forced Hard Fault:                  true',
      'Fault Status Register (CFSR):       0x00000010',
      'Hard Fault Status Register (HFSR):  0x40000000',
      '',
    ]);
  });

  it('reports a forced hard fault alone, and a precise bus error with its address', () => {
    expect(lines(formatCortexMFaultStatus({ cfsr: 0, hfsr: 0x40000000, mmfar: 0, bfar: 0 }))).toEqual([
      '',
      '---| Cortex-M Fault Status |---',
      'Forced Hard Fault:                  true',
      'Fault Status Register (CFSR):       0x00000000',
      'Hard Fault Status Register (HFSR):  0x40000000',
      '',
    ]);
    expect(lines(formatCortexMFaultStatus({ cfsr: 0x8200, hfsr: 0, mmfar: 0, bfar: 0xe000ed90 }))).toEqual([
      '',
      '---| Cortex-M Fault Status |---',
      'Precise Data Bus Error:             true',
      'Bus Fault Address:                  0xE000ED90',
      'Fault Status Register (CFSR):       0x00008200',
      'Hard Fault Status Register (HFSR):  0x00000000',
      '',
    ]);
  });

  it('says so when no fault bit is set', () => {
    expect(formatCortexMFaultStatus({ cfsr: 0, hfsr: 0, mmfar: 0, bfar: 0 })).toBe(
      '\r\n---| Cortex-M Fault Status |---\r\nNo Cortex-M faults detected.\r\n',
    );
  });

  it('decodes every bit in upstream order', () => {
    const text = formatCortexMFaultStatus({ cfsr: 0xffffffff, hfsr: 0xffffffff, mmfar: 0xab, bfar: 0xcd });
    expect(lines(text)).toEqual([
      '',
      '---| Cortex-M Fault Status |---',
      'Instruction Access Violation:       true',
      'Data Access Violation:              true',
      'Memory Management Unstacking Fault: true',
      'Memory Management Stacking Fault:   true',
      'Memory Management Lazy FP Fault:    true',
      'Instruction Bus Error:              true',
      'Precise Data Bus Error:             true',
      'Imprecise Data Bus Error:           true',
      'Bus Unstacking Fault:               true',
      'Bus Stacking Fault:                 true',
      'Bus Lazy FP Fault:                  true',
      'Undefined Instruction Usage Fault:  true',
      'Invalid State Usage Fault:          true',
      'Invalid PC Load Usage Fault:        true',
      'No Coprocessor Usage Fault:         true',
      'Unaligned Access Usage Fault:       true',
      'Divide By Zero:                     true',
      'Bus Fault on Vector Table Read:     true',
      'Forced Hard Fault:                  true',
      'Faulting Memory Address:            0x000000AB',
      'Bus Fault Address:                  0x000000CD',
      'Fault Status Register (CFSR):       0xFFFFFFFF',
      'Hard Fault Status Register (HFSR):  0xFFFFFFFF',
      '',
    ]);
  });
});

describe('formatProcessContext', () => {
  const state: CortexMProcessState = {
    registers: [0x44, 0x55, 0x66, 0x77, 0x88, 0x20004800, 0x1010, 0x1111],
    yieldPc: 0x00040123,
    psr: 0x01000000,
    psp: 0x20004fe0,
  };

  function memoryWith(words: Record<number, number>): (address: number) => number {
    return (address) => {
      const word = words[address];
      if (word === undefined) throw new Error(`unexpected read at 0x${address.toString(16)}`);
      return word;
    };
  }

  const frame = memoryWith({
    536891360: 0x10,
    536891364: 0x11,
    536891368: 0x12,
    536891372: 0x13,
    536891376: 0x1c,
    536891380: 0x00040101,
    536891384: 0x00040200,
    536891388: 0x65001c00,
  });

  it('prints the stacked and saved registers, APSR flags and EPSR', () => {
    const text = formatProcessContext(0x20004000, 0x20005000, state, frame);
    expect(lines(text)).toEqual([
      '',
      '  R0 : 0x00000010    R6 : 0x00000066',
      '  R1 : 0x00000011    R7 : 0x00000077',
      '  R2 : 0x00000012    R8 : 0x00000088',
      '  R3 : 0x00000013    R10: 0x00001010',
      '  R4 : 0x00000044    R11: 0x00001111',
      '  R5 : 0x00000055    R12: 0x0000001C',
      '  R9 : 0x20004800 (Static Base Register)',
      '  SP : 0x20004FE0 (Process Stack Pointer)',
      '  LR : 0x00040101',
      '  PC : 0x00040200',
      ' YPC : 0x00040123',
      '',
      ' APSR: N 0 Z 1 C 1 V 0 Q 0',
      '       GE 0 0 0 0',
      // xPSR 0x65001C00: IT[7:6] = 0b10 (bits 26:25), IT[5:0] = 0b000111 (bits 15:10).
      ' EPSR: ICI.IT 0x87',
      '       ThumbBit true ',
      '',
    ]);
  });

  it('prints 0xBAD00BAD for the frame when the stack pointer is outside the process memory', () => {
    const refuse = (): number => {
      throw new Error('must not read');
    };
    for (const psp of [0x20003ffc, 0x20004fe4, 0x20005000]) {
      const text = formatProcessContext(0x20004000, 0x20005000, { ...state, psp }, refuse);
      const printed = lines(text);
      expect(printed[1]).toBe('  R0 : 0xBAD00BAD    R6 : 0x00000066');
      expect(printed[6]).toBe('  R5 : 0x00000055    R12: 0xBAD00BAD');
      expect(printed[8]).toBe(`  SP : 0x${psp.toString(16).toUpperCase()} (Process Stack Pointer)`);
      expect(printed[10]).toBe('  PC : 0xBAD00BAD');
      // 0xBAD00BAD read as an xPSR.
      expect(printed.slice(13)).toEqual([
        ' APSR: N 1 Z 0 C 1 V 1 Q 1',
        '       GE 0 0 0 0',
        ' EPSR: ICI.IT 0x42',
        '       ThumbBit false !!ERROR - Cortex M Thumb only!',
        '',
      ]);
    }
  });

  it('reads a frame that ends exactly at the app break', () => {
    const text = formatProcessContext(0x20004000, 0x20005000, state, frame);
    expect(text).toContain('  PC : 0x00040200');
    expect(formatProcessContext(0x20004000, 0x20004fff, state, () => 0)).toContain('  PC : 0xBAD00BAD');
  });
});

describe('kernel HardFault messages', () => {
  const frame = {
    r0: 0x1,
    r1: 0x20001000,
    r2: 0,
    r3: 0xff,
    r12: 0xc,
    lr: 0x4f7,
    pc: 0x1a2b,
    xpsr: 0x81000003,
  };

  it('prints the ARMv7-M message with every status flag', () => {
    const text = formatKernelHardFaultArmv7m(frame, {
      cfsr: 0x00000082,
      hfsr: 0x40000000,
      mmfar: 0x30000000,
      bfar: 0xe000ed38,
      shcsr: 0,
      faultingStackPointer: 0x20000f00,
      stackTop: 0x20001000,
      stackBottom: 0x20000000,
    });
    expect(lines(text)).toEqual([
      'Kernel HardFault.',
      '\tr0  0x1',
      '\tr1  0x20001000',
      '\tr2  0x0',
      '\tr3  0xff',
      '\tr12 0xc',
      '\tlr  0x4f7',
      '\tpc  0x1a2b',
      '\tpsr 0x81000003 [ N 1 Z 0 C 0 V 0 Q 0 GE 0000 ; ICI.IT 0 T true ; Exc 3-HardFault ]',
      '\tsp  0x20000f00',
      '\ttop of stack     0x20001000',
      '\tbottom of stack  0x20000000',
      '\tSHCSR 0x0',
      '\tCFSR  0x82',
      '\tHSFR  0x40000000',
      '\tInstruction Access Violation:       false',
      '\tData Access Violation:              true',
      '\tMemory Management Unstacking Fault: false',
      '\tMemory Management Stacking Fault:   false',
      '\tMemory Management Lazy FP Fault:    false',
      '\tInstruction Bus Error:              false',
      '\tPrecise Data Bus Error:             false',
      '\tImprecise Data Bus Error:           false',
      '\tBus Unstacking Fault:               false',
      '\tBus Stacking Fault:                 false',
      '\tBus Lazy FP Fault:                  false',
      '\tUndefined Instruction Usage Fault:  false',
      '\tInvalid State Usage Fault:          false',
      '\tInvalid PC Load Usage Fault:        false',
      '\tNo Coprocessor Usage Fault:         false',
      '\tUnaligned Access Usage Fault:       false',
      '\tDivide By Zero:                     false',
      '\tBus Fault on Vector Table Read:     false',
      '\tForced Hard Fault:                  true',
      '\tFaulting Memory Address: (valid: true) 0x30000000',
      '\tBus Fault Address:       (valid: false) 0xE000ED38',
      '',
    ]);
  });

  it('prints the ARMv6-M message', () => {
    expect(lines(formatKernelHardFaultArmv6m(frame))).toEqual([
      'Kernel HardFault.',
      '\tr0  0x1',
      '\tr1  0x20001000',
      '\tr2  0x0',
      '\tr3  0xff',
      '\tr12  0xc',
      '\tlr  0x4f7',
      '\tpc  0x1a2b',
      '\txpsr  0x81000003',
      '',
    ]);
  });

  it('names exception numbers as the ARMv7-M table does', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15, 16, 255, 256].map(exceptionNumberName)).toEqual([
      'Thread Mode',
      'Reserved',
      'NMI',
      'HardFault',
      'MemManage',
      'BusFault',
      'UsageFault',
      'Reserved',
      'Reserved',
      'SVCall',
      'Reserved for Debug',
      'Reserved',
      'PendSV',
      'SysTick',
      'IRQn',
      'IRQn',
      '(Unknown! Illegal value?)',
    ]);
  });
});
