/**
 * Little-endian byte helpers shared by the ELF reader, the TBF writer and the tar framing.
 *
 * Reads return 0 for bytes past the end; callers check bounds with `fits` first.
 */

/** The unsigned 16-bit little-endian value at `offset`. */
export function readU16(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] ?? 0) | ((bytes[offset + 1] ?? 0) << 8);
}

/** The unsigned 32-bit little-endian value at `offset`. */
export function readU32(bytes: Uint8Array, offset: number): number {
  return (
    ((bytes[offset] ?? 0) |
      ((bytes[offset + 1] ?? 0) << 8) |
      ((bytes[offset + 2] ?? 0) << 16) |
      ((bytes[offset + 3] ?? 0) << 24)) >>>
    0
  );
}

/** Stores `value` as an unsigned 16-bit little-endian number at `offset`. */
export function writeU16(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = value & 0xff;
  bytes[offset + 1] = (value >>> 8) & 0xff;
}

/** Stores `value` as an unsigned 32-bit little-endian number at `offset`. */
export function writeU32(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = value & 0xff;
  bytes[offset + 1] = (value >>> 8) & 0xff;
  bytes[offset + 2] = (value >>> 16) & 0xff;
  bytes[offset + 3] = (value >>> 24) & 0xff;
}

/** True when `[offset, offset + length)` lies inside `bytes`. */
export function fits(bytes: Uint8Array, offset: number, length: number): boolean {
  return offset >= 0 && length >= 0 && offset + length <= bytes.length;
}

/** `value` rounded up to a multiple of `boxSize` (elf2tab's `align_to`). */
export function alignUp(value: number, boxSize: number): number {
  return value + ((boxSize - (value % boxSize)) % boxSize);
}

/** `value` rounded down to a multiple of `boxSize`. */
export function alignDown(value: number, boxSize: number): number {
  return value - (value % boxSize);
}

/** All `parts` joined into one new array. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

/**
 * A growable little-endian output buffer: append fields in order, then take the bytes.
 */
export class ByteWriter {
  #buffer = new Uint8Array(256);
  #length = 0;

  /** Number of bytes written so far. */
  get length(): number {
    return this.#length;
  }

  /** Appends one unsigned byte. */
  u8(value: number): this {
    this.#reserve(1)[0] = value & 0xff;
    return this;
  }

  /** Appends an unsigned 16-bit little-endian number. */
  u16(value: number): this {
    writeU16(this.#reserve(2), 0, value);
    return this;
  }

  /** Appends an unsigned 32-bit little-endian number. */
  u32(value: number): this {
    writeU32(this.#reserve(4), 0, value);
    return this;
  }

  /** Appends an unsigned 64-bit little-endian number. */
  u64(value: bigint): this {
    this.u32(Number(value & 0xffffffffn));
    return this.u32(Number((value >> 32n) & 0xffffffffn));
  }

  /** Appends `bytes` unchanged. */
  bytes(bytes: Uint8Array): this {
    this.#reserve(bytes.length).set(bytes);
    return this;
  }

  /** Appends `count` zero bytes. */
  zeros(count: number): this {
    this.#reserve(count).fill(0);
    return this;
  }

  /** A copy of everything written. */
  finish(): Uint8Array {
    return this.#buffer.slice(0, this.#length);
  }

  #reserve(count: number): Uint8Array {
    const needed = this.#length + count;
    if (needed > this.#buffer.length) {
      const grown = new Uint8Array(Math.max(needed, this.#buffer.length * 2));
      grown.set(this.#buffer.subarray(0, this.#length));
      this.#buffer = grown;
    }
    const view = this.#buffer.subarray(this.#length, needed);
    this.#length = needed;
    return view;
  }
}
