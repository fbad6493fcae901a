/**
 * Tests of Tock's Cortex-M MPU driver: upstream's numbers for concrete processes (block placement,
 * subregion masks, RBAR/RASR values), and the registers it writes checked on the `Pmsav7Mpu` model.
 */
import { Permissions } from '@tock-ts/kernel';
import { describe, expect, it } from 'vitest';
import { type CortexMConfig, CortexMMpu } from './mpu-driver.js';
import { AccessKind, MPU_CTRL, MPU_RASR, MPU_RBAR, MPU_RNR, Pmsav7Mpu } from './silicon/mpu.js';

function cortexM4(): { readonly hardware: Pmsav7Mpu; readonly driver: CortexMMpu } {
  const hardware = new Pmsav7Mpu({ regionCount: 8, minimumRegionSize: 32 });
  return {
    hardware,
    driver: new CortexMMpu({ registers: hardware, numberOfRegions: 8, minimumRegionSize: 32 }),
  };
}

function cortexM0Plus(): { readonly hardware: Pmsav7Mpu; readonly driver: CortexMMpu } {
  const hardware = new Pmsav7Mpu({ regionCount: 8, minimumRegionSize: 256 });
  return {
    hardware,
    driver: new CortexMMpu({ registers: hardware, numberOfRegions: 8, minimumRegionSize: 256 }),
  };
}

function newConfig(driver: CortexMMpu): CortexMConfig {
  const config = driver.newConfig();
  if (config === undefined) throw new Error('no configuration');
  return config;
}

/** RBAR/RASR of each region as the hardware now holds them. */
function hardwareRegions(hardware: Pmsav7Mpu): Array<readonly [number, number]> {
  const regions: Array<readonly [number, number]> = [];
  for (let region = 0; region < 8; region++) {
    hardware.writeRegister(MPU_RNR, region);
    regions.push([hardware.readRegister(MPU_RBAR), hardware.readRegister(MPU_RASR)]);
  }
  return regions;
}

function registersOf(config: CortexMConfig): Array<readonly [number, number]> {
  return config.regions.map((region) => [region.baseAddress, region.attributes] as const);
}

/** What the hardware reads back after `config` is loaded: RBAR.VALID reads as zero. */
function readBackOf(config: CortexMConfig): Array<readonly [number, number]> {
  return registersOf(config).map(
    ([baseAddress, attributes]) => [(baseAddress & ~0x10) >>> 0, attributes] as const,
  );
}

const unprivileged = false;

/** True if every byte of [start, end) allows the access unprivileged. */
function allBytes(hardware: Pmsav7Mpu, start: number, end: number, kind: AccessKind): boolean {
  for (let address = start; address < end; address++) {
    if (!hardware.checkAccess(address, 1, kind, unprivileged, false)) return false;
  }
  return true;
}

/** True if no byte of [start, end) allows the access unprivileged. */
function noBytes(hardware: Pmsav7Mpu, start: number, end: number, kind: AccessKind): boolean {
  for (let address = start; address < end; address++) {
    if (hardware.checkAccess(address, 1, kind, unprivileged, false)) return false;
  }
  return true;
}

