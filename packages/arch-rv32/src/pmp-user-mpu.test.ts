// The PMP user MPU (upstream's allocation rules: 4-byte TOR regions, no overlaps, the app RAM
// window and its break, the 3-byte allowance for read-only regions, writes only when dirty) and
// the MML ePMP kernel protection (its set-up checks, entry layout and user entries).
import { Permissions } from '@tock-ts/kernel';
import { describe, expect, it } from 'vitest';
import { KernelProtectionMmlEpmp, napotAddress } from './kernel-protection-epmp.js';
import { PmpUserMpu, type TorUserPmp, type TorUserRegion } from './pmp-user-mpu.js';
import { Csr, Privilege } from './silicon/architecture.js';
import { AccessKind } from './silicon/pmp.js';
import { QemuVirtSilicon } from './silicon/qemu-virt.js';

/** A back-end that records what the MPU hands it. */
class RecordingPmp implements TorUserPmp {
  configured: TorUserRegion[][] = [];
  availableRegions(): number {
    return 4;
  }
  configurePmp(regions: readonly TorUserRegion[]): boolean {
    this.configured.push(regions.map((region) => ({ ...region })));
    return true;
  }
  enableUserPmp(): boolean {
    return true;
  }
  disableUserPmp(): void {}
  describe(): string {
    return '';
  }
}

const KERNEL_REGIONS = {
  flash: { start: 0x8000_0000, size: 0x20_0000 },
  ram: { start: 0x8020_0000, size: 0x20_0000 },
  mmio: { start: 0, size: 0x2000_0000 },
  kernelText: { start: 0x8000_0000, end: 0x8000_4000 },
};

describe('PmpUserMpu', () => {
  it('rounds regions to 4 bytes, refuses overlaps, and allows read-only regions 3 bytes of slack', () => {
    const mpu = new PmpUserMpu(new RecordingPmp(), 4);
    const config = mpu.newConfig();
    if (config === undefined) throw new Error('no config');
    expect(mpu.allocateRegion(0x1001, 0x100, 6, Permissions.ReadOnly, config)).toEqual({
      startAddress: 0x1004,
      size: 8,
    });
    expect(mpu.allocateRegion(0x100c, 0x10, 4, Permissions.ReadOnly, config)).toEqual({
      startAddress: 0x100c,
      size: 4,
    });
    expect(mpu.allocateRegion(0x1000, 0x100, 8, Permissions.ReadWriteOnly, config)).toBeUndefined(); // overlaps
    expect(mpu.allocateRegion(0x2001, 8, 6, Permissions.ReadWriteOnly, config)).toBeUndefined(); // would exceed
    expect(mpu.allocateRegion(0x2001, 8, 6, Permissions.ReadOnly, config)).toEqual({
      startAddress: 0x2004,
      size: 8,
    });
    expect(mpu.removeMemoryRegion({ startAddress: 0x100c, size: 4 }, config)).toBe(true);
    expect(mpu.removeMemoryRegion({ startAddress: 0x100c, size: 4 }, config)).toBe(false);
  });

  it('places the app RAM block, moves its break and refuses to reach the kernel break', () => {
    const mpu = new PmpUserMpu(new RecordingPmp(), 4);
    const config = mpu.newConfig();
    if (config === undefined) throw new Error('no config');
    const block = mpu.allocateAppMemoryRegion(
      0x8020_0002,
      0x10_000,
      0x1000,
      0x101,
      0x300,
      Permissions.ReadWriteOnly,
      config,
    );
    expect(block).toEqual({ start: 0x8020_0004, size: 0x1000 });
    expect(config.regions[0]).toEqual({ config: 0x0b, start: 0x8020_0004, end: 0x8020_0108 });
    expect(mpu.updateAppMemoryRegion(0x8020_0801, 0x8020_0d00, Permissions.ReadWriteOnly, config)).toBe(true);
    expect(config.regions[0]?.end).toBe(0x8020_0804);
    expect(mpu.updateAppMemoryRegion(0x8020_0d01, 0x8020_0d00, Permissions.ReadWriteOnly, config)).toBe(
      false,
    );
    expect(
      mpu.allocateAppMemoryRegion(0x9000_0000, 0x1000, 0x100, 0x10, 0x10, Permissions.ReadWriteOnly, config),
    ).toBeUndefined();
  });

  it('writes a configuration only when it changed or another one was loaded', () => {
    const pmp = new RecordingPmp();
    const mpu = new PmpUserMpu(pmp, 4);
    const first = mpu.newConfig();
    const second = mpu.newConfig();
    if (first === undefined || second === undefined) throw new Error('no config');
    mpu.configureMpu(first);
    mpu.configureMpu(first);
    expect(pmp.configured.length).toBe(1);
    mpu.configureMpu(second);
    mpu.configureMpu(first);
    expect(pmp.configured.length).toBe(3);
    mpu.allocateRegion(0x1000, 0x100, 0x10, Permissions.ReadOnly, first);
    mpu.configureMpu(first);
    expect(pmp.configured.length).toBe(4);
  });
});

