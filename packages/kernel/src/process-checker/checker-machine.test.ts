/**
 * Tests for ProcessCheckerMachine with every policy: valid, tampered, missing and wrong-key
 * credentials, footer order, Reserved and unknown footers.
 */
import { p256 } from '@noble/curves/nist.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { ErrorCode, ok, type Result } from '@tock-ts/hil';
import {
  parseTbfHeaderLengths,
  type TbfFooterV2Credentials,
  TbfFooterV2CredentialsType,
} from '@tock-ts/tock-tbf';
import { buildTbf, credentialFooter, reservedFooter, type TbfAppSpec } from '@tock-ts/tock-tbf/testing';
import { describe, expect, it } from 'vitest';
import { ProcessBinary } from '../process-binary.js';
import {
  AppCheckerNull,
  AppCheckerRsaSimulated,
  AppCheckerSha256,
  AppCheckerSha384,
  AppCheckerSha512,
} from './basic-checkers.js';
import { ProcessCheckerMachine } from './checker-machine.js';
import { type AppCredentialsPolicy, type CheckResult, PASS } from './credentials-policy.js';
import { AppCheckerSignature } from './signature-checker.js';

const ADDRESS = 0x0004_0000;

function binaryFrom(spec: TbfAppSpec): ProcessBinary {
  const tbf = buildTbf({ programVersion: 1, ...spec });
  const lengths = parseTbfHeaderLengths(tbf);
  if (!lengths.ok) throw new Error('bad test TBF');
  const result = ProcessBinary.create(tbf, ADDRESS, lengths.value.headerSize, lengths.value.version);
  if (!result.ok) throw new Error(`bad test binary: ${result.error.kind}`);
  return result.value;
}

/** Flips one bit of the app binary (inside the integrity region) after the footers were made. */
function tamper(binary: ProcessBinary): ProcessBinary {
  const copy = binary.flash.slice();
  const index = binary.header.getBinaryEndOffset() - 1;
  copy[index] = (copy[index] ?? 0) ^ 0x80;
  const result = ProcessBinary.create(copy, ADDRESS, binary.header.getHeaderSize(), 2);
  if (!result.ok) throw new Error('tampering broke the header');
  return result.value;
}

const sha256Footer = (integrity: Uint8Array) =>
  credentialFooter(TbfFooterV2CredentialsType.SHA256, sha256(integrity));
const sha384Footer = (integrity: Uint8Array) =>
  credentialFooter(TbfFooterV2CredentialsType.SHA384, sha384(integrity));
const sha512Footer = (integrity: Uint8Array) =>
  credentialFooter(TbfFooterV2CredentialsType.SHA512, sha512(integrity));

function ecdsaFooter(secretKey: Uint8Array) {
  return (integrity: Uint8Array) =>
    credentialFooter(
      TbfFooterV2CredentialsType.EcdsaNistP256,
      p256.sign(sha256(integrity), secretKey, { prehash: false, lowS: false }),
    );
}

/** A fixed P-256 secret key derived from `seed`, so every run signs the same bytes. */
function secretKeyFrom(seed: string): Uint8Array {
  return sha256(Uint8Array.from(seed, (character) => character.charCodeAt(0)));
}

/** Tock's raw x || y public key form. */
function rawPublicKey(secretKey: Uint8Array): Uint8Array {
  return p256.getPublicKey(secretKey, false).subarray(1);
}

function signatureChecker(keys: readonly Uint8Array[]): AppCheckerSignature {
  const checker = AppCheckerSignature.create(keys);
  if (!checker.ok) throw new Error('bad test keys');
  return checker.value;
}

describe('AppCheckerNull', () => {
  const machine = new ProcessCheckerMachine(new AppCheckerNull());

  it('approves a binary without footers, with no credential', () => {
    expect(machine.check(binaryFrom({}))).toEqual(ok(undefined));
  });

  it('approves a binary whose hash is wrong: it checks nothing', () => {
    const wrong = credentialFooter(TbfFooterV2CredentialsType.SHA256, new Uint8Array(32));
    expect(machine.check(binaryFrom({ footers: [wrong] }))).toEqual(ok(undefined));
  });
});