describe('CortexMMpu process RAM', () => {
  it('places a 4 KiB block for min RAM 4096, app 1024, kernel 1024 with 5 of 16 subregions', () => {
    const { driver } = cortexM4();
    const config = newConfig(driver);
    const allocation = driver.allocateAppMemoryRegion(
      0x20004000,
      0x10000,
      4096,
      1024,
      1024,
      Permissions.ReadWriteOnly,
      config,
    );
    expect(allocation).toEqual({ start: 0x20004000, size: 4096 });
    // Region 0: 2 KiB at the block start, subregions 0-4 of 256 bytes enabled (SRD 0xE0),
    // SIZE 10, AP 0b011, XN. Region 1 unused.
    expect(registersOf(config)).toEqual([
      [0x20004010, 0x1300e015],
      [0x00000011, 0],
      [0x00000012, 0],
      [0x00000013, 0],
      [0x00000014, 0],
      [0x00000015, 0],
      [0x00000016, 0],
      [0x00000017, 0],
    ]);
    expect(config.regions[0]?.location).toEqual({ start: 0x20004000, size: 2048 });
  });

  it('grows the window with brk one 256-byte subregion at a time and stops at the kernel break', () => {
    const { driver } = cortexM4();
    const config = newConfig(driver);
    driver.allocateAppMemoryRegion(0x20004000, 0x10000, 4096, 1024, 1024, Permissions.ReadWriteOnly, config);
    const kernelBreak = 0x20004c00;

    expect(driver.updateAppMemoryRegion(0x20004800, kernelBreak, Permissions.ReadWriteOnly, config)).toBe(
      true,
    );
    expect(registersOf(config).slice(0, 2)).toEqual([
      [0x20004010, 0x13000015],
      [0x00000011, 0],
    ]);

    expect(driver.updateAppMemoryRegion(0x20004801, kernelBreak, Permissions.ReadWriteOnly, config)).toBe(
      true,
    );
    expect(registersOf(config).slice(0, 2)).toEqual([
      [0x20004010, 0x13000015],
      [0x20004811, 0x1300fe15],
    ]);

    // 12 subregions end exactly at the kernel break: allowed.
    expect(driver.updateAppMemoryRegion(0x20004c00, kernelBreak, Permissions.ReadWriteOnly, config)).toBe(
      true,
    );
    expect(registersOf(config)[1]).toEqual([0x20004811, 0x1300f015]);

    // Past the kernel break: refused, configuration unchanged.
    expect(driver.updateAppMemoryRegion(0x20004c01, kernelBreak, Permissions.ReadWriteOnly, config)).toBe(
      false,
    );
    expect(registersOf(config)[1]).toEqual([0x20004811, 0x1300f015]);

    // A grant moved the kernel break down to 0x20004b80: a break at 0x20004b01 would round up to
    // 0x20004c00, across it.
    expect(driver.updateAppMemoryRegion(0x20004b01, 0x20004b80, Permissions.ReadWriteOnly, config)).toBe(
      false,
    );
    expect(driver.updateAppMemoryRegion(0x20004b00, 0x20004b80, Permissions.ReadWriteOnly, config)).toBe(
      true,
    );
    expect(registersOf(config)[1]).toEqual([0x20004811, 0x1300f815]);
  });

  it('doubles the block when the first window would reach the kernel memory', () => {
    const { driver } = cortexM4();
    const config = newConfig(driver);
    // 1536 + 512 = 2048: 13 subregions of 128 bytes would end past start + 1536, so the block
    // doubles to 4096 and moves up to a 2048-byte boundary; 7 subregions of 256 bytes.
    const allocation = driver.allocateAppMemoryRegion(
      0x20000400,
      0x2000,
      0,
      1536,
      512,
      Permissions.ReadWriteOnly,
      config,
    );
    expect(allocation).toEqual({ start: 0x20000800, size: 4096 });
    expect(registersOf(config).slice(0, 2)).toEqual([
      [0x20000810, 0x13008015],
      [0x00000011, 0],
    ]);
  });

  it('uses a 512-byte block at least', () => {
    const { driver } = cortexM4();
    const config = newConfig(driver);
    expect(
      driver.allocateAppMemoryRegion(0x20000000, 0x1000, 0, 100, 100, Permissions.ReadWriteOnly, config),
    ).toEqual({ start: 0x20000000, size: 512 });
    // Two 256-byte regions; floor(100 * 8 / 256) + 1 = 4 subregions of 32 bytes.
    expect(registersOf(config)[0]).toEqual([0x20000010, 0x1300f00f]);
  });

  it('refuses a block that does not fit the unallocated memory', () => {
    const { driver } = cortexM4();
    const config = newConfig(driver);
    // The 4 KiB block must start on a 2 KiB boundary: 0x20004800, which leaves only 0xC00 + ... bytes.
    expect(
      driver.allocateAppMemoryRegion(0x20004100, 0x1000, 4096, 1024, 1024, Permissions.ReadWriteOnly, config),
    ).toBeUndefined();
    expect(
      driver.allocateAppMemoryRegion(0x20004100, 0x1700, 4096, 1024, 1024, Permissions.ReadWriteOnly, config),
    ).toEqual({ start: 0x20004800, size: 4096 });
  });

  it('enables no subregion when brk returns to the block start', () => {
    const { driver } = cortexM4();
    const config = newConfig(driver);
    driver.allocateAppMemoryRegion(0x20004000, 0x10000, 4096, 1024, 1024, Permissions.ReadWriteOnly, config);
    expect(driver.updateAppMemoryRegion(0x20004000, 0x20004c00, Permissions.ReadWriteOnly, config)).toBe(
      true,
    );
    expect(registersOf(config)[0]).toEqual([0x20004010, 0x1300ff15]);
  });

  it('refuses a break below the block start', () => {
    const { driver } = cortexM4();
    const config = newConfig(driver);
    driver.allocateAppMemoryRegion(0x20004000, 0x10000, 4096, 1024, 1024, Permissions.ReadWriteOnly, config);
    expect(driver.updateAppMemoryRegion(0x20003ff0, 0x20004c00, Permissions.ReadWriteOnly, config)).toBe(
      false,
    );
    expect(registersOf(config)[0]).toEqual([0x20004010, 0x1300e015]);
  });

  it('refuses to update before the block exists', () => {
    const { driver } = cortexM4();
    expect(
      driver.updateAppMemoryRegion(0x20000100, 0x20000200, Permissions.ReadWriteOnly, newConfig(driver)),
    ).toBe(false);
  });
});

