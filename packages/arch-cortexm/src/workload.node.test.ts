// The shared bare-metal workload (CRC-32, matrix multiply, sort, sieve) built for thumbv6m and
// thumbv7e-m runs to QEMU's checksum on both core configurations.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CoreVariant } from './silicon/architecture.js';
import { RunExit } from './silicon/cortexm-core.js';
import { runBareMetal } from './testing/run-bare-metal.js';

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));
}

// Printed by qemu-system-arm -M mps2-an385 / mps2-an386 for the same ELFs (scripts/build-fixtures.sh).
const EXPECTED_ITERS_2 = 'checksum=b5754e8a iters=00000002\n';
// Guest instructions rp2040js 1.4.1 executes for workload_m0p_2.bin (its executeInstruction() count).
const EXPECTED_INSTRUCTIONS_M0P_ITERS_2 = 441886;

describe.each([true, false])('bare-metal workload (compiled blocks: %s)', (compileBlocks) => {
  it('runs the thumbv6m build on the Cortex-M0+ to the QEMU checksum', () => {
    const result = runBareMetal({
      variant: CoreVariant.CortexM0Plus,
      image: fixture('workload_m0p_2.bin'),
      compileBlocks,
    });
    expect(result.output).toBe(EXPECTED_ITERS_2);
    expect(result.exitCode).toBe(0);
    expect(result.exit).toBe(RunExit.Stopped);
    // The exact instruction count QEMU's counting plugin and rp2040js report for this image.
    expect(result.instructions).toBe(EXPECTED_INSTRUCTIONS_M0P_ITERS_2);
  });

  it('runs the thumbv6m build on the Cortex-M4 too', () => {
    const result = runBareMetal({
      variant: CoreVariant.CortexM4,
      image: fixture('workload_m0p_2.bin'),
      compileBlocks,
    });
    expect(result.output).toBe(EXPECTED_ITERS_2);
  });

  it('runs the thumbv7e-m build on the Cortex-M4 to the QEMU checksum', () => {
    const result = runBareMetal({
      variant: CoreVariant.CortexM4,
      image: fixture('workload_m4_2.bin'),
      compileBlocks,
    });
    expect(result.output).toBe(EXPECTED_ITERS_2);
    expect(result.exitCode).toBe(0);
  });

  it('faults the thumbv7e-m build on the Cortex-M0+ (32-bit encodings are UNDEFINED there)', () => {
    const result = runBareMetal({
      variant: CoreVariant.CortexM0Plus,
      image: fixture('workload_m4_2.bin'),
      compileBlocks,
    });
    // The HardFault handler prints, then faults again on a 32-bit encoding inside HardFault: lockup.
    expect(result.output).toBe('FAULT\n');
    expect(result.exit).toBe(RunExit.Lockup);
    expect(result.chip.core.lastFault?.exception).toBe(3);
  });
});
