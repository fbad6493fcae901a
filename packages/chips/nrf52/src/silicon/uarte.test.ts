// UARTE model tests: baud timing, EasyDMA transmit and receive, events, interrupt line, FIFO.
import { describe, expect, it } from 'vitest';
import { SHORTS } from './nrf-peripheral.js';
import { Nrf52840Interrupt, Nrf52840Silicon, peripheralOnlyCore } from './nrf52840-silicon.js';
import * as uarte from './uarte.js';

const BASE = uarte.UARTE0_BASE;
const RAM = 0x2000_0000;

function setup() {
  const chip = new Nrf52840Silicon({ core: peripheralOnlyCore });
  const sent: Array<[number, number]> = [];
  chip.uarte0.onTransmit = (byte) => sent.push([chip.clock.nowNanos, byte]);
  const write = (offset: number, value: number) => chip.memory.write(BASE + offset, 4, value);
  const read = (offset: number) => chip.memory.read(BASE + offset, 4);
  const line = () => chip.core.lineLevels[Nrf52840Interrupt.UARTE0_UART0];
  return { chip, sent, write, read, line };
}

describe('UARTE silicon', () => {
  it('derives the byte time from BAUDRATE: 115200 baud takes about 86.8 µs per byte', () => {
    const { chip, write } = setup();
    write(uarte.BAUDRATE, 0x01d7_e000);
    expect(chip.uarte0.baudRate).toBeCloseTo(115_203.86, 1);
    expect(chip.uarte0.byteTimeNanos).toBe(86_803);
    write(uarte.BAUDRATE, 0x0400_0000);
    expect(chip.uarte0.byteTimeNanos).toBe(40_000);
  });

  it('sends TXD.MAXCNT bytes from RAM one frame apart, then sets AMOUNT and raises ENDTX', () => {
    const { chip, sent, write, read, line } = setup();
    chip.ram.set([104, 101, 108, 108, 111], 0x100);
    write(uarte.ENABLE, uarte.ENABLE_ENABLED);
    write(uarte.BAUDRATE, 0x01d7_e000);
    write(uarte.TXD_PTR, RAM + 0x100);
    write(uarte.TXD_MAXCNT, 5);
    write(0x304, 1 << uarte.EVENT_ENDTX);
    write(uarte.TASKS_STARTTX, 1);
    expect(read(0x150)).toBe(1); // TXSTARTED
    chip.clock.advanceTo(5 * 86_803 - 1);
    expect(sent.map(([, byte]) => byte)).toEqual([104, 101, 108, 108]);
    expect(read(0x120)).toBe(0);
    expect(line()).toBe(0);
    chip.clock.advanceTo(1_000_000);
    expect(sent).toEqual([
      [86_803, 104],
      [173_606, 101],
      [260_409, 108],
      [347_212, 108],
      [434_015, 111],
    ]);
    expect(read(0x120)).toBe(1);
    expect(read(uarte.TXD_AMOUNT)).toBe(5);
    expect(line()).toBe(1);
    write(0x120, 0);
    expect(line()).toBe(0);
  });

  it('does nothing while disabled', () => {
    const { chip, sent, write, read } = setup();
    write(uarte.TXD_PTR, RAM);
    write(uarte.TXD_MAXCNT, 1);
    write(uarte.TASKS_STARTTX, 1);
    chip.clock.advanceTo(10_000_000);
    expect(sent).toEqual([]);
    expect(read(0x150)).toBe(0);
  });

  it('STOPTX ends a transfer early with ENDTX and TXSTOPPED', () => {
    const { chip, sent, write, read } = setup();
    write(uarte.ENABLE, uarte.ENABLE_ENABLED);
    write(uarte.TXD_PTR, RAM);
    write(uarte.TXD_MAXCNT, 10);
    write(uarte.TASKS_STARTTX, 1);
    chip.clock.advanceTo(2 * 40_000);
    write(uarte.TASKS_STOPTX, 1);
    chip.clock.advanceTo(10_000_000);
    expect(sent).toHaveLength(2);
    expect(read(uarte.TXD_AMOUNT)).toBe(2);
    expect(read(0x120)).toBe(1);
    expect(read(0x158)).toBe(1);
  });

  it('reads zeros for a transfer outside Data RAM instead of failing', () => {
    const { chip, sent, write, read } = setup();
    write(uarte.ENABLE, uarte.ENABLE_ENABLED);
    write(uarte.TXD_PTR, 0x0000_1000);
    write(uarte.TXD_MAXCNT, 2);
    write(uarte.TASKS_STARTTX, 1);
    chip.clock.advanceTo(1_000_000);
    expect(sent.map(([, byte]) => byte)).toEqual([0, 0]);
    expect(read(uarte.TXD_AMOUNT)).toBe(2);
  });

  it('receives into RAM, raises ENDRX at MAXCNT and keeps later bytes in the 4-byte FIFO', () => {
    const { chip, write, read } = setup();
    write(uarte.ENABLE, uarte.ENABLE_ENABLED);
    write(uarte.RXD_PTR, RAM + 0x200);
    write(uarte.RXD_MAXCNT, 2);
    expect(chip.uarte0.receiveByte(0x41)).toBe(false); // receiver not started
    write(uarte.TASKS_STARTRX, 1);
    expect(read(0x14c)).toBe(1); // RXSTARTED
    for (const byte of [1, 2, 3, 4, 5, 6]) chip.uarte0.receiveByte(byte);
    expect(Array.from(chip.ram.subarray(0x200, 0x202))).toEqual([1, 2]);
    expect(read(0x110)).toBe(1);
    expect(read(uarte.RXD_AMOUNT)).toBe(2);
    // 3, 4, 5, 6 wait in the FIFO; nothing overran yet.
    expect(read(0x124)).toBe(0);
    chip.uarte0.receiveByte(7);
    expect(read(uarte.ERRORSRC) & uarte.ERRORSRC_OVERRUN).toBe(uarte.ERRORSRC_OVERRUN);
    write(0x110, 0);
    write(uarte.RXD_MAXCNT, 8);
    write(uarte.TASKS_STARTRX, 1);
    expect(Array.from(chip.ram.subarray(0x200, 0x204))).toEqual([3, 4, 5, 6]);
    write(uarte.TASKS_STOPRX, 1);
    expect(read(0x110)).toBe(1);
    expect(read(uarte.RXD_AMOUNT)).toBe(4);
    expect(read(0x144)).toBe(1); // RXTO
  });

  it('paces fed input at the baud rate', () => {
    const { chip, write } = setup();
    write(uarte.ENABLE, uarte.ENABLE_ENABLED);
    write(uarte.RXD_PTR, RAM);
    write(uarte.RXD_MAXCNT, 3);
    write(uarte.TASKS_STARTRX, 1);
    chip.uarte0.receiveBytes(new Uint8Array([9, 8, 7]));
    chip.clock.advanceTo(80_000);
    expect(chip.memory.read(BASE + uarte.RXD_AMOUNT, 4)).toBe(0);
    expect(Array.from(chip.ram.subarray(0, 2))).toEqual([9, 8]);
    chip.clock.advanceTo(120_000);
    expect(chip.memory.read(BASE + 0x110, 4)).toBe(1);
  });

  it('restarts reception on ENDRX with the ENDRX_STARTRX shortcut', () => {
    const { chip, write, read } = setup();
    write(uarte.ENABLE, uarte.ENABLE_ENABLED);
    write(SHORTS, uarte.SHORTS_ENDRX_STARTRX);
    write(uarte.RXD_PTR, RAM);
    write(uarte.RXD_MAXCNT, 1);
    write(uarte.TASKS_STARTRX, 1);
    write(uarte.RXD_PTR, RAM + 4); // double-buffered: the next transfer goes here
    chip.uarte0.receiveByte(0x11);
    chip.uarte0.receiveByte(0x22);
    expect(chip.ram[0]).toBe(0x11);
    expect(chip.ram[4]).toBe(0x22);
    expect(read(0x124)).toBe(0); // no overrun: the shortcut kept a buffer open
  });

  it('FLUSHRX moves the FIFO into the RXD buffer and raises ENDRX', () => {
    const { chip, write, read } = setup();
    write(uarte.ENABLE, uarte.ENABLE_ENABLED);
    write(uarte.RXD_PTR, RAM);
    write(uarte.RXD_MAXCNT, 1);
    write(uarte.TASKS_STARTRX, 1);
    for (const byte of [1, 2, 3]) chip.uarte0.receiveByte(byte);
    write(0x110, 0);
    write(uarte.RXD_PTR, RAM + 0x10);
    write(uarte.RXD_MAXCNT, 8);
    write(uarte.TASKS_FLUSHRX, 1);
    expect(read(0x110)).toBe(1);
    expect(read(uarte.RXD_AMOUNT)).toBe(2);
    expect(Array.from(chip.ram.subarray(0x10, 0x12))).toEqual([2, 3]);
  });
});
