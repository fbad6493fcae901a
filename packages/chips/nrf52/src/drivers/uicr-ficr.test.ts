// FICR and UICR tests: the part's identity, and the nRF startup sequence that programs the UICR.
import { describe, expect, it } from 'vitest';
import { Nrf52840Silicon, peripheralOnlyCore } from '../silicon/nrf52840-silicon.js';
import { createTestBoard } from './test-board.test-support.js';
import { Regulator0Output } from './uicr.js';

describe('FICR', () => {
  it('describes an nRF52840-QIAA with the configured identity', () => {
    const { peripherals } = createTestBoard();
    const ficr = peripherals.ficr;
    expect(ficr.part()).toBe(0x52840);
    expect(ficr.variant()).toBe('AAD0');
    expect(Array.from(ficr.id())).toEqual([0x78, 0x56, 0x34, 0x12, 0xf0, 0xde, 0xbc, 0x9a]);
    expect(Array.from(ficr.address())).toEqual([0xfe, 0xca, 0xde, 0xc0, 0xf5, 0xe1]);
    expect(ficr.isAddressRandom()).toBe(true);
  });

  it('ignores writes', () => {
    const chip = new Nrf52840Silicon({
      core: peripheralOnlyCore,
      ficrIdentity: { deviceId: [1, 2], deviceAddress: [3, 4] },
    });
    chip.memory.write(0x1000_0060, 4, 0xdead);
    expect(chip.memory.read(0x1000_0060, 4)).toBe(1);
    expect(chip.memory.read(0x1000_0064, 4)).toBe(2);
  });
});

describe('UICR', () => {
  it('reads erased settings as unset, and takes writes only in NVMC write mode', () => {
    const { peripherals, chip } = createTestBoard();
    const uicr = peripherals.uicr;
    expect(uicr.getPsel0ResetPin()).toBeUndefined();
    expect(uicr.getVout()).toBe(Regulator0Output.Default);
    expect(uicr.isApProtectEnabled()).toBe(false);
    uicr.setPsel0ResetPin(18);
    expect(uicr.getPsel0ResetPin()).toBeUndefined();
    peripherals.nvmc.configureWriteable();
    uicr.setPsel0ResetPin(18);
    chip.waitUntil(() => peripherals.nvmc.isReady());
    expect(uicr.getPsel0ResetPin()).toBe(18);
  });

  it('runs the nRF startup sequence: program the reset pins and VOUT, erasing first when a bit must go 0→1', () => {
    const { peripherals, chip } = createTestBoard();
    const { nvmc, uicr } = peripherals;
    const resetPin = 18;
    // A previous firmware left another reset pin behind.
    nvmc.configureWriteable();
    uicr.setPsel0ResetPin(21);
    chip.waitUntil(() => nvmc.isReady());
    const psel0 = uicr.getPsel0ResetPin() ?? 0;
    if ((~psel0 & resetPin) !== 0) nvmc.eraseUicr();
    expect(uicr.getPsel0ResetPin()).toBeUndefined();
    nvmc.configureWriteable();
    for (const set of [() => uicr.setPsel0ResetPin(resetPin), () => uicr.setPsel1ResetPin(resetPin)]) {
      set();
      expect(chip.waitUntil(() => nvmc.isReady())).toBe(true);
    }
    uicr.setVout(Regulator0Output.V3_0);
    chip.waitUntil(() => nvmc.isReady());
    expect(uicr.getPsel0ResetPin()).toBe(resetPin);
    expect(uicr.getPsel1ResetPin()).toBe(resetPin);
    expect(uicr.getVout()).toBe(Regulator0Output.V3_0);
    uicr.setApProtect();
    expect(uicr.isApProtectEnabled()).toBe(true);
  });
});
