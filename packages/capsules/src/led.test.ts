// The LED driver through the kernel's syscall path over active-low LEDs on fake pins.
import { ErrorCode, LedLow } from '@tock-ts/hil';
import { ReturnVariant } from '@tock-ts/kernel';
import { command, FakeBoard } from '@tock-ts/kernel/testing';
import { describe, expect, it } from 'vitest';
import { LED_DRIVER_NUM, LedDriver } from './led.js';
import { FakePin } from './testing/fake-pin.js';
import { runSteps } from './testing/process-harness.js';

function setup() {
  const board = new FakeBoard();
  const pins = [new FakePin(), new FakePin(), new FakePin(), new FakePin()];
  board.addDriver(LED_DRIVER_NUM, new LedDriver(pins.map((pin) => new LedLow(pin))));
  return { board, pins, process: board.createProcess() };
}

describe('LedDriver (driver 0x2)', () => {
  it('starts with every LED an output and off (active-low pins high)', () => {
    const { pins } = setup();
    expect(pins.map((pin) => [pin.isOutput(), pin.level])).toEqual(Array(4).fill([true, true]));
  });

  it('answers command 0 with SuccessU32(count), as upstream', () => {
    const { board, process } = setup();
    expect(runSteps(board, process, command(LED_DRIVER_NUM, 0))).toEqual([
      { variant: ReturnVariant.SuccessU32, v0: 4 },
    ]);
  });

  it('switches, toggles and reads LEDs by index', () => {
    const { board, pins, process } = setup();
    const returns = runSteps(
      board,
      process,
      command(LED_DRIVER_NUM, 1, 1),
      command(LED_DRIVER_NUM, 4, 1),
      command(LED_DRIVER_NUM, 3, 2),
      command(LED_DRIVER_NUM, 3, 1),
      command(LED_DRIVER_NUM, 4, 1),
      command(LED_DRIVER_NUM, 4, 2),
      command(LED_DRIVER_NUM, 2, 2),
    );
    expect(returns).toEqual([
      { variant: ReturnVariant.Success },
      { variant: ReturnVariant.SuccessU32, v0: 1 },
      { variant: ReturnVariant.Success },
      { variant: ReturnVariant.Success },
      { variant: ReturnVariant.SuccessU32, v0: 0 },
      { variant: ReturnVariant.SuccessU32, v0: 1 },
      { variant: ReturnVariant.Success },
    ]);
    expect(pins.map((pin) => pin.level)).toEqual([true, true, true, true]);
  });

  it('answers INVAL past the last LED and NOSUPPORT for unknown commands', () => {
    const { board, process } = setup();
    expect(
      runSteps(
        board,
        process,
        command(LED_DRIVER_NUM, 1, 4),
        command(LED_DRIVER_NUM, 4, 0xffff_ffff),
        command(LED_DRIVER_NUM, 5, 0),
      ),
    ).toEqual([
      { variant: ReturnVariant.Failure, error: ErrorCode.INVAL },
      { variant: ReturnVariant.Failure, error: ErrorCode.INVAL },
      { variant: ReturnVariant.Failure, error: ErrorCode.NOSUPPORT },
    ]);
  });
});
