/**
 * A small TBF builder for tests: hand-made headers, footers and whole TBF objects.
 *
 * Test support only (exported as `@tock-ts/tock-tbf/testing`); it writes exactly what it is
 * told, including broken lengths and checksums, so parser tests can build every malformed case.
 * The product writer (elf2tab, tockloader) lives in the tools.
 */
import { computeTbfChecksum } from '../parse.js';
import { TbfFooterV2CredentialsType, TbfHeaderType } from '../types.js';

/** One TLV as raw bytes. `length` overrides the length field (default: `value.length`). */
export interface RawTlv {
  readonly type: number;
  readonly value: Uint8Array;
  readonly length?: number;
}

/** Little-endian byte writer that grows as needed. */
export class ByteWriter {
  #bytes: number[] = [];

  /** Appends a u8. */
  u8(value: number): this {
    this.#bytes.push(value & 0xff);
    return this;
  }

  /** Appends a little-endian u16. */
  u16(value: number): this {
    return this.u8(value).u8(value >>> 8);
  }

  /** Appends a little-endian u32. */
  u32(value: number): this {
    return this.u16(value & 0xffff).u16(value >>> 16);
  }

  /** Appends raw bytes. */
  bytes(values: Uint8Array | readonly number[]): this {
    for (const value of values) this.u8(value);
    return this;
  }

