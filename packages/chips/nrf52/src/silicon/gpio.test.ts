// GPIO and GPIOTE model tests: port registers, pin levels, input buffer, P1, GPIOTE event and
// task modes.
import { describe, expect, it } from 'vitest';
import * as gpio from './gpio.js';
import * as gpiote from './gpiote.js';
import { Nrf52840Interrupt, Nrf52840Silicon, peripheralOnlyCore } from './nrf52840-silicon.js';

const P0 = gpio.GPIO_BASE;
const P1 = gpio.GPIO_BASE + gpio.GPIO_PORT_STRIDE;

function setup() {
  const chip = new Nrf52840Silicon({ core: peripheralOnlyCore });
  const changes: Array<[number, boolean]> = [];
  chip.gpio.onPinChange = (pin, level) => changes.push([pin, level]);
  return { chip, changes, memory: chip.memory };
}

describe('GPIO silicon', () => {
  it('aliases DIR, DIRSET, DIRCLR and PIN_CNF.DIR and drives outputs from OUT', () => {
    const { memory, changes } = setup();
    memory.write(P0 + gpio.DIRSET, 4, 0b1010);
    expect(memory.read(P0 + gpio.DIR, 4)).toBe(0b1010);
    expect(memory.read(P0 + gpio.PIN_CNF0 + 4, 4) & gpio.PIN_CNF_DIR_OUTPUT).toBe(1);
    memory.write(P0 + gpio.OUTSET, 4, 0b1110);
    expect(changes).toEqual([
      [1, true],
      [3, true],
    ]);
    memory.write(P0 + gpio.DIRCLR, 4, 0b0010);
    expect(changes.at(-1)).toEqual([1, false]);
    memory.write(P0 + gpio.OUTCLR, 4, 0b1000);
    expect(memory.read(P0 + gpio.OUT, 4)).toBe(0b0110);
  });

  it('shows levels in IN only for pins whose input buffer is connected', () => {
    const { chip, memory } = setup();
    chip.gpio.setInputLevel(5, true);
    expect(memory.read(P0 + gpio.IN, 4)).toBe(0);
    memory.write(P0 + gpio.PIN_CNF0 + 4 * 5, 4, 0);
    expect(memory.read(P0 + gpio.IN, 4)).toBe(1 << 5);
    chip.gpio.setInputLevel(5, undefined);
    expect(memory.read(P0 + gpio.IN, 4)).toBe(0);
    memory.write(P0 + gpio.PIN_CNF0 + 4 * 5, 4, gpio.PULL_UP << gpio.PIN_CNF_PULL_SHIFT);
    expect(memory.read(P0 + gpio.IN, 4)).toBe(1 << 5);
  });

  it('maps P1 at 0x50000300 with 16 pins', () => {
    const { chip, memory, changes } = setup();
    memory.write(P1 + gpio.DIRSET, 4, 0xffff_ffff);
    expect(memory.read(P1 + gpio.DIR, 4)).toBe(0xffff);
    memory.write(P1 + gpio.OUTSET, 4, 1 << 15);
    expect(changes).toEqual([[47, true]]);
    expect(chip.gpio.level(47)).toBe(true);
    expect(() => chip.gpio.level(48)).toThrow(/no pin 48/);
  });
});

describe('GPIOTE silicon', () => {
  it('raises IN[n] on the configured edge of the selected pin, on P1 too', () => {
    const { chip, memory } = setup();
    const config = (pin: number, polarity: number) =>
      gpiote.MODE_EVENT | (pin << gpiote.CONFIG_PSEL_SHIFT) | (polarity << gpiote.CONFIG_POLARITY_SHIFT);
    memory.write(gpiote.GPIOTE_BASE + gpiote.CONFIG0, 4, config(40, gpiote.POLARITY_LO_TO_HI));
    memory.write(gpiote.GPIOTE_BASE + 0x304, 4, 1);
    chip.gpio.setInputLevel(40, false);
    expect(memory.read(gpiote.GPIOTE_BASE + 0x100, 4)).toBe(0);
    chip.gpio.setInputLevel(40, true);
    expect(memory.read(gpiote.GPIOTE_BASE + 0x100, 4)).toBe(1);
    expect(chip.core.lineLevels[Nrf52840Interrupt.GPIOTE]).toBe(1);
    memory.write(gpiote.GPIOTE_BASE + 0x100, 4, 0);
    expect(chip.core.lineLevels[Nrf52840Interrupt.GPIOTE]).toBe(0);
  });

  it('owns a pin in task mode: OUTINIT, then OUT, SET and CLR', () => {
    const { chip, memory, changes } = setup();
    const base = gpiote.GPIOTE_BASE;
    memory.write(
      base + gpiote.CONFIG0 + 4,
      4,
      gpiote.MODE_TASK |
        (7 << gpiote.CONFIG_PSEL_SHIFT) |
        (gpiote.POLARITY_TOGGLE << gpiote.CONFIG_POLARITY_SHIFT) |
        gpiote.CONFIG_OUTINIT,
    );
    expect(chip.gpio.level(7)).toBe(true);
    memory.write(base + gpiote.TASKS_OUT0 + 4, 4, 1);
    expect(chip.gpio.level(7)).toBe(false);
    memory.write(base + gpiote.TASKS_SET0 + 4, 4, 1);
    expect(chip.gpio.level(7)).toBe(true);
    memory.write(base + gpiote.TASKS_CLR0 + 4, 4, 1);
    expect(chip.gpio.level(7)).toBe(false);
    memory.write(base + gpiote.CONFIG0 + 4, 4, 0);
    expect(changes).toEqual([
      [7, true],
      [7, false],
      [7, true],
      [7, false],
    ]);
  });
});
