// Converts every fixture with tockloader-ts's elf2tab (as libtock-c invokes elf2tab: package
// name and kernel version 2.2) and reads the TBF back with the kernel's TBF parser, checking
// what the kernel will do with it: enter at _start, hand crt0 the binary start, find the
// relocation table where crt0 looks, and for RISC-V load the app at its linked addresses.
import { readFileSync } from 'node:fs';
import { parseTbfHeader, parseTbfHeaderLengths } from '@tock-ts/tock-tbf';
import { elfToTbf } from '@tock-ts/tockloader-ts';
import { describe, expect, it } from 'vitest';
import { parseElf } from './elf.js';
import { buildFlashImage } from './flash-image.js';

const APPS = ['fault', 'hello', 'syscalls'];
const TARGETS = [
  { name: 'cortex-m0', fixedFlash: undefined, fixedRam: undefined },
  { name: 'cortex-m4', fixedFlash: undefined, fixedRam: undefined },
  { name: 'rv32imac.0x80100080.0x80300000', fixedFlash: 0x80100080, fixedRam: 0x80300000 },
  { name: 'rv32imac.0x80110080.0x80310000', fixedFlash: 0x80110080, fixedRam: 0x80310000 },
];
const STACK_SIZE = 1024;
const HEAP_SIZES = 1024 + 1024;

const cases = APPS.flatMap((app) =>
  TARGETS.map((target) => ({ app, target, path: `${app}/${target.name}.elf` })),
);

describe.each(cases)('$path converted to a TBF', ({ app, target, path }) => {
  const elfBytes = new Uint8Array(readFileSync(new URL(`../fixtures/${path}`, import.meta.url)));
  const warnings: string[] = [];
  const converted = elfToTbf(elfBytes, {
    packageName: app,
    kernelVersion: { major: 2, minor: 2 },
    log: (message) => warnings.push(message),
  });

  it('converts without errors or warnings', () => {
    expect(converted.ok ? 'converted' : converted.error).toBe('converted');
    expect(warnings).toEqual([]);
  });

  it('has a header the kernel accepts, with the size rules of its architecture', () => {
    if (!converted.ok) throw new Error(converted.error);
    const tbf = converted.value.tbf;
    const lengths = parseTbfHeaderLengths(tbf);
    if (!lengths.ok) throw new Error(`header lengths: ${JSON.stringify(lengths.error)}`);
    expect(lengths.value.totalSize).toBe(tbf.length);
    const header = parseTbfHeader(tbf.subarray(0, lengths.value.headerSize), lengths.value.version);
    if (!header.ok) throw new Error(`header: ${JSON.stringify(header.error)}`);
    expect(header.value.isApp()).toBe(true);
    expect(header.value.isEnabled()).toBe(true);
    expect(header.value.getPackageName()).toBe(app);
    expect(header.value.getKernelVersion()).toEqual({ major: 2, minor: 2 });
    expect(header.value.getFixedAddressStartAddressFlash()).toBe(target.fixedFlash);
    expect(header.value.getFixedAddressStartAddressRam()).toBe(target.fixedRam);
    if (target.fixedFlash === undefined) {
      // Cortex-M: a power-of-two total size (for the MPU) and no protected trailer.
      expect(tbf.length & (tbf.length - 1)).toBe(0);
      expect(header.value.getProtectedSize()).toBe(lengths.value.headerSize);
    } else {
      // RISC-V: the TBF starts 0x80 bytes before the code, on a 256-byte boundary.
      expect(header.value.getProtectedSize()).toBe(0x80);
      expect((target.fixedFlash - 0x80) % 256).toBe(0);
      expect(tbf.length % 4).toBe(0);
    }
    expect(header.value.getMinimumAppRamSize()).toBeGreaterThanOrEqual(STACK_SIZE + HEAP_SIZES);
  });

  it('carries exactly the app binary crt0 expects, entered at _start', () => {
    if (!converted.ok) throw new Error(converted.error);
    const tbf = converted.value.tbf;
    const lengths = parseTbfHeaderLengths(tbf);
    if (!lengths.ok) throw new Error(`header lengths: ${JSON.stringify(lengths.error)}`);
    const header = parseTbfHeader(tbf.subarray(0, lengths.value.headerSize), lengths.value.version);
    const elf = parseElf(elfBytes);
    if (!header.ok || !elf.ok) throw new Error('unparsable header or ELF');
    const image = buildFlashImage(elf.elf);
    if (!image.ok) throw new Error(image.error);
    const binaryStart = header.value.getProtectedSize();
    const binary = tbf.subarray(binaryStart, header.value.getBinaryEndOffset());
    expect(Array.from(binary)).toEqual(Array.from(image.image.bytes));
    // The kernel starts the process at header size + init_fn_offset, with r0 = binary start.
    expect(header.value.getInitFunctionOffset()).toBe(binaryStart + image.image.entryOffset);
    // crt0 header word 8: the relocation table's length word, right after the flash image.
    const view = new DataView(binary.buffer, binary.byteOffset, binary.byteLength);
    const relocationTable = view.getUint32(32, true);
    expect(view.getUint32(relocationTable, true)).toBe(image.image.relocationBytes);
    expect(view.getUint32(36, true)).toBe(STACK_SIZE);
  });
});
