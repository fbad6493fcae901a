/**
 * The TBF header checksum: XOR of the little-endian words of the header, skipping word 3 (the
 * checksum itself); a trailing partial word is zero-padded.
 */

/** The checksum of `header` (the whole header, `header_size` bytes). */
export function tbfChecksum(header: Uint8Array): number {
  let checksum = 0;
  for (let offset = 0; offset < header.length; offset += 4) {
    if (offset === 12) continue;
    let word = 0;
    for (let byte = 0; byte < 4 && offset + byte < header.length; byte++) {
      word |= (header[offset + byte] ?? 0) << (8 * byte);
    }
    checksum ^= word;
  }
  return checksum >>> 0;
}
