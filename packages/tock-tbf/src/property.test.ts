/**
 * Property tests: whatever bytes the parsers get (random, bit-flipped, truncated, with random TLV
 * lengths), they return a header or a specific error and never throw or loop forever.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TbfParseError } from './errors.js';
import { parseTbfFooters } from './footer.js';
import { parseTbfHeader, parseTbfHeaderLengths } from './parse.js';
import {
  buildTbfHeader,
  fixedAddressesTlv,
  kernelVersionTlv,
  mainTlv,
  packageNameTlv,
  permissionsTlv,
  programTlv,
  type RawTlv,
  shortIdTlv,
  storagePermissionsTlv,
  writeableFlashRegionsTlv,
} from './testing/index.js';

const ERROR_KINDS = new Set<TbfParseError['kind']>([
  'NotEnoughFlash',
  'UnsupportedVersion',
  'ChecksumMismatch',
  'BadTlvEntry',
  'BadProcessName',
  'InternalError',
  'TooManyEntries',
]);

/** Parses `bytes` the way the kernel does and exercises every accessor of a header it gets. */
function parseEverything(bytes: Uint8Array): void {
  const lengths = parseTbfHeaderLengths(bytes);
  if (!lengths.ok) {
    expect(['UnableToParse', 'InvalidHeader']).toContain(lengths.error.kind);
  }
  const result = parseTbfHeader(bytes, 2);
  if (!result.ok) {
    expect(ERROR_KINDS.has(result.error.kind)).toBe(true);
    return;
  }
  const header = result.value;
  expect(header.getHeaderSize()).toBeLessThanOrEqual(bytes.length);
  header.getPackageName();
  header.getMinimumAppRamSize();
  header.getProtectedSize();
  header.getInitFunctionOffset();
  header.getWriteableFlashRegions();
  header.getAllWriteableFlashRegions();
  header.getFixedAddressStartAddressFlash();
  header.getFixedAddressStartAddressRam();
  header.getCommandPermissions(1, 0);
  header.getStorageWriteId();
  header.getStorageReadIds();
  header.getStorageModifyIds();
  header.getKernelVersion();
  header.getBinaryEndOffset();
  header.getFixedShortId();
  const end = header.getBinaryEndOffset();
  if (end <= bytes.length) parseTbfFooters(bytes.subarray(end));
}

const arbitraryTlv: fc.Arbitrary<RawTlv> = fc.oneof(
  fc.tuple(fc.nat(), fc.nat(), fc.nat()).map(([a, b, c]) => mainTlv(a, b, c)),
  fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat(), fc.nat()).map(([a, b, c, d, e]) =>
    programTlv({
      initFunctionOffset: a,
      protectedTrailerSize: b,
      minimumRamSize: c,
      binaryEndOffset: d,
      version: e,
    }),
  ),
  fc.string({ maxLength: 20 }).map(packageNameTlv),
  fc.tuple(fc.nat(0xffff), fc.nat(0xffff)).map(([major, minor]) => kernelVersionTlv(major, minor)),
  fc.nat().map(shortIdTlv),
  fc.tuple(fc.nat(), fc.nat()).map(([ram, flash]) => fixedAddressesTlv(ram, flash)),
  fc
    .array(fc.record({ offset: fc.nat(), size: fc.nat() }), { maxLength: 4 })
    .map((regions) => writeableFlashRegionsTlv(regions)),
  fc
    .array(fc.record({ driverNumber: fc.nat(), offset: fc.nat(3), low: fc.nat(), high: fc.nat() }), {
      maxLength: 3,
    })
    .map(permissionsTlv),
  fc
    .tuple(fc.nat(), fc.array(fc.nat(), { maxLength: 10 }), fc.array(fc.nat(), { maxLength: 10 }))
    .map(([write, read, modify]) => storagePermissionsTlv(write, read, modify)),
  fc
    .tuple(fc.nat(0xffff), fc.uint8Array({ maxLength: 24 }), fc.option(fc.nat(0xffff), { nil: undefined }))
    .map(([type, value, length]) => (length === undefined ? { type, value } : { type, value, length })),
);

/** A well-formed header (correct checksum) with random TLVs, some with lying lengths. */
const arbitraryHeader = fc
  .tuple(fc.array(arbitraryTlv, { maxLength: 8 }), fc.nat(), fc.nat())
  .map(([tlvs, totalSize, flags]) => buildTbfHeader({ tlvs, totalSize, flags }));

describe('parser robustness', () => {
  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        parseEverything(bytes);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on random bytes behind a valid base header and checksum', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(), (tail, totalSize) => {
        const tlv: RawTlv = { type: 0, value: new Uint8Array(0) };
        const header = buildTbfHeader({ tlvs: [tlv], totalSize });
        const bytes = new Uint8Array(header.length + tail.length);
        bytes.set(header);
        bytes.set(tail, header.length);
        // Rewrite header_size to cover the random tail, then fix the checksum so the TLV loop runs.
        const rebuilt = buildTbfHeader({ tlvs: [{ type: 0, value: tail }], totalSize });
        parseEverything(bytes);
        parseEverything(rebuilt);
      }),
      { numRuns: 1000 },
    );
  });

  it('parses every generated header with a correct checksum to a header or a specific error', () => {
    fc.assert(
      fc.property(arbitraryHeader, (bytes) => {
        parseEverything(bytes);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on bit flips and truncations of generated headers', () => {
    fc.assert(
      fc.property(arbitraryHeader, fc.nat(), fc.nat(7), fc.nat(), (bytes, position, bit, cut) => {
        const flipped = bytes.slice();
        const index = position % flipped.length;
        flipped[index] = (flipped[index] ?? 0) ^ (1 << bit);
        parseEverything(flipped);
        parseEverything(bytes.subarray(0, cut % (bytes.length + 1)));
      }),
      { numRuns: 2000 },
    );
  });

  it('detects every single-bit flip outside the checksum word as a checksum mismatch or a length error', () => {
    fc.assert(
      fc.property(arbitraryHeader, fc.nat(), fc.nat(7), (bytes, position, bit) => {
        const index = position % bytes.length;
        fc.pre(index >= 4 && (index < 12 || index >= 16));
        const flipped = bytes.slice();
        flipped[index] = (flipped[index] ?? 0) ^ (1 << bit);
        const result = parseTbfHeader(flipped, 2);
        expect(result.ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('walks random footer regions to an end', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (region) => {
        const list = parseTbfFooters(region);
        expect(list.footers.length).toBeLessThanOrEqual(Math.floor(region.length / 4));
      }),
      { numRuns: 2000 },
    );
  });
});
