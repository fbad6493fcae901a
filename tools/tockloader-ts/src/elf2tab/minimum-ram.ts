/**
 * The RAM an app asks for: its writable data loaded from flash (segments whose virtual and
 * physical addresses differ), plus the stack (8-byte aligned) and both heaps (4-byte aligned).
 */
import { alignUp } from '../bytes.js';
import { SegmentFlags, SegmentType } from '../elf/elf-constants.js';
import type { ElfFile } from '../elf/elf-file.js';

/** Bytes of RAM the segments of `elf` occupy. */
export function segmentRamSize(elf: ElfFile): number {
  let total = 0;
  for (const segment of elf.programHeaders) {
    if (
      segment.type === SegmentType.LOAD &&
      segment.virtualAddress !== segment.physicalAddress &&
      segment.memorySize > 0 &&
      (segment.flags & SegmentFlags.WRITE) !== 0
    ) {
      total += segment.memorySize;
    }
  }
  return total >>> 0;
}

/** The `minimum_ram_size` of the Main and Program TLVs. */
export function minimumRamSize(
  segmentBytes: number,
  stack: number,
  appHeap: number,
  kernelHeap: number,
): number {
  return (segmentBytes + alignUp(stack, 8) + alignUp(appHeap, 4) + alignUp(kernelHeap, 4)) >>> 0;
}
