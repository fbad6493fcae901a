/**
 * The UARTE driver (upstream `chips/nrf52/src/uart.rs`): `uart::Configure`, `Transmit` and
 * `Receive` over the UARTE0 registers, with EasyDMA.
 *
 * EasyDMA moves bytes between the peripheral and Data RAM, so the driver owns a small DMA region
 * of RAM (two 256-byte halves, one per direction). A transmission copies at most 255 bytes of the
 * client's buffer there, points TXD.PTR at it and starts the transfer; the ENDTX bottom half copies
 * the next part or hands the buffer back. Reception mirrors it through RXD and ENDRX; an abort
 * stops the receiver, and the ENDRX that follows hands the buffer back with CANCEL.
 */
import {
  type BufferError,
  type Configure,
  ErrorCode,
  err,
  OK,
  Parity,
  type Receive,
  type ReceiveClient,
  type Result,
  StopBits,
  type Transmit,
  type TransmitClient,
  UartError,
  type UartParameters,
} from '@tock-ts/hil';
import type { RegisterBus } from '../silicon/nrf52840-silicon.js';
import { copyFromRam, copyToRam, type DmaRegion, RegisterBlock } from './registers.js';

/** UARTE0's base address. */
export const UARTE0_BASE = 0x4000_2000;
/** Largest transfer the driver starts at once (upstream `UARTE_MAX_BUFFER_SIZE`). */
export const UARTE_MAX_BUFFER_SIZE = 0xff;
/** Bytes of Data RAM the driver needs for its DMA region. */
export const UARTE_DMA_REGION_SIZE = 512;

/** Register offsets. */
const Register = {
  TASKS_STARTRX: 0x000,
  TASKS_STOPRX: 0x004,
  TASKS_STARTTX: 0x008,
  TASKS_STOPTX: 0x00c,
  EVENTS_ENDRX: 0x110,
  EVENTS_ENDTX: 0x120,
  INTENSET: 0x304,
  INTENCLR: 0x308,
  ENABLE: 0x500,
  PSEL_RTS: 0x508,
  PSEL_TXD: 0x50c,
  PSEL_CTS: 0x510,
  PSEL_RXD: 0x514,
  BAUDRATE: 0x524,
  RXD_PTR: 0x534,
  RXD_MAXCNT: 0x538,
  RXD_AMOUNT: 0x53c,
  TXD_PTR: 0x544,
  TXD_MAXCNT: 0x548,
  TXD_AMOUNT: 0x54c,
} as const;

/** INTEN bits. */
const INTERRUPT_ENDRX = 1 << 4;
const INTERRUPT_ENDTX = 1 << 8;
/** ENABLE values. */
const ENABLE_ON = 8;
const ENABLE_OFF = 0;
/** PSEL.CONNECT: set means disconnected. */
const PSEL_DISCONNECTED = 0x8000_0000;

/**
 * The BAUDRATE register value for `baudRate` (upstream `get_divider_for_baud`): the 16 MHz
 * divider rounded to the hardware's 4096 steps; INVAL outside 1200–1 000 000 baud.
 */
export function baudRateDivider(baudRate: number): Result<number, ErrorCode> {
  if (!Number.isInteger(baudRate) || baudRate > 1_000_000 || baudRate < 1200) return err(ErrorCode.INVAL);
  const systemClock = 16_000_000;
  // (baud << 32 + clock / 2) / clock + 0x800, in exact integer arithmetic (< 2^53).
  const shifted = baudRate * 2 ** 32;
  const quotient = Math.floor((shifted + systemClock / 2) / systemClock) + 0x800;
  return { ok: true, value: (quotient - (quotient % 0x1000)) >>> 0 };
}

/** One in-flight direction: the client's buffer, its total length and how much is done. */
interface Transfer {
  readonly buffer: Uint8Array;
  readonly length: number;
  /** Bytes completed before the chunk now in the hardware. */
  done: number;
  /** Bytes in the chunk now in the hardware. */
  chunk: number;
}