describe('CortexMMpu flash and IPC regions', () => {
  it('covers a power-of-two, aligned app exactly with region 2, read and execute', () => {
    const { driver } = cortexM4();
    const config = newConfig(driver);
    expect(driver.allocateRegion(0x00040000, 0x10000, 0x10000, Permissions.ReadExecuteOnly, config)).toEqual({
      startAddress: 0x00040000,
      size: 0x10000,
    });
    expect(registersOf(config)[2]).toEqual([0x00040012, 0x0200001f]);
  });

  it('covers a non-power-of-two app with subregions of a larger region', () => {
    const { driver } = cortexM4();
    const config = newConfig(driver);
    // 96 KiB at 0x30000: subregions of 64 KiB (the largest power of two dividing the start) of a
    // 512 KiB region at 0; subregions 3 and 4 enabled, so the logical region is 128 KiB.
    expect(driver.allocateRegion(0x00030000, 0x20000, 0x18000, Permissions.ReadExecuteOnly, config)).toEqual({
      startAddress: 0x00030000,
      size: 0x20000,
    });
    expect(registersOf(config)[2]).toEqual([0x00000012, 0x0200e725]);
  });

  it('covers a misaligned power-of-two app with subregions', () => {
    const { driver } = cortexM4();
    const config = newConfig(driver);
    expect(driver.allocateRegion(0x00034000, 0x8000, 0x8000, Permissions.ReadExecuteOnly, config)).toEqual({
      startAddress: 0x00034000,
      size: 0x8000,
    });
    expect(registersOf(config)[2]).toEqual([0x00020012, 0x02009f21]);
  });

  it('rounds up and moves the start when subregions cannot cover the memory', () => {
    const { driver } = cortexM4();
    const config = newConfig(driver);
    expect(driver.allocateRegion(0x00034000, 0x20000, 0x10000, Permissions.ReadExecuteOnly, config)).toEqual({
      startAddress: 0x00040000,
      size: 0x10000,
    });
    expect(registersOf(config)[2]).toEqual([0x00040012, 0x0200001f]);
  });

  it('refuses a TBF whose length is not a power of two when the region would pass its end', () => {
    const { driver } = cortexM4();
    const config = newConfig(driver);
    // As the kernel asks for a process's flash: start, length, length.
    expect(
      driver.allocateRegion(0x00040000, 0x3000, 0x3000, Permissions.ReadExecuteOnly, config),
    ).toBeUndefined();
    expect(config.regions[2]?.location).toBeUndefined();
  });

  it('sizes subregions from the rounded-up size when the start is 0', () => {
    const { driver } = cortexM4();
    const config = newConfig(driver);
    expect(driver.allocateRegion(0, 0x100000, 0x3000, Permissions.ReadExecuteOnly, config)).toEqual({
      startAddress: 0,
      size: 0x3000,
    });
    // A 16 KiB region of 2 KiB subregions, 0-5 enabled.
    expect(registersOf(config)[2]).toEqual([0x00000012, 0x0200c01b]);
  });

  it('rounds small regions to the minimum region size: 32 bytes on the M4, 256 on the M0+', () => {
    const m4 = cortexM4();
    const m4Config = newConfig(m4.driver);
    expect(m4.driver.allocateRegion(0x20008040, 0x1000, 100, Permissions.ReadWriteOnly, m4Config)).toEqual({
      startAddress: 0x20008040,
      size: 128,
    });
    expect(registersOf(m4Config)[2]).toEqual([0x20008012, 0x1300f911]);

    const m0 = cortexM0Plus();
    const m0Config = newConfig(m0.driver);
    expect(m0.driver.allocateRegion(0x20008040, 0x1000, 100, Permissions.ReadWriteOnly, m0Config)).toEqual({
      startAddress: 0x20008100,
      size: 256,
    });
    expect(registersOf(m0Config)[2]).toEqual([0x20008112, 0x1300000f]);
  });

  it('maps each Tock permission to its AP and XN bits', () => {
    const { driver } = cortexM4();
    const expected: ReadonlyArray<readonly [Permissions, number]> = [
      [Permissions.ReadWriteExecute, 0x03000000],
      [Permissions.ReadWriteOnly, 0x13000000],
      [Permissions.ReadExecuteOnly, 0x02000000],
      [Permissions.ReadOnly, 0x12000000],
      [Permissions.ExecuteOnly, 0x01000000],
    ];
    for (const [permissions, bits] of expected) {
      const config = newConfig(driver);
      driver.allocateRegion(0x20000000, 0x100, 0x100, permissions, config);
      expect((config.regions[2]?.attributes ?? 0) & 0x17000000).toBe(bits);
    }
  });

  it('fills regions 2 to 7 with IPC regions, then refuses; refuses overlaps; removes by exact match', () => {
    const { driver } = cortexM4();
    const config = newConfig(driver);
    driver.allocateAppMemoryRegion(0x20000000, 0x10000, 4096, 1024, 1024, Permissions.ReadWriteOnly, config);
    // Overlaps region 0 (2 KiB at the block start). Upstream checks overlap against the regions'
    // locations only, so the still-unused region 1 half of the block would not count.
    expect(driver.allocateRegion(0x20000400, 0x100, 0x100, Permissions.ReadOnly, config)).toBeUndefined();
    for (let index = 0; index < 6; index++) {
      const start = 0x20010000 + index * 0x100;
      expect(driver.allocateRegion(start, 0x100, 0x100, Permissions.ReadWriteOnly, config)).toEqual({
        startAddress: start,
        size: 0x100,
      });
    }
    expect(driver.allocateRegion(0x20020000, 0x100, 0x100, Permissions.ReadOnly, config)).toBeUndefined();
    expect(driver.removeMemoryRegion({ startAddress: 0x20010200, size: 0x80 }, config)).toBe(false);
    expect(driver.removeMemoryRegion({ startAddress: 0x20010200, size: 0x100 }, config)).toBe(true);
    expect(config.regions[4]?.location).toBeUndefined();
    expect(registersOf(config)[4]).toEqual([0x14, 0]);
    // Process RAM regions cannot be removed.
    expect(driver.removeMemoryRegion({ startAddress: 0x20000000, size: 2048 }, config)).toBe(false);
    expect(driver.allocateRegion(0x20020000, 0x100, 0x100, Permissions.ReadOnly, config)).toEqual({
      startAddress: 0x20020000,
      size: 0x100,
    });
  });
});

