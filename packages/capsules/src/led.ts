/**
 * The LED driver: processes switch the board's LEDs (upstream `capsules/core/src/led.rs`,
 * driver 0x2). It keeps no per-process state and has no upcalls or allows.
 *
 * Commands (`arg0` is the LED index):
 * - 0: the number of LEDs → SuccessU32(count). Upstream keeps this pre-TRD104 answer for
 *   command 0 (which otherwise returns plain Success).
 * - 1: on, 2: off, 3: toggle → Success, or Failure(INVAL) for an index past the last LED.
 * - 4: read → SuccessU32(1 lit / 0 dark), or Failure(INVAL).
 */
import { ErrorCode, type Led, OK, type Result } from '@tock-ts/hil';
import { CommandReturn, type ProcessError, type ProcessId, type SyscallDriver } from '@tock-ts/kernel';
import { DriverNumber } from './driver-numbers.js';

/** The LED driver's syscall driver number. */
export const LED_DRIVER_NUM = DriverNumber.Led;

/** Command numbers of the LED driver. */
export const LedCommand = Object.freeze({
  Count: 0,
  On: 1,
  Off: 2,
  Toggle: 3,
  Read: 4,
});

/** The LED syscall driver (upstream `LedDriver`). */
export class LedDriver implements SyscallDriver {
  /** The driver number it is registered under. */
  static readonly DRIVER_NUM = LED_DRIVER_NUM;
  readonly #leds: readonly Led[];

  /** Takes the board's LEDs, initializes each and turns it off. */
  constructor(leds: readonly Led[]) {
    this.#leds = leds;
    for (const led of leds) {
      led.init();
      led.off();
    }
  }

  command(commandNumber: number, arg0: number, _arg1: number, _processId: ProcessId): CommandReturn {
    if (commandNumber === LedCommand.Count) return CommandReturn.successU32(this.#leds.length);
    if (commandNumber > LedCommand.Read) return CommandReturn.failure(ErrorCode.NOSUPPORT);
    const led = this.#leds[arg0];
    if (led === undefined) return CommandReturn.failure(ErrorCode.INVAL);
    switch (commandNumber) {
      case LedCommand.On:
        led.on();
        return CommandReturn.success();
      case LedCommand.Off:
        led.off();
        return CommandReturn.success();
      case LedCommand.Toggle:
        led.toggle();
        return CommandReturn.success();
      default:
        return CommandReturn.successU32(led.read() ? 1 : 0);
    }
  }

  /** The LED driver has no grant. */
  allocateGrant(_processId: ProcessId): Result<void, ProcessError> {
    return OK;
  }
}
