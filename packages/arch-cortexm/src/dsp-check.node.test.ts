// Cross-check against QEMU: a program of ours runs every DSP instruction, the 64-bit multiplies and
// the divides over pseudo-random and edge-case operands and prints one hash per instruction
// (results, GE and Q). The Cortex-M4 core must print exactly what qemu-system-arm -M mps2-an386
// printed for the same image (fixtures/dsp-check.qemu.txt, from scripts/build-fixtures.sh).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CoreVariant } from './silicon/architecture.js';
import { runBareMetal } from './testing/run-bare-metal.js';

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));
}

describe('DSP cross-check against QEMU', () => {
  const expected = new TextDecoder().decode(fixture('dsp-check.qemu.txt'));

  it.each([true, false])('prints QEMU output line for line (compiled blocks: %s)', (compileBlocks) => {
    const result = runBareMetal({
      variant: CoreVariant.CortexM4,
      image: fixture('dsp-check.bin'),
      compileBlocks,
    });
    expect(result.exitCode).toBe(0);
    expect(result.output.split('\n')).toEqual(expected.split('\n'));
    expect(expected.split('\n').length).toBeGreaterThan(80);
  });
});
