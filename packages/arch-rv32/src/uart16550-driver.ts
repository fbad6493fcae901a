/**
 * The 16550 UART driver (upstream `chips/qemu_virt_chip/src/uart.rs`), implementing the `hil`
 * UART: transmission fills THR while LSR says it is empty and finishes in the transmitter-empty
 * interrupt; reception enables the received-data interrupt and reads the FIFO in the bottom half
 * until the buffer is full. The constructor disables every interrupt and the FIFOs, as upstream.
 * Abort and single-word transfers are unsupported (FAIL), as upstream. `transmitSync` is the
 * blocking write the panic writer uses. The bottom half throws on an interrupt identification the
 * 16550 cannot produce, where upstream panics.
 */
import {
  type BufferError,
  ErrorCode,
  err,
  OK,
  Parity,
  type ReceiveClient,
  type Result,
  type TransmitClient,
  type Uart,
  UartError,
  type UartParameters,
  Width,
} from '@tock-ts/hil';
import type { RegisterBus } from './ports.js';
import { Ier, Iir, LCR_DLAB, Lsr, UART0_BASE, UartRegister } from './silicon/uart16550.js';

/** QEMU virt's 16550 input clock divided by 16 (upstream `UART_16550_BAUD_BASE`). */
export const UART_16550_BAUD_BASE = 399_193;

/** The driver. */
export class Uart16550Driver implements Uart {
  readonly #bus: RegisterBus;
  readonly #base: number;
  #transmitClient: TransmitClient | undefined;
  #receiveClient: ReceiveClient | undefined;
  #transmitBuffer: Uint8Array | undefined;
  #transmitLength = 0;
  #transmitIndex = 0;
  #receiveBuffer: Uint8Array | undefined;
  #receiveLength = 0;
  #receiveIndex = 0;

  constructor(bus: RegisterBus, base: number = UART0_BASE) {
    this.#bus = bus;
    this.#base = base >>> 0;
    this.#set(UartRegister.IER_DLM, 0);
    this.#set(UartRegister.IIR_FCR, 0);
  }

