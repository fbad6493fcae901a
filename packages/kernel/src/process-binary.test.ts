/**
 * Tests for ProcessBinary.create (every load rule) and discoverProcessBinaries (the flash walk:
 * padding, disabled, bad checksum, kernel versions, invalid sizes, truncation, erased flash).
 */

import { parseTbfHeaderLengths, TbfFooterV2CredentialsType } from '@tock-ts/tock-tbf';
import {
  ByteWriter,
  buildPaddingTbf,
  buildTbf,
  buildTbfHeader,
  credentialFooter,
  fixedAddressesTlv,
  mainTlv,
  permissionsTlv,
  reservedFooter,
  writeableFlashRegionsTlv,
} from '@tock-ts/tock-tbf/testing';
import { describe, expect, it } from 'vitest';
import {
  describeProcessBinaryError,
  discoverProcessBinaries,
  type ProcessBinary,
  ProcessBinary as ProcessBinaryClass,
  type ProcessBinaryError,
} from './process-binary.js';

const APP_FLASH_START = 0x0004_0000;

/** Creates a ProcessBinary from a whole TBF placed at `address`. */
function create(tbf: Uint8Array, address = APP_FLASH_START, requireKernelVersion = true) {
  const lengths = parseTbfHeaderLengths(tbf);
  if (!lengths.ok) throw new Error('test TBF has bad lengths');
  const object = tbf.subarray(0, lengths.value.totalSize);
  return ProcessBinaryClass.create(object, address, lengths.value.headerSize, lengths.value.version, {
    requireKernelVersion,
  });
}

function createError(tbf: Uint8Array, address?: number): ProcessBinaryError {
  const result = create(tbf, address);
  if (result.ok) throw new Error('expected create to fail');
  return result.error;
}

function created(tbf: Uint8Array, address?: number): ProcessBinary {
  const result = create(tbf, address);
  if (!result.ok) throw new Error(`create failed: ${describeProcessBinaryError(result.error)}`);
  return result.value;
}

/** Concatenates objects and fills the rest of `size` bytes with erased flash (0xFF). */
function flashImage(objects: readonly Uint8Array[], size: number): Uint8Array {
  const bytes = new Uint8Array(size).fill(0xff);
  let offset = 0;
  for (const object of objects) {
    bytes.set(object, offset);
    offset += object.length;
  }
  return bytes;
}

