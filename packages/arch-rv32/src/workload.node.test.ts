// The shared bare-metal workload (CRC-32, matrix multiply, sort, sieve) built for rv32imac runs on
// the QEMU virt silicon to QEMU's checksum, executing exactly the instructions QEMU executes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RunExit } from './silicon/rv32-hart.js';
import { runBareMetal } from './testing/run-bare-metal.js';

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));
}

// QEMU's instruction count for this ELF (the bench-anchors TCG plugin) is 349134; that includes
// the six instructions of QEMU's reset stub at 0x1000, which jumps to the ELF entry we start at.
const QEMU_INSTRUCTIONS = 349_134;
const QEMU_RESET_STUB = 6;

describe('bare-metal workload', () => {
  it('runs the rv32imac build (ITERS=2) to QEMU checksum and instruction count', () => {
    const result = runBareMetal({ elf: fixture('workload_rv32_2.elf') });
    expect(result.output).toBe('checksum=b5754e8a iters=00000002\n');
    expect(result.exitStatus).toBe(0);
    expect(result.exit).toBe(RunExit.Stopped);
    expect(result.instructions).toBe(QEMU_INSTRUCTIONS - QEMU_RESET_STUB);
    expect(result.cycles).toBeGreaterThan(result.instructions);
  });
});
