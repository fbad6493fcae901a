/**
 * ELF → TBF conversion, byte for byte as elf2tab's `elf_to_tbf`.
 *
 * Layout of the result:
 *
 * ```text
 * | TBF header | protected trailer | loaded segments (gaps zero-filled) | u32 n | n bytes of
 * relocations | credential footers | padding |
 * ^ 0          ^ header_size       ^ protected size                     binary_end_offset ^
 * ```
 *
 * The integrity region `[0, binary_end_offset)` is what hashes and signatures cover.
 */
import { err, ok, type Result } from '@tock-ts/hil';
import { alignDown, ByteWriter, concatBytes, fits, writeU32 } from '../bytes.js';
import { SectionFlags, SegmentType } from '../elf/elf-constants.js';
import { type ElfFile, findSymbolValue, type ProgramHeader, parseElf, sectionData } from '../elf/elf-file.js';
import { sectionInSegment } from '../elf/section-in-segment.js';
import {
  encodeTbfHeader,
  groupPermissions,
  type StoragePermissions,
  type TbfHeaderFields,
  type WriteableFlashRegion,
} from '../tbf/header-writer.js';
import { type AppAddresses, findAppAddresses } from './app-addresses.js';
import { encodeFooters, planFooters } from './footers.js';
import { minimumRamSize, segmentRamSize } from './minimum-ram.js';
import {
  DEFAULT_APP_HEAP_SIZE,
  DEFAULT_KERNEL_HEAP_SIZE,
  DEFAULT_STACK_SIZE,
  type ElfToTbfOptions,
} from './options.js';

/** Tock's protected-region alignment for fixed-address apps: the TBF start lands on 256 bytes. */
const FIXED_ADDRESS_TBF_ALIGNMENT = 256;
/** Gaps between segments at least this large draw a warning (the ELF page size). */
const LARGE_PADDING = 4096;
/**
 * The largest TBF this converter builds. No Tock app comes near it; an ELF that asks for more
 * (huge gaps between segments, a huge protected region or footer) is refused rather than
 * allocated.
 */
export const MAX_TBF_SIZE = 0x10000000;
/** `header_size` is a 16-bit field. */
const MAX_HEADER_SIZE = 0xffff;

/** A converted app: the TBF bytes and the header values a caller may want to show. */
export interface ConvertedTbf {
  readonly tbf: Uint8Array;
  readonly header: TbfHeaderFields;
  readonly headerSize: number;
}

/** The binary image after the header: protected trailer, segments, relocations. */
interface AppImage {
  readonly binary: Uint8Array;
  readonly relocations: Uint8Array;
  readonly initFunctionOffset: number;
  readonly writeableFlashRegions: readonly WriteableFlashRegion[];
}

