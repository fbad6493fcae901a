// The GPIO driver through the kernel's syscall path over fake pins with an empty slot.
import { ErrorCode, FloatingState, InterruptEdge, InterruptValueWrapper } from '@tock-ts/hil';
import { ReturnVariant } from '@tock-ts/kernel';
import { command, FakeBoard, memop, subscribe } from '@tock-ts/kernel/testing';
import { describe, expect, it } from 'vitest';
import { GPIO_DRIVER_NUM, GpioDriver } from './gpio.js';
import { FakePin } from './testing/fake-pin.js';
import { deliveredUpcalls, runSteps } from './testing/process-harness.js';

const FLASH = 0x0004_0000;
const FN = FLASH + 0x100;
const GPIO = GPIO_DRIVER_NUM;
const SUCCESS = { variant: ReturnVariant.Success };

function setup() {
  const board = new FakeBoard();
  const pins = [new FakePin(), new FakePin()];
  const wrappers = pins.map((pin) => new InterruptValueWrapper(pin).finalize());
  const driver = new GpioDriver(
    [wrappers[0], undefined, wrappers[1]],
    GpioDriver.createGrant(board.kernel, board.capabilities.memoryAllocation),
  );
  for (const wrapper of wrappers) wrapper.setClient(driver);
  board.addDriver(GPIO, driver);
  return { board, pins, process: board.createProcess() };
}

describe('GpioDriver (driver 0x4)', () => {
  it('drives and reads an output pin', () => {
    const { board, pins, process } = setup();
    expect(
      runSteps(
        board,
        process,
        command(GPIO, 0),
        command(GPIO, 1, 2),
        command(GPIO, 2, 2),
        command(GPIO, 6, 2),
        command(GPIO, 4, 2),
        command(GPIO, 6, 2),
      ),
    ).toEqual([
      SUCCESS,
      SUCCESS,
      SUCCESS,
      { variant: ReturnVariant.SuccessU32, v0: 1 },
      SUCCESS,
      { variant: ReturnVariant.SuccessU32, v0: 0 },
    ]);
    expect(pins[1]?.isOutput()).toBe(true);
    runSteps(board, process, command(GPIO, 2, 2), command(GPIO, 3, 2));
    expect(pins[1]?.level).toBe(false);
  });

  it('configures inputs with each pull and refuses unknown pulls', () => {
    const { board, pins, process } = setup();
    expect(runSteps(board, process, command(GPIO, 5, 0, 1))).toEqual([SUCCESS]);
    expect(pins[0]?.floatingState()).toBe(FloatingState.PullUp);
    runSteps(board, process, command(GPIO, 5, 0, 2));
    expect(pins[0]?.floatingState()).toBe(FloatingState.PullDown);
    expect(runSteps(board, process, command(GPIO, 5, 0, 3))).toEqual([
      { variant: ReturnVariant.Failure, error: ErrorCode.NOSUPPORT },
    ]);
  });

  it('delivers (pin, level) interrupts to processes that used the driver', () => {
    const { board, pins, process } = setup();
    const bystander = board.createProcess({ packageName: 'bystander', flashStart: FLASH + 0x400 });
    runSteps(board, bystander, subscribe(0x1234, 0, FLASH + 0x500, 0));
    runSteps(board, process, subscribe(GPIO, 0, FN, 5), command(GPIO, 5, 2, 0), command(GPIO, 7, 2, 1));
    expect(pins[1]?.interruptEdge).toBe(InterruptEdge.RisingEdge);
    pins[1]?.setExternalLevel(true);
    pins[1]?.setExternalLevel(false);
    board.run();
    expect(deliveredUpcalls(process, FN)).toEqual([[2, 1, 0, 5]]);
    expect(bystander.storedState.functionCalls.filter((call) => call.pc === FLASH + 0x500)).toEqual([]);
    runSteps(board, process, command(GPIO, 8, 2));
    expect(pins[1]?.interruptEdge).toBeUndefined();
    expect(pins[1]?.configuration()).toBe('LowPower');
  });

  it('answers INVAL past the pins, NODEVICE for an empty slot, NOSUPPORT otherwise', () => {
    const { board, process } = setup();
    expect(
      runSteps(
        board,
        process,
        command(GPIO, 10),
        command(GPIO, 2, 3),
        command(GPIO, 2, 1),
        command(GPIO, 7, 0, 3),
        command(GPIO, 11),
      ),
    ).toEqual([
      { variant: ReturnVariant.SuccessU32, v0: 3 },
      { variant: ReturnVariant.Failure, error: ErrorCode.INVAL },
      { variant: ReturnVariant.Failure, error: ErrorCode.NODEVICE },
      { variant: ReturnVariant.Failure, error: ErrorCode.NOSUPPORT },
      { variant: ReturnVariant.Failure, error: ErrorCode.NOSUPPORT },
    ]);
  });

  it('refuses interrupt commands with NOMEM when the grant cannot be allocated', () => {
    const { board, process } = setup();
    runSteps(board, process, memop(1, process.kernelMemoryBreak - process.appBreak));
    expect(runSteps(board, process, command(GPIO, 7, 0, 0), command(GPIO, 2, 0))).toEqual([
      { variant: ReturnVariant.Failure, error: ErrorCode.NOMEM },
      SUCCESS,
    ]);
  });
});