/** The UARTE driver. */
export class Uarte implements Configure, Transmit, Receive {
  readonly #registers: RegisterBlock;
  readonly #bus: RegisterBus;
  readonly #txDma: number;
  readonly #rxDma: number;
  #transmitClient: TransmitClient | undefined;
  #receiveClient: ReceiveClient | undefined;
  #transmit: Transfer | undefined;
  #receive: Transfer | undefined;
  #receiveAbortInProgress = false;

  /**
   * `dmaRegion` is at least `UARTE_DMA_REGION_SIZE` bytes of word-aligned Data RAM that nothing
   * else uses. Throws when it is not (a board wiring bug).
   */
  constructor(bus: RegisterBus, dmaRegion: DmaRegion, base: number = UARTE0_BASE) {
    if ((dmaRegion.address & 3) !== 0 || dmaRegion.length < UARTE_DMA_REGION_SIZE) {
      throw new RangeError(
        `Uarte: the DMA region must be word-aligned and at least ${UARTE_DMA_REGION_SIZE} bytes`,
      );
    }
    this.#bus = bus;
    this.#registers = new RegisterBlock(bus, base);
    this.#txDma = dmaRegion.address >>> 0;
    this.#rxDma = (dmaRegion.address + UARTE_DMA_REGION_SIZE / 2) >>> 0;
  }

  /**
   * Connects the UARTE to its pins (global pin numbers; P1.n is 32 + n) and enables it
   * (upstream `initialize`). Without CTS/RTS those lines stay disconnected.
   */
  initialize(txd: number, rxd: number, cts?: number, rts?: number): void {
    const registers = this.#registers;
    registers.set(Register.ENABLE, ENABLE_OFF);
    registers.trigger(Register.TASKS_STOPTX);
    registers.trigger(Register.TASKS_STOPRX);
    // A bootloader may have left an ENDTX/ENDRX behind; the bottom half relies on them.
    registers.clearEvent(Register.EVENTS_ENDTX);
    registers.clearEvent(Register.EVENTS_ENDRX);
    registers.set(Register.PSEL_TXD, txd & 0x3f);
    registers.set(Register.PSEL_RXD, rxd & 0x3f);
    registers.set(Register.PSEL_CTS, cts === undefined ? PSEL_DISCONNECTED : cts & 0x3f);
    registers.set(Register.PSEL_RTS, rts === undefined ? PSEL_DISCONNECTED : rts & 0x3f);
    registers.set(Register.ENABLE, ENABLE_ON);
  }

  configure(parameters: UartParameters): Result<void, ErrorCode> {
    if (parameters.stopBits !== StopBits.One) return err(ErrorCode.NOSUPPORT);
    if (parameters.parity !== Parity.None) return err(ErrorCode.NOSUPPORT);
    if (parameters.hardwareFlowControl) return err(ErrorCode.NOSUPPORT);
    const divider = baudRateDivider(parameters.baudRate);
    if (!divider.ok) return divider;
    this.#registers.set(Register.BAUDRATE, divider.value);
    return OK;
  }

  setTransmitClient(client: TransmitClient): void {
    this.#transmitClient = client;
  }

