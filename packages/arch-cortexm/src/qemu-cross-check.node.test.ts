// Cross-checks against QEMU: programs of ours (fixtures/src/*-check.c) print one line per
// observation, and the Cortex-M4 core must print exactly what qemu-system-arm -M mps2-an386 printed
// for the same image (fixtures/*.qemu.txt, recorded by scripts/build-fixtures.sh), interpreted and
// with translated blocks.
// - dsp-check: every DSP instruction, the 64-bit multiplies and the divides over pseudo-random and
//   edge-case operands, hashed per instruction with the GE and Q flags they leave;
// - exception-check: SVC from MSP and PSP, PendSV tail, NVIC nesting, PRIMASK/BASEPRI, fault status
//   registers of UNDEFINSTR, DIVBYZERO, UNALIGNED, NOCP, INVSTATE and MPU DACCVIOL, escalation.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CoreVariant } from './silicon/architecture.js';
import { runBareMetal } from './testing/run-bare-metal.js';

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));
}

describe.each(['dsp-check', 'exception-check'])('%s against QEMU', (program) => {
  const expected = new TextDecoder().decode(fixture(`${program}.qemu.txt`)).split('\n');

  it.each([true, false])('prints QEMU output line for line (compiled blocks: %s)', (compileBlocks) => {
    const result = runBareMetal({
      variant: CoreVariant.CortexM4,
      image: fixture(`${program}.bin`),
      compileBlocks,
    });
    expect(result.exitCode).toBe(0);
    expect(result.output.split('\n')).toEqual(expected);
    expect(expected.length).toBeGreaterThan(25);
  });
});
