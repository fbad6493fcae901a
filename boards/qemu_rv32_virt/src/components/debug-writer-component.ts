/**
 * Builds the kernel's debug writer on its own device of the UART mux (upstream
 * `components::debug_writer::DebugWriterComponent`), with upstream's 2 KiB of buffer.
 */
import { type MuxUart, UartDebugWriter, UartDevice } from '@tock-ts/capsules';

/** The debug writer (`debug!` output) over a new transmit-only device of `mux`. */
export class DebugWriterComponent {
  constructor(private readonly mux: MuxUart) {}

  finalize(): UartDebugWriter {
    const device = new UartDevice(this.mux, false);
    device.setup();
    const writer = UartDebugWriter.withBufferSize(device);
    device.setTransmitClient(writer);
    return writer;
  }
}
