// The sequential loader: TBFs with hash and ECDSA P-256 credentials in fake flash, checked under
// each policy; identities resolved by version; one line per refused app, the rest still load.
import { p256 } from '@noble/curves/nist.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import type { Result } from '@tock-ts/hil';
import { parseTbfHeader, parseTbfHeaderLengths, TbfFooterV2CredentialsType } from '@tock-ts/tock-tbf';
import {
  buildTbf,
  credentialFooter,
  encodeUtf8,
  type RawTlv,
  reservedFooter,
  shortIdTlv,
} from '@tock-ts/tock-tbf/testing';
import { describe, expect, it } from 'vitest';
import { StopFaultPolicy } from './fault-policies.js';
import {
  AppIdAssignerLocallyUnique,
  AppIdAssignerNames,
  AppIdAssignerSimulated,
  AppIdAssignerTbfHeader,
  type AppIdPolicy,
  crc32Posix,
} from './process-checker/app-id.js';
import {
  AppCheckerNull,
  AppCheckerSha256,
  AppCheckerSha384,
  AppCheckerSha512,
  type HashCredentialsType,
} from './process-checker/basic-checkers.js';
import type { AppCredentialsPolicy } from './process-checker/credentials-policy.js';
import { AppCheckerSignature } from './process-checker/signature-checker.js';
import { type LoadRefusal, SequentialProcessLoader } from './process-loading-sequential.js';
import type { ProcessStandard } from './process-standard.js';
import { FakeBoard } from './testing/index.js';

const FLASH = 0x0004_0000;
const RAM = 0x2000_0000;
const SLOT = 0x400;

const boardKey = sha256(encodeUtf8('board signing key'));
const otherKey = sha256(encodeUtf8('somebody else'));
const boardPublicKey = p256.getPublicKey(boardKey, false).subarray(1);

type Footers = (integrity: Uint8Array) => readonly Uint8Array[];

const hashOf: Record<HashCredentialsType, (data: Uint8Array) => Uint8Array> = {
  [TbfFooterV2CredentialsType.SHA256]: sha256,
  [TbfFooterV2CredentialsType.SHA384]: sha384,
  [TbfFooterV2CredentialsType.SHA512]: sha512,
};

function hashed(format: HashCredentialsType): Footers {
  return (integrity) => [credentialFooter(format, hashOf[format](integrity)), reservedFooter(16)];
}

function signedBy(secretKey: Uint8Array): Footers {
  return (integrity) => [
    credentialFooter(
      TbfFooterV2CredentialsType.EcdsaNistP256,
      p256.sign(sha256(integrity), secretKey, { prehash: false, lowS: false }),
    ),
  ];
}

/** An app TBF (Program header, so footers count) whose credential is made by `footers`. */
function app(name: string, footers?: Footers, version = 1, extraTlvs: readonly RawTlv[] = []) {
  return buildTbf({
    name,
    programVersion: version,
    totalSize: SLOT,
    extraTlvs,
    ...(footers ? { footers } : {}),
  });
}

/** `tbf` with the last byte of its app binary changed after the credential was computed. */
function tampered(tbf: Uint8Array): Uint8Array {
  const lengths = parseTbfHeaderLengths(tbf);
  if (!lengths.ok) throw new Error('not a TBF');
  const header = parseTbfHeader(tbf.subarray(0, lengths.value.headerSize), lengths.value.version);
  if (!header.ok) throw new Error('bad header');
  const binaryEnd = header.value.getBinaryEndOffset();
  const copy = tbf.slice();
  copy[binaryEnd - 1] = (copy[binaryEnd - 1] ?? 0) ^ 0x01;
  return copy;
}

interface Outcome {
  readonly loaded: readonly ProcessStandard[];
  readonly refused: readonly string[];
  readonly refusals: readonly LoadRefusal[];
}

