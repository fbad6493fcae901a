/**
 * The CLINT machine timer as the kernel's timeslice timer (upstream `SchedulerTimer for Clint` in
 * `chips/sifive/src/clint.rs`): `start` arms the comparator `us` from now, the remaining time is
 * the distance to the compare value, and a distance of a second or more (the subtraction wrapped
 * because the alarm passed) means expired. `arm`/`disarm` leave `mie.MTIE` alone, as upstream.
 * (Upstream's qemu_rv32_virt board runs a cooperative scheduler over a virtual alarm instead; this
 * is for boards that give the CLINT to the scheduler.)
 */
import type { SchedulerTimer } from '@tock-ts/kernel';
import type { MachineTimer } from './machine-timer.js';

const TWO_64 = 2 ** 64;

/** A `SchedulerTimer` over the machine timer. */
export class MachineTimerSchedulerTimer implements SchedulerTimer {
  readonly #timer: MachineTimer;

  constructor(timer: MachineTimer) {
    this.#timer = timer;
  }

  start(us: number): void {
    const ticks = Math.floor((us * this.#timer.frequency) / 1_000_000);
    this.#timer.setAlarm64(this.#timer.now64(), ticks);
  }

  reset(): void {
    this.#timer.disableMachineTimer();
  }

  arm(): void {}

  disarm(): void {}

  getRemainingUs(): number | undefined {
    const frequency = this.#timer.frequency;
    let difference = this.#timer.getAlarm64() - this.#timer.now64();
    if (difference < 0) difference += TWO_64;
    if (difference >= frequency) return undefined;
    const us = Math.floor((difference * 1_000_000) / frequency);
    return us === 0 ? undefined : us;
  }
}
