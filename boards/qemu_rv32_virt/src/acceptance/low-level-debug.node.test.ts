/**
 * Low-level debug (driver 0x8) on the board: a small RV32 program, assembled here and wrapped in a
 * fixed-address TBF for slot 0x8010_0080, prints an alert code and two values through it and then
 * yield-waits; the console shows upstream's `LowLevelDebug:` lines.
 */
import { Reg, RvAssembler } from '@tock-ts/arch-rv32/testing';
import { SyscallClass, YieldCall } from '@tock-ts/kernel';
import { encodeTbfHeader, type TbfHeaderFields } from '@tock-ts/tockloader-ts';
import { describe, expect, it } from 'vitest';
import { bootBoard, MILLISECOND } from './harness.js';

const LOW_LEVEL_DEBUG = 0x8;
const BINARY_ADDRESS = 0x8010_0080;
const PROTECTED_END = BINARY_ADDRESS - 0x8010_0000;

function program(): Uint8Array {
  const { a0, a1, a2, a3, a4 } = Reg;
  const asm = new RvAssembler();
  const command = (number: number, first: number, second: number): void => {
    asm
      .li(a0, LOW_LEVEL_DEBUG)
      .li(a1, number)
      .li(a2, first)
      .li(a3, second)
      .li(a4, SyscallClass.Command)
      .ecall();
  };
  command(1, 0x2a, 0);
  command(2, 0x1234, 0);
  command(3, 0xdead_beef, 7);
  asm.li(a0, YieldCall.Wait).li(a4, SyscallClass.Yield).ecall();
  return asm.bytes();
}

function lowLevelDebugTbf(): Uint8Array {
  const code = program();
  const totalSize = PROTECTED_END + Math.ceil(code.length / 4) * 4;
  const fields = (protectedTrailerSize: number): TbfHeaderFields => ({
    totalSize,
    enabled: true,
    // The entry point counts from the end of the header: the protected trailer comes first.
    initFunctionOffset: protectedTrailerSize,
    protectedTrailerSize,
    minimumRamSize: 4096,
    binaryEndOffset: totalSize,
    appVersion: 0,
    packageName: 'lldb',
    writeableFlashRegions: [],
    fixedAddresses: { ram: undefined, flash: BINARY_ADDRESS },
    permissions: [],
    kernelVersion: { major: 2, minor: 0 },
  });
  const header = encodeTbfHeader(fields(PROTECTED_END - encodeTbfHeader(fields(0)).length));
  const tbf = new Uint8Array(totalSize);
  tbf.set(header);
  tbf.set(code, PROTECTED_END);
  return tbf;
}

describe('low-level debug', () => {
  it('prints an alert code and one and two values for the process', () => {
    const booted = bootBoard([lowLevelDebugTbf()]);
    expect(booted.board.refusedApps).toEqual([]);
    booted.runUntil(() => booted.lineTexts().length >= 5, 100 * MILLISECOND);
    const lines = booted.lineTexts();
    expect(lines).toContain('LowLevelDebug: App 0x0 alert code 0x2a');
    expect(lines).toContain('LowLevelDebug: App 0x0 prints 0x1234');
    expect(lines).toContain('LowLevelDebug: App 0x0 prints 0xdeadbeef 0x7');
  });
});
