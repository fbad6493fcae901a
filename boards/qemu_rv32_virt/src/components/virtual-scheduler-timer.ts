/**
 * The scheduler timer on a virtual alarm of the alarm mux (upstream `VirtualSchedulerTimer`), so
 * that resetting it never disturbs the apps' alarms sharing the machine timer. An alarm a second
 * or more away (or due now) counts as expired, as upstream.
 */
import type { VirtualMuxAlarm } from '@tock-ts/capsules';
import { type AlarmClient, ticksFromUs, ticksWrappingSub } from '@tock-ts/hil';
import type { SchedulerTimer } from '@tock-ts/kernel';

/** A `SchedulerTimer` over one virtual alarm. */
export class VirtualSchedulerTimer implements SchedulerTimer, AlarmClient {
  constructor(private readonly virtualAlarm: VirtualMuxAlarm) {}

  /** Joins the mux and becomes the virtual alarm's client (it only needs the expiry). */
  setup(): this {
    this.virtualAlarm.setup();
    this.virtualAlarm.setAlarmClient(this);
    return this;
  }

  alarm(): void {}

  start(us: number): void {
    this.virtualAlarm.setAlarm(this.virtualAlarm.now(), ticksFromUs(this.virtualAlarm, us));
  }

  reset(): void {
    this.virtualAlarm.disarm();
  }

  arm(): void {}

  disarm(): void {}

  getRemainingUs(): number | undefined {
    const frequency = this.virtualAlarm.frequency;
    const difference = ticksWrappingSub(
      this.virtualAlarm.getAlarm(),
      this.virtualAlarm.now(),
      this.virtualAlarm.ticksWidth,
    );
    if (difference >= frequency || difference === 0) return undefined;
    return Math.floor((difference * 1_000_000) / frequency);
  }
}
