// Property: hostile syscall arguments never crash the kernel, never touch memory outside the
// calling process's accessible RAM, and are always answered with a TRD104 variant or a fault.
import { ALL_ERROR_CODES, type ErrorCode, ok, type Result } from '@tock-ts/hil';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MemoryAllocationCapability } from './capabilities.js';
import { RestartFaultPolicy } from './fault-policies.js';
import type { Grant } from './grant.js';
import type { Kernel } from './kernel.js';
import type { ProcessId } from './process-id.js';
import type { ProcessError } from './process-types.js';
import { ReturnVariant } from './syscall.js';
import { CommandReturn, type SyscallDriver } from './syscall-driver.js';
import { FakeBoard, FakeDriver, type FakeStep, trap } from './testing/index.js';

const DRIVER = 0x42;
const SCRIBBLER = 0x43;

/**
 * A capsule that, on command 0, writes 0xA5 over every buffer the process allowed it read-write
 * and reads every read-only one: the most a capsule can do with process memory.
 */
class Scribbler implements SyscallDriver {
  readonly grant: Grant<null>;

  constructor(kernel: Kernel, capability: MemoryAllocationCapability) {
    this.grant = kernel.createGrant(
      SCRIBBLER,
      {
        upcallCount: 1,
        allowReadOnlyCount: 2,
        allowReadWriteCount: 2,
        dataSize: 0,
        dataAlignment: 1,
        createData: () => null,
      },
      capability,
    );
  }

  command(commandNumber: number, _arg0: number, _arg1: number, processId: ProcessId): CommandReturn {
    if (commandNumber !== 0) return CommandReturn.success();
    let total = 0;
    this.grant.enter(processId, (_data, kernelData) => {
      for (let slot = 0; slot < 2; slot++) {
        const readWrite = kernelData.getReadWriteProcessBuffer(slot);
        if (readWrite.ok) {
          readWrite.value.mutEnter((slice) => {
            for (let index = 0; index < slice.length; index++) slice.set(index, 0xa5);
          });
        }
        const readOnly = kernelData.getReadOnlyProcessBuffer(slot);
        if (readOnly.ok) {
          readOnly.value.enter((slice) => {
            for (let index = 0; index < slice.length; index++) total += slice.get(index);
          });
        }
      }
    });
    return CommandReturn.successU32(total);
  }

  allocateGrant(processId: ProcessId): Result<void, ProcessError> {
    const entered = this.grant.enter(processId, () => undefined);
    return entered.ok ? ok(undefined) : entered;
  }
}

const VALID_VARIANTS = new Set<number | string>([
  ReturnVariant.Failure,
  ReturnVariant.FailureU32,
  ReturnVariant.FailureU32U32,
  ReturnVariant.FailureU64,
  ReturnVariant.Success,
  ReturnVariant.SuccessU32,
  ReturnVariant.SuccessU32U32,
  ReturnVariant.SuccessU64,
  ReturnVariant.SuccessU32U32U32,
  ReturnVariant.SuccessU32U64,
  'YieldWaitFor',
]);
const VALID_ERRORS = new Set<ErrorCode>(ALL_ERROR_CODES);

