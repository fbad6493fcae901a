/**
 * UARTE: the nRF52 UART with EasyDMA (nRF52840 product specification, section UARTE).
 *
 * Transmission: STARTTX latches TXD.PTR/TXD.MAXCNT, raises TXSTARTED, then sends one byte per
 * frame time (start bit, 8 data bits, optional parity, 1 or 2 stop bits at the BAUDRATE
 * register's rate), reading each byte from RAM through EasyDMA as it starts. Each finished byte
 * goes to the host through `onTransmit` and raises TXDRDY; after the last one TXD.AMOUNT is set
 * and ENDTX raised. STOPTX ends a transfer early (ENDTX if still owed, then TXSTOPPED).
 *
 * Reception: STARTRX latches RXD.PTR/RXD.MAXCNT and raises RXSTARTED. Bytes the host feeds with
 * `receiveByte` land in RAM (RXDRDY each); when MAXCNT bytes have arrived RXD.AMOUNT is set and
 * ENDRX raised (with the ENDRX_STARTRX / ENDRX_STOPRX shortcuts). While the receiver runs without
 * a buffer, bytes wait in the 4-byte RX FIFO; a fifth is an overrun (ERRORSRC.OVERRUN, ERROR).
 * STOPRX ends reception: ENDRX if a buffer is still open, then RXTO. FLUSHRX moves the FIFO into
 * the current RXD buffer and raises ENDRX.
 */
import type { InterruptLine, SimulationClock } from '@tock-ts/silicon';
import type { EasyDma } from './easy-dma.js';
import { NrfPeripheral } from './nrf-peripheral.js';

/** Base address of UARTE0. */
export const UARTE0_BASE = 0x4000_2000;

export const TASKS_STARTRX = 0x000;
export const TASKS_STOPRX = 0x004;
export const TASKS_STARTTX = 0x008;
export const TASKS_STOPTX = 0x00c;
export const TASKS_FLUSHRX = 0x02c;

/** Event indices (register offset = 0x100 + 4 × index; INTEN bit = index). */
export const EVENT_CTS = 0;
export const EVENT_NCTS = 1;
export const EVENT_RXDRDY = 2;
export const EVENT_ENDRX = 4;
export const EVENT_TXDRDY = 7;
export const EVENT_ENDTX = 8;
export const EVENT_ERROR = 9;
export const EVENT_RXTO = 17;
export const EVENT_RXSTARTED = 19;
export const EVENT_TXSTARTED = 20;
export const EVENT_TXSTOPPED = 22;

/** SHORTS bits. */
export const SHORTS_ENDRX_STARTRX = 1 << 5;
export const SHORTS_ENDRX_STOPRX = 1 << 6;

export const ERRORSRC = 0x480;
export const ENABLE = 0x500;
export const PSEL_RTS = 0x508;
export const PSEL_TXD = 0x50c;
export const PSEL_CTS = 0x510;
export const PSEL_RXD = 0x514;
export const BAUDRATE = 0x524;
export const RXD_PTR = 0x534;
export const RXD_MAXCNT = 0x538;
export const RXD_AMOUNT = 0x53c;
export const TXD_PTR = 0x544;
export const TXD_MAXCNT = 0x548;
export const TXD_AMOUNT = 0x54c;
export const CONFIG = 0x56c;

/** ENABLE value that turns the UARTE on. */
export const ENABLE_ENABLED = 8;
/** ERRORSRC bits. */
export const ERRORSRC_OVERRUN = 1 << 0;
/** CONFIG fields. */
export const CONFIG_HWFC = 1 << 0;
export const CONFIG_PARITY_MASK = 0x7 << 1;
export const CONFIG_STOP_TWO = 1 << 4;
/** BAUDRATE reset value (250 000 baud). */
export const BAUDRATE_RESET = 0x0400_0000;
/** The UARTE's baud generator ignores BAUDRATE bits 11:0. */
export const BAUDRATE_SIGNIFICANT_MASK = 0xffff_f000;
/** RXD.MAXCNT / TXD.MAXCNT width on the nRF52840 (16 bits). */
export const MAXCNT_MASK = 0xffff;
/** Depth of the RX FIFO. */
export const RX_FIFO_DEPTH = 4;

