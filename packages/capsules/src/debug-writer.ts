/**
 * The kernel's debug output: the sink behind upstream's `debug!()` (upstream
 * `kernel/src/debug.rs` `DebugWriter` and `capsules/system/src/debug_writer/uart_debug_writer.rs`).
 *
 * Messages go into a ring buffer at once and are published to a UART (usually a `UartDevice`
 * on the console's mux) in chunks of a small output buffer; each completed chunk pulls the next.
 * So kernel messages, fault reports and process output share the port and interleave as on
 * upstream. When the ring fills, the rest of a message is dropped, as upstream's `debug!()`
 * does. There is no global writer: the board creates one and passes it to whoever
 * prints.
 */
import type { ErrorCode, Result, Transmit, TransmitClient } from '@tock-ts/hil';
import { ByteRingBuffer } from './ring-buffer.js';
import { encodeUtf8 } from './utf8.js';

/** Total bytes a board gives the debug writer by default (upstream 2 KiB). */
export const DEFAULT_DEBUG_BUFFER_BYTES = 2048;

/** Bytes of that total used as the UART output buffer; the rest is the ring (upstream `DEBUG_BUFFER_SPLIT`). */
export const DEBUG_BUFFER_SPLIT = 64;

const NO_OVERFLOW_MESSAGE = new Uint8Array(0);

/** Where kernel debug output goes (upstream `DebugWriter`). */
export interface DebugWriter {
  /**
   * Queues `bytes`; if they do not all fit, queues what fits followed by `overflowMessage`.
   * Returns how many bytes were queued.
   */
  write(bytes: Uint8Array, overflowMessage: Uint8Array): number;
  /** Bytes that can still be queued. */
  availableLength(): number;
  /** Bytes queued and not yet sent. */
  toWriteLength(): number;
  /** Starts sending queued bytes if the output is idle; returns how many were handed over. */
  publish(): number;
  /** Hands every queued byte to `sink` (a synchronous panic writer), leaving them queued. */
  flush(sink: (bytes: Uint8Array) => void): void;
}

/** A `DebugWriter` over a UART (upstream `UartDebugWriter`). Make it the UART's transmit client. */
export class UartDebugWriter implements DebugWriter, TransmitClient {
  readonly #uart: Transmit;
  readonly #ring: ByteRingBuffer;
  #outputBuffer: Uint8Array | undefined;
  /** How many `debugVerbose` messages were written (upstream `DEBUG_WRITER_COUNT`). */
  #verboseCount = 0;

  /** A writer sending through `uart` in chunks of `outputBuffer`, queueing in `ringBytes`. */
  constructor(uart: Transmit, outputBuffer: Uint8Array, ringBytes: Uint8Array) {
    this.#uart = uart;
    this.#outputBuffer = outputBuffer;
    this.#ring = new ByteRingBuffer(ringBytes);
  }

  /** A writer with upstream's split of `totalBytes`: 64 bytes of output buffer, the rest ring. */
  static withBufferSize(uart: Transmit, totalBytes: number = DEFAULT_DEBUG_BUFFER_BYTES): UartDebugWriter {
    if (totalBytes <= DEBUG_BUFFER_SPLIT + 1) {
      throw new RangeError(
        `debug buffer of ${totalBytes} bytes leaves no ring after the ${DEBUG_BUFFER_SPLIT}-byte output buffer`,
      );
    }
    const bytes = new Uint8Array(totalBytes);
    return new UartDebugWriter(
      uart,
      bytes.subarray(0, DEBUG_BUFFER_SPLIT),
      bytes.subarray(DEBUG_BUFFER_SPLIT),
    );
  }

  write(bytes: Uint8Array, overflowMessage: Uint8Array): number {
    const available = Math.max(0, this.#ring.availableLength() - overflowMessage.length);
    if (available >= bytes.length) {
      for (const byte of bytes) this.#ring.enqueue(byte);
      return bytes.length;
    }
    for (let index = 0; index < available; index++) this.#ring.enqueue(bytes[index] ?? 0);
    for (const byte of overflowMessage) this.#ring.enqueue(byte);
    return available + overflowMessage.length;
  }

  availableLength(): number {
    return this.#ring.availableLength();
  }

  toWriteLength(): number {
    return this.#ring.length;
  }

  publish(): number {
    const buffer = this.#outputBuffer;
    if (buffer === undefined) return 0;
    let count = 0;
    while (count < buffer.length) {
      const byte = this.#ring.dequeue();
      if (byte === undefined) break;
      buffer[count] = byte;
      count += 1;
    }
    if (count === 0) return 0;
    this.#outputBuffer = undefined;
    const started = this.#uart.transmitBuffer(buffer, count);
    if (!started.ok) this.#outputBuffer = started.error.buffer;
    return count;
  }

  flush(sink: (bytes: Uint8Array) => void): void {
    sink(this.#ring.peekAll());
  }

  /** A chunk went out: send the next if more is queued. */
  transmittedBuffer(buffer: Uint8Array, _length: number, _status: Result<void, ErrorCode>): void {
    this.#outputBuffer = buffer;
    if (this.#ring.hasElements()) this.publish();
  }

  /** Queues `text`, dropping what does not fit (upstream's `debug!()` passes no overflow note). */
  #writeText(text: string): number {
    return this.write(encodeUtf8(text), NO_OVERFLOW_MESSAGE);
  }

  /** `debug!(message)`: the message and CRLF, then publish. */
  debug(message: string): void {
    this.#writeText(message);
    this.#writeText('\r\n');
    this.publish();
  }

  /** `debug_print!`: the message without a line end, then publish. */
  debugPrint(message: string): void {
    this.#writeText(message);
    this.publish();
  }

  /** `debug_verbose!`: `TOCK_DEBUG(n): file:line: message` and CRLF, numbering from 1. */
  debugVerbose(message: string, file: string, line: number): void {
    this.#verboseCount += 1;
    this.#writeText(`TOCK_DEBUG(${this.#verboseCount}): ${file}:${line}: ${message}`);
    this.#writeText('\r\n');
    this.publish();
  }
}