describe('CortexMMpu on a 16-region MPU (Cortex-M7)', () => {
  it('uses regions 2 to 15 for IPC and programs all sixteen', () => {
    const hardware = new Pmsav7Mpu({ regionCount: 16, minimumRegionSize: 32 });
    const driver = new CortexMMpu({ registers: hardware, numberOfRegions: 16, minimumRegionSize: 32 });
    expect(driver.numberTotalRegions()).toBe(16);
    const config = newConfig(driver);
    for (let index = 0; index < 14; index++) {
      expect(
        driver.allocateRegion(0x20010000 + index * 0x40, 0x40, 0x40, Permissions.ReadOnly, config),
      ).toEqual({
        startAddress: 0x20010000 + index * 0x40,
        size: 0x40,
      });
    }
    expect(driver.allocateRegion(0x20020000, 0x40, 0x40, Permissions.ReadOnly, config)).toBeUndefined();
    expect(config.regions[15]?.baseAddress).toBe(0x2001035f);
    driver.configureMpu(config);
    driver.enableAppMpu();
    expect(hardware.checkAccess(0x2001037c, 4, AccessKind.Read, false, false)).toBe(true);
    expect(hardware.checkAccess(0x2001037c, 4, AccessKind.Write, false, false)).toBe(false);
    expect(hardware.checkAccess(0x20010380, 4, AccessKind.Read, false, false)).toBe(false);
  });

  it('refuses arguments that are not 32-bit addresses or sizes', () => {
    const { driver } = cortexM4();
    const config = newConfig(driver);
    expect(driver.allocateRegion(0x40000, 0x1000, Number.NaN, Permissions.ReadOnly, config)).toBeUndefined();
    expect(driver.allocateRegion(-32, 0x1000, 0x100, Permissions.ReadOnly, config)).toBeUndefined();
    expect(
      driver.allocateAppMemoryRegion(0x20000000, 0x1000, 0, 1.5, 0, Permissions.ReadWriteOnly, config),
    ).toBeUndefined();
    expect(
      driver.allocateAppMemoryRegion(0x20000000, 2 ** 40, 0, 0, 0, Permissions.ReadWriteOnly, config),
    ).toBeUndefined();
    expect(config.regions.every((region) => region.location === undefined)).toBe(true);
    driver.allocateAppMemoryRegion(0x20000000, 0x1000, 0, 0, 0, Permissions.ReadWriteOnly, config);
    expect(driver.updateAppMemoryRegion(Number.NaN, 0x20000100, Permissions.ReadWriteOnly, config)).toBe(
      false,
    );
  });

  it('rejects impossible parameters with a clear error', () => {
    const hardware = new Pmsav7Mpu({ regionCount: 8, minimumRegionSize: 32 });
    expect(() => new CortexMMpu({ registers: hardware, numberOfRegions: 8, minimumRegionSize: 48 })).toThrow(
      /minimumRegionSize/,
    );
    expect(() => new CortexMMpu({ registers: hardware, numberOfRegions: 1, minimumRegionSize: 32 })).toThrow(
      /numberOfRegions/,
    );
  });
});

