/**
 * Whether a section lies inside a segment, by the strict rule GNU binutils (and pyelftools and
 * elf2tab after them) use: TLS sections only in TLS-capable segments, allocated sections wholly
 * inside the segment's memory image, and non-NOBITS sections wholly inside its file image.
 */
import { SectionFlags, SectionType, SegmentType } from './elf-constants.js';
import type { ProgramHeader, SectionHeader } from './elf-file.js';

/** Segment types that only hold allocated sections. */
const ALLOCATED_ONLY_SEGMENTS: readonly number[] = [
  SegmentType.LOAD,
  SegmentType.DYNAMIC,
  SegmentType.GNU_EH_FRAME,
  SegmentType.GNU_RELRO,
  SegmentType.GNU_STACK,
];

/**
 * `size - 1` as an unsigned 64-bit subtraction would give it: an empty segment's limit wraps to
 * the largest value, so the "strict" end check passes for it.
 */
function lastOffset(size: number): number {
  return size === 0 ? Number.POSITIVE_INFINITY : size - 1;
}

/** True when `section` is inside `segment`. */
export function sectionInSegment(section: SectionHeader, segment: ProgramHeader): boolean {
  const isTls = (section.flags & SectionFlags.TLS) !== 0;
  const tlsSegment = segment.type === SegmentType.TLS || segment.type === SegmentType.GNU_RELRO;
  if (isTls) {
    if (!(tlsSegment || segment.type === SegmentType.LOAD)) return false;
  } else if (tlsSegment) {
    return false;
  }

  const allocated = (section.flags & SectionFlags.ALLOC) !== 0;
  if (!allocated && ALLOCATED_ONLY_SEGMENTS.includes(segment.type)) return false;

  if (allocated) {
    const start = section.address - segment.virtualAddress;
    if (
      !(start >= 0 && start + section.size <= segment.memorySize && start <= lastOffset(segment.memorySize))
    ) {
      return false;
    }
  }

  if (section.type === SectionType.NOBITS) return true;

  const start = section.offset - segment.offset;
  return start >= 0 && start + section.size <= segment.fileSize && start <= lastOffset(segment.fileSize);
}

/** True when some non-empty section lies inside `segment`. */
export function sectionExistsInSegment(sections: readonly SectionHeader[], segment: ProgramHeader): boolean {
  return sections.some((section) => section.size > 0 && sectionInSegment(section, segment));
}
