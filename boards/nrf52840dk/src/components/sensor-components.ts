/**
 * Builds the random-number and temperature drivers over the chip's TRNG and TEMP peripherals
 * (upstream `components::rng::RngComponent` and `components::temperature::TemperatureComponent`).
 */
import { Entropy32ToRandom, RngDriver, TemperatureSensor } from '@tock-ts/capsules';
import type { Entropy32, TemperatureDriver } from '@tock-ts/hil';
import type { Kernel, MemoryAllocationCapability } from '@tock-ts/kernel';

/** The RNG driver (driver 0x40001) over a 32-bit entropy source. */
export class RngComponent {
  constructor(
    private readonly kernel: Kernel,
    private readonly entropy: Entropy32,
    private readonly memoryAllocation: MemoryAllocationCapability,
  ) {}

  finalize(): RngDriver {
    const random = new Entropy32ToRandom(this.entropy);
    const driver = new RngDriver(random, RngDriver.createGrant(this.kernel, this.memoryAllocation));
    random.setClient(driver);
    return driver;
  }
}

/** The temperature driver (driver 0x60000) over a temperature sensor. */
export class TemperatureComponent {
  constructor(
    private readonly kernel: Kernel,
    private readonly sensor: TemperatureDriver,
    private readonly memoryAllocation: MemoryAllocationCapability,
  ) {}

  finalize(): TemperatureSensor {
    const driver = new TemperatureSensor(
      this.sensor,
      TemperatureSensor.createGrant(this.kernel, this.memoryAllocation),
    );
    this.sensor.setClient(driver);
    return driver;
  }
}
