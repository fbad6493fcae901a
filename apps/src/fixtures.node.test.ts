// Tests of the committed app ELFs in fixtures/: that there is one per app and target, that
// each has the layout elf2tab and our crt0 rely on, that none is stale against its sources,
// and, where the cross compilers are installed, that rebuilding gives the same bytes.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ELF_MACHINE_ARM,
  ELF_MACHINE_RISCV,
  ELF_SECTION_FLAG_WRITE,
  ELF_SECTION_NO_BITS,
  ELF_SECTION_REL,
  ELF_SEGMENT_LOAD,
  ELF_TYPE_EXECUTABLE,
  type ElfFile,
  type ElfSection,
  parseElf,
  relocations,
  sectionBytes,
} from './elf.js';

const appsDirectory = fileURLToPath(new URL('..', import.meta.url));
const fixturesDirectory = join(appsDirectory, 'fixtures');

/** What every fixture of one target must look like. */
interface Target {
  readonly name: string;
  readonly compiler: string;
  readonly machine: number;
  /** `e_flags`: EABI version 5 with the soft-float ABI, or RVC with the soft-float ABI. */
  readonly elfFlags: number;
  readonly flashOrigin: number;
  readonly ramOrigin: number;
  readonly positionIndependent: boolean;
  /** Only ARMv6-M instructions (every 32-bit Thumb instruction is a BL). */
  readonly armv6m: boolean;
}

const TARGETS: readonly Target[] = [
  {
    name: 'cortex-m0',
    compiler: 'arm-none-eabi-gcc',
    machine: ELF_MACHINE_ARM,
    elfFlags: 0x05000200,
    flashOrigin: 0x80000000,
    ramOrigin: 0,
    positionIndependent: true,
    armv6m: true,
  },
  {
    name: 'cortex-m4',
    compiler: 'arm-none-eabi-gcc',
    machine: ELF_MACHINE_ARM,
    elfFlags: 0x05000200,
    flashOrigin: 0x80000000,
    ramOrigin: 0,
    positionIndependent: true,
    armv6m: false,
  },
  ...[
    [0x80100080, 0x80300000],
    [0x80110080, 0x80310000],
  ].map(
    ([flashOrigin = 0, ramOrigin = 0]): Target => ({
      name: `rv32imac.0x${flashOrigin.toString(16)}.0x${ramOrigin.toString(16)}`,
      compiler: 'riscv64-unknown-elf-gcc',
      machine: ELF_MACHINE_RISCV,
      elfFlags: 0x1,
      flashOrigin,
      ramOrigin,
      positionIndependent: false,
      armv6m: false,
    }),
  ),
];

/** `R_ARM_ABS32`: the only relocation type crt0 knows how to apply. */
const R_ARM_ABS32 = 2;
/** Flash image (code, read-only data, initial GOT and .data) must stay this small. */
const MAXIMUM_FLASH_IMAGE_BYTES = 8192;

interface Manifest {
  readonly compilers: Readonly<Record<string, string>>;
  readonly stackSize: number;
  readonly sourceDigest: string;
  readonly fixtures: Readonly<Record<string, { readonly bytes: number; readonly sha256: string }>>;
}

const manifest = JSON.parse(readFileSync(join(fixturesDirectory, 'manifest.json'), 'utf8')) as Manifest;

