// Random instruction streams in user mode never escape the PMP, never throw on the host and always
// end in something the kernel can report: a syscall, a fault (mcause an exception) or an
// interruption when the run budget is spent. Memory outside the process's RAM window is compared
// word by word before and after every run.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Privilege } from './silicon/architecture.js';
import { VIRT_RAM_BASE } from './silicon/qemu-virt.js';
import { createProcessMachine } from './testing/process-machine.js';

/** Opcodes of RV32IMA + SYSTEM, to bias streams toward decodable instructions. */
const OPCODES = [0x03, 0x0f, 0x13, 0x17, 0x23, 0x2f, 0x33, 0x37, 0x63, 0x67, 0x6f, 0x73];

const instructionWord = fc.oneof(
  fc.integer({ min: 0, max: 0xffff_ffff }),
  fc
    .tuple(fc.constantFrom(...OPCODES), fc.integer({ min: 0, max: 0x1ff_ffff }))
    .map(([opcode, fields]) => ((fields << 7) | opcode) >>> 0),
  // Two compressed instructions in one word.
  fc
    .integer({ min: 0, max: 0xffff_ffff })
    .map((word) => (word & ~0x0003_0000) >>> 0),
);

describe('random user-mode instruction streams', () => {
  it('stay inside the PMP and end in a trap the kernel reports', () => {
    const rig = createProcessMachine({ runBudgetNanos: 200_000 });
    const ram = new Uint32Array(rig.machine.ram.buffer);
    fc.assert(
      fc.property(
        fc.array(instructionWord, { minLength: 1, maxLength: 64 }),
        fc.array(fc.integer({ min: 0, max: 0xffff_ffff }), { minLength: 31, maxLength: 31 }),
        (words, registers) => {
          const code = new Uint8Array(words.length * 4);
          const view = new DataView(code.buffer);
          words.forEach((word, index) => {
            view.setUint32(index * 4, word, true);
          });
          const process = rig.loadProcess(code);
          // Random registers, but keep half of them pointing into or near the process's RAM.
          registers.forEach((value, index) => {
            process.state.regs[index] =
              index % 2 === 0 ? value : process.memory.start + (value % 0x2000) - 0x800;
          });
          const windowStart = (process.memory.start - VIRT_RAM_BASE) >>> 2;
          const windowEnd = (process.appBreak - VIRT_RAM_BASE) >>> 2;
          const before = ram.slice();
          const reason = rig.switchTo(process);
          expect(['SyscallFired', 'Fault', 'Interrupted']).toContain(reason.kind);
          if (reason.kind === 'Fault') expect(process.state.mcause >>> 31).toBe(0);
          expect(rig.hart.privilege).toBe(Privilege.Machine);
          for (let index = 0; index < ram.length; index++) {
            if (index >= windowStart && index < windowEnd) continue;
            if (ram[index] !== before[index]) {
              throw new Error(
                `word at 0x${(VIRT_RAM_BASE + index * 4).toString(16)} changed outside the process RAM`,
              );
            }
          }
          ram.fill(0, windowStart, windowEnd);
        },
      ),
      { numRuns: 150, seed: 0x7c5 },
    );
  });
});
