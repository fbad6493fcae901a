// The fault report: registers from the arch, grants, the MPU configuration and the debug hint.
import { describe, expect, it } from 'vitest';
import { formatSyscall, printFullProcess } from './process-printer.js';
import { decodeSyscall } from './syscall.js';
import { command, FakeBoard, FakeDriver } from './testing/index.js';

describe('printFullProcess', () => {
  it('lists grants in three columns and gives the PIC debug command', () => {
    const board = new FakeBoard();
    const drivers = [0x1, 0x2, 0x3, 0x4].map(
      (number) => new FakeDriver(board.kernel, number, board.capabilities.memoryAllocation),
    );
    for (const driver of drivers) board.addDriver(driver.driverNumber, driver);
    const process = board.createProcess();
    board.runScript(process, command(0x3, 0));
    const report = printFullProcess(process);
    const grant = process.grantEntry(2);
    expect(report).toContain(' R0 : 0x00000080');
    expect(report).toContain('\r\n Total number of grant regions defined: 4\r\n');
    expect(report).toContain(
      `  Grant  0 : --          Grant  2 0x3: 0x${grant?.address.toString(16)}\r\n  Grant  1 : --          Grant  3 : --        \r\n`,
    );
    expect(report).toContain(' Region 0: [0x40000, +0x400) ReadExecuteOnly');
    expect(report).toContain('`make debug RAM_START=0x20000000 FLASH_INIT=0x40041`');
  });

  it('gives the fixed-address listing name for a fixed-address app', () => {
    const board = new FakeBoard();
    const process = board.createProcess({ fixedAddressFlash: 0x40040, fixedAddressRam: 0x2000_0000 });
    expect(printFullProcess(process)).toContain('open the arch.0x40040.0x20000000.lst file.');
  });
});

describe('formatSyscall', () => {
  it('prints syscalls in upstream’s Debug form', () => {
    const format = (...registers: [number, number, number, number, number]) => {
      const syscall = decodeSyscall(...registers);
      return syscall === undefined ? 'undecodable' : formatSyscall(syscall);
    };
    expect(format(0, 0, 0x2000_0010, 0, 0)).toBe('Yield { yield_type: NoWait { ptr: 0x20000010 } }');
    expect(format(0, 2, 1, 3, 0)).toBe(
      'Yield { yield_type: WaitFor { driver_number: 1, subdriver_number: 3 } }',
    );
    expect(format(1, 1, 0, 0x40101, 7)).toBe(
      'Subscribe { driver_number: 1, subdriver_number: 0, upcall_ptr: 0x40101, appdata: 7 }',
    );
    expect(format(3, 1, 1, 0x2000_0100, 16)).toBe(
      'ReadWriteAllow { driver_number: 1, subdriver_number: 1, allow_address: 0x20000100, allow_size: 16 }',
    );
    expect(format(5, 1, 0x100, 0, 0)).toBe('Memop { operand: 1, arg0: 256 }');
    expect(format(6, 0, 3, 0, 0)).toBe('Exit { which: 0, completion_code: 3 }');
  });
});