  #get(offset: number): number {
    const value = this.#bus.read((this.#base + offset) >>> 0, 1);
    return value < 0 ? 0 : value & 0xff;
  }

  #set(offset: number, value: number): void {
    this.#bus.write((this.#base + offset) >>> 0, 1, value & 0xff);
  }

  #modifyIer(set: number, clear: number): void {
    this.#set(UartRegister.IER_DLM, (this.#get(UartRegister.IER_DLM) | set) & ~clear);
  }

  #transmitterEmpty(): boolean {
    return (this.#get(UartRegister.LSR) & Lsr.THRE) !== 0;
  }

  /** The bottom half of the UART interrupt. */
  handleInterrupt(): void {
    const iir = this.#get(UartRegister.IIR_FCR);
    if ((iir & 1) !== 0) return; // nothing pending (a transient interrupt already cleared)
    switch (iir & 0x0f) {
      case Iir.THRI:
        if (this.#transmitBuffer !== undefined) this.#transmitContinue();
        return;
      case Iir.RDI:
        this.#receive();
        return;
      case 0x00:
        this.#get(UartRegister.MSR);
        return;
      case Iir.RLSI:
        this.#get(UartRegister.LSR);
        return;
      case Iir.CTI:
        this.#get(UartRegister.RBR_THR_DLL);
        return;
      default:
        throw new Error('UART 16550: unknown interrupt');
    }
  }

  /** Writes `bytes` blocking, with the transmitter interrupt held off meanwhile. */
  transmitSync(bytes: Uint8Array): void {
    const ier = this.#get(UartRegister.IER_DLM);
    if ((ier & Ier.THRI) !== 0) this.#set(UartRegister.IER_DLM, ier & ~Ier.THRI);
    for (const byte of bytes) {
      while (!this.#transmitterEmpty()) {
        // The model's THR empties at once; real hardware would spin here.
      }
      this.#set(UartRegister.RBR_THR_DLL, byte);
    }
    this.#set(UartRegister.IER_DLM, ier);
  }

  #transmitContinue(): void {
    const buffer = this.#transmitBuffer;
    if (buffer === undefined) return;
    let index = this.#transmitIndex;
    if (index < this.#transmitLength) {
      while (index < this.#transmitLength && this.#transmitterEmpty()) {
        this.#set(UartRegister.RBR_THR_DLL, buffer[index] ?? 0);
        index++;
      }
      this.#transmitIndex = index;
      return;
    }
    this.#modifyIer(0, Ier.THRI);
    this.#transmitBuffer = undefined;
    this.#transmitClient?.transmittedBuffer(buffer, this.#transmitLength, OK);
  }

  #receive(): void {
    const buffer = this.#receiveBuffer;
    if (buffer === undefined) throw new Error('UART 16550: no receive buffer');
    const length = this.#receiveLength;
    let index = this.#receiveIndex;
    while ((this.#get(UartRegister.LSR) & Lsr.DR) !== 0 && index < length) {
      buffer[index] = this.#get(UartRegister.RBR_THR_DLL);
      index++;
    }
    if (index === length) {
      this.#modifyIer(0, Ier.RDI);
      this.#receiveBuffer = undefined;
      this.#receiveClient?.receivedBuffer(buffer, length, OK, UartError.None);
    } else {
      this.#receiveIndex = index;
    }
  }

  configure(parameters: UartParameters): Result<void, ErrorCode> {
    const divisor = Math.floor(115_200 / parameters.baudRate) & 0xffff;
    const lcr = this.#get(UartRegister.LCR);
    this.#set(UartRegister.LCR, lcr | LCR_DLAB);
    this.#set(UartRegister.IER_DLM, divisor >>> 8);
    this.#set(UartRegister.RBR_THR_DLL, divisor & 0xff);
    this.#set(UartRegister.LCR, lcr & ~LCR_DLAB);
    let next = lcr & ~0x03;
    next |= parameters.width === Width.Six ? 1 : parameters.width === Width.Seven ? 2 : 3;
    // Stop bits are left as they are, as upstream leaves them.
    next &= ~0x08;
    if (parameters.parity === Parity.Odd || parameters.parity === Parity.Even) next |= 0x08;
    next = parameters.hardwareFlowControl ? next | 0x40 : next & ~0x40;
    this.#set(UartRegister.LCR, next);
    return OK;
  }

  setTransmitClient(client: TransmitClient): void {
    this.#transmitClient = client;
  }

  transmitBuffer(buffer: Uint8Array, length: number): Result<void, BufferError> {
    if (length > buffer.length) return err({ code: ErrorCode.INVAL, buffer });
    if (this.#transmitBuffer !== undefined) return err({ code: ErrorCode.BUSY, buffer });
    this.#modifyIer(Ier.THRI, 0);
    let index = 0;
    while (index < length && this.#transmitterEmpty()) {
      this.#set(UartRegister.RBR_THR_DLL, buffer[index] ?? 0);
      index++;
    }
    this.#transmitBuffer = buffer;
    this.#transmitLength = length;
    this.#transmitIndex = index;
    return OK;
  }

  transmitWord(): Result<void, ErrorCode> {
    return err(ErrorCode.FAIL);
  }

  transmitAbort(): Result<void, ErrorCode> {
    return err(ErrorCode.FAIL);
  }

  setReceiveClient(client: ReceiveClient): void {
    this.#receiveClient = client;
  }

  receiveBuffer(buffer: Uint8Array, length: number): Result<void, BufferError> {
    if (buffer.length < length && length > 0) return err({ code: ErrorCode.SIZE, buffer });
    this.#receiveBuffer = buffer;
    this.#receiveLength = length;
    this.#receiveIndex = 0;
    this.#modifyIer(Ier.RDI, 0);
    return OK;
  }

  receiveWord(): Result<void, ErrorCode> {
    return err(ErrorCode.FAIL);
  }

  receiveAbort(): Result<void, ErrorCode> {
    return err(ErrorCode.FAIL);
  }
}