describe('ProcessBinary.create', () => {
  it('accepts an enabled app with a compatible kernel version and exposes its parts', () => {
    const tbf = buildTbf({ name: 'blink', programVersion: 3, footers: [reservedFooter(32)], totalSize: 512 });
    const binary = created(tbf, 0x40000);
    expect(binary.flashStart).toBe(0x40000);
    expect(binary.flashEnd).toBe(0x40200);
    expect(binary.flash.length).toBe(512);
    expect(binary.packageName).toBe('blink');
    expect(binary.header.getBinaryVersion()).toBe(3);
    const binaryEnd = binary.header.getBinaryEndOffset();
    expect(binary.getIntegrityRegion().length).toBe(binaryEnd);
    expect(binary.footers.length).toBe(512 - binaryEnd);
    expect(binary.footers[0]).toBe(128);
    expect(binary.credential).toBeUndefined();
  });

  it('describes itself as the ProcessImage process creation reads', () => {
    const tbf = buildTbf({
      name: 'image',
      programVersion: 1,
      initFunctionOffset: 0x21,
      protectedTrailerSize: 0x10,
      minimumRamSize: 3000,
      extraTlvs: [
        fixedAddressesTlv(0x20008000, 0xffffffff),
        writeableFlashRegionsTlv([{ offset: 0x100, size: 0x40 }]),
        permissionsTlv([{ driverNumber: 1, offset: 0, low: 0b110, high: 0 }]),
      ],
    });
    const binary = created(tbf, 0x48000);
    const image = binary.toProcessImage();
    const headerSize = binary.header.getHeaderSize();
    expect(image).toMatchObject({
      flashStart: 0x48000,
      flashLength: tbf.length,
      packageName: 'image',
      initFunctionOffset: headerSize + 0x21,
      protectedSize: headerSize + 0x10,
      minimumRamSize: 3000,
      fixedAddressRam: 0x20008000,
      fixedAddressFlash: undefined,
      writeableFlashRegions: [{ offset: 0x100, size: 0x40 }],
    });
    expect(image.commandPermissions(1, 0)).toEqual({ kind: 'Mask', low: 0b110, high: 0 });
    expect(image.commandPermissions(2, 0)).toEqual({ kind: 'NoPermsThisDriver' });
  });

  it('gives a Main-only binary an empty footer region', () => {
    const binary = created(buildTbf({ name: 'main-only' }));
    expect(binary.footers.length).toBe(0);
    expect(binary.getIntegrityRegion().length).toBe(binary.flash.length);
  });

  it('accepts any kernel version 2.x with x ≤ 3', () => {
    for (const minor of [0, 1, 2, 3]) {
      expect(create(buildTbf({ kernelVersion: { major: 2, minor } })).ok).toBe(true);
    }
  });

  it('refuses a newer minor, another major, or a missing KernelVersion TLV', () => {
    expect(createError(buildTbf({ kernelVersion: { major: 2, minor: 4 } }))).toEqual({
      kind: 'IncompatibleKernelVersion',
      version: { major: 2, minor: 4 },
    });
    expect(createError(buildTbf({ kernelVersion: { major: 1, minor: 0 } }))).toEqual({
      kind: 'IncompatibleKernelVersion',
      version: { major: 1, minor: 0 },
    });
    const missing = createError(buildTbf({ kernelVersion: null }));
    expect(missing).toEqual({ kind: 'IncompatibleKernelVersion', version: undefined });
    expect(describeProcessBinaryError(missing)).toBe('Process did not provide a TBF kernel version header');
    expect(
      describeProcessBinaryError({ kind: 'IncompatibleKernelVersion', version: { major: 2, minor: 4 } }),
    ).toBe('Process is incompatible with the kernel. Running: 2.3, Requested: 2.4');
  });

  it('accepts a missing KernelVersion TLV when the board does not require it', () => {
    expect(create(buildTbf({ kernelVersion: null }), APP_FLASH_START, false).ok).toBe(true);
  });

  it('reports padding and disabled apps', () => {
    expect(createError(buildPaddingTbf(128))).toEqual({ kind: 'Padding' });
    expect(createError(buildTbf({ flags: 0 }))).toEqual({ kind: 'NotEnabledProcess' });
    expect(createError(buildTbf({ flags: 2 }))).toEqual({ kind: 'NotEnabledProcess' });
  });

  it('reports a header that does not parse', () => {
    const bad = buildTbfHeader({ tlvs: [mainTlv(0, 0, 0)], totalSize: 64, checksum: 1 });
    const error = createError(flashImage([bad], 64));
    expect(error.kind).toBe('TbfHeaderParseFailure');
    expect(describeProcessBinaryError(error)).toMatch(
      /^Error parsing TBF header: Checksum verification failed/,
    );
  });

  it('reports NotEnoughFlash when binary_end lies past total_size', () => {
    const tbf = buildTbf({ programVersion: 1, binary: new Uint8Array(64) });
    const header = parseTbfHeaderLengths(tbf);
    if (!header.ok) throw new Error('bad test TBF');
    // Shrink total_size below the binary end (and keep the checksum right).
    const shrunk = rewriteTotalSize(tbf, header.value.headerSize + 8);
    expect(createError(shrunk)).toEqual({ kind: 'NotEnoughFlash' });
  });

  it('checks a fixed flash address against header + protected trailer', () => {
    const trailer = 0x40;
    const spec = (flash: number) => ({
      name: 'fixed',
      protectedTrailerSize: trailer,
      extraTlvs: [fixedAddressesTlv(0xffffffff, flash)],
    });
    const headerSize = parseLengths(buildTbf(spec(0))).headerSize;
    const expected = APP_FLASH_START + headerSize + trailer;
    expect(create(buildTbf(spec(expected))).ok).toBe(true);
    expect(createError(buildTbf(spec(expected + 4)))).toEqual({
      kind: 'IncorrectFlashAddress',
      actualAddress: expected,
      expectedAddress: expected + 4,
    });
    expect(create(buildTbf(spec(0xffffffff))).ok).toBe(true);
  });
});

function parseLengths(tbf: Uint8Array) {
  const lengths = parseTbfHeaderLengths(tbf);
  if (!lengths.ok) throw new Error('bad test TBF');
  return lengths.value;
}

