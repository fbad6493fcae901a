/** Tests for the AppId assigners and the CRC-32/POSIX hash behind name-based ShortIds. */
import { parseTbfHeaderLengths } from '@tock-ts/tock-tbf';
import { buildTbf, encodeUtf8, shortIdTlv, type TbfAppSpec } from '@tock-ts/tock-tbf/testing';
import { describe, expect, it } from 'vitest';
import { ProcessBinary } from '../process-binary.js';
import {
  AppIdAssignerLocallyUnique,
  AppIdAssignerNames,
  AppIdAssignerSimulated,
  AppIdAssignerTbfHeader,
  crc32Posix,
  shortIdsEqual,
} from './app-id.js';

function binaryFrom(spec: TbfAppSpec): ProcessBinary {
  const tbf = buildTbf(spec);
  const lengths = parseTbfHeaderLengths(tbf);
  if (!lengths.ok) throw new Error('bad test TBF');
  const result = ProcessBinary.create(tbf, 0x40000, lengths.value.headerSize, lengths.value.version);
  if (!result.ok) throw new Error(`bad test binary: ${result.error.kind}`);
  return result.value;
}

describe('crc32Posix', () => {
  it('matches the CRC-32/POSIX catalogue check value and edge cases', () => {
    expect(crc32Posix(encodeUtf8('123456789'))).toBe(0x765e7680);
    expect(crc32Posix(new Uint8Array(0))).toBe(0xffffffff);
    expect(crc32Posix(Uint8Array.of(0))).toBe(0xffffffff);
    expect(crc32Posix(Uint8Array.of(0x80))).toBe(~0x690ce0ee >>> 0);
  });
});

describe('shortIdsEqual', () => {
  it('treats LocallyUnique as equal to nothing', () => {
    expect(shortIdsEqual(5, 5)).toBe(true);
    expect(shortIdsEqual(5, 6)).toBe(false);
    expect(shortIdsEqual(undefined, undefined)).toBe(false);
    expect(shortIdsEqual(undefined, 5)).toBe(false);
  });
});

describe('AppIdAssignerNames', () => {
  const names = new AppIdAssignerNames();
  const blink = binaryFrom({ name: 'blink' });
  const blinkAgain = binaryFrom({ name: 'blink', programVersion: 2 });
  const hello = binaryFrom({ name: 'hello' });
  const unnamed = binaryFrom({});

  it('derives the ShortId from the CRC of the package name', () => {
    expect(names.toShortId(blink)).toBe(crc32Posix(encodeUtf8('blink')));
    expect(names.toShortId(unnamed)).toBe(0xffffffff);
  });

  it('identifies binaries and processes by that ShortId', () => {
    expect(names.differentIdentifier(blink, blinkAgain)).toBe(false);
    expect(names.differentIdentifier(blink, hello)).toBe(true);
    expect(names.differentIdentifierProcess(blink, { name: 'x', shortId: names.toShortId(blink) })).toBe(
      false,
    );
    expect(names.differentIdentifierProcess(blink, { name: 'blink', shortId: undefined })).toBe(true);
    expect(names.differentIdentifierProcesses({ name: 'a', shortId: 3 }, { name: 'b', shortId: 3 })).toBe(
      false,
    );
  });

  it('uses a custom hash, and a hash of 0 gives LocallyUnique', () => {
    const zero = new AppIdAssignerNames(() => 0);
    expect(zero.toShortId(blink)).toBeUndefined();
    expect(zero.differentIdentifier(blink, blinkAgain)).toBe(true);
    expect(new AppIdAssignerNames((name) => name.length).toShortId(hello)).toBe(5);
  });
});

describe('AppIdAssignerTbfHeader', () => {
  const assigner = new AppIdAssignerTbfHeader();

  it('takes the ShortId TLV, LocallyUnique without one', () => {
    expect(assigner.toShortId(binaryFrom({ extraTlvs: [shortIdTlv(0x42)] }))).toBe(0x42);
    expect(assigner.toShortId(binaryFrom({ extraTlvs: [shortIdTlv(0)] }))).toBeUndefined();
    expect(assigner.toShortId(binaryFrom({}))).toBeUndefined();
  });

  it('never reports the same identifier by itself', () => {
    const a = binaryFrom({ name: 'same', extraTlvs: [shortIdTlv(1)] });
    expect(assigner.differentIdentifier(a, a)).toBe(true);
    expect(assigner.differentIdentifierProcess(a, { name: 'same', shortId: 1 })).toBe(true);
  });
});

describe('AppIdAssignerSimulated and the default policy', () => {
  it('Simulated: same name is the same application, ShortIds are LocallyUnique', () => {
    const simulated = new AppIdAssignerSimulated();
    const a = binaryFrom({ name: 'twin' });
    const b = binaryFrom({ name: 'twin', programVersion: 4 });
    expect(simulated.differentIdentifier(a, b)).toBe(false);
    expect(simulated.differentIdentifierProcess(a, { name: 'twin', shortId: undefined })).toBe(false);
    expect(simulated.differentIdentifierProcesses({ name: 'x', shortId: 1 }, { name: 'y', shortId: 1 })).toBe(
      true,
    );
    expect(simulated.toShortId(a)).toBeUndefined();
  });

  it('LocallyUnique: everything differs', () => {
    const policy = new AppIdAssignerLocallyUnique();
    const a = binaryFrom({ name: 'twin' });
    expect(policy.differentIdentifier(a, a)).toBe(true);
    expect(policy.toShortId(a)).toBeUndefined();
  });
});
