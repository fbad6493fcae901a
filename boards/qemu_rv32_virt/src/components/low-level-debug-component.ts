/**
 * The low-level debug driver (upstream `LowLevelDebugComponent`): a non-receiving device of the
 * UART mux, its print buffer and its grant.
 */
import { LOW_LEVEL_DEBUG_BUFFER_LENGTH, LowLevelDebug, type MuxUart, UartDevice } from '@tock-ts/capsules';
import type { Kernel, MemoryAllocationCapability } from '@tock-ts/kernel';

/** Low-level debug over a new device of `mux`. */
export class LowLevelDebugComponent {
  constructor(
    private readonly kernel: Kernel,
    private readonly mux: MuxUart,
    private readonly memoryAllocation: MemoryAllocationCapability,
  ) {}

  /** Creates the device, the driver and its grant, and wires the driver as the device's client. */
  finalize(): LowLevelDebug {
    const device = new UartDevice(this.mux, false);
    device.setup();
    const driver = new LowLevelDebug(
      new Uint8Array(LOW_LEVEL_DEBUG_BUFFER_LENGTH),
      device,
      LowLevelDebug.createGrant(this.kernel, this.memoryAllocation),
    );
    device.setTransmitClient(driver);
    return driver;
  }
}
