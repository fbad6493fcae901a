// Property: arbitrary Thumb code run unprivileged from arbitrary registers, inside Tock's MPU
// setup, always ends in a result the boundary reports (syscall, fault or interruption), never
// throws on the host, never hangs, and never changes memory the MPU does not grant the process.
import { ReturnVariant } from '@tock-ts/kernel';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoreVariant } from './silicon/architecture.js';
import { AccessKind } from './silicon/mpu.js';
import { createProcessMachine, PROCESS_LAYOUT } from './testing/process-machine.js';

const CODE_HALFWORDS = 24;
const VARIANTS = [CoreVariant.CortexM0Plus, CoreVariant.CortexM4] as const;

/** End of the window the MPU lets the process write, probed 32 bytes at a time. */
function writableWindowEnd(machine: ReturnType<typeof createProcessMachine>): number {
  const mpu = machine.chip.mpu;
  let end = machine.memoryStart;
  while (mpu?.checkAccess(end, 1, AccessKind.Write, false, false) === true) end += 32;
  return end;
}

describe.each(VARIANTS)('random code on %s', (variant) => {
  it('always comes back with a reason and leaves memory outside the MPU window untouched', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 0xffff }), {
          minLength: CODE_HALFWORDS,
          maxLength: CODE_HALFWORDS,
        }),
        fc.array(fc.integer({ min: 0, max: 0xffff_ffff }), { minLength: 12, maxLength: 12 }),
        fc.boolean(),
        (halfwords, values, pointIntoWindow) => {
          const code = new Uint8Array(CODE_HALFWORDS * 2);
          halfwords.forEach((halfword, index) => {
            code[2 * index] = halfword & 0xff;
            code[2 * index + 1] = halfword >>> 8;
          });
          const machine = createProcessMachine(variant, code, 20_000);
          const { boundary, state, memoryStart, appBreak } = machine;
          const windowEnd = writableWindowEnd(machine);
          expect(windowEnd).toBeGreaterThanOrEqual(appBreak);
          expect(windowEnd).toBeLessThanOrEqual(machine.kernelMemoryBreak);
          // Half of the runs aim the registers into the process's own memory, the rest anywhere.
          const register = (index: number): number => {
            const value = values[index] ?? 0;
            return pointIntoWindow ? memoryStart + (value % (windowEnd - memoryStart)) : value;
          };
          for (let index = 0; index < 8; index++) state.registers[index] = register(index + 4);
          const ramBefore = machine.ram.slice();
          boundary.setProcessFunction(memoryStart, appBreak, state, {
            pc: PROCESS_LAYOUT.processFlash,
            argument0: register(0),
            argument1: register(1),
            argument2: register(2),
            argument3: register(3),
          });
          const reasons: string[] = [];
          for (let round = 0; round < 3; round++) {
            const reason = boundary.switchToProcess(memoryStart, appBreak, state);
            reasons.push(reason.kind);
            if (reason.kind === 'Fault') break;
            if (reason.kind === 'SyscallFired') {
              boundary.setSyscallReturnValue(memoryStart, appBreak, state, {
                variant: ReturnVariant.Success,
              });
            }
          }
          expect(reasons.every((kind) => ['SyscallFired', 'Fault', 'Interrupted'].includes(kind))).toBe(true);
          const windowStart = memoryStart - PROCESS_LAYOUT.ramBase;
          const windowStop = windowEnd - PROCESS_LAYOUT.ramBase;
          const ram = machine.ram;
          for (let offset = 0; offset < ram.length; offset++) {
            if (offset >= windowStart && offset < windowStop) continue;
            if (ram[offset] !== ramBefore[offset]) {
              throw new Error(
                `byte at ${(PROCESS_LAYOUT.ramBase + offset).toString(16)} changed outside the window`,
              );
            }
          }
          expect(machine.chip.core.privileged).toBe(true);
          expect(machine.chip.core.ipsr).toBe(0);
        },
      ),
      { numRuns: 150, seed: 20261122 },
    );
  }, 120_000);
});
