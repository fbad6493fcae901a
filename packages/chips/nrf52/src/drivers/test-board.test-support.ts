// Test support: the nRF52840 peripherals without a CPU, their drivers, and a loop that services
// raised interrupt lines and deferred calls as the kernel loop would.
import { DeferredCallRegistry } from '@tock-ts/kernel';
import { Nrf52840Silicon, type PeripheralOnlyCore, peripheralOnlyCore } from '../silicon/nrf52840-silicon.js';
import { Nrf52840DefaultPeripherals } from './interrupt-service.js';

/** Address of the UARTE DMA region the tests reserve. */
export const TEST_DMA_ADDRESS = 0x2003_f000;

/** Silicon plus drivers, with a bottom-half loop. */
export function createTestBoard() {
  const chip = new Nrf52840Silicon({ core: peripheralOnlyCore });
  const core: PeripheralOnlyCore = chip.core;
  const deferredCalls = new DeferredCallRegistry();
  const peripherals = new Nrf52840DefaultPeripherals({
    bus: chip.bus,
    busyWait: chip,
    deferredCalls,
    uarteDmaRegion: { address: TEST_DMA_ADDRESS, length: 512 },
  });
  /** Runs bottom halves of raised lines and pending deferred calls until none is left. */
  const service = (): void => {
    for (let rounds = 0; ; rounds++) {
      if (rounds > 10_000) throw new Error('interrupt storm: a line stays raised after its bottom half');
      const irq = core.nextRaised();
      if (irq !== undefined) {
        if (!peripherals.serviceInterrupt(irq)) throw new Error(`unhandled interrupt ${irq}`);
        continue;
      }
      if (deferredCalls.serviceNextPending() === undefined) return;
    }
  };
  /** Advances virtual time to `nanos`, servicing interrupts at each event as they happen. */
  const runUntil = (nanos: number): void => {
    service();
    for (;;) {
      const next = chip.clock.nextEventNanos;
      if (next === undefined || next > nanos) break;
      chip.clock.advanceTo(next);
      service();
    }
    chip.clock.advanceTo(nanos);
    service();
  };
  return { chip, core, peripherals, deferredCalls, service, runUntil };
}
