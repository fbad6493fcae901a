// GPIO model and driver tests: output levels seen by the host, inputs, GPIOTE button interrupts.
import { Configuration, FloatingState, InterruptEdge } from '@tock-ts/hil';
import { describe, expect, it } from 'vitest';
import { pinNumber } from './gpio.js';
import { createTestBoard } from './test-board.test-support.js';

describe('GPIO', () => {
  it('drives an LED pin: the host sees each level change', () => {
    const { peripherals, chip } = createTestBoard();
    const changes: Array<[number, boolean]> = [];
    chip.gpio.onPinChange = (pin, level) => changes.push([pin, level]);
    const led = peripherals.gpioPort.pin(13);
    expect(led.makeOutput()).toBe(Configuration.Output);
    led.set();
    led.clear();
    expect(led.toggle()).toBe(true);
    expect(changes).toEqual([
      [13, true],
      [13, false],
      [13, true],
    ]);
    expect(chip.gpio.level(13)).toBe(true);
  });

  it('reads inputs through IN with pulls and host drive, on P1 too', () => {
    const { peripherals, chip } = createTestBoard();
    const button = peripherals.gpioPort.pin(pinNumber(1, 2));
    button.makeInput();
    expect(button.configuration()).toBe(Configuration.Input);
    expect(button.read()).toBe(false);
    button.setFloatingState(FloatingState.PullUp);
    expect(button.floatingState()).toBe(FloatingState.PullUp);
    expect(button.read()).toBe(true);
    chip.gpio.setInputLevel(34, false);
    expect(button.read()).toBe(false);
    expect(() => chip.gpio.setInputLevel(48, true)).toThrow(/no pin 48/);
  });

  it('interrupts on a button press through a GPIOTE channel, once per falling edge', () => {
    const { peripherals, chip, runUntil } = createTestBoard();
    const button = peripherals.gpioPort.pin(11);
    button.makeInput();
    button.setFloatingState(FloatingState.PullUp);
    let presses = 0;
    button.setClient({ fired: () => presses++ });
    button.enableInterrupts(InterruptEdge.FallingEdge);
    expect(button.channel).toBe(0);
    chip.gpio.setInputLevel(11, false);
    expect(button.isPending()).toBe(true);
    runUntil(1000);
    expect(presses).toBe(1);
    chip.gpio.setInputLevel(11, true);
    runUntil(2000);
    expect(presses).toBe(1);
    chip.gpio.setInputLevel(11, false);
    runUntil(3000);
    expect(presses).toBe(2);
    button.disableInterrupts();
    chip.gpio.setInputLevel(11, true);
    chip.gpio.setInputLevel(11, false);
    runUntil(4000);
    expect(presses).toBe(2);
  });

  it('gives each pin its own channel and runs out after eight', () => {
    const { peripherals } = createTestBoard();
    const pins = Array.from({ length: 9 }, (_, index) => peripherals.gpioPort.pin(index));
    for (const pin of pins) pin.enableInterrupts(InterruptEdge.EitherEdge);
    expect(pins.map((pin) => pin.channel)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, undefined]);
  });
});
