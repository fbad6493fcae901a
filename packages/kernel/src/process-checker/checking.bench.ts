/**
 * Benchmark of boot-time credential work for one 16 KiB app: discovery of the binary, a SHA-256
 * check and an ECDSA P-256 check. Peer in the same run: SHA-256 of the integrity region alone
 * (the floor any hash check pays), so the ratios show the checker's own overhead. Run with
 * `pnpm --filter @tock-ts/kernel exec vitest bench --run src/process-checker`.
 */
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { TbfFooterV2CredentialsType } from '@tock-ts/tock-tbf';
import { buildTbf, credentialFooter, encodeUtf8 } from '@tock-ts/tock-tbf/testing';
import { bench, describe } from 'vitest';
import { discoverProcessBinaries } from '../process-binary.js';
import { AppCheckerSha256 } from './basic-checkers.js';
import { ProcessCheckerMachine } from './checker-machine.js';
import { AppCheckerSignature } from './signature-checker.js';

const BINARY = Uint8Array.from({ length: 16 * 1024 - 512 }, (_, index) => (index * 131 + 7) & 0xff);
const SECRET_KEY = sha256(encodeUtf8('benchmark key'));
const TBF = buildTbf({
  name: 'bench',
  programVersion: 1,
  binary: BINARY,
  footers: (integrity) => [
    credentialFooter(TbfFooterV2CredentialsType.SHA256, sha256(integrity)),
    credentialFooter(
      TbfFooterV2CredentialsType.EcdsaNistP256,
      p256.sign(sha256(integrity), SECRET_KEY, { prehash: false, lowS: false }),
    ),
  ],
  totalSize: 16 * 1024,
});
const FLASH = { start: 0x40000, bytes: TBF };
const [BINARY_FOUND] = discoverProcessBinaries(FLASH, 0x40000, 0x40000 + TBF.length).binaries;
if (BINARY_FOUND === undefined) throw new Error('benchmark TBF not discovered');
const APP = BINARY_FOUND;
const SHA_CHECKER = new ProcessCheckerMachine(new AppCheckerSha256());
const signature = AppCheckerSignature.create([p256.getPublicKey(SECRET_KEY, false)]);
if (!signature.ok) throw new Error('bad benchmark key');
const ECDSA_CHECKER = new ProcessCheckerMachine(signature.value);

describe('credential checking of a 16 KiB app', () => {
  bench('sha256 of the integrity region (peer)', () => {
    sha256(APP.getIntegrityRegion());
  });
  bench('discoverProcessBinaries (one app)', () => {
    discoverProcessBinaries(FLASH, 0x40000, 0x40000 + TBF.length);
  });
  bench('ProcessCheckerMachine + AppCheckerSha256', () => {
    SHA_CHECKER.check(APP);
  });
  bench('ProcessCheckerMachine + AppCheckerSignature (ECDSA P-256)', () => {
    ECDSA_CHECKER.check(APP);
  });
});
