/**
 * The converter on hand-built ELF layouts (see testing/elf-scenarios.ts), checked field by field
 * and against the SHA-256 of the TBFs elf2tab 0.14.0-dev (tock/elf2tab @ 06b05fd) wrote for the
 * same ELFs and options.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { parseTbfHeader, type TbfHeader } from '@tock-ts/tock-tbf';
import { describe, expect, it } from 'vitest';
import { readU32 } from '../bytes.js';
import { scenarioElf } from '../testing/elf-scenarios.js';
import { elfToTbf } from './convert.js';
import type { ElfToTbfOptions } from './options.js';

function convert(
  scenario: string,
  options: ElfToTbfOptions = {},
): { tbf: Uint8Array; header: TbfHeader; log: string[] } {
  const log: string[] = [];
  const result = elfToTbf(scenarioElf(scenario), { ...options, log: (message) => log.push(message) });
  if (!result.ok) throw new Error(result.error);
  const header = parseTbfHeader(result.value.tbf, 2);
  if (!header.ok) throw new Error(JSON.stringify(header.error));
  return { tbf: result.value.tbf, header: header.value, log };
}

function digest(tbf: Uint8Array): string {
  return bytesToHex(sha256(tbf));
}

const HEADER = 16 + 16 + 24;

describe('elfToTbf on unusual layouts, as elf2tab', () => {
  it('drops the part of a segment linked below the flash origin', () => {
    const { tbf, header } = convert('segment-before-flash');
    expect(digest(tbf)).toBe('4b1b8da28ee7abff67e114f1f51eca241c3635f0e0f7a39a94037e3e25db6983');
    expect(header.getProtectedSize()).toBe(0x80);
    // The segment's bytes from offset 0x80 on (pattern value 0x81) start the binary.
    expect(tbf[0x80]).toBe(0x81);
    expect(header.getInitFunctionOffset()).toBe(0x80 + 4);
    expect(digest(convert('segment-before-flash', { packageName: 'wfr', sha256: true }).tbf)).toBe(
      'e4137d5041f522d737b6acf387e55d05e9580ca843248529afcc6c89acd16f2a',
    );
  });

  it('zero-fills gaps between segments', () => {
    const { tbf, header } = convert('segment-gap');
    expect(digest(tbf)).toBe('8ff6173dc933453163dcd309307bd3085833c42e150747bbee60384efb390aa1');
    expect(tbf.subarray(HEADER + 0x40, HEADER + 0x100).every((byte) => byte === 0)).toBe(true);
    expect(tbf[HEADER + 0x100]).toBe(3);
    expect(header.getBinaryEndOffset()).toBe(HEADER + 0x120 + 4);
  });

  it('concatenates out-of-order segments without padding, with a warning', () => {
    const { tbf, log } = convert('out-of-order');
    expect(digest(tbf)).toBe('734ce8d557f3a272521167d6581ebfbbf0f6c2382b8c01e0f5e53944f9ccc64c');
    expect(log).toContain('  Warning! Expecting ELF sections to be in physical (load) address order.');
    expect(tbf[HEADER]).toBe(4);
    expect(tbf[HEADER + 0x20]).toBe(5);
  });

  it('refuses an entry point inside two segments unless the app is disabled', () => {
    expect(elfToTbf(scenarioElf('two-entries'))).toEqual({
      ok: false,
      error: 'duplicate entry point in program segments',
    });
    const { tbf, header } = convert('two-entries', { disabled: true });
    expect(digest(tbf)).toBe('39011627190f2be62cdb82afc2a5d0448bf9dac881da0b5cdd73b3e1035f1033');
    expect(header.getMain()?.initFunctionOffset).toBe(0x11);
  });

  it('writes one WriteableFlashRegions TLV per .wfr section, in segment order', () => {
    const { tbf, header } = convert('wfr-two-segments');
    expect(digest(tbf)).toBe('77101b51b6ac64e2ae691f87fe3bb44cc4644657b5e2e0468b8ec0c6fecfc591');
    const headerSize = HEADER + 2 * 12;
    expect(header.getAllWriteableFlashRegions()).toEqual([
      { offset: headerSize + 0x40, size: 0x40 },
      { offset: headerSize + 0xa0, size: 0x20 },
    ]);
    expect(digest(convert('wfr-two-segments', { packageName: 'wfr', sha256: true }).tbf)).toBe(
      '731535c6544b0167e21300a4f8537af26ec4d6fd8744e5bccd6c69fd0d5281b3',
    );
  });

  it('leaves an ARM TBF that is already a power of two, even below 512 bytes, and pads others to 512', () => {
    const exact = convert('arm-256-bytes');
    expect(exact.tbf.length).toBe(256);
    expect(exact.header.getTotalSize()).toBe(256);
    expect(exact.header.getBinaryEndOffset()).toBe(256);
    expect(digest(exact.tbf)).toBe('f44125e717c0f06873ebc7e3c9f0e86545092f8fdb94ddf7fc1838d62357c1a1');
    const over = convert('arm-260-bytes');
    expect(over.tbf.length).toBe(512);
    expect(digest(over.tbf)).toBe('279ed854fa25676cb55d83742f4bc508b141112697b414f6ab1eff327c33361f');
  });

  it('pads x86 TBFs to 4096 bytes and leaves other machines unpadded', () => {
    expect(convert('x86-padding').tbf.length).toBe(4096);
    expect(digest(convert('x86-padding').tbf)).toBe(
      '396a5a84f7b476b964033b0d11bd793db4f980c7f43bf97b69224f70a595ae66',
    );
    const other = convert('unknown-machine');
    expect(other.tbf.length).toBe(HEADER + 0x31 + 4);
    expect(digest(other.tbf)).toBe('d600cacaff033dc3e289c2422601e5c4c92ca4ada8a1b6dcb389b66cdee42e96');
    expect(digest(convert('unknown-machine', { packageName: 'wfr', sha256: true }).tbf)).toBe(
      '5c6a096250c72713a4b01232c846c12e8e50b89953e32a13428a73813bb30aa3',
    );
  });

  it('detects PIC from the segments, counts RAM segments and appends .rel.data', () => {
    const { tbf, header } = convert('pic-without-symbols');
    expect(digest(tbf)).toBe('be4222a3edd705fdd79a093eb6a03b574b14b0bd43183001dfaf6148975b78cf');
    expect(header.getFixedAddressStartAddressFlash()).toBeUndefined();
    expect(header.getMinimumAppRamSize()).toBe(0x30 + 2048 + 1024 + 1024);
    const relocations = HEADER + 0x50;
    expect(readU32(tbf, relocations)).toBe(16);
    expect(tbf[relocations + 4]).toBe(0xa0);
  });
});
