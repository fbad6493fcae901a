/**
 * Interoperability: a signature made by OpenSSL (`openssl dgst -sha256 -sign` with a P-256 key,
 * the same ECDSA-with-SHA-256 scheme elf2tab uses), converted from DER to raw r || s, is accepted
 * by AppCheckerSignature. The constants were produced once with the OpenSSL command line over
 * the integrity region of the TBF built below; the test checks that region's SHA-256 first, so
 * a change to the builder cannot silently turn this into a test of nothing.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { parseTbfHeaderLengths, TbfFooterV2CredentialsType } from '@tock-ts/tock-tbf';
import { buildTbf, credentialFooter } from '@tock-ts/tock-tbf/testing';
import { describe, expect, it } from 'vitest';
import { ProcessBinary } from '../process-binary.js';
import { ProcessCheckerMachine } from './checker-machine.js';
import { AppCheckerSignature } from './signature-checker.js';

function fromHex(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** `openssl ec -pubout -conv_form uncompressed`, the last 65 bytes of the DER (SEC1 point). */
const OPENSSL_PUBLIC_KEY = fromHex(
  '042fedd7cd4711dd57b6c7f0c0aae83be70c3bbda420269855af689cefe7cc1aac' +
    'ec8f3c5ceaa11c9ccf43081412035d7fd1e605770c73292dfeb3ce69fb58d8d8',
);
/** r and s of `openssl dgst -sha256 -sign` over the integrity region (s is in the high half). */
const OPENSSL_SIGNATURE = fromHex(
  '0167886bd508b3cb4e9fed995c60ee0fe69c23d9675cd4e86758ccea849d31d8' +
    'd0ace32b7af4bb9c4a5533dbd25aed3219b5cebcc6255909fe043d234cfd4233',
);
/** `openssl dgst -sha256` of the integrity region that was signed. */
const SIGNED_REGION_SHA256 = 'e50d4971d6f1b8a79f700a429a436b3a07bbe9ffb6a9798eb331976c4c8e97c0';

function binaryWithSignature(signature: Uint8Array): ProcessBinary {
  const tbf = buildTbf({
    name: 'openssl-signed',
    programVersion: 1,
    footers: [credentialFooter(TbfFooterV2CredentialsType.EcdsaNistP256, signature)],
  });
  const lengths = parseTbfHeaderLengths(tbf);
  if (!lengths.ok) throw new Error('bad test TBF');
  const binary = ProcessBinary.create(tbf, 0x40000, lengths.value.headerSize, lengths.value.version);
  if (!binary.ok) throw new Error('bad test binary');
  return binary.value;
}

describe('OpenSSL-made ECDSA P-256 credential', () => {
  const policy = AppCheckerSignature.create([OPENSSL_PUBLIC_KEY.subarray(1)]);
  if (!policy.ok) throw new Error('bad key');
  const machine = new ProcessCheckerMachine(policy.value);

  it('covers the integrity region OpenSSL signed', () => {
    expect(toHex(sha256(binaryWithSignature(OPENSSL_SIGNATURE).getIntegrityRegion()))).toBe(
      SIGNED_REGION_SHA256,
    );
  });

  it('is accepted with the key index as metadata', () => {
    const result = machine.check(binaryWithSignature(OPENSSL_SIGNATURE));
    expect(result.ok && result.value?.metadata).toBe(0);
  });

  it('is not accepted once one bit of r changes', () => {
    const altered = OPENSSL_SIGNATURE.slice();
    altered[5] = (altered[5] ?? 0) ^ 0x01;
    expect(machine.check(binaryWithSignature(altered))).toEqual({
      ok: false,
      error: { kind: 'CredentialsNotAccepted' },
    });
  });
});
