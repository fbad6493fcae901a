// POWER/CLOCK model and driver tests: clock start-up in virtual time, sources, USB power events.
import { describe, expect, it } from 'vitest';
import { Nrf52840Interrupt } from '../silicon/nrf52840-silicon.js';
import { HFXO_STARTUP_NANOS, LFXO_STARTUP_NANOS } from '../silicon/power-clock.js';
import { HighClockSource, LowClockSource } from './clock.js';
import { PowerEvent } from './power.js';
import { createTestBoard } from './test-board.test-support.js';

describe('CLOCK', () => {
  it('starts the crystals after their start-up times, as the nRF clock component waits for', () => {
    const { peripherals, chip } = createTestBoard();
    const clock = peripherals.clock;
    clock.lowStop();
    clock.highStop();
    clock.lowSetSource(LowClockSource.XTAL);
    clock.lowStart();
    clock.highStart();
    expect(clock.lowStarted()).toBe(false);
    expect(chip.waitUntil(() => clock.highStarted())).toBe(true);
    expect(chip.clock.nowNanos).toBe(HFXO_STARTUP_NANOS);
    expect(clock.highRunning()).toBe(true);
    expect(clock.highSource()).toBe(HighClockSource.XTAL);
    expect(chip.waitUntil(() => clock.lowStarted())).toBe(true);
    expect(chip.clock.nowNanos).toBe(LFXO_STARTUP_NANOS);
    expect(clock.lowRunning()).toBe(true);
    expect(clock.lowSource()).toBe(LowClockSource.XTAL);
    clock.lowStop();
    expect(clock.lowRunning()).toBe(false);
  });
});

describe('POWER', () => {
  it('reports USB power events through the POWER_CLOCK interrupt', () => {
    const { peripherals, chip, core, service } = createTestBoard();
    const events: PowerEvent[] = [];
    peripherals.power.setUsbClient({ handlePowerEvent: (event) => events.push(event) });
    chip.powerClock.setUsbPower(true);
    expect(core.lineLevels[Nrf52840Interrupt.POWER_CLOCK]).toBe(1);
    service();
    expect(events).toEqual([PowerEvent.UsbPluggedIn, PowerEvent.UsbPowerReady]);
    expect(core.lineLevels[Nrf52840Interrupt.POWER_CLOCK]).toBe(0);
    expect(peripherals.power.isVbusPresent()).toBe(true);
    chip.powerClock.setUsbPower(false);
    service();
    expect(events.at(-1)).toBe(PowerEvent.UsbPluggedOut);
    expect(peripherals.power.isUsbPowerReady()).toBe(false);
  });

  it('keeps GPREGRET to a byte and clears RESETREAS bits written with 1', () => {
    const { peripherals, chip } = createTestBoard();
    peripherals.power.setGpregret(0x1b7);
    expect(peripherals.power.getGpregret()).toBe(0xb7);
    chip.powerClock.setResetReason(0b1010);
    peripherals.power.clearResetReason(0b0010);
    expect(peripherals.power.resetReason()).toBe(0b1000);
  });
});