  /** Appends zero bytes until the length is a multiple of `alignment`. */
  align(alignment: number): this {
    while (this.#bytes.length % alignment !== 0) this.u8(0);
    return this;
  }

  /** Bytes written so far. */
  get length(): number {
    return this.#bytes.length;
  }

  /** The bytes written, as a new array. */
  finish(): Uint8Array {
    return Uint8Array.from(this.#bytes);
  }
}

/** UTF-8 bytes of `text` (portable: no TextEncoder). */
export function encodeUtf8(text: string): Uint8Array {
  const writer = new ByteWriter();
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    if (code < 0x80) writer.u8(code);
    else if (code < 0x800) writer.u8(0xc0 | (code >> 6)).u8(0x80 | (code & 0x3f));
    else if (code < 0x10000) {
      writer
        .u8(0xe0 | (code >> 12))
        .u8(0x80 | ((code >> 6) & 0x3f))
        .u8(0x80 | (code & 0x3f));
    } else {
      writer
        .u8(0xf0 | (code >> 18))
        .u8(0x80 | ((code >> 12) & 0x3f))
        .u8(0x80 | ((code >> 6) & 0x3f))
        .u8(0x80 | (code & 0x3f));
    }
  }
  return writer.finish();
}

/** A Main TLV (type 1). */
export function mainTlv(
  initFunctionOffset: number,
  protectedTrailerSize: number,
  minimumRamSize: number,
): RawTlv {
  const value = new ByteWriter().u32(initFunctionOffset).u32(protectedTrailerSize).u32(minimumRamSize);
  return { type: TbfHeaderType.Main, value: value.finish() };
}

/** A Program TLV (type 9). */
export function programTlv(fields: {
  initFunctionOffset: number;
  protectedTrailerSize: number;
  minimumRamSize: number;
  binaryEndOffset: number;
  version: number;
}): RawTlv {
  const value = new ByteWriter()
    .u32(fields.initFunctionOffset)
    .u32(fields.protectedTrailerSize)
    .u32(fields.minimumRamSize)
    .u32(fields.binaryEndOffset)
    .u32(fields.version);
  return { type: TbfHeaderType.Program, value: value.finish() };
}

/** A PackageName TLV (type 3). */
export function packageNameTlv(name: string): RawTlv {
  return { type: TbfHeaderType.PackageName, value: encodeUtf8(name) };
}

/** A KernelVersion TLV (type 8). */
export function kernelVersionTlv(major: number, minor: number): RawTlv {
  return { type: TbfHeaderType.KernelVersion, value: new ByteWriter().u16(major).u16(minor).finish() };
}

/** A ShortId TLV (type 10). */
export function shortIdTlv(shortId: number): RawTlv {
  return { type: TbfHeaderType.ShortId, value: new ByteWriter().u32(shortId).finish() };
}

/** A FixedAddresses TLV (type 5); 0xFFFFFFFF means "not fixed". */
export function fixedAddressesTlv(startProcessRam: number, startProcessFlash: number): RawTlv {
  const value = new ByteWriter().u32(startProcessRam).u32(startProcessFlash);
  return { type: TbfHeaderType.FixedAddresses, value: value.finish() };
}

/** A WriteableFlashRegions TLV (type 2) holding `regions`. */
export function writeableFlashRegionsTlv(regions: readonly { offset: number; size: number }[]): RawTlv {
  const writer = new ByteWriter();
  for (const region of regions) writer.u32(region.offset).u32(region.size);
  return { type: TbfHeaderType.WriteableFlashRegions, value: writer.finish() };
}

/** A Permissions TLV (type 6); each mask is given as its low and high 32-bit words. */
export function permissionsTlv(
  entries: readonly { driverNumber: number; offset: number; low: number; high: number }[],
): RawTlv {
  const writer = new ByteWriter().u16(entries.length);
  for (const entry of entries)
    writer.u32(entry.driverNumber).u32(entry.offset).u32(entry.low).u32(entry.high);
  return { type: TbfHeaderType.Permissions, value: writer.finish() };
}

/** A StoragePermissions TLV (type 7). */
export function storagePermissionsTlv(
  writeId: number,
  readIds: readonly number[],
  modifyIds: readonly number[],
): RawTlv {
  const writer = new ByteWriter().u32(writeId).u16(readIds.length);
  for (const id of readIds) writer.u32(id);
  writer.u16(modifyIds.length);
  for (const id of modifyIds) writer.u32(id);
  return { type: TbfHeaderType.StoragePermissions, value: writer.finish() };
}

/** Encodes TLVs back to back, each value zero-padded to a multiple of 4. */
export function encodeTlvs(tlvs: readonly RawTlv[]): Uint8Array {
  const writer = new ByteWriter();
  for (const tlv of tlvs) {
    writer
      .u16(tlv.type)
      .u16(tlv.length ?? tlv.value.length)
      .bytes(tlv.value)
      .align(4);
  }
  return writer.finish();
}

/** Options for `buildTbfHeader`. Every field has a sane default; overrides make broken headers. */
export interface TbfHeaderSpec {
  readonly tlvs: readonly RawTlv[];
  readonly totalSize: number;
  /** Default 1 (enabled). */
  readonly flags?: number;
  /** Default 2. */
  readonly version?: number;
  /** Default: 16 + encoded TLVs. */
  readonly headerSize?: number;
  /** Default: the correct checksum. */
  readonly checksum?: number;
}

/** The header bytes: base plus TLVs, with the checksum computed unless overridden. */
export function buildTbfHeader(spec: TbfHeaderSpec): Uint8Array {
  const tlvBytes = encodeTlvs(spec.tlvs);
  const writer = new ByteWriter()
    .u16(spec.version ?? 2)
    .u16(spec.headerSize ?? 16 + tlvBytes.length)
    .u32(spec.totalSize)
    .u32(spec.flags ?? 1)
    .u32(0)
    .bytes(tlvBytes);
  const header = writer.finish();
  const covered = header.subarray(0, Math.min(header.length, spec.headerSize ?? header.length));
  const checksum = spec.checksum ?? computeTbfChecksum(covered);
  new DataView(header.buffer).setUint32(12, checksum >>> 0, true);
  return header;
}

/** A credential footer TLV: type 128, format, data, then `slack` zero bytes counted in the length. */
export function credentialFooter(format: number, data: Uint8Array, slack = 0): Uint8Array {
  const writer = new ByteWriter()
    .u16(TbfHeaderType.Credentials)
    .u16(4 + data.length + slack)
    .u32(format)
    .bytes(data);
  for (let index = 0; index < slack; index++) writer.u8(0);
  return writer.finish();
}

/** A Reserved credential that fills exactly `totalBytes` (at least 8) of footer space. */
export function reservedFooter(totalBytes: number): Uint8Array {
  return credentialFooter(TbfFooterV2CredentialsType.Reserved, new Uint8Array(0), totalBytes - 8);
}

/** Description of a whole app TBF for `buildTbf`. */
export interface TbfAppSpec {
  /** Package name TLV, if any. */
  readonly name?: string;
  /** Flags word; default 1 (enabled). */
  readonly flags?: number;
  /** KernelVersion TLV; default 2.3; `null` leaves it out. */
  readonly kernelVersion?: { major: number; minor: number } | null;
  /** Write a Program TLV with this binary version (and footers after the binary); otherwise Main. */
  readonly programVersion?: number;
  readonly initFunctionOffset?: number;
  readonly minimumRamSize?: number;
  readonly protectedTrailerSize?: number;
  /** The app binary (after the header and protected trailer); default 16 bytes of a pattern. */
  readonly binary?: Uint8Array;
  /** More TLVs after the generated ones. */
  readonly extraTlvs?: readonly RawTlv[];
  /** Footer TLVs, or a function making them from the integrity region `[0, binary_end)`. */
  readonly footers?: readonly Uint8Array[] | ((integrityRegion: Uint8Array) => readonly Uint8Array[]);
  /** Pad the object with zeros up to this size (default: no padding). */
  readonly totalSize?: number;
}

/**
 * A complete app TBF: header, protected trailer, binary, footers, padding.
 *
 * With `programVersion` the header carries a Program TLV whose binary_end_offset is the end of
 * the binary, so footers are checked; without it, a Main TLV.
 */
export function buildTbf(spec: TbfAppSpec): Uint8Array {
  const binary = spec.binary ?? Uint8Array.from({ length: 16 }, (_, index) => (index * 37 + 11) & 0xff);
  const trailer = spec.protectedTrailerSize ?? 0;
  const init = spec.initFunctionOffset ?? 0;
  const ram = spec.minimumRamSize ?? 4096;
  const makeTlvs = (binaryEnd: number): RawTlv[] => {
    const tlvs: RawTlv[] = [mainTlv(init, trailer, ram)];
    if (spec.programVersion !== undefined) {
      tlvs.push(
        programTlv({
          initFunctionOffset: init,
          protectedTrailerSize: trailer,
          minimumRamSize: ram,
          binaryEndOffset: binaryEnd,
          version: spec.programVersion,
        }),
      );
    }
    if (spec.name !== undefined) tlvs.push(packageNameTlv(spec.name));
    const kernel = spec.kernelVersion === undefined ? { major: 2, minor: 3 } : spec.kernelVersion;
    if (kernel !== null) tlvs.push(kernelVersionTlv(kernel.major, kernel.minor));
    tlvs.push(...(spec.extraTlvs ?? []));
    return tlvs;
  };
  const headerSize = 16 + encodeTlvs(makeTlvs(0)).length;
  const binaryEnd = headerSize + trailer + binary.length;
  const footerBytesFor = (integrity: Uint8Array): Uint8Array[] => {
    const footers = spec.footers;
    if (footers === undefined) return [];
    return typeof footers === 'function' ? [...footers(integrity)] : [...footers];
  };
  const assemble = (totalSize: number, footers: readonly Uint8Array[]): Uint8Array => {
    const header = buildTbfHeader({ tlvs: makeTlvs(binaryEnd), totalSize, flags: spec.flags ?? 1 });
    const writer = new ByteWriter().bytes(header).bytes(new Uint8Array(trailer)).bytes(binary);
    for (const footer of footers) writer.bytes(footer);
    while (writer.length < totalSize) writer.u8(0);
    return writer.finish();
  };
  // The total size is in the (integrity-covered) header, so learn the footers' length first.
  const footerLength = footerBytesFor(new Uint8Array(binaryEnd)).reduce(
    (sum, footer) => sum + footer.length,
    0,
  );
  const totalSize = spec.totalSize ?? binaryEnd + footerLength;
  const integrity = assemble(totalSize, []).subarray(0, binaryEnd);
  return assemble(totalSize, footerBytesFor(integrity));
}

/** A padding object: a 16-byte header with no TLVs, then zeros up to `totalSize`. */
export function buildPaddingTbf(totalSize: number): Uint8Array {
  const header = buildTbfHeader({ tlvs: [], totalSize, flags: 0 });
  const padding = new Uint8Array(totalSize);
  padding.set(header.subarray(0, Math.min(header.length, totalSize)));
  return padding;
}
