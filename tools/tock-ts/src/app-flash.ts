/**
 * Reading apps given on the command line (TAB or TBF files) and laying them out in app flash.
 *
 * TBFs are placed as tockloader places them for an MPU that needs power-of-two alignment: largest
 * first, each at the next address aligned to its own size (elf2tab pads Cortex-M TBFs to a power
 * of two), so every app's flash region can be protected by one MPU region. A gap left by an
 * app whose size is not a power of two is filled with a padding TBF, so the kernel's walk over
 * the TBF headers reaches every app.
 */
import { describeTbfParseError, parseTbfHeader, parseTbfHeaderLengths } from '@tock-ts/tock-tbf';
import { elfToTbf, readTab, tabSupportsBoard, tabTbfsFor } from '@tock-ts/tockloader-ts';

/** One app ready to place: where it came from and its TBF bytes. */
export interface AppBinary {
  readonly source: string;
  readonly tbf: Uint8Array;
}

/** A result: the value, or one line saying what is wrong. */
export type Checked<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: string };

/** Checks that `bytes` starts with a TBF header whose lengths fit the bytes. */
export function checkTbf(source: string, bytes: Uint8Array): Checked<AppBinary> {
  const lengths = parseTbfHeaderLengths(bytes);
  if (!lengths.ok) return { ok: false, error: `${source}: not a TBF file (no valid TBF header)` };
  if (lengths.value.totalSize > bytes.length) {
    return {
      ok: false,
      error: `${source}: truncated TBF (header says ${lengths.value.totalSize} bytes, file has ${bytes.length})`,
    };
  }
  const header = parseTbfHeader(bytes.subarray(0, lengths.value.totalSize), lengths.value.version);
  if (!header.ok)
    return { ok: false, error: `${source}: corrupt TBF header (${describeTbfParseError(header.error)})` };
  return { ok: true, value: { source, tbf: bytes.subarray(0, lengths.value.totalSize) } };
}

function isErased(bytes: Uint8Array): boolean {
  return bytes.every((byte) => byte === 0xff);
}

/**
 * Checks the TBFs in a flash image's app region, as the kernel will walk them: header after
 * header until erased flash or the region's end. `baseAddress` is the region's address, for the
 * message.
 */
export function checkAppRegion(source: string, region: Uint8Array, baseAddress: number): Checked<Uint8Array> {
  let offset = 0;
  while (offset + 8 <= region.length && !isErased(region.subarray(offset, offset + 8))) {
    const at = `${source} at 0x${(baseAddress + offset).toString(16).padStart(8, '0')}`;
    const checked = checkTbf(at, region.subarray(offset));
    if (!checked.ok) return checked;
    offset += checked.value.tbf.length;
  }
  return { ok: true, value: region };
}

/** What a file must suit: the board's TAB architecture and the names a TAB may restrict itself to. */
export interface AppTarget {
  readonly architecture: string;
  /** Board names the board answers to in a TAB's `only-for-boards` (ours and tockloader's). */
  readonly boardNames: readonly string[];
}

const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46];

/** The file's name without directories and extension: the package name an ELF's TBF gets. */
function stem(source: string): string {
  const name = source.split(/[\\/]/).pop() ?? source;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/**
 * The TBFs for `target` in a TAB, TBF or ELF file (decided by content, not by name). An ELF is
 * converted as elf2tab converts it, with the file's stem as package name and a KernelVersion 2.0
 * TLV (the kernel refuses a TBF without one; libtock's builds pass the same).
 */
export function appsFromFile(source: string, bytes: Uint8Array, target: AppTarget): Checked<AppBinary[]> {
  const architecture = target.architecture;
  if (ELF_MAGIC.every((byte, index) => bytes[index] === byte)) {
    const converted = elfToTbf(bytes, { packageName: stem(source), kernelVersion: { major: 2, minor: 0 } });
    if (!converted.ok) return { ok: false, error: `${source}: cannot convert the ELF (${converted.error})` };
    return { ok: true, value: [{ source, tbf: converted.value.tbf }] };
  }
  if (parseTbfHeaderLengths(bytes).ok) {
    const single = checkTbf(source, bytes);
    return single.ok ? { ok: true, value: [single.value] } : single;
  }
  const tab = readTab(bytes);
  if (!tab.ok) return { ok: false, error: `${source}: neither a TBF, a TAB nor an ELF file (${tab.error})` };
  if (!target.boardNames.some((name) => tabSupportsBoard(tab.value, name))) {
    return {
      ok: false,
      error: `${source}: the TAB is only for ${tab.value.metadata['only-for-boards'] ?? ''}`,
    };
  }
  const tbfs = tabTbfsFor(tab.value, architecture);
  if (tbfs.length === 0) return { ok: false, error: `${source}: the TAB has no ${architecture} app` };
  const apps: AppBinary[] = [];
  for (const member of tbfs) {
    const checked = checkTbf(`${source}:${member.name}.tbf`, member.tbf);
    if (!checked.ok) return checked;
    apps.push(checked.value);
  }
  return { ok: true, value: apps };
}

function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}

function powerOfTwoAtLeast(value: number): number {
  let size = 1;
  while (size < value) size *= 2;
  return size;
}

const TBF_BASE_HEADER_SIZE = 16;

/** A padding TBF of `length` bytes (version 2, no TLVs, not enabled), as tockloader writes. */
function paddingTbf(length: number): Uint8Array {
  const bytes = new Uint8Array(length).fill(0xff);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, 2, true);
  view.setUint16(2, TBF_BASE_HEADER_SIZE, true);
  view.setUint32(4, length, true);
  view.setUint32(8, 0, true);
  const checksum = (view.getUint32(0, true) ^ view.getUint32(4, true) ^ view.getUint32(8, true)) >>> 0;
  view.setUint32(12, checksum, true);
  return bytes;
}

/** App flash contents holding `apps`, or why they do not fit in `capacity` bytes. */
export function layOutAppFlash(apps: readonly AppBinary[], capacity: number): Checked<Uint8Array> {
  const ordered = [...apps].sort((a, b) => b.tbf.length - a.tbf.length);
  let end = 0;
  const placements: { offset: number; app: AppBinary }[] = [];
  for (const app of ordered) {
    const offset = alignUp(end, powerOfTwoAtLeast(app.tbf.length));
    placements.push({ offset, app });
    end = offset + app.tbf.length;
  }
  if (end > capacity) {
    return { ok: false, error: `the apps need ${end} bytes of flash, the board has ${capacity}` };
  }
  const image = new Uint8Array(end).fill(0xff);
  let filled = 0;
  for (const { offset, app } of placements) {
    if (offset > filled) image.set(paddingTbf(offset - filled), filled);
    image.set(app.tbf, offset);
    filled = offset + app.tbf.length;
  }
  return { ok: true, value: image };
}
