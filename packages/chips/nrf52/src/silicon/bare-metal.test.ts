// Bare-metal firmware on the nRF52840 silicon: Thumb code on the Cortex-M4 model programs UARTE0
// through its registers and sleeps in WFI while the bytes go out in virtual time.
import { CortexMChipCore, RunExit } from '@tock-ts/arch-cortexm';
import { ThumbAssembler } from '@tock-ts/arch-cortexm/testing';
import { describe, expect, it } from 'vitest';
import { NRF52840_CORE_CONFIGURATION, Nrf52840Silicon } from './nrf52840-silicon.js';

/** Loads a 32-bit constant into `register` with MOVW/MOVT. */
function load(assembler: ThumbAssembler, register: number, value: number): ThumbAssembler {
  return assembler.movw(register, value & 0xffff).movt(register, value >>> 16);
}

/** Stores `value` at `address` (r1 = value, r2 = address). */
function store(assembler: ThumbAssembler, address: number, value: number): ThumbAssembler {
  load(assembler, 1, value);
  load(assembler, 2, address);
  return assembler.loadStore('str', 1, 2, 0);
}

describe('bare-metal firmware', () => {
  it('sends bytes from RAM through UARTE0 while the core sleeps', () => {
    const silicon = new Nrf52840Silicon({
      core: (memory, clock) => new CortexMChipCore({ ...NRF52840_CORE_CONFIGURATION, memory, clock }),
    });
    const assembler = new ThumbAssembler(0);
    assembler.word(0x2004_0000).word(0x9); // initial SP, reset handler at 0x8 (Thumb)
    store(assembler, 0x4000_2500, 8); // ENABLE
    store(assembler, 0x4000_2544, 0x2000_0000); // TXD.PTR
    store(assembler, 0x4000_2548, 2); // TXD.MAXCNT
    store(assembler, 0x4000_2008, 1); // TASKS_STARTTX
    assembler.label('idle').wfi().b('idle');
    silicon.flash.set(assembler.bytes(), 0);
    silicon.ram.set([0x4f, 0x4b], 0);
    const sent: Array<[number, number]> = [];
    silicon.uarte0.onTransmit = (byte) => sent.push([silicon.clock.nowNanos, byte]);
    silicon.core.reset();
    const exit = silicon.core.runBareMetal(1_000_000);
    expect(exit).not.toBe(RunExit.Lockup);
    expect(sent.map(([, byte]) => byte)).toEqual([0x4f, 0x4b]);
    // 250 000 baud (the reset value): 40 µs per byte, counted from the STARTTX store.
    const [first, second] = sent;
    expect((second?.[0] ?? 0) - (first?.[0] ?? 0)).toBe(40_000);
    expect(silicon.memory.read(0x4000_254c, 4)).toBe(2); // TXD.AMOUNT
  });
});