describe('kernel under hostile syscalls', () => {
  it('never throws, never writes outside the caller’s RAM, and answers every syscall', () => {
    const ramStart = 0x2000_0000;
    // Addresses worth aiming at, filled in once the processes exist.
    const targets: number[] = [];
    const word = fc.oneof(
      fc.constantFrom(0, 1, 2, 4, 0x20, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff, 0xffff_fff0),
      fc.integer({ min: 0, max: 0xffff_ffff }),
      fc.integer({ min: 0, max: 63 }).map((index) => targets[index % Math.max(1, targets.length)] ?? 0),
      fc.integer({ min: -64, max: 64 }).map((delta) => (ramStart + 0x400 + delta) >>> 0),
    );
    const driverNumber = fc.oneof(fc.constantFrom(DRIVER, SCRIBBLER, 0, 0x10000), word);
    const size = fc.oneof(fc.integer({ min: 0, max: 0x40 }), word);
    const slot = fc.integer({ min: 0, max: 3 });
    const step: fc.Arbitrary<FakeStep | FakeStep[]> = fc.oneof(
      // Any trap at all, including classes and yield numbers that do not exist.
      fc
        .tuple(fc.integer({ min: 0, max: 255 }), word, word, word, word)
        .map((r) => trap(...r)),
      // Each syscall class with hostile pointers, sizes and numbers.
      fc
        .tuple(fc.integer({ min: 0, max: 3 }), word, word)
        .map(([which, a, b]) => trap(0, which, a, b)),
      fc.tuple(driverNumber, slot, word, word).map(([d, n, f, a]) => trap(1, d, n, f, a)),
      fc
        .tuple(driverNumber, fc.integer({ min: 0, max: 4 }), word, word)
        .map(([d, n, a, b]) => trap(2, d, n, a, b)),
      fc
        .tuple(fc.constantFrom(3, 4, 7), driverNumber, slot, word, size)
        .map(([c, d, n, a, l]) => trap(c, d, n, a, l)),
      // Allow to the scribbling capsule, then let it write and read everything it was given.
      fc
        .tuple(fc.constantFrom(3, 4), slot, word, size)
        .map(([c, n, a, l]) => [trap(c, SCRIBBLER, n, a, l), trap(2, SCRIBBLER, 0)]),
      fc.tuple(fc.integer({ min: 0, max: 12 }), word).map(([op, a]) => trap(5, op, a)),
      fc.tuple(fc.integer({ min: 0, max: 2 }), word).map(([which, code]) => trap(6, which, code)),
    );

    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), (generated) => {
        const steps = generated.flat();
        const freshBoard = new FakeBoard({ processSlots: 2 });
        const fakeDriver = new FakeDriver(
          freshBoard.kernel,
          DRIVER,
          freshBoard.capabilities.memoryAllocation,
        );
        const scribbler = new Scribbler(freshBoard.kernel, freshBoard.capabilities.memoryAllocation);
        freshBoard.addDriver(DRIVER, fakeDriver);
        freshBoard.addDriver(SCRIBBLER, scribbler);
        const attacker = freshBoard.createProcess({ packageName: 'attacker' }, new RestartFaultPolicy());
        const victim = freshBoard.createProcess({ packageName: 'victim', flashStart: 0x0004_0400 });
        targets.length = 0;
        targets.push(
          attacker.memoryStart,
          attacker.memoryStart + 0x100,
          attacker.appBreak,
          attacker.kernelMemoryBreak,
          attacker.memoryEnd - 4,
          victim.memoryStart,
          victim.memoryStart + 0x10,
          attacker.flashStart,
          attacker.flashNonProtectedStart,
          attacker.flashEnd - 4,
          0x0004_0100,
        );
        const chipRam = freshBoard.chip.ram.bytes;
        chipRam.fill(0x5a);
        const before = Uint8Array.from(chipRam);
        const flashBefore = Uint8Array.from(freshBoard.chip.flash.bytes);
        const writableEnd = attacker.kernelMemoryBreak;

        attacker.storedState.push(trap(5, 0, attacker.memoryStart + 0x800), ...steps);
        freshBoard.run(500);

        // Outside [memory start, initial kernel break) of the attacker nothing changed.
        const start = attacker.memoryStart - freshBoard.chip.ram.start;
        const end = writableEnd - freshBoard.chip.ram.start;
        for (let index = 0; index < chipRam.length; index++) {
          if (index >= start && index < end) continue;
          if (chipRam[index] !== before[index]) {
            throw new Error(`RAM byte 0x${(freshBoard.chip.ram.start + index).toString(16)} changed`);
          }
        }
        const flashNow = freshBoard.chip.flash.bytes;
        if (flashNow.some((byte, index) => byte !== flashBefore[index])) throw new Error('flash changed');
        for (const value of attacker.storedState.returns) {
          expect(VALID_VARIANTS.has(value.variant)).toBe(true);
          if ('error' in value) expect(VALID_ERRORS.has(value.error)).toBe(true);
        }
        expect(victim.state.kind).toBe('Yielded');
        expect(['Running', 'Yielded', 'YieldedFor', 'Terminated']).toContain(attacker.state.kind);
      }),
      { numRuns: 500, seed: 0x7ec5 },
    );
  });
});
