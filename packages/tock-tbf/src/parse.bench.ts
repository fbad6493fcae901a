/**
 * Benchmark of TBF parsing on elf2tab-shaped headers. Peers in the same run: reading the
 * lengths only, and the checksum alone (the XOR pass every full parse does first), so the
 * printed ratios show what TLV decoding adds. Run with `pnpm --filter @tock-ts/tock-tbf bench`.
 */
import { bench, describe } from 'vitest';
import { parseTbfFooters } from './footer.js';
import { computeTbfChecksum, parseTbfHeader, parseTbfHeaderLengths } from './parse.js';
import {
  buildTbf,
  credentialFooter,
  permissionsTlv,
  reservedFooter,
  storagePermissionsTlv,
  writeableFlashRegionsTlv,
} from './testing/index.js';
import { TbfFooterV2CredentialsType } from './types.js';

const TBF = buildTbf({
  name: 'benchmark-app',
  programVersion: 1,
  extraTlvs: [
    writeableFlashRegionsTlv([{ offset: 0x400, size: 0x100 }]),
    permissionsTlv([{ driverNumber: 1, offset: 0, low: 0xff, high: 0 }]),
    storagePermissionsTlv(1, [1, 2], [3]),
  ],
  footers: [credentialFooter(TbfFooterV2CredentialsType.SHA256, new Uint8Array(32)), reservedFooter(64)],
});
const lengths = parseTbfHeaderLengths(TBF);
if (!lengths.ok) throw new Error('benchmark TBF does not parse');
const HEADER = TBF.subarray(0, lengths.value.headerSize);
const parsed = parseTbfHeader(HEADER, 2);
if (!parsed.ok) throw new Error('benchmark TBF does not parse');
const FOOTERS = TBF.subarray(parsed.value.getBinaryEndOffset());

describe(`TBF header of ${HEADER.length} bytes`, () => {
  bench('parseTbfHeaderLengths (peer: 8 bytes)', () => {
    parseTbfHeaderLengths(TBF);
  });
  bench('computeTbfChecksum (peer: one XOR pass)', () => {
    computeTbfChecksum(HEADER);
  });
  bench('parseTbfHeader (checksum + every TLV)', () => {
    parseTbfHeader(HEADER, 2);
  });
  bench('parseTbfFooters (two footers)', () => {
    parseTbfFooters(FOOTERS);
  });
});