const EVENT_MASK =
  (1 << EVENT_CTS) |
  (1 << EVENT_NCTS) |
  (1 << EVENT_RXDRDY) |
  (1 << EVENT_ENDRX) |
  (1 << EVENT_TXDRDY) |
  (1 << EVENT_ENDTX) |
  (1 << EVENT_ERROR) |
  (1 << EVENT_RXTO) |
  (1 << EVENT_RXSTARTED) |
  (1 << EVENT_TXSTARTED) |
  (1 << EVENT_TXSTOPPED);

/** Baud rate in bits per second that a BAUDRATE register value gives (16 MHz × value / 2³²). */
export function baudRateOf(register: number): number {
  return (((register & BAUDRATE_SIGNIFICANT_MASK) >>> 0) * 16_000_000) / 2 ** 32;
}

/** A UARTE peripheral: registers, EasyDMA transfers timed by the baud rate, and host-side ports. */
export class Uarte extends NrfPeripheral {
  /** Called with each byte when its stop bit has been sent. */
  onTransmit: ((byte: number) => void) | undefined;

  readonly #clock: SimulationClock;
  readonly #dma: EasyDma;

  #enable = 0;
  #errorSource = 0;
  #baudRate = BAUDRATE_RESET;
  #config = 0;
  readonly #pinSelect = new Uint32Array([0xffff_ffff, 0xffff_ffff, 0xffff_ffff, 0xffff_ffff]);
  #rxPointer = 0;
  #rxMaximumCount = 0;
  #rxAmount = 0;
  #txPointer = 0;
  #txMaximumCount = 0;
  #txAmount = 0;

  // Transmitter state: the latched transfer and the byte on the wire.
  #txActive = false;
  #txLatchedPointer = 0;
  #txLatchedCount = 0;
  #txSent = 0;
  #txByteEvent: number | undefined;

  // Receiver state.
  #rxRunning = false;
  #rxBufferOpen = false;
  #rxLatchedPointer = 0;
  #rxLatchedCount = 0;
  #rxReceived = 0;
  readonly #rxFifo: number[] = [];

  constructor(clock: SimulationClock, dma: EasyDma, interruptLine: InterruptLine) {
    super(interruptLine);
    this.#clock = clock;
    this.#dma = dma;
  }

  /** True while ENABLE holds the enabled value. */
  get enabled(): boolean {
    return this.#enable === ENABLE_ENABLED;
  }

