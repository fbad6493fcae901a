// The app binary elf2tab would put after the TBF header: the loadable segments with file
// contents in program-header order (zero padding where their load addresses leave a gap),
// then a u32 byte length and the `.rel<name>` data of every writable section in them.

import {
  ELF_SECTION_FLAG_WRITE,
  ELF_SECTION_NO_BITS,
  ELF_SEGMENT_LOAD,
  type ElfFile,
  type ElfSection,
  type ElfSegment,
} from './elf.js';

/** An app binary and where in it execution starts. */
export interface FlashImage {
  readonly bytes: Uint8Array;
  /** Offset of the entry point from the start of `bytes` (bit 0 set for Thumb). */
  readonly entryOffset: number;
  /** Bytes of relocation data appended after the segments (without the length word). */
  readonly relocationBytes: number;
}

/** The outcome of building an image: the image, or a sentence saying why not. */
export type FlashImageResult =
  | { readonly ok: true; readonly image: FlashImage }
  | { readonly ok: false; readonly error: string };

/** Builds the app binary for `elf` the way elf2tab lays it out. */
export function buildFlashImage(elf: ElfFile): FlashImageResult {
  const segments = elf.segments.filter(
    (segment) => segment.type === ELF_SEGMENT_LOAD && segment.fileSize > 0,
  );
  const first = segments[0];
  if (first === undefined) {
    return { ok: false, error: 'the ELF has no loadable segment with file contents' };
  }
  const parts: Uint8Array[] = [];
  const relocationParts: Uint8Array[] = [];
  let length = 0;
  let entryOffset: number | undefined;
  for (const segment of segments) {
    const gap = segment.physicalAddress - (first.physicalAddress + length);
    if (gap < 0) {
      return {
        ok: false,
        error: `segment at 0x${segment.physicalAddress.toString(16)} starts before the end of the previous one`,
      };
    }
    parts.push(new Uint8Array(gap));
    length += gap;
    if (elf.entry >= segment.physicalAddress && elf.entry < segment.physicalAddress + segment.fileSize) {
      entryOffset = length + (elf.entry - segment.physicalAddress);
    }
    parts.push(elf.bytes.subarray(segment.offset, segment.offset + segment.fileSize));
    length += segment.fileSize;
    for (const section of elf.sections) {
      if (
        (section.flags & ELF_SECTION_FLAG_WRITE) !== 0 &&
        section.size > 0 &&
        sectionInSegment(section, segment)
      ) {
        const relocation = elf.sections.find((candidate) => candidate.name === `.rel${section.name}`);
        if (relocation !== undefined) {
          relocationParts.push(elf.bytes.subarray(relocation.offset, relocation.offset + relocation.size));
        }
      }
    }
  }
  if (entryOffset === undefined) {
    return { ok: false, error: `entry point 0x${elf.entry.toString(16)} is in no loadable segment` };
  }
  const relocationBytes = relocationParts.reduce((total, part) => total + part.length, 0);
  const bytes = new Uint8Array(length + 4 + relocationBytes);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  new DataView(bytes.buffer).setUint32(offset, relocationBytes, true);
  offset += 4;
  for (const part of relocationParts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return { ok: true, image: { bytes, entryOffset, relocationBytes } };
}

/** Whether a section lies inside a segment, by address and (for PROGBITS) by file offset. */
function sectionInSegment(section: ElfSection, segment: ElfSegment): boolean {
  const inMemory =
    section.address >= segment.virtualAddress &&
    section.address + section.size <= segment.virtualAddress + segment.memorySize;
  if (!inMemory || section.type === ELF_SECTION_NO_BITS) {
    return inMemory;
  }
  return (
    section.offset >= segment.offset && section.offset + section.size <= segment.offset + segment.fileSize
  );
}
