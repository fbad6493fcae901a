/**
 * The board's syscall driver table (upstream `QemuRv32VirtPlatform` and its `with_driver`), by
 * upstream's driver numbers.
 */
import type { AlarmDriver, Console, LowLevelDebug } from '@tock-ts/capsules';
import type { Ipc, SyscallDriver, SyscallDriverLookup } from '@tock-ts/kernel';

/** Upstream's driver numbers for the drivers this board registers. */
export const QemuRv32VirtDriverNumber = Object.freeze({
  Alarm: 0x0,
  Console: 0x1,
  LowLevelDebug: 0x8,
  Ipc: 0x10000,
});

/** The drivers the board has built. */
export interface QemuRv32VirtDrivers {
  readonly console: Console;
  readonly alarm: AlarmDriver;
  readonly lowLevelDebug: LowLevelDebug;
  readonly ipc: Ipc;
}

/** The board's `SyscallDriverLookup`. */
export class QemuRv32VirtPlatform implements SyscallDriverLookup {
  constructor(readonly drivers: QemuRv32VirtDrivers) {}

  withDriver(driverNumber: number): SyscallDriver | undefined {
    switch (driverNumber) {
      case QemuRv32VirtDriverNumber.Console:
        return this.drivers.console;
      case QemuRv32VirtDriverNumber.Alarm:
        return this.drivers.alarm;
      case QemuRv32VirtDriverNumber.LowLevelDebug:
        return this.drivers.lowLevelDebug;
      case QemuRv32VirtDriverNumber.Ipc:
        return this.drivers.ipc;
      default:
        return undefined;
    }
  }
}
