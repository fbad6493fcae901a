/**
 * Builds the UART multiplexer every kernel user of the console port shares (upstream
 * `components::console::UartMuxComponent`).
 */
import { MuxUart, RX_BUF_LEN } from '@tock-ts/capsules';
import type { Uart } from '@tock-ts/hil';
import type { DeferredCallRegistry } from '@tock-ts/kernel';

/** The UART mux over `uart` at `baudRate`. */
export class UartMuxComponent {
  constructor(
    private readonly uart: Uart,
    private readonly baudRate: number,
    private readonly deferredCalls: DeferredCallRegistry,
  ) {}

  /** Creates the mux, makes it the port's client in both directions and configures the port. */
  finalize(): MuxUart {
    const mux = new MuxUart(this.uart, new Uint8Array(RX_BUF_LEN), this.baudRate, this.deferredCalls);
    this.uart.setTransmitClient(mux);
    this.uart.setReceiveClient(mux);
    mux.initialize();
    return mux;
  }
}