function boot(
  apps: readonly Uint8Array[],
  credentialsPolicy: AppCredentialsPolicy,
  appIdPolicy: AppIdPolicy = new AppIdAssignerLocallyUnique(),
  processSlots = 8,
) {
  const board = new FakeBoard({ processSlots, flashSize: 0x1_0000, ramSize: 0x1_0000 });
  board.chip.flash.bytes.fill(0xff);
  apps.forEach((tbf, index) => {
    board.chip.flash.bytes.set(tbf, index * SLOT);
  });
  const loader = new SequentialProcessLoader({
    kernel: board.kernel,
    chip: board.chip,
    regions: {
      appFlashStart: FLASH,
      appFlashEnd: FLASH + 0x1_0000,
      appMemory: { start: RAM, length: 0x1_0000 },
    },
    faultPolicy: new StopFaultPolicy(),
    credentialsPolicy,
    appIdPolicy,
    capability: board.capabilities.processManagement,
  });
  return { board, loader };
}

function names(outcome: Outcome): string[] {
  return outcome.loaded.map((process) => process.name);
}

const at = (index: number) => `0x${(FLASH + index * SLOT).toString(16).padStart(8, '0')}`;

describe('SequentialProcessLoader: hash policies', () => {
  const formats: [string, HashCredentialsType, () => AppCredentialsPolicy, HashCredentialsType][] = [
    [
      'SHA-256',
      TbfFooterV2CredentialsType.SHA256,
      () => new AppCheckerSha256(),
      TbfFooterV2CredentialsType.SHA512,
    ],
    [
      'SHA-384',
      TbfFooterV2CredentialsType.SHA384,
      () => new AppCheckerSha384(),
      TbfFooterV2CredentialsType.SHA256,
    ],
    [
      'SHA-512',
      TbfFooterV2CredentialsType.SHA512,
      () => new AppCheckerSha512(),
      TbfFooterV2CredentialsType.SHA384,
    ],
  ];
  for (const [label, format, policy, otherFormat] of formats) {
    it(`${label}: loads matching hashes and refuses tampered, missing and other-format ones`, () => {
      const { loader } = boot(
        [
          app('valid1', hashed(format)),
          tampered(app('tamper', hashed(format))),
          app('absent'),
          app('format', hashed(otherFormat)),
          app('valid2', hashed(format)),
        ],
        policy(),
      );
      const outcome = loader.load();
      expect(names(outcome)).toEqual(['valid1', 'valid2']);
      expect(outcome.refused).toEqual([
        `TBF at ${at(1)} (tamper): Error checking process: Credential 0 rejected`,
        `TBF at ${at(2)} (absent): Error checking process: No credentials accepted`,
        `TBF at ${at(3)} (format): Error checking process: No credentials accepted`,
      ]);
      expect(outcome.refusals.map((refusal) => refusal.cause)).toEqual([
        {
          kind: 'LoadError',
          error: { kind: 'CheckError', error: { kind: 'CredentialsRejected', index: 0 } },
        },
        { kind: 'LoadError', error: { kind: 'CheckError', error: { kind: 'CredentialsNotAccepted' } } },
        { kind: 'LoadError', error: { kind: 'CheckError', error: { kind: 'CredentialsNotAccepted' } } },
      ]);
    });
  }

  it('accepts a matching hash after a footer of a format the policy does not check', () => {
    const { loader } = boot(
      [
        app('both', (integrity) => [
          ...hashed(TbfFooterV2CredentialsType.SHA512)(integrity),
          ...hashed(TbfFooterV2CredentialsType.SHA256)(integrity),
        ]),
      ],
      new AppCheckerSha256(),
    );
    expect(names(loader.load())).toEqual(['both']);
  });
});

describe('SequentialProcessLoader: ECDSA P-256 signatures', () => {
  const policy = (): AppCredentialsPolicy => {
    const created = AppCheckerSignature.create([
      p256.getPublicKey(otherKey, false).subarray(1),
      boardPublicKey,
    ]);
    if (!created.ok) throw new Error('bad key');
    return created.value;
  };

  it('loads apps signed by a trusted key and refuses tampered, unsigned and wrongly signed ones', () => {
    const stranger = sha256(encodeUtf8('not trusted'));
    const { loader, board } = boot(
      [
        app('signed', signedBy(boardKey)),
        tampered(app('tamper', signedBy(boardKey))),
        app('absent'),
        app('wrongk', signedBy(stranger)),
        app('hashed', hashed(TbfFooterV2CredentialsType.SHA256)),
      ],
      policy(),
    );
    const outcome = loader.load();
    expect(names(outcome)).toEqual(['signed']);
    expect(outcome.refused).toEqual([
      `TBF at ${at(1)} (tamper): Error checking process: No credentials accepted`,
      `TBF at ${at(2)} (absent): Error checking process: No credentials accepted`,
      `TBF at ${at(3)} (wrongk): Error checking process: No credentials accepted`,
      `TBF at ${at(4)} (hashed): Error checking process: No credentials accepted`,
    ]);
    expect(board.kernel.processes()).toHaveLength(1);
  });
});

