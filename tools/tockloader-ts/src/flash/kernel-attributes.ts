/**
 * Kernel attributes: the TLVs a Tock kernel image keeps just below the app start address,
 * read backwards from the `TOCK` sentinel as tockloader reads them. They give the app RAM
 * region (used to choose among fixed-address TBFs) and are shown by `info`.
 */
import { readU16, readU32 } from '../bytes.js';

/** Kernel attribute TLV types. */
export const KernelAttributeType = {
  APP_MEMORY: 0x0101,
  KERNEL_BINARY: 0x0102,
  KERNEL_VERSION: 0x0103,
  PUBLIC_KEY: 0x0104,
} as const;

/** One kernel attribute: its type, its bytes, and where it starts relative to the app start. */
export interface KernelAttribute {
  readonly type: number;
  readonly data: Uint8Array;
  /** Negative offset from the app start address of the first byte of the TLV (data first). */
  readonly offset: number;
}

/** The attributes found, with their format version. */
export interface KernelAttributes {
  readonly version: number;
  readonly attributes: readonly KernelAttribute[];
}

const FIXED_SIZES: Readonly<Record<number, number>> = {
  [KernelAttributeType.APP_MEMORY]: 8,
  [KernelAttributeType.KERNEL_BINARY]: 8,
  [KernelAttributeType.KERNEL_VERSION]: 8,
};

/** How many bytes below the app start tockloader reads for kernel attributes. */
export const KERNEL_ATTRIBUTES_READ_LENGTH = 1000;

/**
 * Parses the bytes that end at the app start address. `undefined` when there is no `TOCK`
 * sentinel. Like tockloader, a known fixed-size TLV with the wrong length is skipped without
 * consuming its data, and an unknown type ends the walk.
 */
export function parseKernelAttributes(bytes: Uint8Array): KernelAttributes | undefined {
  const end = bytes.length;
  if (end < 8 || String.fromCharCode(...bytes.subarray(end - 4)) !== 'TOCK') return undefined;
  const version = bytes[end - 5] ?? 0;
  const attributes: KernelAttribute[] = [];
  let remaining = end - 8;
  if (version === 1) {
    while (remaining > 4) {
      const type = readU16(bytes, remaining - 4);
      const length = readU16(bytes, remaining - 2);
      remaining -= 4;
      const known = Object.values(KernelAttributeType).includes(type as never);
      if (!known) break;
      const fixed = FIXED_SIZES[type];
      if (fixed !== undefined) {
        if (remaining >= fixed && length === fixed) {
          attributes.push({
            type,
            data: bytes.slice(remaining - fixed, remaining),
            offset: remaining - fixed - end,
          });
          remaining -= fixed;
        }
      } else {
        const start = Math.max(remaining - length, 0);
        attributes.push({ type, data: bytes.slice(start, remaining), offset: start - end });
        remaining = start;
      }
    }
  }
  return { version, attributes };
}

/** The app RAM region `[start, start + length)` from the AppMemory attribute, if present. */
export function appMemoryRegion(
  attributes: KernelAttributes | undefined,
): { start: number; length: number } | undefined {
  const memory = attributes?.attributes.find(
    (attribute) => attribute.type === KernelAttributeType.APP_MEMORY,
  );
  if (memory === undefined) return undefined;
  return { start: readU32(memory.data, 0), length: readU32(memory.data, 4) };
}

function signedHex(value: number): string {
  return value < 0 ? `-0x${(-value).toString(16)}` : `0x${value.toString(16)}`;
}

/** A title tagged with its offset and, unless the address is 0 (as tockloader), its address. */
function tagged(title: string, offset: number, address: number): string {
  const absolute = address === 0 ? '' : ` [${`0x${(address + offset).toString(16)}`.padEnd(9)}]`;
  return `${title.padEnd(48)}[${signedHex(offset).padEnd(5)}]${absolute}\n`;
}

function field(name: string, value: number): string {
  return `  ${name.padEnd(20)}: ${String(value).padStart(10)} ${`0x${value.toString(16)}`.padStart(12)}\n`;
}

const PRERELEASE = ['', '-dev', '-alpha', '-beta'];

/** The kernel version an attribute holds, as tockloader writes it (`2.2.0-dev`). */
export function kernelVersionText(data: Uint8Array): string {
  const prerelease = readU16(data, 6);
  const label = prerelease > 3 ? `-pre-release${prerelease}` : (PRERELEASE[prerelease] ?? '');
  return `${readU16(data, 0)}.${readU16(data, 2)}.${readU16(data, 4)}${label}`;
}

/** Public-key algorithm names as tockloader prints them. */
export function keyAlgorithmName(algorithm: number): string {
  return algorithm === 10 ? 'RSA2048' : (KEY_TYPES[algorithm] ?? 'Unknown');
}

const KEY_TYPES = [
  'Reserved',
  'RSA3072KEY',
  'RSA4096KEY',
  'SHA256',
  'SHA384',
  'SHA512',
  'ECDSAP256',
  'HMACSHA256',
];

function describeAttribute(attribute: KernelAttribute): string {
  const { data } = attribute;
  const hex = `0x${attribute.type.toString(16)}`;
  switch (attribute.type) {
    case KernelAttributeType.APP_MEMORY:
      return `KATLV: App Memory (${hex})\n${field('app_memory_start', readU32(data, 0))}${field('app_memory_len', readU32(data, 4))}`;
    case KernelAttributeType.KERNEL_BINARY:
      return `KATLV: Kernel Binary (${hex})\n${field('kernel_binary_start', readU32(data, 0))}${field('kernel_binary_len', readU32(data, 4))}`;
    case KernelAttributeType.KERNEL_VERSION: {
      return `KATLV: Kernel Version (${hex})\n  ${'kernel_version'.padEnd(20)}: ${kernelVersionText(data)}\n`;
    }
    default: {
      const algorithm = data.length >= 8 ? readU16(data, data.length - 2) : 0;
      const metadata = data.length >= 8 ? readU32(data, data.length - 8) : 0;
      const keyLength = algorithm === 6 && data.length - 8 === 64 ? 64 : 0;
      return (
        `KATLV: Public Key (${hex})\n` +
        `  ${'algorithm'.padEnd(20)}: ${keyAlgorithmName(algorithm)}\n` +
        `  ${'metadata'.padEnd(20)}: ${metadata}\n` +
        `  ${'key len'.padEnd(20)}: ${keyLength}\n`
      );
    }
  }
}

/** tockloader's `info` text for kernel attributes ending at `appAddress`; empty when there are none. */
export function describeKernelAttributes(
  attributes: KernelAttributes | undefined,
  appAddress: number,
): string {
  if (attributes === undefined) return '';
  let out = tagged('Kernel Attributes', 0, appAddress);
  out += tagged(`  ${'sentinel'.padEnd(20)}: TOCK`, -4, appAddress);
  out += tagged(`  ${'version'.padEnd(20)}: ${attributes.version}`, -8, appAddress);
  let index = -8;
  for (const attribute of attributes.attributes) {
    index -= attribute.data.length + 4;
    const [first = '', ...rest] = describeAttribute(attribute).split('\n');
    out += tagged(first, index, appAddress).slice(0, -1);
    out += `\n${rest.join('\n')}`;
  }
  return out;
}
