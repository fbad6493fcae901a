/**
 * The board's syscall driver table (upstream `Platform` and its `with_driver` match in
 * `boards/nordic/nrf52840dk/src/lib.rs`), by upstream's driver numbers.
 */
import type { Console } from '@tock-ts/capsules';
import type { Ipc, SyscallDriver, SyscallDriverLookup } from '@tock-ts/kernel';

/** Upstream's driver numbers for the drivers this board registers. */
export const Nrf52840dkDriverNumber = Object.freeze({
  Alarm: 0x0,
  Console: 0x1,
  Led: 0x2,
  Button: 0x3,
  Gpio: 0x4,
  Ipc: 0x10000,
  Rng: 0x40001,
  Temperature: 0x60000,
});

/** The drivers the board has built; the ones whose capsule does not exist yet stay undefined. */
export interface Nrf52840dkDrivers {
  readonly console: Console;
  readonly ipc: Ipc;
  readonly alarm?: SyscallDriver;
  readonly led?: SyscallDriver;
  readonly button?: SyscallDriver;
  readonly gpio?: SyscallDriver;
  readonly rng?: SyscallDriver;
  readonly temperature?: SyscallDriver;
}

/** The board's `SyscallDriverLookup`. */
export class Nrf52840dkPlatform implements SyscallDriverLookup {
  constructor(readonly drivers: Nrf52840dkDrivers) {}

  withDriver(driverNumber: number): SyscallDriver | undefined {
    switch (driverNumber) {
      case Nrf52840dkDriverNumber.Console:
        return this.drivers.console;
      case Nrf52840dkDriverNumber.Alarm:
        return this.drivers.alarm;
      case Nrf52840dkDriverNumber.Led:
        return this.drivers.led;
      case Nrf52840dkDriverNumber.Button:
        return this.drivers.button;
      case Nrf52840dkDriverNumber.Gpio:
        return this.drivers.gpio;
      case Nrf52840dkDriverNumber.Ipc:
        return this.drivers.ipc;
      case Nrf52840dkDriverNumber.Rng:
        return this.drivers.rng;
      case Nrf52840dkDriverNumber.Temperature:
        return this.drivers.temperature;
      default:
        return undefined;
    }
  }
}
