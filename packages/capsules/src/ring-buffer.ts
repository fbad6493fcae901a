/**
 * A fixed ring of bytes (upstream `kernel/src/collections/ring_buffer.rs` for `u8`). As
 * upstream, one slot always stays empty, so a ring over `n` bytes holds at most `n − 1`.
 */

/** A byte queue over a fixed array. */
export class ByteRingBuffer {
  readonly #ring: Uint8Array;
  #head = 0;
  #tail = 0;

  /** A ring over `ring`, holding up to `ring.length − 1` bytes. */
  constructor(ring: Uint8Array) {
    this.#ring = ring;
  }

  /** Bytes queued. */
  get length(): number {
    const size = this.#ring.length;
    return (this.#tail - this.#head + size) % size;
  }

  /** Bytes that can still be queued. */
  availableLength(): number {
    return Math.max(0, this.#ring.length - 1 - this.length);
  }

  hasElements(): boolean {
    return this.#head !== this.#tail;
  }

  isFull(): boolean {
    return this.#head === (this.#tail + 1) % this.#ring.length;
  }

  /** Queues `value`; false (and nothing queued) when full. */
  enqueue(value: number): boolean {
    if (this.isFull()) return false;
    this.#ring[this.#tail] = value;
    this.#tail = (this.#tail + 1) % this.#ring.length;
    return true;
  }

  /** The oldest byte, removed, or `undefined` when empty. */
  dequeue(): number | undefined {
    if (this.#head === this.#tail) return undefined;
    const value = this.#ring[this.#head];
    this.#head = (this.#head + 1) % this.#ring.length;
    return value;
  }

  /** The queued bytes, oldest first, without removing them. */
  peekAll(): Uint8Array {
    const out = new Uint8Array(this.length);
    for (let index = 0; index < out.length; index++) {
      out[index] = this.#ring[(this.#head + index) % this.#ring.length] ?? 0;
    }
    return out;
  }
}
