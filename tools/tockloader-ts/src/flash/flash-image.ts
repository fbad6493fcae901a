/**
 * A flash image held in memory, addressed as the board addresses its flash (tockloader's
 * `--flash-file`): address − `flashAddress` is the offset in the image. The image grows
 * (zero-filled) as writes reach past its end, and nothing past `maxSize` is read or written.
 */

import type { AppFlash } from './app-flash.js';

/** An in-memory flash image. */
export class FlashImage implements AppFlash {
  #bytes: Uint8Array;
  readonly #flashAddress: number;
  readonly #maxSize: number;
  /** Addresses of writes that the size limit cut short (tockloader warns about these). */
  readonly truncatedWrites: number[] = [];

  /** Wraps `bytes` (copied); `flashAddress` is the address of offset 0. */
  constructor(bytes: Uint8Array, flashAddress: number, maxSize: number) {
    this.#bytes = bytes.slice(0, maxSize);
    this.#flashAddress = flashAddress;
    this.#maxSize = maxSize;
  }

  /** The image as it is now. */
  get bytes(): Uint8Array {
    return this.#bytes;
  }

  /** Up to `length` bytes at `address`; fewer at the end of the image. */
  read(address: number, length: number): Uint8Array {
    const offset = address - this.#flashAddress;
    if (offset < 0) return new Uint8Array(0);
    const end = Math.min(offset + length, this.#bytes.length, this.#maxSize);
    return this.#bytes.slice(offset, Math.max(offset, end));
  }

  /** Writes `data` at `address`; returns the number of bytes cut off by the size limit. */
  write(address: number, data: Uint8Array): number {
    const length = this.#reserve(address, data.length);
    if (length > 0) this.#bytes.set(data.subarray(0, length), address - this.#flashAddress);
    if (length < data.length) this.truncatedWrites.push(address);
    return data.length - length;
  }

  /** Writes `length` zero bytes at `address`; returns the number of bytes cut off by the size limit. */
  fill(address: number, length: number): number {
    const kept = this.#reserve(address, length);
    const offset = address - this.#flashAddress;
    if (kept > 0) this.#bytes.fill(0, offset, offset + kept);
    if (kept < length) this.truncatedWrites.push(address);
    return length - kept;
  }

  /** Writes `head` and then zeros up to `length` bytes at `address`. */
  writeZeroPadded(address: number, head: Uint8Array, length: number): void {
    this.write(address, head.subarray(0, length));
    this.fill(address + head.length, length - head.length);
  }

  /** Ends the app list: one 0x00 byte at `address`, as tockloader does in flash files. */
  clearBytes(address: number): void {
    this.write(address, new Uint8Array(1));
  }

  /** Grows the image to hold `length` bytes at `address` (within the size limit); returns how many fit. */
  #reserve(address: number, length: number): number {
    const offset = address - this.#flashAddress;
    if (offset < 0) return 0;
    const kept = Math.max(Math.min(this.#maxSize - offset, length), 0);
    if (kept === 0) return 0;
    const end = offset + kept;
    if (end > this.#bytes.length) {
      const grown = new Uint8Array(end);
      grown.set(this.#bytes);
      this.#bytes = grown;
    }
    return kept;
  }
}
