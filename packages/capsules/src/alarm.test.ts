// The alarm driver through the kernel's syscall path: left-justified ticks, one alarm per
// process, upcalls when due, re-arming for the soonest alarm, and the error paths.
import { ErrorCode, TICKS24, TICKS32, ticks } from '@tock-ts/hil';
import { ReturnVariant } from '@tock-ts/kernel';
import { command, FakeBoard, type FakeProcess, memop, subscribe } from '@tock-ts/kernel/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { ALARM_DRIVER_NUM, AlarmDriver, rearmLeftJustifiedExpiration } from './alarm.js';
import { FakeAlarm } from './testing/fake-alarm.js';
import { deliveredUpcalls, runSteps } from './testing/process-harness.js';
import { MuxAlarm, VirtualMuxAlarm } from './virtualizers/virtual-alarm.js';

const FLASH = 0x0004_0000;
const UPCALL_FN = FLASH + 0x100;

describe('rearmLeftJustifiedExpiration', () => {
  it('unshifts a relative dt on a 24-bit counter, rounding up', () => {
    const basic = rearmLeftJustifiedExpiration(ticks(1337, TICKS24), undefined, 1234 << 8, TICKS24);
    expect(basic.expiration).toEqual({ reference: 1337, dt: 1234 });
    expect(basic.leftJustifiedEnd).toBe((1337 + 1234) << 8);
    const wrapping = rearmLeftJustifiedExpiration(
      ticks(1337, TICKS24),
      undefined,
      0xffff_ffff - (42 << 8),
      TICKS24,
    );
    expect(wrapping.expiration.dt).toBe(((0xffff_ffff - (42 << 8)) >>> 8) + 1);
    expect(wrapping.leftJustifiedEnd).toBe(1295 << 8);
  });

  it('rounds the reference down and the end up, so it never fires early', () => {
    const lowBits = rearmLeftJustifiedExpiration(ticks(0, TICKS24), 1, 3, TICKS24);
    expect(lowBits.expiration).toEqual({ reference: 0, dt: 1 });
    expect(lowBits.leftJustifiedEnd).toBe(1 << 8);
    const carried = rearmLeftJustifiedExpiration(ticks(6, TICKS24), (5 << 8) - 43, (2 << 8) + 43, TICKS24);
    expect(carried.expiration).toEqual({ reference: 4, dt: 3 });
    expect(carried.leftJustifiedEnd).toBe(7 << 8);
  });

  it('passes 32-bit values through and wraps', () => {
    const wrapping = rearmLeftJustifiedExpiration(ticks(1337), undefined, 0xffff_ffff - 42, TICKS32);
    expect(wrapping.expiration).toEqual({ reference: 1337, dt: 0xffff_ffff - 42 });
    expect(wrapping.leftJustifiedEnd).toBe(1294);
    const absolute = rearmLeftJustifiedExpiration(ticks(5), 0xffff_fff0, 0x20, TICKS32);
    expect(absolute.expiration).toEqual({ reference: 0xffff_fff0, dt: 0x20 });
    expect(absolute.leftJustifiedEnd).toBe(0x10);
  });
});

