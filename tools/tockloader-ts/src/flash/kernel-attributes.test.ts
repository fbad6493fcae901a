/**
 * Kernel attributes read backwards from the `TOCK` sentinel, as tockloader reads them.
 */
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../bytes.js';
import { appMemoryRegion, describeKernelAttributes, parseKernelAttributes } from './kernel-attributes.js';

/** Attributes as a kernel image ends with them: KernelVersion 2.3.0-dev, AppMemory, version 1, TOCK. */
function attributes(): Uint8Array {
  return new ByteWriter()
    .zeros(8)
    .u16(2)
    .u16(3)
    .u16(0)
    .u16(1)
    .u16(0x103)
    .u16(8)
    .u32(0x80302000)
    .u32(0x10000)
    .u16(0x101)
    .u16(8)
    .bytes(Uint8Array.of(0, 0, 0, 1))
    .bytes(Uint8Array.of(0x54, 0x4f, 0x43, 0x4b))
    .finish();
}

describe('kernel attributes', () => {
  it('finds the app memory region and the kernel version', () => {
    const parsed = parseKernelAttributes(attributes());
    expect(parsed?.version).toBe(1);
    expect(parsed?.attributes.map((attribute) => [attribute.type, attribute.offset])).toEqual([
      [0x101, -20],
      [0x103, -32],
    ]);
    expect(appMemoryRegion(parsed)).toEqual({ start: 0x80302000, length: 0x10000 });
  });

  it('describes them as tockloader info does', () => {
    expect(describeKernelAttributes(parseKernelAttributes(attributes()), 0x80100000)).toBe(
      'Kernel Attributes                               [0x0  ] [0x80100000]\n' +
        '  sentinel            : TOCK                    [-0x4 ] [0x800ffffc]\n' +
        '  version             : 1                       [-0x8 ] [0x800ffff8]\n' +
        'KATLV: App Memory (0x101)                       [-0x14] [0x800fffec]\n' +
        '  app_memory_start    : 2150637568   0x80302000\n' +
        '  app_memory_len      :      65536      0x10000\n' +
        'KATLV: Kernel Version (0x103)                   [-0x20] [0x800fffe0]\n' +
        '  kernel_version      : 2.3.0-dev\n',
    );
  });

  it('finds nothing without the sentinel, and stops at an unknown type', () => {
    expect(parseKernelAttributes(new Uint8Array(1000))).toBeUndefined();
    const unknown = attributes();
    unknown[unknown.length - 12] = 0x77; // the AppMemory TLV's type becomes 0x0177
    expect(parseKernelAttributes(unknown)?.attributes).toEqual([]);
  });
});
