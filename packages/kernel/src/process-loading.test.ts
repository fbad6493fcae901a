// The synchronous loader: real TBF bytes in fake flash become processes, refusals get one line each.
import { buildTbf, fixedAddressesTlv, permissionsTlv } from '@tock-ts/tock-tbf/testing';
import { describe, expect, it } from 'vitest';
import { StopFaultPolicy } from './fault-policies.js';
import { discoverProcessBinaries } from './process-binary.js';
import { describeProcessLoadError, loadProcesses, processImageFromBinary } from './process-loading.js';
import { FakeBoard } from './testing/index.js';

const FLASH = 0x0004_0000;
const RAM = 0x2000_0000;

function boardWithApps(apps: readonly Uint8Array[], processSlots = 4) {
  const board = new FakeBoard({ processSlots });
  let offset = 0;
  for (const app of apps) {
    board.chip.flash.bytes.set(app, offset);
    offset += app.length;
  }
  board.chip.flash.bytes.fill(0xff, offset);
  const load = () =>
    loadProcesses(
      board.kernel,
      board.chip,
      {
        appFlashStart: FLASH,
        appFlashEnd: FLASH + 0x8000,
        appMemory: { start: RAM, length: 0x4000 },
      },
      new StopFaultPolicy(),
      board.capabilities.processManagement,
    );
  return { board, load };
}

describe('loadProcesses', () => {
  it('creates one process per enabled TBF, in flash order, with RAM blocks in order', () => {
    const { board, load } = boardWithApps([
      buildTbf({ name: 'blink', minimumRamSize: 1024, initFunctionOffset: 1, totalSize: 0x400 }),
      buildTbf({ name: 'hello', minimumRamSize: 2048, initFunctionOffset: 5, totalSize: 0x400 }),
    ]);
    const result = load();
    expect(result.refused).toEqual([]);
    expect(result.loaded.map((process) => process.name)).toEqual(['blink', 'hello']);
    const [blink, hello] = result.loaded;
    expect(blink?.memoryStart).toBe(RAM);
    expect(hello?.memoryStart).toBe(blink?.memoryEnd);
    expect(hello?.flashStart).toBe(FLASH + 0x400);
    board.run();
    const headerSize = hello ? hello.image.protectedSize : 0;
    expect(hello?.storedState.functionCalls[0]).toEqual({
      pc: FLASH + 0x400 + headerSize + 5,
      argument0: FLASH + 0x400 + headerSize,
      argument1: hello?.memoryStart,
      argument2: hello?.memoryLength,
      argument3: (hello?.memoryStart ?? 0) + 32,
    });
  });

  it('gives one line per refused app and keeps loading the rest', () => {
    const { load } = boardWithApps([
      buildTbf({ name: 'disabled', flags: 0, totalSize: 0x400 }),
      buildTbf({ name: 'old', kernelVersion: { major: 1, minor: 0 }, totalSize: 0x400 }),
      buildTbf({ name: 'huge', minimumRamSize: 0x10_0000, totalSize: 0x400 }),
      buildTbf({ name: 'fixed', extraTlvs: [fixedAddressesTlv(RAM - 0x100, 0xffff_ffff)], totalSize: 0x400 }),
      buildTbf({ name: 'fine', totalSize: 0x400 }),
    ]);
    const result = load();
    expect(result.loaded.map((process) => process.name)).toEqual(['fine']);
    expect(result.refused).toHaveLength(4);
    expect(result.refused[0]).toMatch(/^TBF at 0x00040000 \(disabled\): .*not enabled/);
    expect(result.refused[1]).toMatch(/\(old\): .*incompatible/i);
    expect(result.refused[2]).toBe(
      'TBF at 0x00040800 (huge): not loaded: not enough RAM left for the process',
    );
    expect(result.refused[3]).toBe(
      'TBF at 0x00040c00 (fixed): not loaded: fixed RAM address 0x1fffff00 cannot be met (RAM available at 0x20000000)',
    );
  });

  it('stops at the slot limit with a line for each app left out', () => {
    const { load } = boardWithApps(
      [buildTbf({ name: 'a', totalSize: 0x200 }), buildTbf({ name: 'b', totalSize: 0x200 })],
      1,
    );
    const result = load();
    expect(result.loaded.map((process) => process.name)).toEqual(['a']);
    expect(result.refused).toEqual(['TBF at 0x00040200 (b): not loaded: no free process slot']);
  });

  it('places a FixedAddresses app at its RAM address', () => {
    const { load } = boardWithApps([
      buildTbf({
        name: 'pinned',
        extraTlvs: [fixedAddressesTlv(RAM + 0x1000, 0xffff_ffff)],
        totalSize: 0x400,
      }),
    ]);
    const [pinned] = load().loaded;
    expect(pinned?.memoryStart).toBe(RAM + 0x1000);
  });

  it('carries the Permissions TLV to the syscall filter', () => {
    const { load } = boardWithApps([
      buildTbf({
        name: 'limited',
        extraTlvs: [permissionsTlv([{ driverNumber: 1, offset: 0, low: 3, high: 0 }])],
        totalSize: 0x400,
      }),
    ]);
    const [limited] = load().loaded;
    expect(limited?.commandPermissions(1, 0)).toEqual({ kind: 'Mask', low: 3, high: 0 });
    expect(limited?.commandPermissions(2, 0)).toEqual({ kind: 'NoPermsThisDriver' });
  });
});

describe('describeProcessLoadError', () => {
  it('words credential failures as upstream does', () => {
    expect(
      describeProcessLoadError({ kind: 'CheckError', error: { kind: 'CredentialsRejected', index: 1 } }),
    ).toBe('Error checking process: Credential 1 rejected');
    expect(describeProcessLoadError({ kind: 'CheckError', error: { kind: 'CredentialsNotAccepted' } })).toBe(
      'Error checking process: No credentials accepted',
    );
  });
});

describe('processImageFromBinary', () => {
  it('is the image the binary itself gives', () => {
    const { board } = boardWithApps([
      buildTbf({ name: 'blink', minimumRamSize: 2048, initFunctionOffset: 9 }),
    ]);
    const [binary] = discoverProcessBinaries(board.chip.flash, FLASH, FLASH + 0x8000).binaries;
    if (binary === undefined) throw new Error('not discovered');
    const { commandPermissions: _viaFunction, ...image } = processImageFromBinary(binary);
    const { commandPermissions: _viaMethod, ...expected } = binary.toProcessImage();
    expect(image).toEqual(expected);
    expect(image.minimumRamSize).toBe(2048);
  });
});
