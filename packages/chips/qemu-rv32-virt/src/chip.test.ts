// The chip's interrupt halves on the silicon: the machine timer's compare match and the UART's
// transmit interrupt reach their drivers through the chip's top and bottom halves.
import { type AlarmClient, ticks } from '@tock-ts/hil';
import { describe, expect, it } from 'vitest';
import { QEMU_RV32_VIRT_LAYOUT, QemuRv32VirtChip } from './chip.js';

describe('QemuRv32VirtChip', () => {
  it('maps app flash and RAM at upstream addresses', () => {
    const chip = new QemuRv32VirtChip();
    expect(chip.flash.start).toBe(0x8010_0000);
    expect(chip.flash.bytes.length).toBe(QEMU_RV32_VIRT_LAYOUT.appFlash.size);
    expect(chip.ram.start).toBe(0x8020_0000);
    expect(chip.ram.bytes.length).toBe(0x20_0000);
    chip.flash.bytes[0] = 0x5a;
    expect(chip.silicon.memory.read(0x8010_0000, 1)).toBe(0x5a);
  });

  it('services the machine timer after sleeping until it fires', () => {
    const chip = new QemuRv32VirtChip();
    chip.initialize();
    let fired = 0;
    const client: AlarmClient = { alarm: () => fired++ };
    chip.timer.setAlarmClient(client);
    chip.timer.setAlarm(chip.timer.now(), ticks(1000));
    expect(chip.hasPendingInterrupts()).toBe(false);
    expect(chip.sleep()).toBe(true);
    expect(chip.hasPendingInterrupts()).toBe(true);
    chip.servicePendingInterrupts();
    expect(fired).toBe(1);
    expect(chip.hasPendingInterrupts()).toBe(false);
    expect(chip.silicon.clock.nowNanos).toBeGreaterThanOrEqual(100_000);
  });

  it('delivers the UART transmit-done interrupt through the PLIC', () => {
    const chip = new QemuRv32VirtChip();
    chip.initialize();
    const sent: number[] = [];
    chip.silicon.uart0.onTransmit = (byte) => sent.push(byte);
    const done: number[] = [];
    chip.uart0.setTransmitClient({ transmittedBuffer: (_buffer, length) => done.push(length) });
    const text = Uint8Array.from('hello, virt\n', (char) => char.charCodeAt(0));
    expect(chip.uart0.transmitBuffer(text, text.length).ok).toBe(true);
    for (let step = 0; step < 100 && done.length === 0; step++) {
      if (chip.hasPendingInterrupts()) chip.servicePendingInterrupts();
      else if (!chip.sleep()) break;
    }
    expect(done).toEqual([text.length]);
    expect(String.fromCharCode(...sent)).toBe('hello, virt\n');
  });
});
