/**
 * An NS16550A UART as QEMU `virt` has it at 0x1000_0000 (IRQ 10 on the PLIC), with byte-wide
 * registers at offsets 0-7 (register shift 0).
 *
 * The host port is two-way: `onTransmit` receives every byte written to THR (a byte leaves at
 * once, so THR is empty again right away, as on QEMU with a character device behind it), and
 * `receive` queues bytes from the host into the receive FIFO (16 bytes with FCR.Enable, 1 byte
 * without; bytes beyond that set the overrun flag and are dropped). Interrupt identification
 * follows the 16550 priorities: line status, received data, transmitter empty, modem status.
 * Simplifications: there is no loopback, and with the FIFO enabled a FIFO holding fewer bytes
 * than the trigger level reports the character timeout at once rather than four character
 * times later.
 */
import type { InterruptLine, Peripheral } from '@tock-ts/silicon';

/** UART0 base on QEMU virt. */
export const UART0_BASE = 0x1000_0000;
/** Size of the mapped block. */
export const UART0_SIZE = 0x100;
/** UART0's PLIC source on QEMU virt. */
export const UART0_IRQ = 10;

/** Register offsets. */
export const UartRegister = {
  RBR_THR_DLL: 0,
  IER_DLM: 1,
  IIR_FCR: 2,
  LCR: 3,
  MCR: 4,
  LSR: 5,
  MSR: 6,
  SCR: 7,
} as const;

/** IER bits. */
export const Ier = { RDI: 0x01, THRI: 0x02, RLSI: 0x04, MSI: 0x08 } as const;
/** IIR values (low nibble). */
export const Iir = {
  NO_INTERRUPT: 0x01,
  THRI: 0x02,
  RDI: 0x04,
  RLSI: 0x06,
  CTI: 0x0c,
  FIFO_ENABLED: 0xc0,
} as const;
/** LSR bits. */
export const Lsr = { DR: 0x01, OE: 0x02, BI: 0x10, THRE: 0x20, TEMT: 0x40 } as const;
/** FCR bits. */
export const Fcr = { ENABLE: 0x01, CLEAR_RX: 0x02, CLEAR_TX: 0x04 } as const;
/** LCR divisor-latch access bit. */
export const LCR_DLAB = 0x80;

const FIFO_DEPTH = 16;
const TRIGGER_LEVELS = [1, 4, 8, 14] as const;

/** The UART. */
export class Uart16550 implements Peripheral {
  /** Called with each byte the guest transmits. */
  onTransmit: ((byte: number) => void) | undefined;

  readonly #line: InterruptLine;
  readonly #receiveFifo: number[] = [];
  #ier = 0;
  #lcr = 0;
  #mcr = 0;
  #scr = 0;
  #fcr = 0;
  #divisor = 0;
  #lineStatusErrors = 0;
  #transmitterInterruptPending = false;
  #iir: number = Iir.NO_INTERRUPT;

  constructor(line: InterruptLine) {
    this.#line = line;
  }

  /** Resets the registers; the receive FIFO empties. */
  reset(): void {
    this.#receiveFifo.length = 0;
    this.#ier = this.#lcr = this.#mcr = this.#scr = this.#fcr = this.#divisor = 0;
    this.#lineStatusErrors = 0;
    this.#transmitterInterruptPending = false;
    this.#update();
  }

