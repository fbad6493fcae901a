/**
 * Builds the drivers that sit on GPIO pins: the GPIO driver over the pins the board exposes, the
 * button driver and the LED driver (upstream `components::gpio::GpioComponent`,
 * `components::button::ButtonComponent` and `components::led::LedsComponent`).
 */
import { ButtonDriver, type ButtonPin, GpioDriver, LedDriver } from '@tock-ts/capsules';
import {
  type ActivationMode,
  type FloatingState,
  type InterruptPin,
  InterruptValueWrapper,
  type Led,
} from '@tock-ts/hil';
import type { Kernel, MemoryAllocationCapability } from '@tock-ts/kernel';

/** A pin with a value tag, taking the pin's interrupts (upstream `InterruptValueWrapper`). */
function wrap(pin: InterruptPin): InterruptValueWrapper {
  return new InterruptValueWrapper(pin).finalize();
}

/** The GPIO driver (driver 0x4) over `pins`; `undefined` slots are indices upstream leaves out. */
export class GpioComponent {
  constructor(
    private readonly kernel: Kernel,
    private readonly pins: readonly (InterruptPin | undefined)[],
    private readonly memoryAllocation: MemoryAllocationCapability,
  ) {}

  finalize(): GpioDriver {
    const wrapped = this.pins.map((pin) => (pin === undefined ? undefined : wrap(pin)));
    const driver = new GpioDriver(wrapped, GpioDriver.createGrant(this.kernel, this.memoryAllocation));
    for (const pin of wrapped) pin?.setClient(driver);
    return driver;
  }
}

/** One button as the board describes it. */
export interface ButtonDescription {
  readonly pin: InterruptPin;
  readonly mode: ActivationMode;
  readonly floating: FloatingState;
}

/** The button driver (driver 0x3). */
export class ButtonComponent {
  constructor(
    private readonly kernel: Kernel,
    private readonly buttons: readonly ButtonDescription[],
    private readonly memoryAllocation: MemoryAllocationCapability,
  ) {}

  finalize(): ButtonDriver {
    const pins: ButtonPin[] = this.buttons.map((button) => ({
      pin: wrap(button.pin),
      mode: button.mode,
      floating: button.floating,
    }));
    const driver = new ButtonDriver(pins, ButtonDriver.createGrant(this.kernel, this.memoryAllocation));
    for (const button of pins) button.pin.setClient(driver);
    return driver;
  }
}

/** The LED driver (driver 0x2) over `leds`. */
export class LedsComponent {
  constructor(private readonly leds: readonly Led[]) {}

  finalize(): LedDriver {
    return new LedDriver(this.leds);
  }
}
