/**
 * The temperature driver: processes ask for a reading (upstream
 * `capsules/extra/src/temperature.rs`, driver 0x60000).
 *
 * One reading runs at a time; every process that asked while it ran gets the result in
 * upcall 0 as `(hundredths of °C as a signed 32-bit value, 0, 0)`. A failed reading is not
 * reported to processes, as upstream.
 *
 * Commands:
 * - 0: exists → Success.
 * - 1: read → Success, or the sensor's error when a reading cannot start (BUSY, …); NOMEM
 *   when the process has no room for its grant.
 */
import { ErrorCode, OK, type Result, type TemperatureClient, type TemperatureDriver } from '@tock-ts/hil';
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

/** The temperature driver's syscall driver number. */
export const TEMPERATURE_DRIVER_NUM = DriverNumber.Temperature;

/** Command numbers of the temperature driver. */
export const TemperatureCommand = Object.freeze({
  Exists: 0,
  Read: 1,
});

/** Upcall numbers of the temperature driver. */
export const TemperatureUpcall = Object.freeze({
  /** `(centi-degrees Celsius, 0, 0)`. */
  Reading: 0,
  Count: 1,
});

/** One process's state: whether it waits for the current reading. */
export interface TemperatureApp {
  subscribed: boolean;
}

/** The temperature syscall driver (upstream `TemperatureSensor`). Make it the sensor's client. */
export class TemperatureSensor implements SyscallDriver, TemperatureClient {
  /** The driver number it is registered under. */
  static readonly DRIVER_NUM = TEMPERATURE_DRIVER_NUM;
  readonly #sensor: TemperatureDriver;
  readonly #grant: Grant<TemperatureApp>;
  #busy = false;

  constructor(sensor: TemperatureDriver, grant: Grant<TemperatureApp>) {
    this.#sensor = sensor;
    this.#grant = grant;
  }

  /** Creates the driver's grant (one upcall, no allows) at board setup. */
  static createGrant(kernel: Kernel, capability: MemoryAllocationCapability): Grant<TemperatureApp> {
    return kernel.createGrant<TemperatureApp>(
      TEMPERATURE_DRIVER_NUM,
      {
        upcallCount: TemperatureUpcall.Count,
        allowReadOnlyCount: 0,
        allowReadWriteCount: 0,
        dataSize: 1,
        dataAlignment: 1,
        createData: () => ({ subscribed: false }),
      },
      capability,
    );
  }

  command(commandNumber: number, _arg0: number, _arg1: number, processId: ProcessId): CommandReturn {
    if (commandNumber === TemperatureCommand.Exists) return CommandReturn.success();
    if (commandNumber !== TemperatureCommand.Read) return CommandReturn.failure(ErrorCode.NOSUPPORT);
    const entered = this.#grant.enter(processId, (app): Result<void, ErrorCode> => {
      app.subscribed = true;
      if (this.#busy) return OK;
      this.#busy = true;
      const started = this.#sensor.readTemperature();
      // Upstream leaves `busy` set when the reading fails to start, which blocks every later
      // reading; here the driver becomes free again.
      if (!started.ok) this.#busy = false;
      return started;
    });
    if (!entered.ok) return CommandReturn.failure(processErrorToErrorCode(entered.error));
    return CommandReturn.fromResult(entered.value);
  }

  allocateGrant(processId: ProcessId): Result<void, ProcessError> {
    return this.#grant.enter(processId, () => undefined);
  }

  /** A reading finished: give it to every process waiting for it. */
  callback(value: Result<number, ErrorCode>): void {
    this.#busy = false;
    if (!value.ok) return;
    for (const processGrant of this.#grant.iterate()) {
      processGrant.enter((app, kernelData) => {
        if (!app.subscribed) return;
        app.subscribed = false;
        kernelData.scheduleUpcall(TemperatureUpcall.Reading, value.value >>> 0, 0, 0);
      });
    }
  }
}
