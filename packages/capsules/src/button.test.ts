// The button driver through the kernel's syscall path: per-process interrupt enables, press and
// release upcalls, reads, and turning a button's interrupt off when nobody listens.
import { ActivationMode, ErrorCode, FloatingState, InterruptEdge, InterruptValueWrapper } from '@tock-ts/hil';
import { ReturnVariant } from '@tock-ts/kernel';
import { command, FakeBoard, subscribe } from '@tock-ts/kernel/testing';
import { describe, expect, it } from 'vitest';
import { BUTTON_DRIVER_NUM, ButtonDriver } from './button.js';
import { FakePin } from './testing/fake-pin.js';
import { deliveredUpcalls, runSteps } from './testing/process-harness.js';

const FLASH = 0x0004_0000;
const FN = FLASH + 0x100;
const BUTTON = BUTTON_DRIVER_NUM;

function setup() {
  const board = new FakeBoard();
  const pins = [new FakePin(), new FakePin()];
  // Pulled up: released buttons read high.
  for (const pin of pins) pin.setExternalLevel(true);
  const wrappers = pins.map((pin) => new InterruptValueWrapper(pin).finalize());
  const driver = new ButtonDriver(
    wrappers.map((pin) => ({ pin, mode: ActivationMode.ActiveLow, floating: FloatingState.PullUp })),
    ButtonDriver.createGrant(board.kernel, board.capabilities.memoryAllocation),
  );
  for (const wrapper of wrappers) wrapper.setClient(driver);
  board.addDriver(BUTTON, driver);
  const process = board.createProcess({ packageName: 'buttons' });
  const other = board.createProcess({ packageName: 'other', flashStart: FLASH + 0x400 });
  return { board, pins, process, other };
}

describe('ButtonDriver (driver 0x3)', () => {
  it('makes each pin a pulled-up input and counts buttons with command 0', () => {
    const { board, pins, process } = setup();
    expect(pins.map((pin) => [pin.isInput(), pin.floatingState()])).toEqual(
      Array(2).fill([true, FloatingState.PullUp]),
    );
    expect(runSteps(board, process, command(BUTTON, 0))).toEqual([
      { variant: ReturnVariant.SuccessU32, v0: 2 },
    ]);
  });

  it('delivers (index, pressed) to processes that enabled the button, only them', () => {
    const { board, pins, process, other } = setup();
    runSteps(board, process, subscribe(BUTTON, 0, FN, 3), command(BUTTON, 1, 1));
    runSteps(board, other, subscribe(BUTTON, 0, FLASH + 0x500, 4), command(BUTTON, 1, 0));
    expect(pins[1]?.interruptEdge).toBe(InterruptEdge.EitherEdge);
    pins[1]?.setExternalLevel(false);
    pins[1]?.setExternalLevel(true);
    board.run();
    expect(deliveredUpcalls(process, FN)).toEqual([
      [1, 1, 0, 3],
      [1, 0, 0, 3],
    ]);
    expect(deliveredUpcalls(other, FLASH + 0x500)).toEqual([]);
  });

  it('reads a button as 1 while pressed', () => {
    const { board, pins, process } = setup();
    pins[0]?.setExternalLevel(false);
    expect(runSteps(board, process, command(BUTTON, 3, 0), command(BUTTON, 3, 1))).toEqual([
      { variant: ReturnVariant.SuccessU32, v0: 1 },
      { variant: ReturnVariant.SuccessU32, v0: 0 },
    ]);
  });

  it('turns the interrupt off only when no process wants the button', () => {
    const { board, pins, process, other } = setup();
    runSteps(board, process, command(BUTTON, 1, 0));
    runSteps(board, other, command(BUTTON, 1, 0));
    runSteps(board, process, command(BUTTON, 2, 0));
    expect(pins[0]?.interruptEdge).toBe(InterruptEdge.EitherEdge);
    runSteps(board, other, command(BUTTON, 2, 0));
    expect(pins[0]?.interruptEdge).toBeUndefined();
  });

  it('turns the interrupt off lazily when the listening process died', () => {
    const { board, pins, process } = setup();
    runSteps(board, process, command(BUTTON, 1, 0));
    process.terminate(0);
    pins[0]?.setExternalLevel(false);
    expect(pins[0]?.interruptEdge).toBeUndefined();
  });

  it('answers INVAL for a bad index and NOSUPPORT for unknown commands', () => {
    const { board, process } = setup();
    expect(
      runSteps(board, process, command(BUTTON, 1, 2), command(BUTTON, 3, 9), command(BUTTON, 4)),
    ).toEqual([
      { variant: ReturnVariant.Failure, error: ErrorCode.INVAL },
      { variant: ReturnVariant.Failure, error: ErrorCode.INVAL },
      { variant: ReturnVariant.Failure, error: ErrorCode.NOSUPPORT },
    ]);
  });
});
