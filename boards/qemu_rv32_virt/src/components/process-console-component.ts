/**
 * Builds the process console, the kernel's shell, on its own device of the UART mux (upstream
 * `components::process_console::ProcessConsoleComponent`).
 */
import { type MuxUart, UartDevice } from '@tock-ts/capsules';
import {
  type Kernel,
  ProcessConsole,
  type ProcessConsoleCapabilities,
  type ProcessConsoleOptions,
} from '@tock-ts/kernel';

/** The process console over a new receiving device of `mux`. */
export class ProcessConsoleComponent {
  constructor(
    private readonly kernel: Kernel,
    private readonly mux: MuxUart,
    private readonly capabilities: ProcessConsoleCapabilities,
    private readonly options: ProcessConsoleOptions,
  ) {}

  /** Creates the device and the console and wires the console as the device's client. */
  finalize(): ProcessConsole {
    const device = new UartDevice(this.mux, true);
    device.setup();
    const processConsole = new ProcessConsole(device, this.kernel, this.capabilities, this.options);
    device.setTransmitClient(processConsole);
    device.setReceiveClient(processConsole);
    return processConsole;
  }
}
