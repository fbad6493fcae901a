/**
 * Tests for checking every discovered binary and the sequential loader's phase-2 rules:
 * version resolution between binaries of one application and blocking by running processes.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { parseTbfHeaderLengths, TbfFooterV2CredentialsType } from '@tock-ts/tock-tbf';
import { buildTbf, credentialFooter, shortIdTlv, type TbfAppSpec } from '@tock-ts/tock-tbf/testing';
import { describe, expect, it } from 'vitest';
import { ProcessBinary } from '../process-binary.js';
import { AppIdAssignerLocallyUnique, AppIdAssignerNames, AppIdAssignerTbfHeader } from './app-id.js';
import { AppCheckerSha256 } from './basic-checkers.js';
import { ProcessCheckerMachine } from './checker-machine.js';
import {
  checkProcessBinaries,
  decideLoad,
  isBlockedFromLoadingBy,
  isBlockedFromLoadingByProcess,
  planProcessLoading,
} from './load-selection.js';

let nextAddress = 0x0004_0000;

function binaryFrom(spec: TbfAppSpec): ProcessBinary {
  const tbf = buildTbf(spec);
  const lengths = parseTbfHeaderLengths(tbf);
  if (!lengths.ok) throw new Error('bad test TBF');
  const address = nextAddress;
  nextAddress += 0x1000;
  const result = ProcessBinary.create(tbf, address, lengths.value.headerSize, lengths.value.version);
  if (!result.ok) throw new Error(`bad test binary: ${result.error.kind}`);
  return result.value;
}

const names = new AppIdAssignerNames();

describe('isBlockedFromLoadingBy', () => {
  it('blocks an older binary of the same application, never a newer or equal one', () => {
    const v1 = binaryFrom({ name: 'app', programVersion: 1 });
    const v2 = binaryFrom({ name: 'app', programVersion: 2 });
    const v2Again = binaryFrom({ name: 'app', programVersion: 2 });
    expect(isBlockedFromLoadingBy(names, v1, v2)).toBe(true);
    expect(isBlockedFromLoadingBy(names, v2, v1)).toBe(false);
    expect(isBlockedFromLoadingBy(names, v2, v2Again)).toBe(false);
  });

  it('does not compare different applications or LocallyUnique ones', () => {
    const a = binaryFrom({ name: 'a', programVersion: 1 });
    const b = binaryFrom({ name: 'b', programVersion: 9 });
    expect(isBlockedFromLoadingBy(names, a, b)).toBe(false);
    const sameName = binaryFrom({ name: 'a', programVersion: 9 });
    expect(isBlockedFromLoadingBy(new AppIdAssignerLocallyUnique(), a, sameName)).toBe(false);
  });

  it('uses ShortIds from the TBF header with that assigner', () => {
    const old = binaryFrom({ name: 'x', programVersion: 1, extraTlvs: [shortIdTlv(7)] });
    const renamed = binaryFrom({ name: 'y', programVersion: 5, extraTlvs: [shortIdTlv(7)] });
    expect(isBlockedFromLoadingBy(new AppIdAssignerTbfHeader(), old, renamed)).toBe(true);
  });
});

describe('isBlockedFromLoadingByProcess', () => {
  it('blocks a binary whose application is already running, whatever its version', () => {
    const newer = binaryFrom({ name: 'app', programVersion: 10 });
    expect(
      isBlockedFromLoadingByProcess(names, newer, { name: 'app', shortId: names.toShortId(newer) }),
    ).toBe(true);
    expect(isBlockedFromLoadingByProcess(names, newer, { name: 'other', shortId: 1 })).toBe(false);
  });
});

describe('planProcessLoading', () => {
  it('loads only the newest version when the older comes first', () => {
    const v1 = binaryFrom({ name: 'app', programVersion: 1 });
    const v3 = binaryFrom({ name: 'app', programVersion: 3 });
    const plan = planProcessLoading(names, [v1, v3]);
    expect(plan.load.map((entry) => entry.binary)).toEqual([v3]);
    expect(plan.load[0]?.shortId).toBe(names.toShortId(v3));
    expect(plan.blocked.map((entry) => entry.reason)).toEqual([
      `TBF at 0x${v1.flashStart.toString(16).padStart(8, '0')} (app): blocked: version 1 is superseded by version 3 ` +
        `of the same application at 0x${v3.flashStart.toString(16).padStart(8, '0')}`,
    ]);
  });

  it('loads only the newest version when the newer comes first', () => {
    const v3 = binaryFrom({ name: 'app', programVersion: 3 });
    const v1 = binaryFrom({ name: 'app', programVersion: 1 });
    const plan = planProcessLoading(names, [v3, v1]);
    expect(plan.load.map((entry) => entry.binary)).toEqual([v3]);
    expect(plan.blocked.map((entry) => entry.binary)).toEqual([v1]);
    expect(plan.blocked[0]?.reason).toMatch(/the same application is already running as process 'app'$/);
  });

  it('loads the first of two binaries with the same identity and version', () => {
    const first = binaryFrom({ name: 'app', programVersion: 2 });
    const second = binaryFrom({ name: 'app', programVersion: 2 });
    const plan = planProcessLoading(names, [first, second]);
    expect(plan.load.map((entry) => entry.binary)).toEqual([first]);
    expect(plan.blocked.map((entry) => entry.binary)).toEqual([second]);
  });

  it('blocks binaries of applications that are already running', () => {
    const app = binaryFrom({ name: 'app', programVersion: 5 });
    const other = binaryFrom({ name: 'other', programVersion: 1 });
    const plan = planProcessLoading(names, [app, other], [{ name: 'app', shortId: names.toShortId(app) }]);
    expect(plan.load.map((entry) => entry.binary)).toEqual([other]);
  });

  it('loads everything with LocallyUnique ids when the policy gives no identity', () => {
    const a = binaryFrom({ name: 'app', programVersion: 1 });
    const b = binaryFrom({ name: 'app', programVersion: 2 });
    const plan = planProcessLoading(new AppIdAssignerLocallyUnique(), [a, b]);
    expect(plan.load.map((entry) => [entry.binary, entry.shortId])).toEqual([
      [a, undefined],
      [b, undefined],
    ]);
  });

  it('decideLoad ignores the binary itself among the later ones', () => {
    const only = binaryFrom({ name: 'solo', programVersion: 1 });
    expect(decideLoad(names, only, [only], [])).toEqual({ kind: 'Load', shortId: names.toShortId(only) });
  });
});

describe('checkProcessBinaries', () => {
  it('stores the accepted credential, gives each refused binary one reason, and keeps the rest', () => {
    const hashed = (integrity: Uint8Array) => [
      credentialFooter(TbfFooterV2CredentialsType.SHA256, sha256(integrity)),
    ];
    const good = binaryFrom({ name: 'good', programVersion: 1, footers: hashed });
    const unsigned = binaryFrom({ name: 'unsigned', programVersion: 1 });
    const wrongHash = binaryFrom({
      name: 'wrong',
      programVersion: 1,
      footers: [credentialFooter(TbfFooterV2CredentialsType.SHA256, new Uint8Array(32))],
    });
    const alsoGood = binaryFrom({ name: 'also-good', programVersion: 1, footers: hashed });
    const outcome = checkProcessBinaries(
      [good, unsigned, wrongHash, alsoGood],
      new ProcessCheckerMachine(new AppCheckerSha256()),
    );
    expect(outcome.approved).toEqual([good, alsoGood]);
    expect(good.credential?.credential.format).toBe(TbfFooterV2CredentialsType.SHA256);
    expect(outcome.rejected.map((rejection) => [rejection.binary, rejection.error.kind])).toEqual([
      [unsigned, 'CredentialsNotAccepted'],
      [wrongHash, 'CredentialsRejected'],
    ]);
    expect(outcome.rejected[1]?.reason).toBe(
      `TBF at 0x${wrongHash.flashStart.toString(16).padStart(8, '0')} (wrong): ` +
        'Error checking process: Credential 0 rejected',
    );
  });
});
