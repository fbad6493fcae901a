/**
 * Tests of the PMSAv7 MPU model: register behaviour and the access check against the ARMv7-M ARM
 * (B3.5) rules: AP table, XN, region priority, subregions, the background map and its controls.
 */
import { describe, expect, it } from 'vitest';
import {
  AccessKind,
  MPU_CTRL,
  MPU_CTRL_ENABLE,
  MPU_CTRL_HFNMIENA,
  MPU_CTRL_PRIVDEFENA,
  MPU_RASR,
  MPU_RASR_A1,
  MPU_RASR_A3,
  MPU_RASR_XN,
  MPU_RBAR,
  MPU_RBAR_A2,
  MPU_RBAR_VALID,
  MPU_RNR,
  MPU_TYPE,
  MpuFaultClass,
  Pmsav7Mpu,
} from './mpu.js';

interface RegionSetting {
  readonly base: number;
  readonly size: number;
  readonly accessPermission: number;
  readonly executeNever?: boolean;
  readonly subregionDisable?: number;
}

function rasrFor(setting: RegionSetting): number {
  const sizeField = Math.log2(setting.size) - 1;
  return (
    (1 |
      (sizeField << 1) |
      ((setting.subregionDisable ?? 0) << 8) |
      (setting.accessPermission << 24) |
      (setting.executeNever ? MPU_RASR_XN : 0)) >>>
    0
  );
}

function program(mpu: Pmsav7Mpu, region: number, setting: RegionSetting): void {
  mpu.writeRegister(MPU_RBAR, (setting.base | MPU_RBAR_VALID | region) >>> 0);
  mpu.writeRegister(MPU_RASR, rasrFor(setting));
}

function cortexM4Mpu(): Pmsav7Mpu {
  return new Pmsav7Mpu({ regionCount: 8, minimumRegionSize: 32 });
}

const R = AccessKind.Read;
const W = AccessKind.Write;
const X = AccessKind.Execute;

describe('Pmsav7Mpu registers', () => {
  it('reports its region count in MPU_TYPE.DREGION and no separate instruction regions', () => {
    expect(cortexM4Mpu().readRegister(MPU_TYPE)).toBe(0x0800);
    expect(new Pmsav7Mpu({ regionCount: 16, minimumRegionSize: 32 }).readRegister(MPU_TYPE)).toBe(0x1000);
  });

  it('keeps only the three CTRL bits and eight RNR bits', () => {
    const mpu = cortexM4Mpu();
    mpu.writeRegister(MPU_CTRL, 0xffffffff);
    expect(mpu.readRegister(MPU_CTRL)).toBe(7);
    mpu.writeRegister(MPU_RNR, 0x1203);
    expect(mpu.readRegister(MPU_RNR)).toBe(3);
  });

  it('selects the region from RBAR.REGION when VALID is set, and RBAR reads VALID as zero', () => {
    const mpu = cortexM4Mpu();
    mpu.writeRegister(MPU_RBAR, 0x20004000 | MPU_RBAR_VALID | 5);
    expect(mpu.readRegister(MPU_RNR)).toBe(5);
    expect(mpu.readRegister(MPU_RBAR)).toBe(0x20004005);
    // Without VALID, RBAR writes the region RNR selects and ignores REGION.
    mpu.writeRegister(MPU_RNR, 2);
    mpu.writeRegister(MPU_RBAR, 0x10000000 | 7);
    expect(mpu.readRegister(MPU_RNR)).toBe(2);
    expect(mpu.readRegister(MPU_RBAR)).toBe(0x10000002);
    mpu.writeRegister(MPU_RNR, 5);
    expect(mpu.readRegister(MPU_RBAR)).toBe(0x20004005);
  });

  it('stores only the implemented RASR bits', () => {
    const mpu = cortexM4Mpu();
    mpu.writeRegister(MPU_RASR, 0xffffffff);
    expect(mpu.readRegister(MPU_RASR)).toBe(0x173fff3f);
  });

  it('reaches RBAR and RASR through the alias registers on ARMv7-M', () => {
    const mpu = cortexM4Mpu();
    mpu.writeRegister(MPU_RBAR_A2, 0x00010000 | MPU_RBAR_VALID | 3);
    mpu.writeRegister(MPU_RASR_A3, 0x03000013);
    expect(mpu.readRegister(MPU_RNR)).toBe(3);
    expect(mpu.readRegister(MPU_RBAR)).toBe(0x00010003);
    expect(mpu.readRegister(MPU_RASR)).toBe(0x03000013);
    expect(mpu.readRegister(MPU_RASR_A1)).toBe(0x03000013);
  });

  it('has no alias registers and no TEX field in the ARMv6-M (Cortex-M0+) form', () => {
    const mpu = new Pmsav7Mpu({ regionCount: 8, minimumRegionSize: 256 });
    mpu.writeRegister(MPU_RASR, 0xffffffff);
    expect(mpu.readRegister(MPU_RASR)).toBe(0x1707ff3f);
    mpu.writeRegister(MPU_RBAR_A2, 0x00010000 | MPU_RBAR_VALID | 3);
    expect(mpu.readRegister(MPU_RNR)).toBe(0);
    expect(mpu.readRegister(MPU_RBAR_A2)).toBe(0);
    expect(mpu.readRegister(MPU_RASR_A1)).toBe(0);
  });

  it('ignores RBAR/RASR for a region number it does not implement', () => {
    const mpu = cortexM4Mpu();
    mpu.writeRegister(MPU_RBAR, 0x20000000 | MPU_RBAR_VALID | 9);
    mpu.writeRegister(MPU_RASR, 0x03000013);
    expect(mpu.readRegister(MPU_RNR)).toBe(9);
    expect(mpu.readRegister(MPU_RBAR)).toBe(9);
    expect(mpu.readRegister(MPU_RASR)).toBe(0);
    for (let region = 0; region < 8; region++) {
      mpu.writeRegister(MPU_RNR, region);
      expect(mpu.readRegister(MPU_RASR)).toBe(0);
    }
  });

  it('counts every register write in generation', () => {
    const mpu = cortexM4Mpu();
    const before = mpu.generation;
    mpu.writeRegister(MPU_RNR, 1);
    mpu.writeRegister(MPU_RASR, 0);
    mpu.writeRegister(MPU_TYPE, 0);
    expect(mpu.generation).toBe(before + 3);
  });

  it('rejects impossible configurations with a clear error', () => {
    expect(() => new Pmsav7Mpu({ regionCount: 8, minimumRegionSize: 100 })).toThrow(/minimumRegionSize/);
    expect(() => new Pmsav7Mpu({ regionCount: -1, minimumRegionSize: 32 })).toThrow(/regionCount/);
  });
});

