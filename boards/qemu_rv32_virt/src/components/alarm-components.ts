/**
 * Builds the alarm multiplexer over the chip's alarm and the alarm syscall driver on a virtual
 * alarm of it (upstream `components::alarm::{AlarmMuxComponent, AlarmDriverComponent}`).
 */
import { AlarmDriver, MuxAlarm, VirtualMuxAlarm } from '@tock-ts/capsules';
import type { Alarm } from '@tock-ts/hil';
import type { Kernel, MemoryAllocationCapability } from '@tock-ts/kernel';

/** The mux every virtual alarm of the board shares. */
export class AlarmMuxComponent {
  constructor(private readonly alarm: Alarm) {}

  /** Creates the mux and makes it the hardware alarm's client. */
  finalize(): MuxAlarm {
    const mux = new MuxAlarm(this.alarm);
    this.alarm.setAlarmClient(mux);
    return mux;
  }
}

/** The alarm driver (driver 0x0) on its own virtual alarm. */
export class AlarmDriverComponent {
  constructor(
    private readonly kernel: Kernel,
    private readonly mux: MuxAlarm,
    private readonly memoryAllocation: MemoryAllocationCapability,
  ) {}

  /** Creates the virtual alarm, the grant and the driver, and wires the driver as the alarm's client. */
  finalize(): AlarmDriver {
    const virtualAlarm = new VirtualMuxAlarm(this.mux);
    virtualAlarm.setup();
    const driver = new AlarmDriver(virtualAlarm, AlarmDriver.createGrant(this.kernel, this.memoryAllocation));
    virtualAlarm.setAlarmClient(driver);
    return driver;
  }
}