describe('CortexMMpu hardware programming', () => {
  it('enables with ENABLE | PRIVDEFENA and disables with 0, and reads the region count from MPU_TYPE', () => {
    const { hardware, driver } = cortexM4();
    driver.enableAppMpu();
    expect(hardware.readRegister(MPU_CTRL)).toBe(0b101);
    driver.disableAppMpu();
    expect(hardware.readRegister(MPU_CTRL)).toBe(0);
    expect(driver.numberTotalRegions()).toBe(8);
  });

  it('writes RBAR and RASR for every region, and skips it when the same clean configuration is loaded', () => {
    const { hardware, driver } = cortexM4();
    const first = newConfig(driver);
    const second = newConfig(driver);
    expect(second.id).not.toBe(first.id);
    driver.allocateAppMemoryRegion(0x20004000, 0x10000, 4096, 1024, 1024, Permissions.ReadWriteOnly, first);
    driver.allocateAppMemoryRegion(0x20008000, 0x10000, 4096, 2048, 1024, Permissions.ReadWriteOnly, second);

    driver.configureMpu(first);
    expect(hardwareRegions(hardware)).toEqual(readBackOf(first));
    const generation = hardware.generation;
    driver.configureMpu(first);
    expect(hardware.generation).toBe(generation);

    driver.configureMpu(second);
    expect(hardwareRegions(hardware)).toEqual(readBackOf(second));
    driver.configureMpu(first);
    expect(hardwareRegions(hardware)).toEqual(readBackOf(first));

    // A change to the loaded configuration marks it dirty, so it is written again.
    driver.updateAppMemoryRegion(0x20004900, 0x20004c00, Permissions.ReadWriteOnly, first);
    const before = hardware.generation;
    driver.configureMpu(first);
    expect(hardware.generation).toBe(before + 16);
    expect(hardwareRegions(hardware)).toEqual(readBackOf(first));
  });

  it('clears every region on reset', () => {
    const { driver } = cortexM4();
    const config = newConfig(driver);
    driver.allocateAppMemoryRegion(0x20004000, 0x10000, 4096, 1024, 1024, Permissions.ReadWriteOnly, config);
    config.isDirty = false;
    driver.resetConfig(config);
    expect(config.isDirty).toBe(true);
    expect(
      config.regions.every(
        (region, number) => region.location === undefined && region.baseAddress === (0x10 | number),
      ),
    ).toBe(true);
  });

  it('lets the process use its window and its flash, and keeps it out of the grant region and beyond', () => {
    const { hardware, driver } = cortexM4();
    const config = newConfig(driver);
    const block = driver.allocateAppMemoryRegion(
      0x20004000,
      0x10000,
      4096,
      1024,
      1024,
      Permissions.ReadWriteOnly,
      config,
    );
    driver.allocateRegion(0x00040000, 0x10000, 0x10000, Permissions.ReadExecuteOnly, config);
    expect(block).toEqual({ start: 0x20004000, size: 4096 });
    driver.updateAppMemoryRegion(0x20004900, 0x20004c00, Permissions.ReadWriteOnly, config);
    driver.configureMpu(config);
    driver.enableAppMpu();

    expect(allBytes(hardware, 0x20004000, 0x20004900, AccessKind.Write)).toBe(true);
    expect(allBytes(hardware, 0x20004000, 0x20004900, AccessKind.Read)).toBe(true);
    expect(noBytes(hardware, 0x20004000, 0x20004900, AccessKind.Execute)).toBe(true);
    expect(noBytes(hardware, 0x20004900, 0x20005000, AccessKind.Read)).toBe(true);
    expect(noBytes(hardware, 0x20003f00, 0x20004000, AccessKind.Read)).toBe(true);
    expect(hardware.checkAccess(0x200048fc, 8, AccessKind.Write, unprivileged, false)).toBe(false);

    expect(hardware.checkAccess(0x00040000, 4, AccessKind.Read, unprivileged, false)).toBe(true);
    expect(hardware.checkAccess(0x0004fffe, 2, AccessKind.Execute, unprivileged, false)).toBe(true);
    expect(hardware.checkAccess(0x00040000, 4, AccessKind.Write, unprivileged, false)).toBe(false);
    expect(hardware.checkAccess(0x00050000, 2, AccessKind.Execute, unprivileged, false)).toBe(false);

    // The kernel keeps everything through PRIVDEFENA, and gets it all once the MPU is off.
    expect(hardware.checkAccess(0x20004c00, 4, AccessKind.Write, true, false)).toBe(true);
    driver.disableAppMpu();
    expect(hardware.checkAccess(0x20004c00, 4, AccessKind.Write, unprivileged, false)).toBe(true);
  });

  it('protects an M0+ process with 256-byte regions the same way', () => {
    const { hardware, driver } = cortexM0Plus();
    const config = newConfig(driver);
    expect(
      driver.allocateAppMemoryRegion(0x20010000, 0x1000, 0, 200, 100, Permissions.ReadWriteOnly, config),
    ).toEqual({ start: 0x20010000, size: 512 });
    // floor(200 * 8 / 256) + 1 = 7 subregions of 32 bytes: [start, start + 224).
    driver.configureMpu(config);
    driver.enableAppMpu();
    expect(allBytes(hardware, 0x20010000, 0x200100e0, AccessKind.Write)).toBe(true);
    expect(noBytes(hardware, 0x200100e0, 0x20010200, AccessKind.Read)).toBe(true);
  });
});