  transmitBuffer(buffer: Uint8Array, length: number): Result<void, BufferError> {
    if (!Number.isInteger(length) || length === 0 || length > buffer.length) {
      return err({ code: ErrorCode.SIZE, buffer });
    }
    if (this.#transmit !== undefined) return err({ code: ErrorCode.BUSY, buffer });
    this.#transmit = { buffer, length, done: 0, chunk: 0 };
    this.#startTransmitChunk();
    return OK;
  }

  transmitWord(_word: number): Result<void, ErrorCode> {
    return err(ErrorCode.FAIL);
  }

  transmitAbort(): Result<void, ErrorCode> {
    return err(ErrorCode.FAIL);
  }

  setReceiveClient(client: ReceiveClient): void {
    this.#receiveClient = client;
  }

  receiveBuffer(buffer: Uint8Array, length: number): Result<void, BufferError> {
    if (!Number.isInteger(length) || length < 0 || length > buffer.length) {
      return err({ code: ErrorCode.SIZE, buffer });
    }
    if (this.#receive !== undefined) return err({ code: ErrorCode.BUSY, buffer });
    this.#receive = { buffer, length, done: 0, chunk: 0 };
    this.#startReceiveChunk();
    return OK;
  }

  receiveWord(): Result<void, ErrorCode> {
    return err(ErrorCode.FAIL);
  }

  receiveAbort(): Result<void, ErrorCode> {
    if (this.#receive === undefined) return OK;
    this.#receiveAbortInProgress = true;
    this.#registers.trigger(Register.TASKS_STOPRX);
    return err(ErrorCode.BUSY);
  }

  /** The bottom half of the UARTE0 interrupt: finishes or continues each direction. */
  handleInterrupt(): void {
    const registers = this.#registers;
    if (registers.isEventSet(Register.EVENTS_ENDTX)) {
      registers.set(Register.INTENCLR, INTERRUPT_ENDTX);
      registers.clearEvent(Register.EVENTS_ENDTX);
      this.#transmitChunkDone();
    }
    if (registers.isEventSet(Register.EVENTS_ENDRX)) {
      registers.set(Register.INTENCLR, INTERRUPT_ENDRX);
      registers.clearEvent(Register.EVENTS_ENDRX);
      this.#receiveChunkDone();
    }
  }

  #startTransmitChunk(): void {
    const transfer = this.#transmit;
    if (transfer === undefined) return;
    const chunk = Math.min(transfer.length - transfer.done, UARTE_MAX_BUFFER_SIZE);
    transfer.chunk = chunk;
    copyToRam(this.#bus, this.#txDma, transfer.buffer, transfer.done, chunk);
    const registers = this.#registers;
    registers.set(Register.TXD_PTR, this.#txDma);
    registers.set(Register.TXD_MAXCNT, chunk);
    registers.trigger(Register.TASKS_STARTTX);
    registers.set(Register.INTENSET, INTERRUPT_ENDTX);
  }

  #transmitChunkDone(): void {
    const transfer = this.#transmit;
    if (transfer === undefined) return;
    transfer.done += Math.min(this.#registers.get(Register.TXD_AMOUNT), transfer.chunk);
    if (transfer.done < transfer.length) {
      this.#startTransmitChunk();
      return;
    }
    this.#transmit = undefined;
    this.#transmitClient?.transmittedBuffer(transfer.buffer, transfer.length, OK);
  }

  #startReceiveChunk(): void {
    const transfer = this.#receive;
    if (transfer === undefined) return;
    const chunk = Math.min(transfer.length - transfer.done, UARTE_MAX_BUFFER_SIZE);
    transfer.chunk = chunk;
    const registers = this.#registers;
    registers.set(Register.RXD_PTR, this.#rxDma);
    registers.set(Register.RXD_MAXCNT, chunk);
    registers.trigger(Register.TASKS_STARTRX);
    registers.set(Register.INTENSET, INTERRUPT_ENDRX);
  }

  #receiveChunkDone(): void {
    const transfer = this.#receive;
    if (transfer === undefined) return;
    const received = Math.min(this.#registers.get(Register.RXD_AMOUNT), transfer.chunk);
    copyFromRam(this.#bus, this.#rxDma, transfer.buffer, transfer.done, received);
    transfer.done += received;
    if (this.#receiveAbortInProgress) {
      this.#receiveAbortInProgress = false;
      this.#receive = undefined;
      this.#receiveClient?.receivedBuffer(
        transfer.buffer,
        transfer.done,
        err(ErrorCode.CANCEL),
        UartError.None,
      );
      return;
    }
    if (transfer.done < transfer.length) {
      this.#startReceiveChunk();
      return;
    }
    this.#receive = undefined;
    this.#receiveClient?.receivedBuffer(transfer.buffer, transfer.length, OK, UartError.None);
  }
}