  /** The baud rate the BAUDRATE register selects, in bits per second. */
  get baudRate(): number {
    return baudRateOf(this.#baudRate);
  }

  /** Bits in one frame: start, 8 data, parity if enabled, 1 or 2 stop bits. */
  get bitsPerFrame(): number {
    const parity = (this.#config & CONFIG_PARITY_MASK) !== 0 ? 1 : 0;
    const stop = (this.#config & CONFIG_STOP_TWO) !== 0 ? 2 : 1;
    return 1 + 8 + parity + stop;
  }

  /** Time one frame takes on the wire, in whole nanoseconds; undefined when BAUDRATE is 0. */
  get byteTimeNanos(): number | undefined {
    const baud = this.baudRate;
    if (baud === 0) return undefined;
    return Math.round((this.bitsPerFrame * 1_000_000_000) / baud);
  }

  /** True while a transmission is on the wire (between STARTTX and ENDTX). */
  get transmitting(): boolean {
    return this.#txActive;
  }

  /** True while the receiver is running (between STARTRX and STOPRX). */
  get receiving(): boolean {
    return this.#rxRunning;
  }

  /**
   * A byte arrives on RXD now. Returns false when it is lost: the UARTE is disabled or its
   * receiver is not running. An overrun still returns true (the line did deliver it).
   */
  receiveByte(byte: number): boolean {
    if (!this.enabled || !this.#rxRunning) return false;
    if (this.#rxBufferOpen) {
      this.#storeReceived(byte & 0xff);
    } else if (this.#rxFifo.length < RX_FIFO_DEPTH) {
      this.#rxFifo.push(byte & 0xff);
    } else {
      this.#errorSource |= ERRORSRC_OVERRUN;
      this.generateEvent(EVENT_ERROR);
    }
    return true;
  }

  /**
   * Feeds `bytes` back to back at the current baud rate: byte i arrives (i + 1) frame times from
   * now. Returns false, feeding nothing, when BAUDRATE is 0.
   */
  receiveBytes(bytes: Uint8Array): boolean {
    const frame = this.byteTimeNanos;
    if (frame === undefined) return false;
    const now = this.#clock.nowNanos;
    bytes.forEach((byte, index) => {
      this.#clock.schedule(now + (index + 1) * frame, () => {
        this.receiveByte(byte);
      });
    });
    return true;
  }

  protected override eventMask(): number {
    return EVENT_MASK;
  }

  protected override shortsMask(): number {
    return SHORTS_ENDRX_STARTRX | SHORTS_ENDRX_STOPRX;
  }

  protected override eventGenerated(index: number): void {
    if (index !== EVENT_ENDRX) return;
    if ((this.shorts & SHORTS_ENDRX_STARTRX) !== 0) this.#startReceive();
    if ((this.shorts & SHORTS_ENDRX_STOPRX) !== 0) this.#stopReceive();
  }

  protected override triggerTask(offset: number): void {
    if (!this.enabled) return;
    switch (offset) {
      case TASKS_STARTTX:
        this.#startTransmit();
        return;
      case TASKS_STOPTX:
        this.#stopTransmit();
        return;
      case TASKS_STARTRX:
        this.#startReceive();
        return;
      case TASKS_STOPRX:
        this.#stopReceive();
        return;
      case TASKS_FLUSHRX:
        this.#flushReceive();
        return;
      default:
        return;
    }
  }

  protected override readRegister(offset: number): number {
    switch (offset) {
      case ERRORSRC:
        return this.#errorSource;
      case ENABLE:
        return this.#enable;
      case PSEL_RTS:
      case PSEL_TXD:
      case PSEL_CTS:
      case PSEL_RXD:
        return this.#pinSelect[(offset - PSEL_RTS) >>> 2] ?? 0;
      case BAUDRATE:
        return this.#baudRate;
      case RXD_PTR:
        return this.#rxPointer;
      case RXD_MAXCNT:
        return this.#rxMaximumCount;
      case RXD_AMOUNT:
        return this.#rxAmount;
      case TXD_PTR:
        return this.#txPointer;
      case TXD_MAXCNT:
        return this.#txMaximumCount;
      case TXD_AMOUNT:
        return this.#txAmount;
      case CONFIG:
        return this.#config;
      default:
        return 0;
    }
  }

  protected override writeRegister(offset: number, value: number): void {
    switch (offset) {
      case ERRORSRC:
        this.#errorSource &= ~value;
        return;
      case ENABLE:
        this.#setEnable(value & 0xf);
        return;
      case PSEL_RTS:
      case PSEL_TXD:
      case PSEL_CTS:
      case PSEL_RXD:
        this.#pinSelect[(offset - PSEL_RTS) >>> 2] = value;
        return;
      case BAUDRATE:
        this.#baudRate = value;
        return;
      case RXD_PTR:
        this.#rxPointer = value;
        return;
      case RXD_MAXCNT:
        this.#rxMaximumCount = value & MAXCNT_MASK;
        return;
      case TXD_PTR:
        this.#txPointer = value;
        return;
      case TXD_MAXCNT:
        this.#txMaximumCount = value & MAXCNT_MASK;
        return;
      case CONFIG:
        this.#config = value & (CONFIG_HWFC | CONFIG_PARITY_MASK | CONFIG_STOP_TWO);
        return;
      default:
        return;
    }
  }

  #setEnable(value: number): void {
    this.#enable = value;
    if (this.enabled) return;
    // Disabling stops both directions at once; nothing more is sent or received.
    this.#cancelByteEvent();
    this.#txActive = false;
    this.#rxRunning = false;
    this.#rxBufferOpen = false;
    this.#rxFifo.length = 0;
  }

  // ---- Transmitter ----------------------------------------------------------------------

  #startTransmit(): void {
    if (this.#txActive) return;
    this.#txActive = true;
    this.#txLatchedPointer = this.#txPointer;
    this.#txLatchedCount = this.#txMaximumCount;
    this.#txSent = 0;
    this.generateEvent(EVENT_TXSTARTED);
    this.#scheduleNextByte();
  }

  #scheduleNextByte(): void {
    if (this.#txSent >= this.#txLatchedCount) {
      this.#finishTransmit();
      return;
    }
    const frame = this.byteTimeNanos;
    if (frame === undefined) return; // BAUDRATE 0: the line never clocks a bit out.
    const byte = this.#dma.readByte(this.#txLatchedPointer + this.#txSent);
    this.#txByteEvent = this.#clock.scheduleAfter(frame, () => {
      this.#txByteEvent = undefined;
      this.#txSent++;
      this.onTransmit?.(byte);
      this.generateEvent(EVENT_TXDRDY);
      this.#scheduleNextByte();
    });
  }

  #finishTransmit(): void {
    this.#txActive = false;
    this.#txAmount = this.#txSent;
    this.generateEvent(EVENT_ENDTX);
  }

  #stopTransmit(): void {
    if (this.#txActive) {
      this.#cancelByteEvent();
      this.#finishTransmit();
    }
    this.generateEvent(EVENT_TXSTOPPED);
  }

  #cancelByteEvent(): void {
    if (this.#txByteEvent !== undefined) this.#clock.cancel(this.#txByteEvent);
    this.#txByteEvent = undefined;
  }

  // ---- Receiver -------------------------------------------------------------------------

  #startReceive(): void {
    this.#rxRunning = true;
    this.#rxBufferOpen = true;
    this.#rxLatchedPointer = this.#rxPointer;
    this.#rxLatchedCount = this.#rxMaximumCount;
    this.#rxReceived = 0;
    this.generateEvent(EVENT_RXSTARTED);
    if (this.#rxLatchedCount === 0) {
      this.#endReceiveBuffer();
      return;
    }
    while (this.#rxBufferOpen && this.#rxFifo.length > 0) {
      const byte = this.#rxFifo.shift();
      if (byte !== undefined) this.#storeReceived(byte);
    }
  }

  #storeReceived(byte: number): void {
    this.#dma.writeByte(this.#rxLatchedPointer + this.#rxReceived, byte);
    this.#rxReceived++;
    this.generateEvent(EVENT_RXDRDY);
    if (this.#rxReceived >= this.#rxLatchedCount) this.#endReceiveBuffer();
  }

  #endReceiveBuffer(): void {
    this.#rxBufferOpen = false;
    this.#rxAmount = this.#rxReceived;
    this.generateEvent(EVENT_ENDRX);
  }

  #stopReceive(): void {
    if (!this.#rxRunning) return;
    this.#rxRunning = false;
    if (this.#rxBufferOpen) this.#endReceiveBuffer();
    this.generateEvent(EVENT_RXTO);
  }

  #flushReceive(): void {
    this.#rxReceived = 0;
    this.#rxLatchedPointer = this.#rxPointer;
    this.#rxLatchedCount = this.#rxMaximumCount;
    while (this.#rxFifo.length > 0 && this.#rxReceived < this.#rxLatchedCount) {
      const byte = this.#rxFifo.shift();
      if (byte !== undefined) {
        this.#dma.writeByte(this.#rxLatchedPointer + this.#rxReceived, byte);
        this.#rxReceived++;
      }
    }
    this.#rxFifo.length = 0;
    this.#rxAmount = this.#rxReceived;
    this.generateEvent(EVENT_ENDRX);
  }
}