describe('CortexMMpu configuration dump', () => {
  it('prints each region and its subregions as upstream does', () => {
    const { driver } = cortexM4();
    const config = newConfig(driver);
    driver.allocateAppMemoryRegion(0x20004000, 0x10000, 4096, 1024, 1024, Permissions.ReadWriteOnly, config);
    driver.allocateRegion(0x00040000, 0x10000, 0x10000, Permissions.ReadExecuteOnly, config);
    const lines = driver.describeConfig(config).split('\r\n');
    expect(lines.slice(0, 13)).toEqual([
      '',
      ' Cortex-M MPU',
      '  Region 0: [0x20004000:0x20004800], length: 2048 bytes; ReadWrite (0x3)',
      '    Sub-region 0: [0x20004000:0x20004100], Enabled',
      '    Sub-region 1: [0x20004100:0x20004200], Enabled',
      '    Sub-region 2: [0x20004200:0x20004300], Enabled',
      '    Sub-region 3: [0x20004300:0x20004400], Enabled',
      '    Sub-region 4: [0x20004400:0x20004500], Enabled',
      '    Sub-region 5: [0x20004500:0x20004600], Disabled',
      '    Sub-region 6: [0x20004600:0x20004700], Disabled',
      '    Sub-region 7: [0x20004700:0x20004800], Disabled',
      '  Region 1: Unused',
      '  Region 2: [0x00040000:0x00050000], length: 65536 bytes; UnprivilegedReadOnly (0x2)',
    ]);
    expect(lines.slice(21)).toEqual([
      '  Region 3: Unused',
      '  Region 4: Unused',
      '  Region 5: Unused',
      '  Region 6: Unused',
      '  Region 7: Unused',
      '',
    ]);
  });
});