/** A copy of `tbf` with total_size set to `totalSize` and the checksum fixed up. */
function rewriteTotalSize(tbf: Uint8Array, totalSize: number): Uint8Array {
  const copy = tbf.slice();
  const view = new DataView(copy.buffer);
  const oldTotal = view.getUint32(4, true);
  view.setUint32(4, totalSize, true);
  view.setUint32(12, (view.getUint32(12, true) ^ oldTotal ^ totalSize) >>> 0, true);
  return copy;
}

describe('discoverProcessBinaries', () => {
  const good1 = buildTbf({ name: 'first', totalSize: 256 });
  const padding = buildPaddingTbf(128);
  const disabled = buildTbf({ name: 'sleepy', flags: 0, totalSize: 256 });
  const badChecksum = (() => {
    const tbf = buildTbf({ name: 'corrupt', totalSize: 256 });
    tbf[12] = (tbf[12] ?? 0) ^ 0x01;
    return tbf;
  })();
  const newKernel = buildTbf({ name: 'future', kernelVersion: { major: 2, minor: 9 }, totalSize: 256 });
  const noKernelVersion = buildTbf({ name: 'old', kernelVersion: null, totalSize: 256 });
  const invalidSizes = new ByteWriter().u16(2).u16(8).u32(64).bytes(new Uint8Array(56)).finish();
  const good2 = buildTbf({
    name: 'second',
    programVersion: 1,
    footers: [reservedFooter(64)],
    totalSize: 512,
  });

  const objects = [good1, padding, disabled, badChecksum, newKernel, noKernelVersion, invalidSizes, good2];
  const used = objects.reduce((sum, object) => sum + object.length, 0);
  const image = { start: 0x0003_0000, bytes: flashImage([new Uint8Array(0x1_0000), ...objects], 0x2_0000) };

  it('finds the usable apps, reports each rejected object once and keeps walking', () => {
    const result = discoverProcessBinaries(image, APP_FLASH_START, 0x0005_0000);
    expect(result.binaries.map((binary) => [binary.packageName, binary.flashStart])).toEqual([
      ['first', APP_FLASH_START],
      ['second', APP_FLASH_START + used - 512],
    ]);
    expect(result.padding).toEqual([{ address: APP_FLASH_START + 256, size: 128 }]);
    const base = APP_FLASH_START + 384;
    expect(result.rejected.map((rejection) => [rejection.address, rejection.error.kind])).toEqual([
      [base, 'NotEnabledProcess'],
      [base + 256, 'TbfHeaderParseFailure'],
      [base + 512, 'IncompatibleKernelVersion'],
      [base + 768, 'IncompatibleKernelVersion'],
      [base + 1024, 'InvalidHeader'],
    ]);
    expect(result.rejected.map((rejection) => rejection.reason)).toEqual([
      'TBF at 0x00040180 (sleepy): Process marked not enabled',
      'TBF at 0x00040280: Error parsing TBF header: Checksum verification failed: ' +
        `app:0x${new DataView(badChecksum.buffer).getUint32(12, true).toString(16)}, ` +
        `calc:0x${(new DataView(badChecksum.buffer).getUint32(12, true) ^ 1).toString(16)}`,
      'TBF at 0x00040380 (future): Process is incompatible with the kernel. Running: 2.3, Requested: 2.9',
      'TBF at 0x00040480 (old): Process did not provide a TBF kernel version header',
      'TBF at 0x00040580: Invalid TBF header sizes (total size 64)',
    ]);
    expect(result.end).toEqual({
      address: APP_FLASH_START + used,
      error: { kind: 'TbfHeaderNotFound' },
      reason: `No TBF header at 0x${(APP_FLASH_START + used).toString(16).padStart(8, '0')}: end of the app list`,
    });
  });

  it('gives views into the flash image, not copies', () => {
    const result = discoverProcessBinaries(image, APP_FLASH_START, 0x0005_0000);
    expect(result.binaries[0]?.flash.buffer).toBe(image.bytes.buffer);
  });

  it('stops at an object whose total size runs past the end of app flash', () => {
    const truncatedEnd = APP_FLASH_START + 256 + 128 + 100;
    const result = discoverProcessBinaries(image, APP_FLASH_START, truncatedEnd);
    expect(result.binaries.map((binary) => binary.packageName)).toEqual(['first']);
    expect(result.end.address).toBe(APP_FLASH_START + 384);
    expect(result.end.error).toEqual({ kind: 'NotEnoughFlash' });
    expect(result.end.reason).toBe(
      'TBF at 0x00040180 claims 256 bytes but only 100 remain in app flash: end of the app list',
    );
  });

  it('stops when fewer than 8 bytes remain', () => {
    const result = discoverProcessBinaries(image, APP_FLASH_START, APP_FLASH_START + 256 + 4);
    expect(result.binaries).toHaveLength(1);
    expect(result.end.error).toEqual({ kind: 'NotEnoughFlash' });
  });

  it('stops, as upstream, at an object whose binary end overlaps the next object', () => {
    const original = buildTbf({ name: 'overlap', programVersion: 1, totalSize: 256 });
    // total_size covers the header but ends inside the binary, so the next object would overlap it.
    const overlapping = rewriteTotalSize(original, parseLengths(original).headerSize + 4);
    const flash = { start: APP_FLASH_START, bytes: flashImage([good1, overlapping, good1], 0x1000) };
    const result = discoverProcessBinaries(flash, APP_FLASH_START, APP_FLASH_START + 0x1000);
    expect(result.binaries.map((binary) => binary.packageName)).toEqual(['first']);
    expect(result.end).toEqual({
      address: APP_FLASH_START + 256,
      error: { kind: 'NotEnoughFlash' },
      reason: 'TBF at 0x00040100 (overlap): binary end offset lies past the total size: end of the app list',
    });
  });

  it('ends instead of looping forever on an invalid header with total size 0', () => {
    const zeroSize = new ByteWriter().u16(2).u16(0).u32(0).finish();
    const flash = { start: APP_FLASH_START, bytes: flashImage([good1, zeroSize], 0x1000) };
    const result = discoverProcessBinaries(flash, APP_FLASH_START, APP_FLASH_START + 0x1000);
    expect(result.binaries).toHaveLength(1);
    expect(result.end.error).toEqual({ kind: 'InvalidHeader', totalSize: 0 });
  });

  it('ends at an invalid header whose total size runs past app flash', () => {
    const huge = new ByteWriter().u16(2).u16(4).u32(0xffffffff).finish();
    const flash = { start: APP_FLASH_START, bytes: flashImage([huge], 0x100) };
    const result = discoverProcessBinaries(flash, APP_FLASH_START, APP_FLASH_START + 0x100);
    expect(result.binaries).toHaveLength(0);
    expect(result.end.error).toEqual({ kind: 'InvalidHeader', totalSize: 0xffffffff });
  });

  it('finds nothing in fully erased flash', () => {
    const flash = { start: APP_FLASH_START, bytes: new Uint8Array(0x1000).fill(0xff) };
    const result = discoverProcessBinaries(flash, APP_FLASH_START, APP_FLASH_START + 0x1000);
    expect(result).toEqual({
      binaries: [],
      rejected: [],
      padding: [],
      end: {
        address: APP_FLASH_START,
        error: { kind: 'TbfHeaderNotFound' },
        reason: 'No TBF header at 0x00040000: end of the app list',
      },
    });
  });

  it('refuses an app flash region outside the flash image', () => {
    const flash = { start: APP_FLASH_START, bytes: new Uint8Array(0x100) };
    const result = discoverProcessBinaries(flash, APP_FLASH_START, APP_FLASH_START + 0x200);
    expect(result.binaries).toHaveLength(0);
    expect(result.end.reason).toBe(
      'App flash 0x00040000-0x00040200 is not inside flash 0x00040000-0x00040100',
    );
  });

  it('finds a binary whose footers hold credentials', () => {
    const signed = buildTbf({
      name: 'hashed',
      programVersion: 1,
      footers: [credentialFooter(TbfFooterV2CredentialsType.SHA256, new Uint8Array(32))],
    });
    const flash = { start: APP_FLASH_START, bytes: flashImage([signed], 0x400) };
    const result = discoverProcessBinaries(flash, APP_FLASH_START, APP_FLASH_START + 0x400);
    expect(result.binaries[0]?.footers.length).toBe(40);
  });
});