describe('Pmsav7Mpu access permissions', () => {
  // ARMv7-M ARM table B3-15, written out: [privileged read, privileged write, unprivileged read, unprivileged write].
  const apTable: ReadonlyArray<readonly [boolean, boolean, boolean, boolean]> = [
    [false, false, false, false], // 0b000 no access
    [true, true, false, false], // 0b001 privileged RW
    [true, true, true, false], // 0b010 privileged RW, unprivileged RO
    [true, true, true, true], // 0b011 full access
    [false, false, false, false], // 0b100 reserved
    [true, false, false, false], // 0b101 privileged RO
    [true, false, true, false], // 0b110 read-only
    [true, false, true, false], // 0b111 read-only
  ];

  for (let accessPermission = 0; accessPermission < 8; accessPermission++) {
    for (const executeNever of [false, true]) {
      it(`applies AP=0b${accessPermission.toString(2).padStart(3, '0')} XN=${executeNever ? 1 : 0}`, () => {
        const mpu = cortexM4Mpu();
        program(mpu, 0, { base: 0x20000000, size: 1024, accessPermission, executeNever });
        mpu.writeRegister(MPU_CTRL, MPU_CTRL_ENABLE);
        const [privilegedRead, privilegedWrite, unprivilegedRead, unprivilegedWrite] = apTable[
          accessPermission
        ] ?? [false, false, false, false];
        const address = 0x20000100;
        expect(mpu.checkAccess(address, 4, R, true, false)).toBe(privilegedRead);
        expect(mpu.checkAccess(address, 4, W, true, false)).toBe(privilegedWrite);
        expect(mpu.checkAccess(address, 4, R, false, false)).toBe(unprivilegedRead);
        expect(mpu.checkAccess(address, 4, W, false, false)).toBe(unprivilegedWrite);
        expect(mpu.checkAccess(address, 2, X, true, false)).toBe(privilegedRead && !executeNever);
        expect(mpu.checkAccess(address, 2, X, false, false)).toBe(unprivilegedRead && !executeNever);
      });
    }
  }
});