describe.each([
  ['SHA-256', new AppCheckerSha256(), sha256Footer, TbfFooterV2CredentialsType.SHA256],
  ['SHA-384', new AppCheckerSha384(), sha384Footer, TbfFooterV2CredentialsType.SHA384],
  ['SHA-512', new AppCheckerSha512(), sha512Footer, TbfFooterV2CredentialsType.SHA512],
])('%s checker', (_name, policy, footer, format) => {
  const machine = new ProcessCheckerMachine(policy);

  it('accepts a binary whose hash matches, returning the credential', () => {
    const binary = binaryFrom({ footers: (integrity) => [footer(integrity)] });
    const result = machine.check(binary);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value?.credential.format).toBe(format);
      expect(result.value?.credential.data).toEqual(footer(binary.getIntegrityRegion()).subarray(8));
      expect(result.value?.metadata).toBeUndefined();
    }
  });

  it('rejects a tampered binary at the index of the hash footer', () => {
    const binary = binaryFrom({ footers: (integrity) => [reservedFooter(12), footer(integrity)] });
    expect(machine.check(tamper(binary))).toEqual({
      ok: false,
      error: { kind: 'CredentialsRejected', index: 1 },
    });
  });

  it('refuses a binary with no hash footer', () => {
    expect(machine.check(binaryFrom({}))).toEqual({ ok: false, error: { kind: 'CredentialsNotAccepted' } });
    expect(machine.check(binaryFrom({ footers: [reservedFooter(64)] }))).toEqual({
      ok: false,
      error: { kind: 'CredentialsNotAccepted' },
    });
  });

  it('refuses a Main-only binary: without binary_end there are no footers', () => {
    const tbf = buildTbf({});
    const lengths = parseTbfHeaderLengths(tbf);
    if (!lengths.ok) throw new Error('bad test TBF');
    const binary = ProcessBinary.create(tbf, ADDRESS, lengths.value.headerSize, 2);
    expect(binary.ok && machine.check(binary.value)).toEqual({
      ok: false,
      error: { kind: 'CredentialsNotAccepted' },
    });
  });
});

describe('AppCheckerSha256 footer handling', () => {
  const machine = new ProcessCheckerMachine(new AppCheckerSha256());

  it('skips other formats and finds the SHA-256 footer after them', () => {
    const binary = binaryFrom({
      footers: (integrity) => [sha512Footer(integrity), reservedFooter(16), sha256Footer(integrity)],
    });
    const result = machine.check(binary);
    expect(result.ok && result.value?.credential.format).toBe(TbfFooterV2CredentialsType.SHA256);
  });

  it('stops at a footer with a format the kernel does not know', () => {
    const unknown = credentialFooter(0x0a, new Uint8Array(32));
    const binary = binaryFrom({ footers: (integrity) => [unknown, sha256Footer(integrity)] });
    expect(machine.check(binary)).toEqual({ ok: false, error: { kind: 'CredentialsNotAccepted' } });
  });

  it('stops at a footer truncated by the end of the object', () => {
    const binary = binaryFrom({ footers: (integrity) => [sha256Footer(integrity).subarray(0, 20)] });
    expect(machine.check(binary)).toEqual({ ok: false, error: { kind: 'CredentialsNotAccepted' } });
  });

  it('stops after the first rejection even if a later footer would match', () => {
    const wrong = credentialFooter(TbfFooterV2CredentialsType.SHA256, new Uint8Array(32));
    const binary = binaryFrom({ footers: (integrity) => [wrong, sha256Footer(integrity)] });
    expect(machine.check(binary)).toEqual({ ok: false, error: { kind: 'CredentialsRejected', index: 0 } });
  });
});

