// NVMC model and driver tests: write and erase modes, 1→0-only programming, word writes, timing,
// UICR, and the flash HIL's deferred completions.
import { ErrorCode, type FlashClient } from '@tock-ts/hil';
import { describe, expect, it } from 'vitest';
import { Nrf52840Silicon, peripheralOnlyCore } from '../silicon/nrf52840-silicon.js';
import {
  CONFIG,
  CONFIG_ERASE_ENABLE,
  CONFIG_WRITE_ENABLE,
  ERASEALL,
  ERASEPAGE,
  ERASEUICR,
  FlashWriteRefusal,
  NVMC_BASE,
  PAGE_ERASE_TIME_NANOS,
  READY,
  WRITE_TIME_NANOS,
} from '../silicon/nvmc.js';
import { NRF52_PAGE_SIZE } from './nvmc.js';
import { createTestBoard } from './test-board.test-support.js';

function setup() {
  const chip = new Nrf52840Silicon({ core: peripheralOnlyCore });
  const nvmc = (offset: number, value: number) => chip.memory.write(NVMC_BASE + offset, 4, value);
  return { chip, nvmc };
}

describe('NVMC silicon', () => {
  it('programs a word only in write mode and only clears bits', () => {
    const { chip, nvmc } = setup();
    expect(chip.bus.write(0x1000, 4, 0x1234_5678)).toBe(false);
    expect(chip.memory.read(0x1000, 4)).toBe(0xffff_ffff);
    nvmc(CONFIG, CONFIG_WRITE_ENABLE);
    expect(chip.bus.write(0x1000, 4, 0xf0f0_f0f0)).toBe(true);
    expect(chip.memory.read(0x1000, 4)).toBe(0xf0f0_f0f0);
    chip.clock.advanceTo(WRITE_TIME_NANOS);
    chip.bus.write(0x1000, 4, 0x0fff_ff0f);
    expect(chip.memory.read(0x1000, 4)).toBe(0x00f0_f000);
    expect(chip.nvmc.programWord(0x1002, 0)).toBe(FlashWriteRefusal.Unaligned);
    expect(chip.nvmc.programWord(0x1000_0000, 0)).toBe(FlashWriteRefusal.OutOfRange);
    // A store from the bus straight into flash is refused: flash is not RAM.
    expect(chip.memory.write(0x2000, 4, 0)).toBe(false);
  });

  it('keeps READY low for the write and erase times', () => {
    const { chip, nvmc } = setup();
    nvmc(CONFIG, CONFIG_WRITE_ENABLE);
    chip.bus.write(0, 4, 0);
    expect(chip.memory.read(NVMC_BASE + READY, 4)).toBe(0);
    chip.clock.advanceTo(WRITE_TIME_NANOS - 1);
    expect(chip.memory.read(NVMC_BASE + READY, 4)).toBe(0);
    chip.clock.advanceTo(WRITE_TIME_NANOS);
    expect(chip.memory.read(NVMC_BASE + READY, 4)).toBe(1);
    nvmc(CONFIG, CONFIG_ERASE_ENABLE);
    nvmc(ERASEPAGE, 0);
    expect(chip.nvmc.busyUntilNanos).toBe(WRITE_TIME_NANOS + PAGE_ERASE_TIME_NANOS);
    expect(chip.waitUntil(() => chip.nvmc.ready)).toBe(true);
    expect(chip.clock.nowNanos).toBe(WRITE_TIME_NANOS + PAGE_ERASE_TIME_NANOS);
  });

  it('erases a page, the UICR or everything only in erase mode', () => {
    const { chip, nvmc } = setup();
    chip.flash.fill(0, 0, 3 * NRF52_PAGE_SIZE);
    nvmc(ERASEPAGE, NRF52_PAGE_SIZE);
    expect(chip.flash[NRF52_PAGE_SIZE]).toBe(0);
    nvmc(CONFIG, CONFIG_ERASE_ENABLE);
    nvmc(ERASEPAGE, NRF52_PAGE_SIZE + 4); // not a page address: ignored
    expect(chip.flash[NRF52_PAGE_SIZE]).toBe(0);
    nvmc(ERASEPAGE, NRF52_PAGE_SIZE);
    expect(chip.flash.subarray(NRF52_PAGE_SIZE, 2 * NRF52_PAGE_SIZE).every((byte) => byte === 0xff)).toBe(
      true,
    );
    expect(chip.flash[0]).toBe(0);
    expect(chip.flash[2 * NRF52_PAGE_SIZE]).toBe(0);

    nvmc(CONFIG, CONFIG_WRITE_ENABLE);
    chip.memory.write(0x1000_1200, 4, 18); // UICR PSELRESET[0]
    expect(chip.memory.read(0x1000_1200, 4)).toBe(18);
    nvmc(CONFIG, CONFIG_ERASE_ENABLE);
    nvmc(ERASEUICR, 1);
    expect(chip.memory.read(0x1000_1200, 4)).toBe(0xffff_ffff);
    nvmc(ERASEALL, 1);
    expect(chip.flash.every((byte) => byte === 0xff)).toBe(true);
  });
});

