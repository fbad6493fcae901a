// The SysTick scheduler timer against the SysTick registers, as upstream's systick.rs drives them.
import { MemoryMap, SimulationClock } from '@tock-ts/silicon';
import { describe, expect, it } from 'vitest';
import { CortexMChipCore } from './cortexm-chip-core.js';
import { CoreVariant } from './silicon/architecture.js';
import { SysTickSchedulerTimer } from './systick-scheduler-timer.js';

function chipAt(frequencyHz: number): CortexMChipCore {
  const memory = new MemoryMap();
  memory.addMemory('ram', 0x2000_0000, new Uint8Array(0x1000), true);
  return new CortexMChipCore({
    variant: CoreVariant.CortexM0Plus,
    memory,
    clock: new SimulationClock(),
    frequencyHz,
    externalInterrupts: 8,
  });
}

describe('SysTickSchedulerTimer', () => {
  it('takes its frequency from SYST_CALIB (TENMS * 100) unless given one', () => {
    const chip = chipAt(125_000_000);
    expect(new SysTickSchedulerTimer(chip.core.memory).hertz).toBe(125_000_000);
    expect(new SysTickSchedulerTimer(chip.core.memory, 48_000_000).hertz).toBe(48_000_000);
  });

  it('loads reload = hz * us / 1e6, counts down with core cycles and expires through COUNTFLAG', () => {
    const chip = chipAt(1_000_000);
    const memory = chip.core.memory;
    const timer = new SysTickSchedulerTimer(memory);
    timer.start(500);
    expect(memory.read(0xe000_e014, 4)).toBe(500);
    expect(memory.read(0xe000_e010, 4) & 7).toBe(7); // ENABLE | TICKINT | CLKSOURCE
    chip.core.cycles += 200;
    expect(timer.getRemainingUs()).toBe(301); // one cycle goes to the reload after CVR was cleared
    timer.disarm();
    expect(memory.read(0xe000_e010, 4) & 2).toBe(0);
    timer.arm();
    chip.core.cycles += 400;
    expect(timer.getRemainingUs()).toBeUndefined();
    timer.reset();
    expect(memory.read(0xe000_e010, 4)).toBe(0);
    expect(memory.read(0xe000_e014, 4)).toBe(0);
  });

  it('pends the SysTick exception at expiry only while armed', () => {
    const chip = chipAt(1_000_000);
    const timer = new SysTickSchedulerTimer(chip.core.memory);
    timer.start(100);
    timer.disarm();
    expect(chip.sleep()).toBe(true);
    expect(chip.core.exceptions.pending[15]).toBe(0);
    timer.start(100);
    expect(chip.sleep()).toBe(true);
    expect(chip.core.exceptions.pending[15]).toBe(1);
  });
});
