/**
 * Where an app was linked: position-independent (Tock's sentinel flash address 0x80000000) or
 * fixed to a flash address, and whether its RAM is fixed — found as elf2tab finds them.
 *
 * Flash: the `_flash_origin` symbol if present, else the lowest physical address of a loaded,
 * executable, non-empty segment (any such segment at 0x80000000 marks the app PIC). RAM: the
 * `_sram_origin` symbol, unless it is 0.
 */
import { err, ok, type Result } from '@tock-ts/hil';
import { SegmentFlags, SegmentType } from '../elf/elf-constants.js';
import { type ElfFile, findSymbolValue } from '../elf/elf-file.js';
import { sectionExistsInSegment } from '../elf/section-in-segment.js';

/** Tock's flash address for position-independent apps. */
export const PIC_FLASH_ADDRESS = 0x80000000;

/** The link addresses an app needs. */
export interface AppAddresses {
  /** True for position-independent apps. */
  readonly positionIndependent: boolean;
  /** Flash address of the app binary for fixed-address apps. */
  readonly fixedFlash: number | undefined;
  /** RAM address for apps whose RAM is fixed. */
  readonly fixedRam: number | undefined;
}

/** Finds the link addresses of `elf`. */
export function findAppAddresses(elf: ElfFile): Result<AppAddresses, string> {
  const flashOrigin = findSymbolValue(elf, '_flash_origin');
  if (!flashOrigin.ok) return flashOrigin;
  let positionIndependent = false;
  let fixedFlash: number | undefined;
  if (flashOrigin.value !== undefined) {
    if (flashOrigin.value === PIC_FLASH_ADDRESS) positionIndependent = true;
    else fixedFlash = flashOrigin.value;
  } else {
    for (const segment of elf.programHeaders) {
      if (segment.type !== SegmentType.LOAD || segment.fileSize === 0) continue;
      if ((segment.flags & SegmentFlags.EXECUTE) === 0 || !sectionExistsInSegment(elf.sections, segment))
        continue;
      if (segment.virtualAddress === PIC_FLASH_ADDRESS || positionIndependent) {
        positionIndependent = true;
      } else {
        fixedFlash = Math.min(fixedFlash ?? segment.physicalAddress, segment.physicalAddress);
      }
    }
  }
  if (positionIndependent) fixedFlash = undefined;

  const sramOrigin = findSymbolValue(elf, '_sram_origin');
  if (!sramOrigin.ok) return err(sramOrigin.error);
  const fixedRam = sramOrigin.value !== undefined && sramOrigin.value !== 0 ? sramOrigin.value : undefined;
  return ok({ positionIndependent, fixedFlash, fixedRam });
}
