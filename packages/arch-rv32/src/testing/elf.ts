/**
 * A minimal ELF32 little-endian reader for bare-metal images: the entry point and the loadable
 * segments (PT_LOAD), as QEMU's `-kernel` loader places them.
 */

/** One loadable segment: `fileBytes` at `physicalAddress`, then zeros up to `memorySize`. */
export interface ElfSegment {
  readonly physicalAddress: number;
  readonly fileBytes: Uint8Array;
  readonly memorySize: number;
}

/** What a bare-metal ELF holds. */
export interface ElfImage {
  readonly entry: number;
  readonly segments: readonly ElfSegment[];
}

const PT_LOAD = 1;

/** Parses an ELF32 little-endian executable; throws on anything else. */
export function parseElf32(bytes: Uint8Array): ElfImage {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 52 || view.getUint32(0, false) !== 0x7f454c46)
    throw new Error('parseElf32: not an ELF file');
  if (bytes[4] !== 1 || bytes[5] !== 1) throw new Error('parseElf32: not a 32-bit little-endian ELF');
  const entry = view.getUint32(24, true);
  const programHeaders = view.getUint32(28, true);
  const entrySize = view.getUint16(42, true);
  const count = view.getUint16(44, true);
  const segments: ElfSegment[] = [];
  for (let index = 0; index < count; index++) {
    const header = programHeaders + index * entrySize;
    if (view.getUint32(header, true) !== PT_LOAD) continue;
    const offset = view.getUint32(header + 4, true);
    const physicalAddress = view.getUint32(header + 12, true);
    const fileSize = view.getUint32(header + 16, true);
    const memorySize = view.getUint32(header + 20, true);
    segments.push({ physicalAddress, fileBytes: bytes.subarray(offset, offset + fileSize), memorySize });
  }
  return { entry, segments };
}