describe('Nvmc driver', () => {
  function recordingClient() {
    const events: string[] = [];
    const client: FlashClient = {
      readComplete: (buffer, result) => events.push(`read ${buffer[0]} ${result.ok}`),
      writeComplete: (_buffer, result) => events.push(`write ${result.ok}`),
      eraseComplete: (result) => events.push(`erase ${result.ok}`),
    };
    return { events, client };
  }

  it('writes a page (erasing it first), reads it back, erases it; completions come from the kernel loop', () => {
    const { peripherals, chip, service } = createTestBoard();
    const { events, client } = recordingClient();
    const nvmc = peripherals.nvmc;
    nvmc.setClient(client);
    chip.flash.fill(0x00, 5 * NRF52_PAGE_SIZE, 5 * NRF52_PAGE_SIZE + 8);
    const page = Uint8Array.from({ length: NRF52_PAGE_SIZE }, (_, index) => (index * 7) & 0xff);
    page[0] = 0xa5;
    expect(nvmc.writePage(5, page).ok).toBe(true);
    expect(events).toEqual([]);
    expect(
      Array.from(chip.flash.subarray(5 * NRF52_PAGE_SIZE, 5 * NRF52_PAGE_SIZE + NRF52_PAGE_SIZE)),
    ).toEqual(Array.from(page));
    // Erase plus 1024 word writes, in virtual time.
    expect(chip.clock.nowNanos).toBe(PAGE_ERASE_TIME_NANOS + 1024 * WRITE_TIME_NANOS);
    service();
    expect(events).toEqual(['write true']);
    const readBack = new Uint8Array(NRF52_PAGE_SIZE);
    expect(nvmc.readPage(5, readBack).ok).toBe(true);
    service();
    expect(events).toEqual(['write true', 'read 165 true']);
    expect(readBack).toEqual(page);
    expect(nvmc.erasePage(5).ok).toBe(true);
    expect(nvmc.erasePage(6)).toEqual({ ok: false, error: ErrorCode.BUSY });
    service();
    expect(chip.flash[5 * NRF52_PAGE_SIZE]).toBe(0xff);
    expect(events).toEqual(['write true', 'read 165 true', 'erase true']);
  });

  it('refuses bad pages and short buffers', () => {
    const { peripherals } = createTestBoard();
    const small = new Uint8Array(16);
    expect(peripherals.nvmc.readPage(0, small)).toEqual({
      ok: false,
      error: { code: ErrorCode.SIZE, buffer: small },
    });
    const page = new Uint8Array(NRF52_PAGE_SIZE);
    expect(peripherals.nvmc.writePage(256, page)).toEqual({
      ok: false,
      error: { code: ErrorCode.INVAL, buffer: page },
    });
    expect(peripherals.nvmc.erasePage(-1)).toEqual({ ok: false, error: ErrorCode.INVAL });
  });

  it('erases the UICR through ERASEPAGE with the UICR address', () => {
    const { peripherals, chip } = createTestBoard();
    peripherals.nvmc.configureWriteable();
    chip.bus.write(0x1000_1304, 4, 0); // REGOUT0
    chip.waitUntil(() => peripherals.nvmc.isReady());
    expect(chip.uicr.read32(0x304)).toBe(0);
    peripherals.nvmc.eraseUicr();
    expect(peripherals.nvmc.isReady()).toBe(true);
    expect(chip.uicr.read32(0x304)).toBe(0xffff_ffff);
  });
});