describe('AlarmDriver (driver 0x0)', () => {
  let board: FakeBoard;
  let hardware: FakeAlarm;
  let process: FakeProcess;

  beforeEach(() => {
    board = new FakeBoard();
    // The nRF52 RTC: 24 bits at 32 768 Hz.
    hardware = new FakeAlarm({ width: TICKS24, frequency: 32_768, now: 0x100 });
    const mux = new MuxAlarm(hardware);
    hardware.setAlarmClient(mux);
    const virtual = new VirtualMuxAlarm(mux);
    virtual.setup();
    const driver = new AlarmDriver(
      virtual,
      AlarmDriver.createGrant(board.kernel, board.capabilities.memoryAllocation),
    );
    virtual.setAlarmClient(driver);
    board.addDriver(ALARM_DRIVER_NUM, driver);
    process = board.createProcess({ packageName: 'timer' });
  });

  it('answers exists, the scaled frequency, left-justified now and NOSUPPORT', () => {
    expect(
      runSteps(board, process, command(0, 0), command(0, 1), command(0, 2), command(0, 4), command(0, 7)),
    ).toEqual([
      { variant: ReturnVariant.Success },
      { variant: ReturnVariant.SuccessU32, v0: 8_388_608 },
      { variant: ReturnVariant.SuccessU32, v0: 0x100 << 8 },
      { variant: ReturnVariant.Failure, error: ErrorCode.NOSUPPORT },
      { variant: ReturnVariant.Failure, error: ErrorCode.NOSUPPORT },
    ]);
  });

  it('arms relative to now, fires once due and delivers (now, expiration) left-justified', () => {
    const [armed] = runSteps(board, process, subscribe(0, 0, UPCALL_FN, 0x55), command(0, 5, 100 << 8)).slice(
      1,
    );
    expect(armed).toEqual({ variant: ReturnVariant.SuccessU32, v0: 0x164 << 8 });
    expect(hardware.armings.at(-1)).toEqual({ reference: 0x100, dt: 100 });
    hardware.advance(99);
    board.run();
    expect(deliveredUpcalls(process, UPCALL_FN)).toEqual([]);
    hardware.advance(1);
    board.run();
    expect(deliveredUpcalls(process, UPCALL_FN)).toEqual([[0x164 << 8, 0x164 << 8, 0, 0x55]]);
    expect(hardware.isArmed()).toBe(false);
  });

  it('treats command 6 as reference + dt and reports that sum in the upcall', () => {
    hardware.setNow(0x200);
    const returns = runSteps(
      board,
      process,
      subscribe(0, 0, UPCALL_FN, 0),
      command(0, 6, 0x1f0 << 8, 0x20 << 8),
    );
    expect(returns[1]).toEqual({ variant: ReturnVariant.SuccessU32, v0: 0x210 << 8 });
    hardware.advance(0x10);
    board.run();
    expect(deliveredUpcalls(process, UPCALL_FN)).toEqual([[0x210 << 8, 0x210 << 8, 0, 0]]);
  });

  it('fires at once for an expiration already in the past', () => {
    hardware.setNow(0x500);
    runSteps(board, process, subscribe(0, 0, UPCALL_FN, 0), command(0, 6, 0x100 << 8, 0x10 << 8));
    expect(deliveredUpcalls(process, UPCALL_FN)).toEqual([[0x500 << 8, 0x110 << 8, 0, 0]]);
    expect(hardware.isArmed()).toBe(false);
  });

  it('keeps one alarm per process: a new one replaces the old', () => {
    runSteps(board, process, subscribe(0, 0, UPCALL_FN, 0), command(0, 5, 50 << 8), command(0, 5, 300 << 8));
    hardware.advance(60);
    board.run();
    expect(deliveredUpcalls(process, UPCALL_FN)).toEqual([]);
    hardware.advance(240);
    board.run();
    expect(deliveredUpcalls(process, UPCALL_FN)).toHaveLength(1);
  });

  it('stops an armed alarm and answers ALREADY when none is armed', () => {
    const returns = runSteps(
      board,
      process,
      command(0, 3),
      command(0, 5, 10 << 8),
      command(0, 3),
      command(0, 3),
    );
    expect(returns.map((r) => r.variant === ReturnVariant.Failure && r.error)).toEqual([
      ErrorCode.ALREADY,
      false,
      false,
      ErrorCode.ALREADY,
    ]);
    expect(hardware.isArmed()).toBe(false);
  });

  it('arms the hardware for the soonest of several processes and serves each in turn', () => {
    const other = board.createProcess({ packageName: 'other', flashStart: FLASH + 0x400 });
    const otherFn = FLASH + 0x500;
    runSteps(board, process, subscribe(0, 0, UPCALL_FN, 1), command(0, 5, 400 << 8));
    runSteps(board, other, subscribe(0, 0, otherFn, 2), command(0, 5, 100 << 8));
    expect(hardware.getAlarm()).toBe(0x100 + 100);
    hardware.advance(100);
    board.run();
    expect(deliveredUpcalls(other, otherFn)).toHaveLength(1);
    expect(deliveredUpcalls(process, UPCALL_FN)).toHaveLength(0);
    expect(hardware.getAlarm()).toBe(0x100 + 400);
    hardware.advance(300);
    board.run();
    expect(deliveredUpcalls(process, UPCALL_FN)).toEqual([[(0x100 + 400) << 8, (0x100 + 400) << 8, 0, 1]]);
  });

  it('answers NOMEM when the process has no room for its grant', () => {
    runSteps(board, process, memop(1, process.kernelMemoryBreak - process.appBreak));
    expect(runSteps(board, process, command(0, 5, 100))).toEqual([
      { variant: ReturnVariant.Failure, error: ErrorCode.NOMEM },
    ]);
    expect(hardware.isArmed()).toBe(false);
  });

  it('fires across the wrap of the 24-bit counter', () => {
    hardware.setNow(0xff_fff0);
    const returns = runSteps(board, process, subscribe(0, 0, UPCALL_FN, 0), command(0, 5, 0x20 << 8));
    expect(returns[1]).toEqual({ variant: ReturnVariant.SuccessU32, v0: 0x10 << 8 });
    hardware.advance(0x1f);
    board.run();
    expect(deliveredUpcalls(process, UPCALL_FN)).toEqual([]);
    hardware.advance(1);
    board.run();
    expect(deliveredUpcalls(process, UPCALL_FN)).toEqual([[0x10 << 8, 0x10 << 8, 0, 0]]);
  });

  it('forgets the alarm of a process that terminated', () => {
    runSteps(board, process, command(0, 5, 100 << 8));
    process.terminate(0);
    hardware.advance(100);
    expect(hardware.isArmed()).toBe(false);
    expect(deliveredUpcalls(process, UPCALL_FN)).toEqual([]);
  });
});