describe('AppCheckerSignature (ECDSA NIST P-256)', () => {
  const trusted = secretKeyFrom('trusted signer');
  const other = secretKeyFrom('another trusted signer');
  const machine = new ProcessCheckerMachine(signatureChecker([rawPublicKey(other), rawPublicKey(trusted)]));

  it('accepts a signature by a trusted key, with the key index as metadata', () => {
    const binary = binaryFrom({ footers: (integrity) => [ecdsaFooter(trusted)(integrity)] });
    const result = machine.check(binary);
    expect(result.ok && result.value?.metadata).toBe(1);
    expect(result.ok && result.value?.credential.format).toBe(TbfFooterV2CredentialsType.EcdsaNistP256);
  });

  it('accepts SEC1-encoded keys too', () => {
    const sec1 = new ProcessCheckerMachine(signatureChecker([p256.getPublicKey(trusted, true)]));
    const binary = binaryFrom({ footers: (integrity) => [ecdsaFooter(trusted)(integrity)] });
    expect(sec1.check(binary).ok).toBe(true);
  });

  it('does not accept a tampered binary (the signature passes, so nothing is accepted)', () => {
    const binary = binaryFrom({ footers: (integrity) => [ecdsaFooter(trusted)(integrity)] });
    expect(machine.check(tamper(binary))).toEqual({ ok: false, error: { kind: 'CredentialsNotAccepted' } });
  });

  it('does not accept a signature by an untrusted key', () => {
    const stranger = secretKeyFrom('stranger');
    const binary = binaryFrom({ footers: (integrity) => [ecdsaFooter(stranger)(integrity)] });
    expect(machine.check(binary)).toEqual({ ok: false, error: { kind: 'CredentialsNotAccepted' } });
  });

  it('does not accept a missing or malformed signature', () => {
    expect(machine.check(binaryFrom({}))).toEqual({ ok: false, error: { kind: 'CredentialsNotAccepted' } });
    const zeros = credentialFooter(TbfFooterV2CredentialsType.EcdsaNistP256, new Uint8Array(64));
    const ones = credentialFooter(TbfFooterV2CredentialsType.EcdsaNistP256, new Uint8Array(64).fill(0xff));
    expect(machine.check(binaryFrom({ footers: [zeros, ones] }))).toEqual({
      ok: false,
      error: { kind: 'CredentialsNotAccepted' },
    });
  });

  it('accepts a high-S signature, as the reference signer may produce one', () => {
    const binary = binaryFrom({
      footers: (integrity) => {
        const signature = p256.Signature.fromBytes(
          p256.sign(sha256(integrity), trusted, { prehash: false, lowS: true }),
          'compact',
        );
        const highS = new p256.Signature(signature.r, p256.Point.CURVE().n - signature.s);
        return [credentialFooter(TbfFooterV2CredentialsType.EcdsaNistP256, highS.toBytes('compact'))];
      },
    });
    expect(machine.check(binary).ok).toBe(true);
  });

  it('checks the signature over the integrity region only, not the footers', () => {
    const binary = binaryFrom({
      footers: (integrity) => [reservedFooter(16), ecdsaFooter(trusted)(integrity)],
    });
    const copy = binary.flash.slice();
    copy[binary.header.getBinaryEndOffset() + 10] = 0x55; // inside the Reserved footer's data
    const result = ProcessBinary.create(copy, ADDRESS, binary.header.getHeaderSize(), 2);
    expect(result.ok && machine.check(result.value).ok).toBe(true);
  });

  it('refuses bad key configurations', () => {
    expect(AppCheckerSignature.create([])).toEqual({ ok: false, error: ErrorCode.INVAL });
    expect(AppCheckerSignature.create([new Uint8Array(64)])).toEqual({ ok: false, error: ErrorCode.INVAL });
    expect(AppCheckerSignature.create([new Uint8Array(10)])).toEqual({ ok: false, error: ErrorCode.INVAL });
  });
});

describe('AppCheckerRsaSimulated', () => {
  const machine = new ProcessCheckerMachine(new AppCheckerRsaSimulated());

  it('accepts any RSA credential without verifying it and passes on others', () => {
    const rsa = credentialFooter(TbfFooterV2CredentialsType.Rsa4096Key, new Uint8Array(1024));
    expect(machine.check(binaryFrom({ footers: [rsa] })).ok).toBe(true);
    const sha = credentialFooter(TbfFooterV2CredentialsType.SHA256, new Uint8Array(32));
    expect(machine.check(binaryFrom({ footers: [sha] }))).toEqual({
      ok: false,
      error: { kind: 'CredentialsNotAccepted' },
    });
  });
});

describe('policy answers', () => {
  /** A scripted policy: answers footer i with `answers[i]` and records what it saw. */
  class ScriptedPolicy implements AppCredentialsPolicy {
    readonly seen: TbfFooterV2Credentials[] = [];
    constructor(
      private readonly answers: readonly Result<CheckResult, ErrorCode>[],
      private readonly required: boolean,
    ) {}
    requireCredentials(): boolean {
      return this.required;
    }
    checkCredentials(credentials: TbfFooterV2Credentials): Result<CheckResult, ErrorCode> {
      const answer = this.answers[this.seen.length] ?? ok(PASS);
      this.seen.push(credentials);
      return answer;
    }
  }
  const footers = [reservedFooter(8), reservedFooter(8), reservedFooter(8), reservedFooter(8)];

  it('skips NOSUPPORT, ALREADY and failed checks, counts passes, and stops at Reject', () => {
    const policy = new ScriptedPolicy(
      [
        { ok: false, error: ErrorCode.NOSUPPORT },
        { ok: false, error: ErrorCode.ALREADY },
        { ok: false, error: ErrorCode.FAIL },
        ok({ kind: 'Reject' }),
      ],
      true,
    );
    const result = new ProcessCheckerMachine(policy).check(binaryFrom({ footers }));
    expect(result).toEqual({ ok: false, error: { kind: 'CredentialsRejected', index: 3 } });
    expect(policy.seen).toHaveLength(4);
  });

  it('approves without a credential when all pass and credentials are optional', () => {
    const policy = new ScriptedPolicy([], false);
    expect(new ProcessCheckerMachine(policy).check(binaryFrom({ footers }))).toEqual(ok(undefined));
    expect(policy.seen).toHaveLength(4);
  });

  it('uses a policy given later with setPolicy', () => {
    const machine = new ProcessCheckerMachine(new AppCheckerNull());
    machine.setPolicy(new ScriptedPolicy([ok({ kind: 'Accept', metadata: 7 })], true));
    const result = machine.check(binaryFrom({ footers }));
    expect(result.ok && result.value?.metadata).toBe(7);
  });
});
