// The alarm mux: splitting long waits, firing due alarms only, re-arming from callbacks, wrapping.
import { type AlarmClient, TICKS24, ticks } from '@tock-ts/hil';
import { describe, expect, it } from 'vitest';
import { FakeAlarm, type FakeAlarmOptions } from '../testing/fake-alarm.js';
import { MuxAlarm, VirtualMuxAlarm } from './virtual-alarm.js';

function setupMux(options: FakeAlarmOptions = {}): { alarm: FakeAlarm; mux: MuxAlarm } {
  const alarm = new FakeAlarm({ now: 1000, ...options });
  const mux = new MuxAlarm(alarm);
  alarm.setAlarmClient(mux);
  return { alarm, mux };
}

function virtualAlarm(mux: MuxAlarm, client?: AlarmClient): VirtualMuxAlarm {
  const virtual = new VirtualMuxAlarm(mux);
  virtual.setup();
  if (client !== undefined) virtual.setAlarmClient(client);
  return virtual;
}

class Counter implements AlarmClient {
  count = 0;
  alarm(): void {
    this.count += 1;
  }
}

describe('MuxAlarm and VirtualMuxAlarm', () => {
  it('waits the full range for a maximal dt, in two halves, and fires once', () => {
    const { alarm, mux } = setupMux();
    const counter = new Counter();
    const virtual = virtualAlarm(mux, counter);
    virtual.setAlarm(virtual.now(), ticks(0xffff_ffff));
    expect(virtual.getAlarm()).toBe((1000 + 0xffff_ffff) % 2 ** 32);
    alarm.advance(0x8000_0000);
    expect(counter.count).toBe(0);
    expect(virtual.isArmed()).toBe(true);
    alarm.advance(0x7fff_fffe);
    expect(counter.count).toBe(0);
    alarm.advance(1);
    expect(counter.count).toBe(1);
    expect(virtual.isArmed()).toBe(false);
    expect(alarm.isArmed()).toBe(false);
  });

  it('fires every alarm with a maximal dt, references in the past included', () => {
    const { alarm, mux } = setupMux();
    const counter = new Counter();
    for (let index = 0; index < 3; index++) {
      virtualAlarm(mux, counter).setAlarm(ticks(index), ticks(0xffff_ffff));
    }
    alarm.advance(0xffff_ffff);
    expect(counter.count).toBe(3);
    expect(mux.enabledCount).toBe(0);
  });

  it('lets a callback arm another alarm, which then fires at its own time', () => {
    const { alarm, mux } = setupMux({ now: 0 });
    const counter = new Counter();
    const second = virtualAlarm(mux, counter);
    const first = virtualAlarm(mux, { alarm: () => second.setAlarm(second.now(), ticks(100)) });
    first.setAlarm(ticks(0), ticks(10));
    alarm.advance(10);
    expect(counter.count).toBe(0);
    expect(alarm.isArmed()).toBe(true);
    alarm.advance(99);
    expect(counter.count).toBe(0);
    alarm.advance(1);
    expect(counter.count).toBe(1);
    expect(alarm.isArmed()).toBe(false);
  });

  it('does not skip alarms that fall due while others are being fired', () => {
    const { alarm, mux } = setupMux({ ticksPerRead: 1 });
    const counter = new Counter();
    const alarms = Array.from({ length: 6 }, () => virtualAlarm(mux, counter));
    const now = alarm.now();
    for (const virtual of alarms) virtual.setAlarm(now, ticks(16));
    alarms[0]?.setAlarm(now, ticks(0));
    alarms[1]?.setAlarm(now, ticks(1000));
    alarm.advance(750);
    expect(counter.count).toBe(5);
    alarm.advance(750);
    expect(counter.count).toBe(6);
  });

  it('replaces the hardware alarm with an earlier one and keeps it for a later one', () => {
    const { alarm, mux } = setupMux({ now: 0 });
    const late = virtualAlarm(mux, new Counter());
    const early = virtualAlarm(mux, new Counter());
    const later = virtualAlarm(mux, new Counter());
    late.setAlarm(ticks(0), ticks(500));
    early.setAlarm(ticks(0), ticks(100));
    expect(alarm.getAlarm()).toBe(100);
    later.setAlarm(ticks(0), ticks(300));
    expect(alarm.getAlarm()).toBe(100);
    alarm.advance(100);
    expect(alarm.getAlarm()).toBe(300);
    alarm.advance(200);
    expect(alarm.getAlarm()).toBe(500);
  });

  it('compares across the counter wrap', () => {
    const { alarm, mux } = setupMux({ now: 0xffff_fff0 });
    const counter = new Counter();
    const virtual = virtualAlarm(mux, counter);
    virtual.setAlarm(virtual.now(), ticks(0x20));
    alarm.advance(0x1f);
    expect(counter.count).toBe(0);
    expect(alarm.count).toBe(0xf);
    alarm.advance(1);
    expect(counter.count).toBe(1);
  });

  it('works on a 24-bit counter across its wrap', () => {
    const { alarm, mux } = setupMux({ now: 0xff_fff0, width: TICKS24 });
    const counter = new Counter();
    const virtual = virtualAlarm(mux, counter);
    virtual.setAlarm(virtual.now(), ticks(0x20, TICKS24));
    expect(alarm.getAlarm()).toBe(0x10);
    alarm.advance(0x1f);
    expect(counter.count).toBe(0);
    alarm.advance(1);
    expect(counter.count).toBe(1);
  });

  it('disarms the hardware when the last armed alarm is disarmed', () => {
    const { alarm, mux } = setupMux({ now: 0 });
    const counter = new Counter();
    const one = virtualAlarm(mux, counter);
    const two = virtualAlarm(mux, counter);
    one.setAlarm(ticks(0), ticks(50));
    two.setAlarm(ticks(0), ticks(60));
    expect(one.disarm().ok).toBe(true);
    expect(alarm.isArmed()).toBe(true);
    expect(two.disarm().ok).toBe(true);
    expect(alarm.isArmed()).toBe(false);
    expect(one.disarm().ok).toBe(true);
    expect(mux.enabledCount).toBe(0);
    alarm.advance(100);
    expect(counter.count).toBe(0);
  });

  it('reports the underlying alarm’s time base', () => {
    const { mux } = setupMux({ frequency: 16_000, width: TICKS24 });
    const virtual = virtualAlarm(mux);
    expect([virtual.frequency, virtual.ticksWidth.bits, virtual.now()]).toEqual([16_000, 24, 1000]);
  });
});