describe('Pmsav7Mpu region matching', () => {
  it('lets the highest-numbered matching region win, whether more or less permissive', () => {
    const mpu = cortexM4Mpu();
    program(mpu, 0, { base: 0x20000000, size: 4096, accessPermission: 0b011, executeNever: true });
    program(mpu, 3, { base: 0x20000400, size: 1024, accessPermission: 0b010, executeNever: true });
    program(mpu, 6, { base: 0x20000400, size: 256, accessPermission: 0b011, executeNever: false });
    mpu.writeRegister(MPU_CTRL, MPU_CTRL_ENABLE);
    expect(mpu.checkAccess(0x20000000, 4, W, false, false)).toBe(true); // region 0
    expect(mpu.checkAccess(0x20000600, 4, W, false, false)).toBe(false); // region 3 (RO) over region 0
    expect(mpu.checkAccess(0x20000600, 4, R, false, false)).toBe(true);
    expect(mpu.checkAccess(0x20000400, 4, W, false, false)).toBe(true); // region 6 over region 3
    expect(mpu.checkAccess(0x20000400, 2, X, false, false)).toBe(true);
    expect(mpu.checkAccess(0x20000500, 2, X, false, false)).toBe(false);
  });

  it('lets a disabled subregion fall through to a lower region, then to the background', () => {
    const mpu = cortexM4Mpu();
    program(mpu, 0, { base: 0x20000000, size: 2048, accessPermission: 0b010, executeNever: true });
    // Region 1 covers the same 2 KiB with RW, subregions 4-7 disabled (256 bytes each).
    program(mpu, 1, {
      base: 0x20000000,
      size: 2048,
      accessPermission: 0b011,
      executeNever: true,
      subregionDisable: 0xf0,
    });
    // Region 2: 4 KiB higher, subregions 0 and 1 enabled only, so its top 3 KiB have no region at all.
    program(mpu, 2, {
      base: 0x20001000,
      size: 4096,
      accessPermission: 0b011,
      executeNever: true,
      subregionDisable: 0xfc,
    });
    mpu.writeRegister(MPU_CTRL, MPU_CTRL_ENABLE | MPU_CTRL_PRIVDEFENA);
    expect(mpu.checkAccess(0x200003fc, 4, W, false, false)).toBe(true); // region 1, subregion 3
    expect(mpu.checkAccess(0x20000400, 4, W, false, false)).toBe(false); // falls to region 0: RO
    expect(mpu.checkAccess(0x20000400, 4, R, false, false)).toBe(true);
    expect(mpu.checkAccess(0x200013fc, 4, W, false, false)).toBe(true); // region 2, subregion 1
    expect(mpu.checkAccess(0x20001400, 4, R, false, false)).toBe(false); // no region: background
    expect(mpu.checkAccess(0x20001400, 4, W, true, false)).toBe(true); // privileged default map
  });

  it('uses the background map only for privileged accesses, only with PRIVDEFENA', () => {
    const mpu = cortexM4Mpu();
    program(mpu, 0, { base: 0x20000000, size: 1024, accessPermission: 0b011 });
    mpu.writeRegister(MPU_CTRL, MPU_CTRL_ENABLE);
    expect(mpu.checkAccess(0x40000000, 4, R, true, false)).toBe(false);
    expect(mpu.checkAccess(0x00001000, 2, X, true, false)).toBe(false);
    mpu.writeRegister(MPU_CTRL, MPU_CTRL_ENABLE | MPU_CTRL_PRIVDEFENA);
    expect(mpu.checkAccess(0x40000000, 4, W, true, false)).toBe(true);
    expect(mpu.checkAccess(0x00001000, 2, X, true, false)).toBe(true);
    expect(mpu.checkAccess(0x40000000, 4, R, false, false)).toBe(false);
    // The default map is execute-never for Peripheral, Device and System space.
    expect(mpu.checkAccess(0x40000000, 2, X, true, false)).toBe(false);
    expect(mpu.checkAccess(0x60000000, 2, X, true, false)).toBe(true);
    expect(mpu.checkAccess(0xa0000000, 2, X, true, false)).toBe(false);
  });

  it('uses the default map for everyone while disabled', () => {
    const mpu = cortexM4Mpu();
    program(mpu, 0, { base: 0x20000000, size: 1024, accessPermission: 0b000, executeNever: true });
    expect(mpu.checkAccess(0x20000000, 4, W, false, false)).toBe(true);
    expect(mpu.checkAccess(0x20000000, 2, X, false, false)).toBe(true);
    expect(mpu.checkAccess(0x50000000, 2, X, false, false)).toBe(false);
    mpu.writeRegister(MPU_CTRL, MPU_CTRL_ENABLE);
    expect(mpu.checkAccess(0x20000000, 4, R, true, false)).toBe(false);
  });

  it('turns off at negative execution priority unless HFNMIENA is set', () => {
    const mpu = cortexM4Mpu();
    program(mpu, 0, { base: 0x20000000, size: 1024, accessPermission: 0b000 });
    mpu.writeRegister(MPU_CTRL, MPU_CTRL_ENABLE);
    expect(mpu.checkAccess(0x20000000, 4, W, true, false)).toBe(false);
    expect(mpu.checkAccess(0x20000000, 4, W, true, true)).toBe(true);
    mpu.writeRegister(MPU_CTRL, MPU_CTRL_ENABLE | MPU_CTRL_HFNMIENA);
    expect(mpu.checkAccess(0x20000000, 4, W, true, true)).toBe(false);
    // HFNMIENA without ENABLE is UNPREDICTABLE; the model treats the MPU as off.
    mpu.writeRegister(MPU_CTRL, MPU_CTRL_HFNMIENA);
    expect(mpu.checkAccess(0x20000000, 4, W, true, true)).toBe(true);
  });

  it('keeps the private peripheral bus privileged-only and never executable, whatever the regions say', () => {
    const mpu = cortexM4Mpu();
    program(mpu, 7, { base: 0xe0000000, size: 2 ** 20, accessPermission: 0b011 });
    mpu.writeRegister(MPU_CTRL, MPU_CTRL_ENABLE);
    expect(mpu.checkAccess(0xe000ed90, 4, W, true, false)).toBe(true);
    expect(mpu.checkAccess(0xe000ed90, 4, W, false, false)).toBe(false);
    expect(mpu.faultClass(0xe000ed90, 4, W, false, false)).toBe(MpuFaultClass.BusFault);
    expect(mpu.checkAccess(0xe0000000, 2, X, true, false)).toBe(false);
    expect(mpu.faultClass(0xe0000000, 2, X, true, false)).toBe(MpuFaultClass.MemManage);
  });

  it('ignores base address bits below the region size', () => {
    const mpu = cortexM4Mpu();
    program(mpu, 0, { base: 0x20000100, size: 1024, accessPermission: 0b011 });
    mpu.writeRegister(MPU_CTRL, MPU_CTRL_ENABLE);
    expect(mpu.checkAccess(0x20000000, 4, R, false, false)).toBe(true);
    expect(mpu.checkAccess(0x200003fc, 4, R, false, false)).toBe(true);
    expect(mpu.checkAccess(0x20000400, 4, R, false, false)).toBe(false);
  });

  it('covers the whole address space with a 4 GiB region', () => {
    const mpu = cortexM4Mpu();
    program(mpu, 0, { base: 0, size: 2 ** 32, accessPermission: 0b010 });
    mpu.writeRegister(MPU_CTRL, MPU_CTRL_ENABLE);
    expect(mpu.checkAccess(0, 4, R, false, false)).toBe(true);
    expect(mpu.checkAccess(0xdffffffc, 4, R, false, false)).toBe(true);
    expect(mpu.checkAccess(0xdffffffc, 4, W, false, false)).toBe(false);
    expect(mpu.checkAccess(0x80000000, 4, W, true, false)).toBe(true);
  });

  it('ignores subregion bits of regions smaller than 256 bytes on ARMv7-M', () => {
    const mpu = cortexM4Mpu();
    program(mpu, 0, { base: 0x20000000, size: 128, accessPermission: 0b011, subregionDisable: 0xff });
    mpu.writeRegister(MPU_CTRL, MPU_CTRL_ENABLE);
    expect(mpu.checkAccess(0x20000040, 4, W, false, false)).toBe(true);
    expect(mpu.checkAccess(0x20000080, 4, W, false, false)).toBe(false);
  });

  it('applies the Cortex-M0+ rules: 256-byte minimum, 32-byte subregions of a 256-byte region', () => {
    const mpu = new Pmsav7Mpu({ regionCount: 8, minimumRegionSize: 256 });
    program(mpu, 0, { base: 0x20000000, size: 256, accessPermission: 0b011, subregionDisable: 0xfe });
    // SIZE for 32 bytes is below the minimum: the region acts as 256 bytes.
    program(mpu, 1, { base: 0x20000400, size: 32, accessPermission: 0b011 });
    mpu.writeRegister(MPU_CTRL, MPU_CTRL_ENABLE);
    expect(mpu.checkAccess(0x2000001c, 4, W, false, false)).toBe(true);
    expect(mpu.checkAccess(0x20000020, 4, W, false, false)).toBe(false);
    expect(mpu.checkAccess(0x200004fc, 4, W, false, false)).toBe(true);
    expect(mpu.checkAccess(0x20000500, 4, W, false, false)).toBe(false);
  });
});

