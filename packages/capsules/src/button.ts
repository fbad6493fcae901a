/**
 * The button driver: processes read buttons and hear presses (upstream
 * `capsules/core/src/button.rs`, driver 0x3).
 *
 * Buttons are GPIO pins with interrupts, each tagged with its index through an
 * `InterruptValueWrapper`. Each process keeps a bit per button it enabled interrupts for; when
 * a button changes, every process with its bit set gets upcall 0 with `(index, 1 pressed /
 * 0 released, 0)`. A button's pin interrupt is turned off once no process wants it.
 *
 * Commands (`arg0` is the button index):
 * - 0: the number of buttons → SuccessU32(count) (upstream's pre-TRD104 answer).
 * - 1: enable interrupts for the button → Success, or INVAL for a bad index.
 * - 2: disable them → Success, or INVAL.
 * - 3: read → SuccessU32(1 pressed / 0 released), or INVAL.
 */
import {
  type ActivationMode,
  ActivationState,
  ErrorCode,
  type FloatingState,
  type GpioClientWithValue,
  InterruptEdge,
  type InterruptValuePin,
  type Result,
  readActivation,
} from '@tock-ts/hil';
import {
  CommandReturn,
  type Grant,
  type Kernel,
  type MemoryAllocationCapability,
  type ProcessError,
  type ProcessId,
  processErrorToErrorCode,
  type SyscallDriver,
} from '@tock-ts/kernel';
import { DriverNumber } from './driver-numbers.js';

/** The button driver's syscall driver number. */
export const BUTTON_DRIVER_NUM = DriverNumber.Button;

/** Command numbers of the button driver. */
export const ButtonCommand = Object.freeze({
  Count: 0,
  EnableInterrupt: 1,
  DisableInterrupt: 2,
  Read: 3,
});

/** Upcall numbers of the button driver. */
export const ButtonUpcall = Object.freeze({
  /** `(button index, 1 pressed / 0 released, 0)`. */
  Changed: 0,
  Count: 1,
});

/** One button: its tagged pin, whether pressed means high or low, and its pull resistor. */
export interface ButtonPin {
  readonly pin: InterruptValuePin;
  readonly mode: ActivationMode;
  readonly floating: FloatingState;
}

/** One process's button state: a bit per button it wants interrupts from (upstream `App`). */
export interface ButtonApp {
  subscribeMap: number;
}

/** The button syscall driver (upstream `Button`). Make it the client of each button's pin. */
export class ButtonDriver implements SyscallDriver, GpioClientWithValue {
  /** The driver number it is registered under. */
  static readonly DRIVER_NUM = BUTTON_DRIVER_NUM;
  readonly #buttons: readonly ButtonPin[];
  readonly #grant: Grant<ButtonApp>;

  /** Takes the buttons (at most 32): makes each pin an input with its pull and tags it with its index. */
  constructor(buttons: readonly ButtonPin[], grant: Grant<ButtonApp>) {
    if (buttons.length > 32) throw new RangeError(`at most 32 buttons, got ${buttons.length}`);
    this.#buttons = buttons;
    this.#grant = grant;
    buttons.forEach((button, index) => {
      button.pin.makeInput();
      button.pin.setValue(index);
      button.pin.setFloatingState(button.floating);
    });
  }

  /** Creates the driver's grant (one upcall, no allows) at board setup. */
  static createGrant(kernel: Kernel, capability: MemoryAllocationCapability): Grant<ButtonApp> {
    return kernel.createGrant<ButtonApp>(
      BUTTON_DRIVER_NUM,
      {
        upcallCount: ButtonUpcall.Count,
        allowReadOnlyCount: 0,
        allowReadWriteCount: 0,
        dataSize: 4,
        dataAlignment: 4,
        createData: () => ({ subscribeMap: 0 }),
      },
      capability,
    );
  }

  #state(index: number): ActivationState {
    const button = this.#buttons[index];
    return button === undefined ? ActivationState.Inactive : readActivation(button.pin, button.mode);
  }

  command(commandNumber: number, arg0: number, _arg1: number, processId: ProcessId): CommandReturn {
    if (commandNumber === ButtonCommand.Count) return CommandReturn.successU32(this.#buttons.length);
    if (commandNumber > ButtonCommand.Read) return CommandReturn.failure(ErrorCode.NOSUPPORT);
    const button = this.#buttons[arg0];
    if (button === undefined) return CommandReturn.failure(ErrorCode.INVAL);
    const bit = (1 << arg0) >>> 0;
    switch (commandNumber) {
      case ButtonCommand.EnableInterrupt: {
        const entered = this.#grant.enter(processId, (app) => {
          app.subscribeMap = (app.subscribeMap | bit) >>> 0;
          button.pin.enableInterrupts(InterruptEdge.EitherEdge);
        });
        return entered.ok
          ? CommandReturn.success()
          : CommandReturn.failure(processErrorToErrorCode(entered.error));
      }
      case ButtonCommand.DisableInterrupt: {
        const entered = this.#grant.enter(processId, (app) => {
          app.subscribeMap = (app.subscribeMap & ~bit) >>> 0;
        });
        let listeners = 0;
        this.#grant.each((_processId, app) => {
          if ((app.subscribeMap & bit) !== 0) listeners += 1;
        });
        if (listeners === 0) button.pin.disableInterrupts();
        return entered.ok
          ? CommandReturn.success()
          : CommandReturn.failure(processErrorToErrorCode(entered.error));
      }
      default:
        return CommandReturn.successU32(this.#state(arg0));
    }
  }

  allocateGrant(processId: ProcessId): Result<void, ProcessError> {
    return this.#grant.enter(processId, () => undefined);
  }

  /** Button `index` changed: tell every process that enabled it. */
  fired(index: number): void {
    const state = this.#state(index);
    const bit = (1 << index) >>> 0;
    let listeners = 0;
    this.#grant.each((_processId, app, kernelData) => {
      if ((app.subscribeMap & bit) === 0) return;
      listeners += 1;
      kernelData.scheduleUpcall(ButtonUpcall.Changed, index, state, 0);
    });
    // The processes that wanted it may have died without disabling it.
    if (listeners === 0) this.#buttons[index]?.pin.disableInterrupts();
  }
}
