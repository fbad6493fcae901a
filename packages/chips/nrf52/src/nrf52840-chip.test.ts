// The composed chip on the real Cortex-M4 model: drivers, NVIC and bottom halves end to end.
import { Parity, StopBits, TICKS24, ticks, Width } from '@tock-ts/hil';
import { DeferredCallRegistry } from '@tock-ts/kernel';
import { describe, expect, it } from 'vitest';
import { createNrf52840Chip } from './nrf52840-chip.js';

function boot() {
  const parts = createNrf52840Chip({
    deferredCalls: new DeferredCallRegistry(),
    uarteDmaRegion: { address: 0x2000_0000, length: 512 },
  });
  const { chip } = parts;
  /** The kernel loop's idle path: sleep until an event, then run the bottom halves. */
  const idleUntil = (done: () => boolean): void => {
    for (let steps = 0; !done(); steps++) {
      if (steps > 100_000 || !chip.sleep()) throw new Error('nothing left to wake the chip');
      chip.servicePendingInterrupts();
    }
  };
  return { ...parts, idleUntil };
}

describe('createNrf52840Chip', () => {
  it('maps 1 MB of flash at 0 and 256 kB of RAM at 0x20000000, with FICR describing the part', () => {
    const { chip, silicon } = boot();
    expect(chip.flash.start).toBe(0);
    expect(chip.flash.bytes.length).toBe(0x10_0000);
    expect(chip.ram.start).toBe(0x2000_0000);
    expect(chip.ram.bytes.length).toBe(0x4_0000);
    expect(silicon.memory.read(0x1000_0100, 4)).toBe(0x52840);
    expect(silicon.memory.read(0x1000_0010, 4)).toBe(4096);
    expect(silicon.memory.read(0x1000_0014, 4)).toBe(256);
  });

  it('prints through UARTE0 with the interrupt taken through the NVIC', () => {
    const { peripherals, silicon, chip, idleUntil } = boot();
    const output: number[] = [];
    silicon.uarte0.onTransmit = (byte) => output.push(byte);
    const uart = peripherals.uarte0;
    uart.initialize(6, 8);
    uart.configure({
      baudRate: 115_200,
      width: Width.Eight,
      parity: Parity.None,
      stopBits: StopBits.One,
      hardwareFlowControl: false,
    });
    let done = 0;
    uart.setTransmitClient({ transmittedBuffer: () => done++ });
    expect(uart.transmitBuffer(Uint8Array.from([0x68, 0x69, 0x0a]), 3).ok).toBe(true);
    expect(chip.hasPendingInterrupts()).toBe(false);
    idleUntil(() => done > 0);
    expect(output).toEqual([0x68, 0x69, 0x0a]);
    expect(done).toBe(1);
    expect(chip.hasPendingInterrupts()).toBe(false);
  });

  it('fires an RTC1 alarm through the NVIC at the right tick', () => {
    const { peripherals, idleUntil } = boot();
    const rtc = peripherals.rtc;
    rtc.start();
    const fired: number[] = [];
    rtc.setAlarmClient({ alarm: () => fired.push(rtc.now()) });
    rtc.setAlarm(rtc.now(), ticks(3277, TICKS24));
    idleUntil(() => fired.length > 0);
    expect(fired).toEqual([3277]);
  });

  it('starts the clocks the way the nRF startup code polls for them', () => {
    const { peripherals, silicon } = boot();
    const clock = peripherals.clock;
    clock.highStart();
    clock.lowStart();
    expect(silicon.waitUntil(() => clock.highStarted() && clock.lowStarted())).toBe(true);
  });
});