describe('SequentialProcessLoader: accept everything', () => {
  it('loads every enabled app whatever its credentials, with no credential recorded', () => {
    const { loader } = boot(
      [
        app('valid1', hashed(TbfFooterV2CredentialsType.SHA256)),
        tampered(app('tamper', hashed(TbfFooterV2CredentialsType.SHA256))),
        app('absent'),
        app('wrongk', signedBy(otherKey)),
      ],
      new AppCheckerNull(),
    );
    const outcome = loader.load();
    expect(names(outcome)).toEqual(['valid1', 'tamper', 'absent', 'wrongk']);
    expect(outcome.refused).toEqual([]);
    expect(outcome.loaded.every((process) => process.shortId === undefined)).toBe(true);
  });
});

describe('SequentialProcessLoader: two versions of one application', () => {
  const sha = hashed(TbfFooterV2CredentialsType.SHA256);
  const identities: [string, () => AppIdPolicy, (version: number) => Uint8Array, number | undefined][] = [
    [
      'ShortId from the name',
      () => new AppIdAssignerNames(),
      (v) => app('counter', sha, v),
      crc32Posix(encodeUtf8('counter')),
    ],
    [
      'ShortId TLV',
      () => new AppIdAssignerTbfHeader(),
      (v) => app(v === 1 ? 'count_1' : 'count_2', sha, v, [shortIdTlv(0x1234)]),
      0x1234,
    ],
    ['AppID from the name', () => new AppIdAssignerSimulated(), (v) => app('counter', sha, v), undefined],
  ];
  for (const [label, policy, versioned, shortId] of identities) {
    it(`${label}: the newer version loads when it comes later in flash`, () => {
      const { loader } = boot(
        [versioned(1), app('sensor', sha), versioned(2)],
        new AppCheckerSha256(),
        policy(),
      );
      const outcome = loader.load();
      expect(outcome.loaded.map((process) => process.flashStart)).toEqual([FLASH + SLOT, FLASH + 2 * SLOT]);
      expect(outcome.loaded[1]?.shortId).toBe(shortId);
      expect(outcome.refused).toHaveLength(1);
      expect(outcome.refused[0]).toMatch(
        new RegExp(
          `^TBF at ${at(0)} \\(count\\w+\\): blocked: version 1 is superseded by version 2 of the same application at ${at(2)}$`,
        ),
      );
      expect(outcome.refusals[0]?.cause).toEqual({
        kind: 'BlockedByNewerBinary',
        address: FLASH + 2 * SLOT,
        version: 2,
      });
    });

    it(`${label}: the newer version loads when it comes first in flash`, () => {
      const { loader } = boot(
        [versioned(2), app('sensor', sha), versioned(1)],
        new AppCheckerSha256(),
        policy(),
      );
      const outcome = loader.load();
      expect(outcome.loaded.map((process) => process.flashStart)).toEqual([FLASH, FLASH + SLOT]);
      expect(outcome.loaded[0]?.shortId).toBe(shortId);
      expect(outcome.refused).toHaveLength(1);
      expect(outcome.refused[0]).toMatch(
        new RegExp(
          `^TBF at ${at(2)} \\(count\\w+\\): blocked: the same application is already running as process 'count\\w+'$`,
        ),
      );
      expect(outcome.refusals[0]?.cause.kind).toBe('BlockedByRunningProcess');
    });
  }

  it('refuses a tampered newer version, so the older one loads', () => {
    const { loader } = boot(
      [app('counter', sha, 1), tampered(app('counter', sha, 2))],
      new AppCheckerSha256(),
      new AppIdAssignerNames(),
    );
    const outcome = loader.load();
    expect(outcome.loaded.map((process) => process.flashStart)).toEqual([FLASH]);
    expect(outcome.refused).toEqual([
      `TBF at ${at(1)} (counter): Error checking process: Credential 0 rejected`,
    ]);
  });

  it('with LocallyUnique ids, both versions load', () => {
    const { loader } = boot([app('counter', sha, 1), app('counter', sha, 2)], new AppCheckerSha256());
    expect(loader.load().loaded.map((process) => process.flashStart)).toEqual([FLASH, FLASH + SLOT]);
  });
});

