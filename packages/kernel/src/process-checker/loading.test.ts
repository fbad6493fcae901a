/**
 * End to end over one flash image: discovery, ECDSA credential checking and phase-2 selection,
 * the way a board with the sequential loader boots. Every refused app gets exactly one reason
 * line and every other app loads.
 */
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { TbfFooterV2CredentialsType } from '@tock-ts/tock-tbf';
import {
  buildPaddingTbf,
  buildTbf,
  credentialFooter,
  encodeUtf8,
  reservedFooter,
} from '@tock-ts/tock-tbf/testing';
import { describe, expect, it } from 'vitest';
import { discoverProcessBinaries } from '../process-binary.js';
import { AppIdAssignerNames } from './app-id.js';
import { ProcessCheckerMachine } from './checker-machine.js';
import { checkProcessBinaries, planProcessLoading } from './load-selection.js';
import { AppCheckerSignature } from './signature-checker.js';

const signer = sha256(encodeUtf8('board signing key'));
const stranger = sha256(encodeUtf8('somebody else'));

function signedBy(secretKey: Uint8Array) {
  return (integrity: Uint8Array) => [
    credentialFooter(
      TbfFooterV2CredentialsType.EcdsaNistP256,
      p256.sign(sha256(integrity), secretKey, { prehash: false, lowS: false }),
    ),
    reservedFooter(24),
  ];
}

describe('booting a flash image with signed apps', () => {
  const objects = [
    buildTbf({ name: 'counter', programVersion: 1, footers: signedBy(signer), totalSize: 512 }),
    buildTbf({ name: 'unsigned', programVersion: 1, totalSize: 512 }),
    buildPaddingTbf(512),
    buildTbf({ name: 'counter', programVersion: 2, footers: signedBy(signer), totalSize: 512 }),
    buildTbf({ name: 'impostor', programVersion: 1, footers: signedBy(stranger), totalSize: 512 }),
    buildTbf({ name: 'disabled', programVersion: 1, flags: 0, footers: signedBy(signer), totalSize: 512 }),
    buildTbf({ name: 'sensor', programVersion: 1, footers: signedBy(signer), totalSize: 512 }),
  ];
  const bytes = new Uint8Array(0x4000).fill(0xff);
  objects.forEach((object, index) => {
    bytes.set(object, index * 512);
  });
  const flash = { start: 0x0004_0000, bytes };

  it('loads the newest signed version of each app and explains every other object', () => {
    const discovered = discoverProcessBinaries(flash, 0x0004_0000, 0x0004_4000);
    const publicKey = p256.getPublicKey(signer, false).subarray(1);
    const policy = AppCheckerSignature.create([publicKey]);
    if (!policy.ok) throw new Error('bad key');
    const checked = checkProcessBinaries(discovered.binaries, new ProcessCheckerMachine(policy.value));
    const plan = planProcessLoading(new AppIdAssignerNames(), checked.approved);

    expect(plan.load.map((entry) => [entry.binary.packageName, entry.binary.flashStart])).toEqual([
      ['counter', 0x40600],
      ['sensor', 0x40c00],
    ]);
    expect(plan.load.every((entry) => entry.binary.credential?.metadata === 0)).toBe(true);
    const reasons = [...discovered.rejected, ...checked.rejected, ...plan.blocked].map(
      (entry) => entry.reason,
    );
    expect(reasons).toEqual([
      'TBF at 0x00040a00 (disabled): Process marked not enabled',
      'TBF at 0x00040200 (unsigned): Error checking process: No credentials accepted',
      'TBF at 0x00040800 (impostor): Error checking process: No credentials accepted',
      'TBF at 0x00040000 (counter): blocked: version 1 is superseded by version 2 of the same application at 0x00040600',
    ]);
    expect(discovered.padding).toEqual([{ address: 0x40400, size: 512 }]);
    expect(discovered.end.address).toBe(0x40e00);
  });
});
