// Chip tests: the interrupt bottom-half loop over an NVIC, sleep, and the FICR/UICR fields.
import { KernelPanic } from '@tock-ts/kernel';
import { FakeClock, FakeMpu, FakeSchedulerTimer, FakeUserspaceKernelBoundary } from '@tock-ts/kernel/testing';
import { describe, expect, it } from 'vitest';
import { type InterruptController, Nrf52840 } from './chip.js';
import type { InterruptService } from './interrupt-service.js';

class RecordingNvic implements InterruptController {
  pending = new Set<number>();
  readonly log: string[] = [];
  nextPending(): number | undefined {
    return [...this.pending].sort((a, b) => a - b)[0];
  }
  hasPending(): boolean {
    return this.pending.size > 0;
  }
  clearPending(irq: number): void {
    this.pending.delete(irq);
    this.log.push(`clear ${irq}`);
  }
  enable(irq: number): void {
    this.log.push(`enable ${irq}`);
  }
}

function makeChip(nvic: InterruptController, service: InterruptService, sleeps: boolean[] = []) {
  // The kernel-facing parts the chip only passes through.
  const boundary = new FakeUserspaceKernelBoundary(
    new FakeClock(),
    new FakeSchedulerTimer(new FakeClock()),
    () => nvic.hasPending(),
  );
  return new Nrf52840({
    mpu: new FakeMpu(),
    userspaceKernelBoundary: boundary,
    nvic,
    interruptService: service,
    waitForInterrupt: () => sleeps.shift() ?? false,
    flash: { start: 0, bytes: new Uint8Array(4) },
    ram: { start: 0x2000_0000, bytes: new Uint8Array(4) },
    interruptCount: 48,
  });
}

describe('Nrf52840 chip', () => {
  it('runs bottom halves lowest interrupt first, then clears and re-enables each', () => {
    const nvic = new RecordingNvic();
    nvic.pending = new Set([17, 2]);
    const handled: number[] = [];
    const chip = makeChip(nvic, {
      serviceInterrupt: (irq) => {
        handled.push(irq);
        nvic.log.push(`service ${irq}`);
        return true;
      },
    });
    expect(chip.hasPendingInterrupts()).toBe(true);
    chip.servicePendingInterrupts();
    expect(handled).toEqual([2, 17]);
    expect(nvic.log).toEqual(['service 2', 'clear 2', 'enable 2', 'service 17', 'clear 17', 'enable 17']);
    expect(chip.hasPendingInterrupts()).toBe(false);
  });

  it('panics on an interrupt no driver owns', () => {
    const nvic = new RecordingNvic();
    nvic.pending = new Set([30]);
    const chip = makeChip(nvic, { serviceInterrupt: () => false });
    expect(() => chip.servicePendingInterrupts()).toThrow(KernelPanic);
    expect(() => chip.servicePendingInterrupts()).toThrow(/unhandled interrupt 30/);
  });

  it('enables every external interrupt on initialize', () => {
    const nvic = new RecordingNvic();
    makeChip(nvic, { serviceInterrupt: () => true }).initialize();
    expect(nvic.log).toHaveLength(48);
    expect(nvic.log[0]).toBe('enable 0');
    expect(nvic.log[47]).toBe('enable 47');
  });

  it('sleeps through the given wait-for-interrupt', () => {
    const chip = makeChip(new RecordingNvic(), { serviceInterrupt: () => true }, [true]);
    expect(chip.sleep()).toBe(true);
    expect(chip.sleep()).toBe(false);
  });
});