  /** Queues bytes from the host for the guest to read. */
  receive(bytes: Iterable<number>): void {
    const depth = (this.#fcr & Fcr.ENABLE) !== 0 ? FIFO_DEPTH : 1;
    for (const byte of bytes) {
      if (this.#receiveFifo.length >= depth) this.#lineStatusErrors |= Lsr.OE;
      else this.#receiveFifo.push(byte & 0xff);
    }
    this.#update();
  }

  /**
   * Bytes the receive FIFO can take now without an overrun (16 with FCR.Enable, else 1, minus
   * those waiting): what a host paces its input by, as QEMU's character device asks `can_receive`.
   */
  get receiveRoom(): number {
    const depth = (this.#fcr & Fcr.ENABLE) !== 0 ? FIFO_DEPTH : 1;
    return Math.max(0, depth - this.#receiveFifo.length);
  }

  /** The divisor latch (for tests and host-side baud-rate reporting). */
  get divisor(): number {
    return this.#divisor;
  }

  /** The line control register. */
  get lineControl(): number {
    return this.#lcr;
  }

  #lsr(): number {
    return (this.#receiveFifo.length > 0 ? Lsr.DR : 0) | Lsr.THRE | Lsr.TEMT | this.#lineStatusErrors;
  }

  read8(offset: number): number {
    const dlab = (this.#lcr & LCR_DLAB) !== 0;
    switch (offset) {
      case UartRegister.RBR_THR_DLL: {
        if (dlab) return this.#divisor & 0xff;
        const byte = this.#receiveFifo.shift() ?? 0;
        this.#update();
        return byte;
      }
      case UartRegister.IER_DLM:
        return dlab ? this.#divisor >>> 8 : this.#ier;
      case UartRegister.IIR_FCR: {
        const value = this.#iir;
        if ((value & 0x0f) === Iir.THRI) {
          this.#transmitterInterruptPending = false;
          this.#update();
        }
        return value;
      }
      case UartRegister.LCR:
        return this.#lcr;
      case UartRegister.MCR:
        return this.#mcr;
      case UartRegister.LSR: {
        const value = this.#lsr();
        if (this.#lineStatusErrors !== 0) {
          this.#lineStatusErrors = 0;
          this.#update();
        }
        return value;
      }
      case UartRegister.MSR:
        return 0xb0; // DCD, DSR, CTS asserted
      case UartRegister.SCR:
        return this.#scr;
      default:
        return 0;
    }
  }

  write8(offset: number, value: number): void {
    const byte = value & 0xff;
    const dlab = (this.#lcr & LCR_DLAB) !== 0;
    switch (offset) {
      case UartRegister.RBR_THR_DLL:
        if (dlab) {
          this.#divisor = (this.#divisor & 0xff00) | byte;
          return;
        }
        this.onTransmit?.(byte);
        this.#transmitterInterruptPending = true;
        break;
      case UartRegister.IER_DLM: {
        if (dlab) {
          this.#divisor = (this.#divisor & 0xff) | (byte << 8);
          return;
        }
        const changed = this.#ier ^ byte;
        this.#ier = byte & 0x0f;
        if ((changed & Ier.THRI) !== 0) this.#transmitterInterruptPending = (this.#ier & Ier.THRI) !== 0;
        break;
      }
      case UartRegister.IIR_FCR:
        if ((byte & Fcr.CLEAR_RX) !== 0) this.#receiveFifo.length = 0;
        if ((byte & Fcr.ENABLE) === 0) this.#receiveFifo.splice(1);
        this.#fcr = byte & 0xc9;
        break;
      case UartRegister.LCR:
        this.#lcr = byte;
        return;
      case UartRegister.MCR:
        this.#mcr = byte & 0x1f;
        return;
      case UartRegister.SCR:
        this.#scr = byte;
        return;
      default:
        return;
    }
    this.#update();
  }

  read32(offset: number): number {
    return this.read8(offset);
  }

  write32(offset: number, value: number): void {
    this.write8(offset, value);
  }

  /** Recomputes IIR and the interrupt line. */
  #update(): void {
    const fifoEnabled = (this.#fcr & Fcr.ENABLE) !== 0;
    const count = this.#receiveFifo.length;
    const trigger = fifoEnabled ? TRIGGER_LEVELS[(this.#fcr >>> 6) & 3] : 1;
    let identification: number = Iir.NO_INTERRUPT;
    if ((this.#ier & Ier.RLSI) !== 0 && (this.#lineStatusErrors & (Lsr.OE | Lsr.BI)) !== 0) {
      identification = Iir.RLSI;
    } else if ((this.#ier & Ier.RDI) !== 0 && count > 0) {
      identification = count >= (trigger ?? 1) ? Iir.RDI : Iir.CTI;
    } else if ((this.#ier & Ier.THRI) !== 0 && this.#transmitterInterruptPending) {
      identification = Iir.THRI;
    }
    this.#iir = identification | (fifoEnabled ? Iir.FIFO_ENABLED : 0);
    if (identification === Iir.NO_INTERRUPT) this.#line.lower();
    else this.#line.raise();
  }
}