/** Converts the ELF file in `elfBytes` to a TBF. */
export function elfToTbf(elfBytes: Uint8Array, options: ElfToTbfOptions = {}): Result<ConvertedTbf, string> {
  const parsed = parseElf(elfBytes);
  if (!parsed.ok) return parsed;
  const elf = parsed.value;
  const log = options.log ?? (() => {});
  const verbose = options.verbose === true ? log : () => {};

  if (!elf.programHeaders.some((segment) => segment.type === SegmentType.LOAD && segment.fileSize > 0)) {
    return err('the ELF file has no loadable segments');
  }

  const stackSection = elf.sections.find((section) => section.name === '.stack');
  const stack = options.stackSize ?? stackSection?.size ?? DEFAULT_STACK_SIZE;
  const segmentRam = segmentRamSize(elf);
  verbose(`Min RAM size from segments in ELF: ${segmentRam} bytes`);
  const ramSize = minimumRamSize(
    segmentRam,
    stack,
    options.appHeapSize ?? DEFAULT_APP_HEAP_SIZE,
    options.kernelHeapSize ?? DEFAULT_KERNEL_HEAP_SIZE,
  );

  const addresses = findAppAddresses(elf);
  if (!addresses.ok) return addresses;
  const regionCount = countWriteableFlashRegions(elf);
  verbose(`Number of writeable flash regions: ${regionCount}`);

  const storagePermissions = storageFields(options);
  const fields: TbfHeaderFields = {
    totalSize: 0,
    enabled: options.disabled !== true,
    initFunctionOffset: 0,
    protectedTrailerSize: 0,
    minimumRamSize: ramSize,
    binaryEndOffset: 0,
    appVersion: options.appVersion ?? 0,
    packageName: options.packageName ?? '',
    writeableFlashRegions: Array.from({ length: regionCount }, () => ({ offset: 0, size: 0 })),
    fixedAddresses:
      addresses.value.fixedRam !== undefined || addresses.value.fixedFlash !== undefined
        ? { ram: addresses.value.fixedRam, flash: addresses.value.fixedFlash }
        : undefined,
    permissions: groupPermissions(options.permissions ?? []),
    ...(storagePermissions === undefined ? {} : { storagePermissions }),
    ...(options.kernelVersion === undefined ? {} : { kernelVersion: options.kernelVersion }),
    ...(options.shortId === undefined ? {} : { shortId: options.shortId }),
  };
  const headerSize = encodeTbfHeader(fields).length;
  if (headerSize > MAX_HEADER_SIZE)
    return err(`the TBF header would be ${headerSize} bytes, more than 65535`);

  const protectedSize = protectedRegionSize(elf, addresses.value, headerSize, options, log);
  if (!protectedSize.ok) return protectedSize;
  if (protectedSize.value < headerSize) {
    return err(
      `protected_region_size = ${protectedSize.value} is too small for the TBF headers. Header size: ${headerSize}`,
    );
  }
  if (protectedSize.value > MAX_TBF_SIZE) {
    return err(`protected_region_size = ${protectedSize.value} is larger than a TBF can be`);
  }
  const trailer = protectedSize.value - headerSize;
  if (trailer > 0) {
    verbose(`Inserting nonzero protected region trailer of length: ${trailer} bytes`);
  }

  const image = buildImage(
    elf,
    addresses.value.fixedFlash,
    protectedSize.value,
    headerSize,
    regionCount,
    options,
  );
  if (!image.ok) return image;
  const { binary, relocations, initFunctionOffset, writeableFlashRegions } = image.value;

  const segmentsEnd = headerSize + binary.length;
  if (relocations.length > 0 && segmentsEnd % 4 !== 0) {
    log(`Warning! Placing relocation data at ${hex(segmentsEnd)}, which is not 4-byte aligned.`);
  }
  const binaryEnd = segmentsEnd + 4 + relocations.length;
  const layout = planFooters(elf.machine, binaryEnd, options);
  if (layout.totalSize > MAX_TBF_SIZE) {
    return err(
      `the TBF would be ${layout.totalSize} bytes; the ELF or the footer size is not that of a Tock app`,
    );
  }

  const header: TbfHeaderFields = {
    ...fields,
    totalSize: layout.totalSize,
    initFunctionOffset,
    protectedTrailerSize: trailer,
    binaryEndOffset: binaryEnd,
    writeableFlashRegions,
  };
  const relocationLength = new Uint8Array(4);
  writeU32(relocationLength, 0, relocations.length);
  const integrity = concatBytes([encodeTbfHeader(header), binary, relocationLength, relocations]);
  const footers = encodeFooters(integrity, layout, options);
  if (!footers.ok) return footers;
  return ok({ tbf: concatBytes([integrity, footers.value]), header, headerSize });
}

function hex(value: number): string {
  return `0x${value.toString(16)}`;
}

/** StoragePermissions TLV contents if any storage option is given. */
function storageFields(options: ElfToTbfOptions): StoragePermissions | undefined {
  const { storageWriteId, storageReadIds, storageAccessIds } = options;
  if (storageWriteId === undefined && storageReadIds === undefined && storageAccessIds === undefined) {
    return undefined;
  }
  return { writeId: storageWriteId ?? 0, readIds: storageReadIds ?? [], accessIds: storageAccessIds ?? [] };
}

/** Sections named `*.wfr*` inside loaded segments, counted once per segment they appear in. */
function countWriteableFlashRegions(elf: ElfFile): number {
  let count = 0;
  for (const segment of elf.programHeaders) {
    if (segment.type !== SegmentType.LOAD || segment.fileSize === 0) continue;
    for (const section of elf.sections) {
      if (section.size > 0 && sectionInSegment(section, segment) && section.name.includes('.wfr')) count++;
    }
  }
  return count;
}

/**
 * Header plus protected trailer: the `tbf_protected_region_size` symbol, else the option, else
 * just the header for PIC apps, or for fixed-address apps the distance from the 256-byte aligned
 * address below the binary (so the TBF can be flashed where the binary expects it).
 */
function protectedRegionSize(
  elf: ElfFile,
  addresses: AppAddresses,
  headerSize: number,
  options: ElfToTbfOptions,
  log: (message: string) => void,
): Result<number, string> {
  const symbol = findSymbolValue(elf, 'tbf_protected_region_size');
  if (!symbol.ok) return symbol;
  if (symbol.value !== undefined) {
    if (options.protectedRegionSize !== undefined) {
      log(
        'Overriding command-line specified protected_region_size with ' +
          `tbf_protected_region_size symbol = ${symbol.value} bytes!`,
      );
    }
    return ok(symbol.value);
  }
  if (options.protectedRegionSize !== undefined) return ok(options.protectedRegionSize);
  if (addresses.positionIndependent) return ok(headerSize);
  const binaryAddress = addresses.fixedFlash ?? 0;
  return ok(binaryAddress - alignDown(binaryAddress, FIXED_ADDRESS_TBF_ALIGNMENT));
}