describe('KernelProtectionMmlEpmp', () => {
  it('encodes NAPOT addresses as upstream', () => {
    expect(napotAddress({ start: 0x8000_0000, size: 0x20_0000 })).toBe(0x2003_ffff);
    expect(napotAddress({ start: 0, size: 8 })).toBe(0);
    expect(napotAddress({ start: 0x8000_0004, size: 8 })).toBeUndefined();
    expect(napotAddress({ start: 0x8000_0000, size: 12 })).toBeUndefined();
  });

  it('locks the kernel entries, sets MML | MMWP, and keeps machine mode out of user regions while enabled', () => {
    const hart = new QemuVirtSilicon({ ramSize: 0x40_0000 }).chipCore.hart;
    const protection = KernelProtectionMmlEpmp.create(hart, KERNEL_REGIONS);
    if (protection === undefined) throw new Error('set-up failed');
    expect(hart.readCsr(Csr.mseccfg)).toBe(3);
    expect(hart.readCsr(Csr.pmpcfg0)).toBe(0x0000_8d80);
    expect(hart.readCsr(Csr.pmpcfg0 + 3)).toBe(0x9b9b_9900);
    const pmp = hart.pmp;
    expect(pmp.check(0x8000_1000, 4, AccessKind.Execute, true)).toBe(true); // kernel text
    expect(pmp.check(0x8010_0000, 4, AccessKind.Execute, true)).toBe(false); // flash: R only
    expect(pmp.check(0x8020_0000, 4, AccessKind.Write, false)).toBe(false); // user: nothing yet
    const regions = [{ config: 0x0b, start: 0x8020_0000, end: 0x8020_1000 }];
    expect(protection.configurePmp(regions)).toBe(true);
    expect(pmp.check(0x8020_0000, 4, AccessKind.Write, false)).toBe(false); // not enabled yet
    protection.enableUserPmp();
    expect(pmp.check(0x8020_0000, 4, AccessKind.Write, false)).toBe(true);
    expect(pmp.check(0x8020_0000, 4, AccessKind.Read, true)).toBe(false); // MML: user memory is user-only
    protection.disableUserPmp();
    expect(pmp.check(0x8020_0000, 4, AccessKind.Read, true)).toBe(true);
    expect(hart.privilege).toBe(Privilege.Machine);
  });

  it('refuses read-write-execute user regions and hardware with a locked entry', () => {
    const hart = new QemuVirtSilicon().chipCore.hart;
    const protection = KernelProtectionMmlEpmp.create(hart, KERNEL_REGIONS);
    expect(protection?.configurePmp([{ config: 0x0f, start: 0x8020_0000, end: 0x8020_1000 }])).toBe(false);
    const locked = new QemuVirtSilicon().chipCore.hart;
    locked.writeCsr(Csr.pmpcfg0 + 1, 0x80);
    expect(KernelProtectionMmlEpmp.create(locked, KERNEL_REGIONS)).toBeUndefined();
  });

  it('describes the entries as upstream does', () => {
    const hart = new QemuVirtSilicon().chipCore.hart;
    const protection = KernelProtectionMmlEpmp.create(hart, KERNEL_REGIONS);
    protection?.configurePmp([{ config: 0x0b, start: 0x8020_0000, end: 0x8020_1000 }]);
    const text = protection?.describe() ?? '';
    expect(text).toContain(
      ' ePMP configuration:\r\n  mseccfg: 0x0003, user-mode PMP active: false, entries:\r\n',
    );
    expect(text).toContain('  [01]:   start=0x80000000, end=0x80003fff, cfg=0x8D (TOR  ) (lr-x)\r\n');
    expect(text).toContain('  [13]:   start=0x80000000, end=0x801fffff, cfg=0x99 (NAPOT) (lr--)\r\n');
    expect(text).toContain('  [03]:   start=0x80200000, end=0x80201003, cfg=0x0B (TOR  ) (-rw-)\r\n');
  });
});
