/**
 * The GPIO driver: processes configure, drive, read and take interrupts from the board's
 * exposed pins (upstream `capsules/core/src/gpio.rs`, driver 0x4).
 *
 * The board passes a list of pins where some slots may be empty (`undefined`); each pin is
 * tagged with its index. Any command allocates the process's grant, which is what makes it
 * receive pin interrupts: every such process gets upcall 0 with `(pin, level, 0)`.
 *
 * Commands (`arg0` is the pin index; INVAL past the list, NODEVICE for an empty slot):
 * - 0: exists → Success.
 * - 1: make output, 2: set, 3: clear, 4: toggle → Success.
 * - 5: make input with pull `arg1` (0 none, 1 up, 2 down; NOSUPPORT otherwise) → Success.
 * - 6: read → SuccessU32(level).
 * - 7: enable interrupts on edge `arg1` (0 either, 1 rising, 2 falling; NOSUPPORT otherwise).
 * - 8: disable interrupts and deactivate the pin, 9: deactivate the pin → Success.
 * - 10: the number of pins → SuccessU32.
 * Commands 7 and 8 answer NOMEM when the process has no room for its grant, so it never waits
 * for an upcall it cannot receive.
 */
import {
  ErrorCode,
  FloatingState,
  type GpioClientWithValue,
  InterruptEdge,
  type InterruptValuePin,
  type Result,
} from '@tock-ts/hil';
import {
  CommandReturn,
  type Grant,
  type Kernel,
  type MemoryAllocationCapability,
  type ProcessError,
  type ProcessId,
  type SyscallDriver,
} from '@tock-ts/kernel';
import { DriverNumber } from './driver-numbers.js';

/** The GPIO driver's syscall driver number. */
export const GPIO_DRIVER_NUM = DriverNumber.Gpio;

/** Command numbers of the GPIO driver. */
export const GpioCommand = Object.freeze({
  Exists: 0,
  EnableOutput: 1,
  Set: 2,
  Clear: 3,
  Toggle: 4,
  EnableInput: 5,
  Read: 6,
  EnableInterrupt: 7,
  DisableInterrupt: 8,
  Disable: 9,
  Count: 10,
});

/** Upcall numbers of the GPIO driver. */
export const GpioUpcall = Object.freeze({
  /** `(pin, level, 0)`. */
  Interrupt: 0,
  Count: 1,
});

const PULLS: readonly FloatingState[] = [
  FloatingState.PullNone,
  FloatingState.PullUp,
  FloatingState.PullDown,
];
const EDGES: readonly InterruptEdge[] = [
  InterruptEdge.EitherEdge,
  InterruptEdge.RisingEdge,
  InterruptEdge.FallingEdge,
];

/** The GPIO syscall driver (upstream `GPIO`). Make it the client of each pin. */
export class GpioDriver implements SyscallDriver, GpioClientWithValue {
  /** The driver number it is registered under. */
  static readonly DRIVER_NUM = GPIO_DRIVER_NUM;
  readonly #pins: readonly (InterruptValuePin | undefined)[];
  readonly #grant: Grant<Record<string, never>>;

  /** Takes the exposed pins (empty slots allowed) and tags each with its index. */
  constructor(pins: readonly (InterruptValuePin | undefined)[], grant: Grant<Record<string, never>>) {
    this.#pins = pins;
    this.#grant = grant;
    pins.forEach((pin, index) => {
      pin?.setValue(index);
    });
  }

  /** Creates the driver's grant (one upcall, no allows, no data) at board setup. */
  static createGrant(kernel: Kernel, capability: MemoryAllocationCapability): Grant<Record<string, never>> {
    return kernel.createGrant<Record<string, never>>(
      GPIO_DRIVER_NUM,
      {
        upcallCount: GpioUpcall.Count,
        allowReadOnlyCount: 0,
        allowReadWriteCount: 0,
        dataSize: 0,
        dataAlignment: 1,
        createData: () => ({}),
      },
      capability,
    );
  }

  command(commandNumber: number, arg0: number, arg1: number, processId: ProcessId): CommandReturn {
    // Using the driver at all subscribes the process to interrupts: allocate its grant.
    const granted = this.#grant.enter(processId, () => undefined).ok;
    switch (commandNumber) {
      case GpioCommand.Exists:
        return CommandReturn.success();
      case GpioCommand.Count:
        return CommandReturn.successU32(this.#pins.length);
      case GpioCommand.EnableInterrupt:
      case GpioCommand.DisableInterrupt:
        if (!granted) return CommandReturn.failure(ErrorCode.NOMEM);
        break;
      default:
        if (commandNumber > GpioCommand.Count) return CommandReturn.failure(ErrorCode.NOSUPPORT);
    }
    if (!Number.isInteger(arg0) || arg0 < 0 || arg0 >= this.#pins.length) {
      return CommandReturn.failure(ErrorCode.INVAL);
    }
    const pin = this.#pins[arg0];
    if (pin === undefined) return CommandReturn.failure(ErrorCode.NODEVICE);
    switch (commandNumber) {
      case GpioCommand.EnableOutput:
        pin.makeOutput();
        return CommandReturn.success();
      case GpioCommand.Set:
        pin.set();
        return CommandReturn.success();
      case GpioCommand.Clear:
        pin.clear();
        return CommandReturn.success();
      case GpioCommand.Toggle:
        pin.toggle();
        return CommandReturn.success();
      case GpioCommand.EnableInput: {
        pin.makeInput();
        const pull = PULLS[arg1];
        if (pull === undefined) return CommandReturn.failure(ErrorCode.NOSUPPORT);
        pin.setFloatingState(pull);
        return CommandReturn.success();
      }
      case GpioCommand.Read:
        return CommandReturn.successU32(pin.read() ? 1 : 0);
      case GpioCommand.EnableInterrupt: {
        const edge = EDGES[arg1];
        if (edge === undefined) return CommandReturn.failure(ErrorCode.NOSUPPORT);
        pin.enableInterrupts(edge);
        return CommandReturn.success();
      }
      case GpioCommand.DisableInterrupt:
        pin.disableInterrupts();
        pin.deactivateToLowPower();
        return CommandReturn.success();
      default:
        pin.deactivateToLowPower();
        return CommandReturn.success();
    }
  }

  allocateGrant(processId: ProcessId): Result<void, ProcessError> {
    return this.#grant.enter(processId, () => undefined);
  }

  /** Pin `index` interrupted: tell every process that used the driver. */
  fired(index: number): void {
    const pin = this.#pins[index];
    if (pin === undefined) return;
    const level = pin.read() ? 1 : 0;
    this.#grant.each((_processId, _data, kernelData) => {
      kernelData.scheduleUpcall(GpioUpcall.Interrupt, index, level, 0);
    });
  }
}
