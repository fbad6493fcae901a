// Capabilities: minted only by mintCapabilities, checked at run time by every guarded entry point.
import { describe, expect, it } from 'vitest';
import {
  assertCapability,
  MainLoopCapability,
  mintCapabilities,
  type ProcessManagementCapability,
} from './capabilities.js';
import { Kernel } from './kernel.js';
import { KernelPanic } from './kernel-panic.js';
import { FakeChip } from './testing/index.js';

describe('capabilities', () => {
  it('mints one genuine token of each upstream capability', () => {
    const capabilities = mintCapabilities();
    expect(Object.keys(capabilities).sort()).toEqual([
      'applicationStorage',
      'createPortTable',
      'externalProcess',
      'kerneluserStorage',
      'mainLoop',
      'memoryAllocation',
      'networkCapabilityCreation',
      'processManagement',
      'processStart',
      'setDebugWriter',
      'udpDriver',
    ]);
    expect(MainLoopCapability.isToken(capabilities.mainLoop)).toBe(true);
    expect(MainLoopCapability.isToken(capabilities.processManagement)).toBe(false);
  });

  it('cannot be constructed without the minting key', () => {
    expect(() => new MainLoopCapability(Symbol('tock-ts capability mint'))).toThrow(KernelPanic);
  });

  it('rejects lookalike objects and subclass-free forgeries at run time', () => {
    const lookalike: unknown = { kind: 'MainLoopCapability' };
    expect(() => assertCapability(MainLoopCapability, lookalike)).toThrow(
      /forged or missing MainLoopCapability/,
    );
    const kernel = new Kernel(1);
    const chip = new FakeChip();
    const resources = {
      syscallDriverLookup: { withDriver: () => undefined },
      scheduler: { next: () => ({ kind: 'TrySleep' as const }), result: () => undefined },
      schedulerTimer: chip.schedulerTimer,
    };
    expect(() =>
      kernel.kernelLoopOperation(resources, chip, undefined, true, lookalike as MainLoopCapability),
    ).toThrow(KernelPanic);
    expect(() => kernel.processIterCapability(lookalike as ProcessManagementCapability)).toThrow(KernelPanic);
    expect(kernel.kernelLoopOperation(resources, chip, undefined, true, mintCapabilities().mainLoop)).toEqual(
      {
        kind: 'Idle',
      },
    );
  });
});