describe('SequentialProcessLoader: running processes, slots and the client', () => {
  const sha = hashed(TbfFooterV2CredentialsType.SHA256);

  it('a second run refuses every app already running and loads nothing twice', () => {
    const { loader, board } = boot(
      [app('alpha', sha), app('beta', sha)],
      new AppCheckerSha256(),
      new AppIdAssignerNames(),
    );
    expect(names(loader.load())).toEqual(['alpha', 'beta']);
    const again = loader.load();
    expect(names(again)).toEqual([]);
    expect(again.refused).toEqual([
      `TBF at ${at(0)} (alpha): blocked: the same application is already running as process 'alpha'`,
      `TBF at ${at(1)} (beta): blocked: the same application is already running as process 'beta'`,
    ]);
    expect(board.kernel.processes()).toHaveLength(2);
  });

  it('refuses apps past the last slot with one line each and carves RAM in order', () => {
    const { loader } = boot(
      [app('alpha', sha), app('beta', sha), app('gamma', sha)],
      new AppCheckerSha256(),
      undefined,
      2,
    );
    const outcome = loader.load();
    expect(names(outcome)).toEqual(['alpha', 'beta']);
    expect(outcome.loaded[1]?.memoryStart).toBe(outcome.loaded[0]?.memoryEnd);
    expect(outcome.refused).toEqual([`TBF at ${at(2)} (gamma): not loaded: no free process slot`]);
    expect(outcome.refusals[0]?.cause).toEqual({ kind: 'LoadError', error: { kind: 'NoProcessSlot' } });
    expect(loader.remainingMemory.start).toBe(outcome.loaded[1]?.memoryEnd);
  });

  it('lists discovery refusals and check refusals in flash order, then phase 2', () => {
    const { loader } = boot(
      [
        app('counter', sha, 1),
        app('absent'),
        buildTbf({ name: 'disabled', flags: 0, totalSize: SLOT }),
        app('counter', sha, 3),
      ],
      new AppCheckerSha256(),
      new AppIdAssignerNames(),
    );
    const outcome = loader.load();
    expect(outcome.refusals.map((refusal) => [refusal.address - FLASH, refusal.cause.kind])).toEqual([
      [SLOT, 'LoadError'],
      [2 * SLOT, 'Discovery'],
      [0, 'BlockedByNewerBinary'],
    ]);
    expect(names(outcome)).toEqual(['counter']);
  });

  it('tells the client about every outcome, then that loading finished', () => {
    const { loader } = boot([app('alpha', sha), app('absent')], new AppCheckerSha256());
    const events: string[] = [];
    loader.setClient({
      processLoaded: (outcome: Result<ProcessStandard, LoadRefusal>) => {
        events.push(outcome.ok ? `loaded ${outcome.value.name}` : `refused ${outcome.error.reason}`);
      },
      processLoadingFinished: () => events.push('finished'),
    });
    loader.load();
    expect(events).toEqual([
      `refused TBF at ${at(1)} (absent): Error checking process: No credentials accepted`,
      'loaded alpha',
      'finished',
    ]);
  });

  it('takes a new policy for the next run', () => {
    const { loader } = boot([app('absent')], new AppCheckerSha256());
    expect(names(loader.load())).toEqual([]);
    loader.setPolicy(new AppCheckerNull());
    expect(names(loader.load())).toEqual(['absent']);
  });
});