/** App names: each directory under src/ with C or assembly sources. */
function appNames(): string[] {
  return readdirSync(join(appsDirectory, 'src'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .filter((name) => readdirSync(join(appsDirectory, 'src', name)).some((file) => /\.(c|S)$/.test(file)))
    .sort();
}

/** The same digest scripts/build.mjs records: each source file's path and content, sorted. */
function sourceDigest(): string {
  const files: string[] = [];
  for (const directory of ['runtime', 'src', 'scripts']) {
    for (const entry of readdirSync(join(appsDirectory, directory), { recursive: true })) {
      const path = join(directory, String(entry));
      if (/\.(c|h|S|ld|mjs)$/.test(path)) {
        files.push(path);
      }
    }
  }
  const hash = createHash('sha256');
  for (const file of files.sort()) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(appsDirectory, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function loadFixture(relativePath: string): ElfFile {
  const result = parseElf(new Uint8Array(readFileSync(join(fixturesDirectory, relativePath))));
  if (!result.ok) {
    throw new Error(`${relativePath}: ${result.error}`);
  }
  return result.elf;
}

function section(elf: ElfFile, name: string): ElfSection {
  const found = elf.sections.find((candidate) => candidate.name === name);
  if (found === undefined) {
    throw new Error(`no section ${name}`);
  }
  return found;
}

function symbolValue(elf: ElfFile, name: string): number {
  const found = elf.symbols.find((symbol) => symbol.name === name);
  if (found === undefined) {
    throw new Error(`no symbol ${name}`);
  }
  return found.value;
}

/** The loadable segments with file contents, in load-address order: what elf2tab copies. */
function flashSegments(elf: ElfFile) {
  return elf.segments
    .filter((segment) => segment.type === ELF_SEGMENT_LOAD && segment.fileSize > 0)
    .sort((a, b) => a.physicalAddress - b.physicalAddress);
}

/**
 * Where a section's initial contents sit in flash (its LMA), as an offset from the flash
 * origin. An empty section in an empty segment has no LMA in the program headers; it holds
 * nothing to copy, so any offset inside the flash image will do and that is all we check.
 */
function flashOffset(elf: ElfFile, target: ElfSection, flashOrigin: number, header: number): number {
  const segment = elf.segments.find(
    (candidate) =>
      candidate.type === ELF_SEGMENT_LOAD &&
      target.address >= candidate.virtualAddress &&
      target.address + target.size <= candidate.virtualAddress + candidate.memorySize &&
      // Strict at the end, so an empty section just past a segment is not counted in it.
      target.address < candidate.virtualAddress + candidate.memorySize,
  );
  if (segment === undefined) {
    if (target.size !== 0) {
      throw new Error(`section ${target.name} is in no loadable segment`);
    }
    expect(header).toBeLessThanOrEqual(flashImageSize(elf));
    return header;
  }
  return (segment.physicalAddress + (target.address - segment.virtualAddress) - flashOrigin) >>> 0;
}

function flashImageSize(elf: ElfFile): number {
  return flashSegments(elf).reduce((total, segment) => total + segment.fileSize, 0);
}

function crt0Header(elf: ElfFile): number[] {
  const bytes = sectionBytes(elf, section(elf, '.crt0_header'));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: bytes.length / 4 }, (_, index) => view.getUint32(index * 4, true));
}

/** Every 32-bit Thumb instruction in the code (not data) ranges of .text, as [address, hw1, hw2]. */
function wideThumbInstructions(elf: ElfFile): [number, number, number][] {
  const textIndex = elf.sections.findIndex((candidate) => candidate.name === '.text');
  const text = section(elf, '.text');
  const bytes = sectionBytes(elf, text);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const markers = elf.symbols
    .filter((symbol) => symbol.sectionIndex === textIndex && /^\$[td](\.|$)/.test(symbol.name))
    .sort((a, b) => a.value - b.value);
  const found: [number, number, number][] = [];
  markers.forEach((marker, index) => {
    if (!marker.name.startsWith('$t')) {
      return;
    }
    const end = markers[index + 1]?.value ?? text.address + text.size;
    let address = marker.value;
    while (address + 2 <= end) {
      const first = view.getUint16(address - text.address, true);
      if (first >>> 11 >= 0b11101) {
        found.push([address, first, view.getUint16(address - text.address + 2, true)]);
        address += 4;
      } else {
        address += 2;
      }
    }
  });
  return found;
}

const fixtureCases = appNames().flatMap((app) =>
  TARGETS.map((target) => ({ app, target, path: `${app}/${target.name}.elf` })),
);

describe('fixtures', () => {
  it('has one fixture per app and target, and the manifest lists exactly those', () => {
    const expected = fixtureCases.map((fixture) => fixture.path).sort();
    expect(Object.keys(manifest.fixtures).sort()).toEqual(expected);
    const onDisk = readdirSync(fixturesDirectory, { recursive: true })
      .map(String)
      .filter((path) => path.endsWith('.elf'))
      .sort();
    expect(onDisk).toEqual(expected);
    expect(appNames()).toEqual(expect.arrayContaining(['fault', 'hello', 'syscalls']));
  });

  it('each fixture has the size and digest the manifest recorded', () => {
    for (const { path } of fixtureCases) {
      const bytes = readFileSync(join(fixturesDirectory, path));
      expect({ path, bytes: bytes.length, sha256: sha256(bytes) }).toEqual({
        path,
        ...manifest.fixtures[path],
      });
    }
  });

  it('was rebuilt after the last change to the runtime, the apps or the build script', () => {
    // Fails when a source changed but `pnpm --filter @tock-ts/test-apps fixtures` was not run.
    expect(sourceDigest()).toBe(manifest.sourceDigest);
  });
});

describe.each(fixtureCases)('$path', ({ target, path }) => {
  const elf = loadFixture(path);

  it('is an ELF32 executable for the target machine and ABI', () => {
    expect(elf.type).toBe(ELF_TYPE_EXECUTABLE);
    expect(elf.machine).toBe(target.machine);
    expect(elf.flags).toBe(target.elfFlags);
  });

  it('marks its flash and RAM origins and enters at _start inside the flash image', () => {
    expect(symbolValue(elf, '_flash_origin')).toBe(target.flashOrigin);
    expect(symbolValue(elf, '_sram_origin')).toBe(target.ramOrigin);
    expect(elf.entry).toBe(symbolValue(elf, '_start'));
    // Thumb entry points carry bit 0; RISC-V ones are 2-byte aligned.
    expect(elf.entry & 1).toBe(target.machine === ELF_MACHINE_ARM ? 1 : 0);
    const [code] = flashSegments(elf);
    expect(code).toBeDefined();
    if (code !== undefined) {
      expect(elf.entry).toBeGreaterThanOrEqual(code.physicalAddress);
      expect(elf.entry).toBeLessThan(code.physicalAddress + code.fileSize);
    }
  });

  it('has a flash image that starts at the origin with the crt0 header and has no gaps', () => {
    const segments = flashSegments(elf);
    expect(segments[0]?.physicalAddress).toBe(target.flashOrigin);
    let end = target.flashOrigin;
    for (const segment of segments) {
      expect(segment.physicalAddress).toBe(end);
      end = segment.physicalAddress + segment.fileSize;
    }
    const header = section(elf, '.crt0_header');
    expect(header.address).toBe(target.flashOrigin);
    expect(header.size).toBe(40);
    expect(section(elf, '.text').address).toBe(target.flashOrigin + 40);
    expect(end - target.flashOrigin).toBeLessThanOrEqual(MAXIMUM_FLASH_IMAGE_BYTES);
  });

  it('has a crt0 header that matches its sections', () => {
    const got = section(elf, '.got');
    const data = section(elf, '.data');
    const bss = section(elf, '.bss');
    const stack = section(elf, '.stack');
    const header = crt0Header(elf);
    expect(header).toEqual([
      flashOffset(elf, got, target.flashOrigin, header[0] ?? -1),
      got.address - target.ramOrigin,
      got.size,
      flashOffset(elf, data, target.flashOrigin, header[3] ?? -1),
      data.address - target.ramOrigin,
      data.size,
      bss.address - target.ramOrigin,
      bss.size,
      // elf2tab appends the relocation table right after the flash image.
      flashImageSize(elf),
      manifest.stackSize,
    ]);
    expect(stack.type).toBe(ELF_SECTION_NO_BITS);
    expect(stack.address).toBe(target.ramOrigin);
    expect(stack.size).toBe(manifest.stackSize);
    expect(bss.type).toBe(ELF_SECTION_NO_BITS);
    // crt0 sets the break to the end of .bss, so .bss must come last in RAM.
    expect(got.address).toBeLessThanOrEqual(bss.address);
    expect(data.address).toBeLessThanOrEqual(bss.address);
    expect(bss.address).toBeGreaterThanOrEqual(target.ramOrigin + manifest.stackSize);
  });

  it('carries only relocations crt0 can apply, for the sections elf2tab takes them from', () => {
    const writableNames = new Set(
      elf.sections.filter((candidate) => (candidate.flags & ELF_SECTION_FLAG_WRITE) !== 0).map((s) => s.name),
    );
    const relocationSections = elf.sections.filter((candidate) => candidate.type === ELF_SECTION_REL);
    // elf2tab appends `.rel<name>` of every writable section; crt0 fixes .data through it and
    // the GOT on its own, so only .rel.data may exist among those.
    const forWritable = relocationSections.filter((candidate) => writableNames.has(candidate.name.slice(4)));
    expect(forWritable.every((candidate) => candidate.name === '.rel.data')).toBe(true);
    const data = section(elf, '.data');
    for (const relocationSection of forWritable) {
      for (const entry of relocations(elf, relocationSection)) {
        expect(entry.type).toBe(R_ARM_ABS32);
        expect(entry.offset).toBeGreaterThanOrEqual(data.address);
        expect(entry.offset + 4).toBeLessThanOrEqual(data.address + data.size);
      }
    }
    if (!target.positionIndependent) {
      expect(relocationSections).toEqual([]);
    }
  });

  // Only position-independent targets carry a GOT that crt0 fixes up.
  if (target.positionIndependent) {
    it('has GOT entries that are flash (top bit set) or RAM offsets', () => {
      const got = section(elf, '.got');
      const bytes = sectionBytes(elf, got);
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const flashImageBytes = flashImageSize(elf);
      const ramEnd = section(elf, '.bss').address + section(elf, '.bss').size;
      for (let offset = 0; offset < bytes.length; offset += 4) {
        const entry = view.getUint32(offset, true);
        if (entry >= 0x80000000) {
          expect(entry - 0x80000000).toBeLessThan(flashImageBytes);
        } else {
          expect(entry).toBeLessThanOrEqual(ramEnd);
        }
      }
    });
  }

  // The cortex-m0 build must run on ARMv6-M cores.
  if (target.armv6m) {
    it('uses only ARMv6-M instructions', () => {
      const wide = wideThumbInstructions(elf);
      expect(wide.length).toBeGreaterThan(0);
      for (const [address, first, second] of wide) {
        // BL: 11110 S imm10, then 11 J1 1 J2 imm11. Everything else 32-bit is ARMv7-M only
        // (ARMv6-M's MSR/MRS/barriers/UDF.W are never used by our code).
        const isBranchWithLink = first >>> 11 === 0b11110 && (second & 0xd000) === 0xd000;
        expect({ address: address.toString(16), isBranchWithLink }).toEqual({
          address: address.toString(16),
          isBranchWithLink: true,
        });
      }
    });
  }
});

/** Why the rebuild comparison cannot run here, or undefined when it can. */
function rebuildSkipReason(): string | undefined {
  for (const [compiler, recordedVersion] of Object.entries(manifest.compilers)) {
    const probe = spawnSync(compiler, ['--version'], { encoding: 'utf8' });
    if (probe.error !== undefined || probe.status !== 0) {
      return `${compiler} is not installed, so the fixtures cannot be rebuilt here`;
    }
    const version = probe.stdout.split('\n')[0];
    if (version !== recordedVersion) {
      return `the fixtures were built with '${recordedVersion}' but this machine has '${version}'`;
    }
  }
  return undefined;
}

describe('rebuilding from source', () => {
  it('gives byte-identical fixtures', { timeout: 120_000 }, (context) => {
    const reason = rebuildSkipReason();
    if (reason !== undefined) {
      context.skip(reason);
    }
    const outDirectory = mkdtempSync(join(tmpdir(), 'tock-ts-test-apps-'));
    try {
      execFileSync(process.execPath, [join(appsDirectory, 'scripts', 'build.mjs'), '--out', outDirectory], {
        stdio: 'pipe',
      });
      for (const { path } of fixtureCases) {
        const rebuilt = readFileSync(join(outDirectory, path));
        const committed = readFileSync(join(fixturesDirectory, path));
        expect({ path, sha256: sha256(rebuilt) }).toEqual({ path, sha256: sha256(committed) });
      }
      expect(JSON.parse(readFileSync(join(outDirectory, 'manifest.json'), 'utf8'))).toEqual(manifest);
    } finally {
      rmSync(outDirectory, { recursive: true, force: true });
    }
  });
});
