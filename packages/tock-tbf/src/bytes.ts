/**
 * Little-endian integer reads from byte arrays, as every TBF field is stored.
 *
 * Callers check bounds first; these helpers only assemble bytes (a missing byte reads as 0).
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

/** True when `[offset, offset + length)` lies inside `bytes`. */
export function fits(bytes: Uint8Array, offset: number, length: number): boolean {
  return offset >= 0 && length >= 0 && offset + length <= bytes.length;
}
