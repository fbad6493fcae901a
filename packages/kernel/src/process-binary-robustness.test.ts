/**
 * Robustness of discovery and checking: thousands of flash images made by corrupting a valid
 * one (bit flips, overwritten words, random lengths, truncation) always produce a result whose
 * parts are consistent, never an exception or an endless walk. A fixed-seed generator keeps
 * every run identical.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { TbfFooterV2CredentialsType } from '@tock-ts/tock-tbf';
import { buildPaddingTbf, buildTbf, credentialFooter, reservedFooter } from '@tock-ts/tock-tbf/testing';
import { describe, expect, it } from 'vitest';
import { discoverProcessBinaries } from './process-binary.js';
import { AppCheckerSha256 } from './process-checker/basic-checkers.js';
import { ProcessCheckerMachine } from './process-checker/checker-machine.js';

/** xorshift32: a small deterministic generator. */
function generator(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
}

const START = 0x0004_0000;
const hashed = (integrity: Uint8Array) => [
  credentialFooter(TbfFooterV2CredentialsType.SHA256, sha256(integrity)),
  reservedFooter(16),
];
const OBJECTS = [
  buildTbf({ name: 'one', programVersion: 1, footers: hashed, totalSize: 256 }),
  buildPaddingTbf(64),
  buildTbf({ name: 'two', totalSize: 128 }),
  buildTbf({ name: 'three', programVersion: 2, footers: hashed, totalSize: 256 }),
];
const IMAGE = (() => {
  const bytes = new Uint8Array(1024).fill(0xff);
  let offset = 0;
  for (const object of OBJECTS) {
    bytes.set(object, offset);
    offset += object.length;
  }
  return bytes;
})();

function corrupt(random: () => number): Uint8Array {
  const bytes = IMAGE.slice();
  const edits = 1 + (random() % 4);
  for (let edit = 0; edit < edits; edit++) {
    const position = random() % bytes.length;
    switch (random() % 4) {
      case 0:
        bytes[position] = (bytes[position] ?? 0) ^ (1 << (random() % 8));
        break;
      case 1:
        new DataView(bytes.buffer).setUint32(position & ~3, random(), true);
        break;
      case 2: {
        // A random 16-bit value in the upper half of a word, where TLV lengths and sizes live.
        const field = Math.min(position & ~3, bytes.length - 4) + 2;
        new DataView(bytes.buffer).setUint16(field, random() & 0xffff, true);
        break;
      }
      default:
        return bytes.subarray(0, position);
    }
  }
  return bytes;
}

describe('discovery and checking on corrupted flash', () => {
  it('always ends with consistent results', () => {
    const random = generator(0x7e57ab1e);
    const checker = new ProcessCheckerMachine(new AppCheckerSha256());
    for (let run = 0; run < 3000; run++) {
      const bytes = corrupt(random);
      const end = START + bytes.length;
      const result = discoverProcessBinaries({ start: START, bytes }, START, end);
      const objects = [
        ...result.binaries.map((binary) => binary.flashStart),
        ...result.rejected.map((r) => r.address),
      ];
      for (const address of objects) {
        expect(address).toBeGreaterThanOrEqual(START);
        expect(address).toBeLessThan(end);
      }
      expect(result.end.address).toBeLessThanOrEqual(end);
      for (const rejection of result.rejected) expect(rejection.reason.length).toBeGreaterThan(0);
      for (const binary of result.binaries) {
        expect(binary.flashEnd).toBeLessThanOrEqual(end);
        const checked = checker.check(binary);
        if (!checked.ok)
          expect(['CredentialsNotAccepted', 'CredentialsRejected']).toContain(checked.error.kind);
      }
    }
  });

  it('finds every app in the uncorrupted image', () => {
    const result = discoverProcessBinaries({ start: START, bytes: IMAGE }, START, START + IMAGE.length);
    expect(result.binaries.map((binary) => binary.packageName)).toEqual(['one', 'two', 'three']);
    const checker = new ProcessCheckerMachine(new AppCheckerSha256());
    expect(result.binaries.map((binary) => checker.check(binary).ok)).toEqual([true, false, true]);
  });
});