/**
 * Concatenates the loaded segments after the protected trailer, collecting relocation data of
 * writable sections, writeable flash regions, and the entry point's offset.
 */
function buildImage(
  elf: ElfFile,
  fixedFlash: number | undefined,
  protectedSize: number,
  headerSize: number,
  regionCount: number,
  options: ElfToTbfOptions,
): Result<AppImage, string> {
  const log = options.log ?? (() => {});
  const verbose = options.verbose === true ? log : () => {};
  const binary = new ByteWriter().zeros(protectedSize - headerSize);
  const relocations = new ByteWriter();
  const regions: WriteableFlashRegion[] = Array.from({ length: regionCount }, () => ({ offset: 0, size: 0 }));
  let initFunctionOffset: number | undefined;
  let lastSegmentEnd: number | undefined;

  for (const original of elf.programHeaders) {
    if (original.type !== SegmentType.LOAD || original.fileSize === 0) continue;
    let segment: ProgramHeader = original;
    if (fixedFlash !== undefined) {
      if (segment.physicalAddress + segment.fileSize < fixedFlash) continue;
      if (segment.physicalAddress < fixedFlash)
        segment = truncateStart(segment, fixedFlash - segment.physicalAddress);
    }

    if (lastSegmentEnd !== undefined) {
      const gap = segment.physicalAddress - lastSegmentEnd;
      if (gap >= 0) {
        if (gap > 0) {
          if (binary.length + gap > MAX_TBF_SIZE) {
            return err(`segments are ${gap} bytes apart; the ELF is not laid out for a Tock app`);
          }
          verbose(`  Including padding between segments size=${gap}`);
          if (gap >= LARGE_PADDING) log('  Warning! Inserting a large amount of padding.');
          binary.zeros(gap);
        }
      } else {
        log('  Warning! Expecting ELF sections to be in physical (load) address order.');
        log('           Not inserting padding, the resulting TBF may be broken.');
      }
    }
    const segmentIndex = headerSize + binary.length;
    verbose(
      `  Adding segment. Offset: ${segmentIndex} (${hex(segmentIndex)}). Length: ${segment.fileSize} bytes.`,
    );
    if (!fits(elf.bytes, segment.offset, segment.fileSize)) {
      return err('truncated ELF file: segment data lies outside the file');
    }

    const segmentEnd = segment.physicalAddress + segment.fileSize;
    if (elf.entry >= segment.physicalAddress && elf.entry < segmentEnd) {
      if (initFunctionOffset !== undefined) {
        if (options.disabled !== true) return err('duplicate entry point in program segments');
        verbose('Duplicate entry point in Program Segments');
      } else {
        initFunctionOffset = segmentIndex + (elf.entry - segment.physicalAddress) - headerSize;
      }
    }

    for (const section of elf.sections) {
      if (section.size === 0 || !sectionInSegment(section, segment)) continue;
      if ((section.flags & SectionFlags.WRITE) !== 0) {
        const relocationName = `.rel${section.name}`;
        const relocationSection = elf.sections.find((candidate) => candidate.name === relocationName);
        const data = relocationSection === undefined ? undefined : sectionData(elf, relocationSection);
        if (data !== undefined && data.length > 0) {
          relocations.bytes(data);
          verbose(`      Including relocation data (${relocationName}). Length: ${data.length} bytes.`);
        }
      }
      if (section.name.includes('.wfr')) {
        const free = regions.findIndex((region) => region.size === 0);
        if (free >= 0) {
          regions[free] = {
            offset: segmentIndex + (section.address - segment.virtualAddress),
            size: section.size,
          };
        }
      }
    }

    lastSegmentEnd = segmentEnd;
    binary.bytes(elf.bytes.subarray(segment.offset, segment.offset + segment.fileSize));
  }

  return ok({
    binary: binary.finish(),
    relocations: relocations.finish(),
    initFunctionOffset: initFunctionOffset ?? 0,
    writeableFlashRegions: regions,
  });
}

/** `segment` with its first `length` bytes removed (the part linked below the flash start). */
function truncateStart(segment: ProgramHeader, length: number): ProgramHeader {
  return {
    ...segment,
    offset: segment.offset + length,
    physicalAddress: segment.physicalAddress + length,
    virtualAddress: segment.virtualAddress + length,
    fileSize: segment.fileSize - length,
    memorySize: segment.memorySize - length,
  };
}
