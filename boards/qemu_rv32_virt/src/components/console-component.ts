/**
 * Builds the console syscall driver on its own device of the UART mux (upstream
 * `components::console::ConsoleComponent`).
 */
import { CONSOLE_DEFAULT_BUFFER_SIZE, Console, type MuxUart, UartDevice } from '@tock-ts/capsules';
import type { Kernel, MemoryAllocationCapability } from '@tock-ts/kernel';

/** The console driver (driver 0x1) over a new receiving device of `mux`. */
export class ConsoleComponent {
  constructor(
    private readonly kernel: Kernel,
    private readonly mux: MuxUart,
    private readonly memoryAllocation: MemoryAllocationCapability,
  ) {}

  /** Creates the device, its grant and the console, and wires the console as the device's client. */
  finalize(): Console {
    const device = new UartDevice(this.mux, true);
    device.setup();
    const console = new Console(
      device,
      new Uint8Array(CONSOLE_DEFAULT_BUFFER_SIZE),
      new Uint8Array(CONSOLE_DEFAULT_BUFFER_SIZE),
      Console.createGrant(this.kernel, this.memoryAllocation),
    );
    device.setTransmitClient(console);
    device.setReceiveClient(console);
    return console;
  }
}