describe('Pmsav7Mpu decision cache', () => {
  it('forgets earlier answers as soon as a register changes', () => {
    const mpu = cortexM4Mpu();
    program(mpu, 0, { base: 0x20000000, size: 1024, accessPermission: 0b011 });
    mpu.writeRegister(MPU_CTRL, MPU_CTRL_ENABLE);
    expect(mpu.checkAccess(0x20000010, 4, W, false, false)).toBe(true);
    // Same cache slot, other block (1024 blocks of 32 bytes later).
    expect(mpu.checkAccess(0x20008010, 4, W, false, false)).toBe(false);
    expect(mpu.checkAccess(0x20000010, 4, W, false, false)).toBe(true);
    mpu.writeRegister(MPU_RNR, 0);
    mpu.writeRegister(MPU_RASR, rasrFor({ base: 0x20000000, size: 1024, accessPermission: 0b010 }));
    expect(mpu.checkAccess(0x20000010, 4, W, false, false)).toBe(false);
    expect(mpu.checkAccess(0x20000010, 4, R, false, false)).toBe(true);
    mpu.writeRegister(MPU_CTRL, 0);
    expect(mpu.checkAccess(0x20008010, 4, W, false, false)).toBe(true);
  });
});

describe('Pmsav7Mpu accesses across region edges', () => {
  function edgeMpu(): Pmsav7Mpu {
    const mpu = cortexM4Mpu();
    program(mpu, 0, { base: 0x20000000, size: 1024, accessPermission: 0b011 });
    mpu.writeRegister(MPU_CTRL, MPU_CTRL_ENABLE | MPU_CTRL_PRIVDEFENA);
    return mpu;
  }

  it('permits accesses that end exactly at the region end', () => {
    const mpu = edgeMpu();
    expect(mpu.checkAccess(0x200003ff, 1, W, false, false)).toBe(true);
    expect(mpu.checkAccess(0x200003fe, 2, W, false, false)).toBe(true);
    expect(mpu.checkAccess(0x200003fc, 4, W, false, false)).toBe(true);
    expect(mpu.checkAccess(0x200003f8, 8, W, false, false)).toBe(true);
    expect(mpu.checkAccess(0x20000400, 1, R, false, false)).toBe(false);
  });

  it('denies an access whose last byte is past the region end', () => {
    const mpu = edgeMpu();
    expect(mpu.checkAccess(0x200003fe, 4, R, false, false)).toBe(false);
    expect(mpu.checkAccess(0x200003fc, 8, W, false, false)).toBe(false);
    expect(mpu.checkAccess(0x200003ff, 2, R, false, false)).toBe(false);
    expect(mpu.firstDeniedAddress(0x200003fe, 4, R, false, false)).toBe(0x20000400);
    expect(mpu.firstDeniedAddress(0x1ffffffe, 4, R, false, false)).toBe(0x1ffffffe);
    expect(mpu.firstDeniedAddress(0x200003fc, 4, R, false, false)).toBe(-1);
  });

  it('checks every block of a long access', () => {
    const mpu = edgeMpu();
    expect(mpu.checkAccess(0x20000000, 1024, R, false, false)).toBe(true);
    expect(mpu.checkAccess(0x20000004, 1024, R, false, false)).toBe(false);
    // A hole in the middle: region 1 forbids 0x20000100-0x200001ff.
    program(mpu, 1, { base: 0x20000100, size: 256, accessPermission: 0b000 });
    expect(mpu.checkAccess(0x200000f0, 0x120, R, false, false)).toBe(false);
    expect(mpu.firstDeniedAddress(0x200000f0, 0x120, R, false, false)).toBe(0x20000100);
  });

  it('throws a clear error for an impossible access size', () => {
    const mpu = edgeMpu();
    expect(() => mpu.checkAccess(0x20000000, Number.NaN, R, false, false)).toThrow(/access size/);
    expect(() => mpu.checkAccess(0x20000000, 2 ** 40, R, false, false)).toThrow(/access size/);
  });

  it('wraps addresses at 4 GiB', () => {
    const mpu = edgeMpu();
    program(mpu, 1, { base: 0, size: 1024, accessPermission: 0b011 });
    expect(mpu.checkAccess(0x100000000, 4, R, false, false)).toBe(true);
    expect(mpu.checkAccess(0xfffffffe, 4, R, true, false)).toBe(true);
    expect(mpu.checkAccess(0xfffffffe, 4, R, false, false)).toBe(false);
  });
});
