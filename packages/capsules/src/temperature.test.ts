// The temperature driver through the kernel's syscall path over a fake sensor.
import {
  ErrorCode,
  err,
  OK,
  ok,
  type Result,
  type TemperatureClient,
  type TemperatureDriver,
} from '@tock-ts/hil';
import { ReturnVariant } from '@tock-ts/kernel';
import { command, FakeBoard, subscribe } from '@tock-ts/kernel/testing';
import { describe, expect, it } from 'vitest';
import { TEMPERATURE_DRIVER_NUM, TemperatureSensor } from './temperature.js';
import { deliveredUpcalls, runSteps } from './testing/process-harness.js';

const FLASH = 0x0004_0000;
const TEMPERATURE = TEMPERATURE_DRIVER_NUM;

class FakeSensor implements TemperatureDriver {
  client: TemperatureClient | undefined;
  reads = 0;
  failWith: ErrorCode | undefined;
  setClient(client: TemperatureClient): void {
    this.client = client;
  }
  readTemperature(): Result<void, ErrorCode> {
    this.reads += 1;
    return this.failWith === undefined ? OK : err(this.failWith);
  }
}

function setup() {
  const board = new FakeBoard();
  const sensor = new FakeSensor();
  const driver = new TemperatureSensor(
    sensor,
    TemperatureSensor.createGrant(board.kernel, board.capabilities.memoryAllocation),
  );
  sensor.setClient(driver);
  board.addDriver(TEMPERATURE, driver);
  const process = board.createProcess();
  const other = board.createProcess({ packageName: 'other', flashStart: FLASH + 0x400 });
  return { board, sensor, process, other };
}

describe('TemperatureSensor (driver 0x60000)', () => {
  it('runs one reading for every process that asked and gives each the result', () => {
    const { board, sensor, process, other } = setup();
    runSteps(board, process, subscribe(TEMPERATURE, 0, FLASH + 0x100, 1), command(TEMPERATURE, 1));
    runSteps(board, other, subscribe(TEMPERATURE, 0, FLASH + 0x500, 2), command(TEMPERATURE, 1));
    expect(sensor.reads).toBe(1);
    sensor.client?.callback(ok(-1234));
    board.run();
    expect(deliveredUpcalls(process, FLASH + 0x100)).toEqual([[-1234 >>> 0, 0, 0, 1]]);
    expect(deliveredUpcalls(other, FLASH + 0x500)).toEqual([[-1234 >>> 0, 0, 0, 2]]);
    // A later reading goes only to whoever asks again.
    runSteps(board, process, command(TEMPERATURE, 1));
    sensor.client?.callback(ok(2150));
    board.run();
    expect(deliveredUpcalls(process, FLASH + 0x100).at(-1)).toEqual([2150, 0, 0, 1]);
    expect(deliveredUpcalls(other, FLASH + 0x500)).toHaveLength(1);
  });

  it('passes the sensor’s refusal back and lets the next request try again', () => {
    const { board, sensor, process } = setup();
    sensor.failWith = ErrorCode.BUSY;
    expect(runSteps(board, process, command(TEMPERATURE, 1))).toEqual([
      { variant: ReturnVariant.Failure, error: ErrorCode.BUSY },
    ]);
    sensor.failWith = undefined;
    expect(runSteps(board, process, command(TEMPERATURE, 1))).toEqual([{ variant: ReturnVariant.Success }]);
    expect(sensor.reads).toBe(2);
  });

  it('drops a failed reading without upcalls', () => {
    const { board, sensor, process } = setup();
    runSteps(board, process, subscribe(TEMPERATURE, 0, FLASH + 0x100, 1), command(TEMPERATURE, 1));
    sensor.client?.callback(err(ErrorCode.FAIL));
    board.run();
    expect(deliveredUpcalls(process, FLASH + 0x100)).toEqual([]);
    expect(runSteps(board, process, command(TEMPERATURE, 0), command(TEMPERATURE, 2))).toEqual([
      { variant: ReturnVariant.Success },
      { variant: ReturnVariant.Failure, error: ErrorCode.NOSUPPORT },
    ]);
  });
});
