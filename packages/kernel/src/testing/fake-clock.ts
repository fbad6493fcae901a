/**
 * A virtual microsecond clock with scheduled events, for the fake chip and its timer.
 */

interface ScheduledEvent {
  readonly atUs: number;
  readonly sequence: number;
  readonly fire: () => void;
}

/** Virtual time: it moves only when the fake boundary runs a process or the chip sleeps. */
export class FakeClock {
  #nowUs = 0;
  #sequence = 0;
  #events: ScheduledEvent[] = [];

  /** Microseconds since the clock started. */
  get nowUs(): number {
    return this.#nowUs;
  }

  /** Runs `fire` once the clock reaches `atUs` (events at the same time fire in schedule order). */
  schedule(atUs: number, fire: () => void): void {
    this.#events.push({ atUs, sequence: this.#sequence++, fire });
    this.#events.sort((a, b) => a.atUs - b.atUs || a.sequence - b.sequence);
  }

  /** When the next event is due, or `undefined` when none is scheduled. */
  nextEventUs(): number | undefined {
    return this.#events[0]?.atUs;
  }

  /** Moves time forward by `us`, firing every event that falls due; returns how many fired. */
  advance(us: number): number {
    const target = this.#nowUs + us;
    let fired = 0;
    for (;;) {
      const next = this.#events[0];
      if (next === undefined || next.atUs > target) break;
      this.#events.shift();
      this.#nowUs = Math.max(this.#nowUs, next.atUs);
      next.fire();
      fired += 1;
    }
    this.#nowUs = target;
    return fired;
  }
}
