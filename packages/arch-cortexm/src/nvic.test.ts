// The NVIC driver through the NVIC registers.
import { MemoryMap, SimulationClock } from '@tock-ts/silicon';
import { describe, expect, it } from 'vitest';
import { CortexMChipCore } from './cortexm-chip-core.js';
import { Nvic } from './nvic.js';
import { CoreVariant } from './silicon/architecture.js';

describe('Nvic', () => {
  it('enables, disables, clears and finds pending interrupts', () => {
    const memory = new MemoryMap();
    memory.addMemory('ram', 0x2000_0000, new Uint8Array(0x1000), true);
    const chip = new CortexMChipCore({
      variant: CoreVariant.CortexM4,
      memory,
      clock: new SimulationClock(),
      frequencyHz: 64_000_000,
      externalInterrupts: 48,
    });
    const nvic = new Nvic(memory, 48);
    expect(nvic.hasPending()).toBe(false);
    chip.interruptLine(37).raise();
    chip.interruptLine(5).raise();
    expect(nvic.nextPending()).toBe(5);
    nvic.enable(37);
    expect(chip.core.exceptions.enabled[16 + 37]).toBe(1);
    nvic.disable(37);
    expect(chip.core.exceptions.enabled[16 + 37]).toBe(0);
    nvic.clearPending(5);
    expect(nvic.nextPending()).toBe(37);
    nvic.clearPending(37);
    expect(nvic.hasPending()).toBe(false);
  });
});
