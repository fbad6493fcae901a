// Tests for the virtual clock: ordering, stability for equal times, cancellation, re-scheduling.
import { describe, expect, it } from 'vitest';
import { SimulationClock } from './simulation-clock.js';

describe('SimulationClock', () => {
  it('fires due events in time order and stops at the target', () => {
    const clock = new SimulationClock();
    const fired: string[] = [];
    clock.schedule(300, (now) => fired.push(`c@${now}`));
    clock.schedule(100, (now) => fired.push(`a@${now}`));
    clock.schedule(200, (now) => fired.push(`b@${now}`));
    expect(clock.nextEventNanos).toBe(100);
    clock.advanceTo(250);
    expect(fired).toEqual(['a@100', 'b@200']);
    expect(clock.nowNanos).toBe(250);
    expect(clock.nextEventNanos).toBe(300);
  });

  it('fires events at the same time in scheduling order', () => {
    const clock = new SimulationClock();
    const fired: number[] = [];
    for (let index = 0; index < 5; index++) clock.schedule(50, () => fired.push(index));
    clock.advanceTo(50);
    expect(fired).toEqual([0, 1, 2, 3, 4]);
  });

  it('cancels a pending event once', () => {
    const clock = new SimulationClock();
    const fired: number[] = [];
    const handle = clock.schedule(10, () => fired.push(1));
    clock.schedule(20, () => fired.push(2));
    expect(clock.cancel(handle)).toBe(true);
    expect(clock.cancel(handle)).toBe(false);
    clock.advanceTo(100);
    expect(fired).toEqual([2]);
    expect(clock.nextEventNanos).toBeUndefined();
  });

  it('fires events scheduled by callbacks when they fall due in the same advance', () => {
    const clock = new SimulationClock();
    const fired: number[] = [];
    clock.schedule(10, (now) => {
      fired.push(now);
      clock.scheduleAfter(5, (later) => fired.push(later));
      clock.schedule(1000, (later) => fired.push(later));
    });
    clock.advanceTo(20);
    expect(fired).toEqual([10, 15]);
    expect(clock.pendingEventCount).toBe(1);
  });

  it('rejects non-integer and negative times', () => {
    const clock = new SimulationClock();
    expect(() => clock.schedule(1.5, () => {})).toThrow(/non-negative integer/);
    expect(() => clock.schedule(-1, () => {})).toThrow(/non-negative integer/);
    expect(() => clock.advanceTo(Number.NaN)).toThrow(/integer/);
  });
});
