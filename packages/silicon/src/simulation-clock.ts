/**
 * The virtual clock of one board: integer nanoseconds and a queue of scheduled callbacks.
 *
 * Peripherals schedule events at absolute virtual times; whoever drives the board (the core's run
 * loop, a test) moves time forward with `advanceTo`, which fires every due event in time order.
 * Events due at the same time fire in the order they were scheduled. Nothing here looks at wall
 * time, so the same inputs give the same trace on every run.
 */

/** Identifies a scheduled event so it can be cancelled. */
export type ClockEventHandle = number;

/** Something that can be scheduled: called once, with the virtual time at which it fires. */
export type ClockCallback = (nowNanos: number) => void;

interface ScheduledEvent {
  readonly atNanos: number;
  readonly sequence: number;
  readonly callback: ClockCallback;
}

/** A deterministic virtual clock counting whole nanoseconds from 0. */
export class SimulationClock {
  #nowNanos = 0;
  #nextSequence = 1;
  /** Pending events sorted by (atNanos, sequence); the earliest is last, so firing pops. */
  readonly #events: ScheduledEvent[] = [];

  /** The current virtual time in nanoseconds. */
  get nowNanos(): number {
    return this.#nowNanos;
  }

  /** The time of the earliest pending event, or `undefined` when nothing is scheduled. */
  get nextEventNanos(): number | undefined {
    const last = this.#events[this.#events.length - 1];
    return last?.atNanos;
  }

  /** How many events are pending. */
  get pendingEventCount(): number {
    return this.#events.length;
  }

  /**
   * Schedules `callback` at `atNanos` (a time in the past fires at the next `advanceTo`).
   * Throws on a time that is not a finite non-negative integer: that is a bug in the caller.
   */
  schedule(atNanos: number, callback: ClockCallback): ClockEventHandle {
    if (!Number.isSafeInteger(atNanos) || atNanos < 0) {
      throw new RangeError(`SimulationClock.schedule: time must be a non-negative integer, got ${atNanos}`);
    }
    const event: ScheduledEvent = { atNanos, sequence: this.#nextSequence++, callback };
    const events = this.#events;
    // Binary search for the insertion point in the descending order.
    let low = 0;
    let high = events.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const other = events[middle];
      if (other !== undefined && firesBefore(event, other)) low = middle + 1;
      else high = middle;
    }
    events.splice(low, 0, event);
    return event.sequence;
  }

  /** Schedules `callback` `delayNanos` after now. */
  scheduleAfter(delayNanos: number, callback: ClockCallback): ClockEventHandle {
    return this.schedule(this.#nowNanos + delayNanos, callback);
  }

  /** Cancels a pending event; returns false when it already fired or was cancelled. */
  cancel(handle: ClockEventHandle): boolean {
    const events = this.#events;
    for (let index = events.length - 1; index >= 0; index--) {
      if (events[index]?.sequence === handle) {
        events.splice(index, 1);
        return true;
      }
    }
    return false;
  }

  /**
   * Moves time forward to `targetNanos`, firing every event due at or before it in time order.
   * Callbacks see `nowNanos` equal to their event's time and may schedule further events; those
   * that fall due before `targetNanos` fire in this same call. Time never moves backwards: a
   * target earlier than now only fires events that are already due.
   */
  advanceTo(targetNanos: number): void {
    if (!Number.isSafeInteger(targetNanos)) {
      throw new RangeError(`SimulationClock.advanceTo: time must be an integer, got ${targetNanos}`);
    }
    const events = this.#events;
    for (;;) {
      const next = events[events.length - 1];
      if (next === undefined || next.atNanos > targetNanos) break;
      events.pop();
      if (next.atNanos > this.#nowNanos) this.#nowNanos = next.atNanos;
      next.callback(this.#nowNanos);
    }
    if (targetNanos > this.#nowNanos) this.#nowNanos = targetNanos;
  }
}

/** True when `a` must fire before `b`: earlier time, or the same time and scheduled first. */
function firesBefore(a: ScheduledEvent, b: ScheduledEvent): boolean {
  return a.atNanos < b.atNanos || (a.atNanos === b.atNanos && a.sequence < b.sequence);
}
