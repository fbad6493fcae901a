#!/usr/bin/env node
// Builds every test app in src/<app>/ for every target into <out>/<app>/<target>.elf and
// writes <out>/manifest.json (compiler versions, source digest, fixture digests).
//
// Usage: node scripts/build.mjs [--out DIRECTORY]   (default: fixtures/)
//
// The output depends only on the sources and the compiler versions: sources are compiled
// from this directory with relative paths, -ffile-prefix-map removes the directory from
// anything the compiler records, there is no debug information, no build id and no
// compiler identification comment.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const appsDirectory = fileURLToPath(new URL('..', import.meta.url));

/** Stack bytes every app reserves at the bottom of its RAM (crt0 header word 9, `.stack`). */
const stackSize = 1024;

const commonFlags = [
  '-Os',
  '-std=gnu11',
  '-ffreestanding',
  '-nostdlib',
  '-nostartfiles',
  '-ffunction-sections',
  '-fdata-sections',
  '-fno-common',
  '-fno-ident',
  '-fno-asynchronous-unwind-tables',
  '-fno-unwind-tables',
  '-fno-tree-loop-distribute-patterns',
  '-fno-jump-tables',
  `-ffile-prefix-map=${appsDirectory.replace(/\/$/, '')}=.`,
  '-Wall',
  '-Wextra',
  '-Werror',
  '-Iruntime',
  '-Truntime/tock_app.ld',
  '-Wl,--gc-sections',
  '-Wl,--build-id=none',
  '-Wl,-z,max-page-size=4',
  '-Wl,-z,common-page-size=4',
  `-Wl,--defsym=TOCK_STACK_SIZE=${stackSize}`,
];

/** Position independent Cortex-M code: data reached through the GOT at r9, as elf2tab expects. */
const cortexMFlags = [
  '-mthumb',
  '-mfloat-abi=soft',
  '-fPIC',
  '-msingle-pic-base',
  '-mpic-register=r9',
  '-mno-pic-data-is-text-relative',
  '-Wl,--emit-relocs',
  '-Wl,--defsym=TOCK_FLASH_ORIGIN=0x80000000',
  '-Wl,--defsym=TOCK_RAM_ORIGIN=0x00000000',
];

/** Fixed-address RV32IMAC code; no linker relaxation, so nothing relies on gp. */
function riscvTarget(flashOrigin, ramOrigin) {
  return {
    name: `rv32imac.${flashOrigin}.${ramOrigin}`,
    compiler: 'riscv64-unknown-elf-gcc',
    crt0: 'runtime/crt0_riscv.S',
    flags: [
      '-march=rv32imac',
      '-mabi=ilp32',
      '-msmall-data-limit=0',
      '-Wl,--no-relax',
      `-Wl,--defsym=TOCK_FLASH_ORIGIN=${flashOrigin}`,
      `-Wl,--defsym=TOCK_RAM_ORIGIN=${ramOrigin}`,
    ],
  };
}

/** Targets, named as libtock-c names its outputs (the name elf2tab and tockloader use). */
const targets = [
  {
    name: 'cortex-m0',
    compiler: 'arm-none-eabi-gcc',
    crt0: 'runtime/crt0_arm.S',
    flags: ['-mcpu=cortex-m0plus', ...cortexMFlags],
  },
  {
    name: 'cortex-m4',
    compiler: 'arm-none-eabi-gcc',
    crt0: 'runtime/crt0_arm.S',
    flags: ['-mcpu=cortex-m4', ...cortexMFlags],
  },
  // The first two qemu_rv32_virt app slots: TBF header at 0x80100000 / 0x80110000.
  riscvTarget('0x80100080', '0x80300000'),
  riscvTarget('0x80110080', '0x80310000'),
];

const runtimeSources = ['runtime/tock_syscalls.c', 'runtime/tock_console.c', 'runtime/tock_memory.c'];

/** Every file whose content decides the fixtures, as paths relative to the apps directory. */
function sourceFiles() {
  const files = [];
  for (const directory of ['runtime', 'src', 'scripts']) {
    for (const entry of readdirSync(join(appsDirectory, directory), { recursive: true })) {
      const path = join(directory, String(entry));
      if (/\.(c|h|S|ld|mjs)$/.test(path)) {
        files.push(path);
      }
    }
  }
  return files.sort();
}

/** SHA-256 over each source file's path and content, in sorted order. */
function sourceDigest() {
  const hash = createHash('sha256');
  for (const file of sourceFiles()) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(appsDirectory, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** The app names: each directory under src/ that holds C or assembly sources. */
function appNames() {
  return readdirSync(join(appsDirectory, 'src'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .filter((name) => readdirSync(join(appsDirectory, 'src', name)).some((file) => /\.(c|S)$/.test(file)))
    .sort();
}

function compilerVersion(compiler) {
  return execFileSync(compiler, ['--version'], { encoding: 'utf8' }).split('\n')[0];
}

function parseArguments(argv) {
  let outDirectory = join(appsDirectory, 'fixtures');
  for (let index = 0; index < argv.length; index++) {
    if (argv[index] === '--out' && argv[index + 1] !== undefined) {
      outDirectory = resolve(argv[index + 1]);
      index++;
    } else {
      throw new Error(`unknown argument '${argv[index]}'; usage: node scripts/build.mjs [--out DIRECTORY]`);
    }
  }
  return outDirectory;
}

/**
 * Builds everything in a temporary directory, then replaces `finalDirectory` with it, so a
 * failed build leaves the previous fixtures untouched.
 */
function build(finalDirectory) {
  if (
    existsSync(finalDirectory) &&
    readdirSync(finalDirectory).length > 0 &&
    !existsSync(join(finalDirectory, 'manifest.json'))
  ) {
    throw new Error(
      `refusing to replace ${finalDirectory}: it is not a fixtures directory (no manifest.json)`,
    );
  }
  const outDirectory = mkdtempSync(join(tmpdir(), 'tock-ts-apps-build-'));
  try {
    buildInto(outDirectory);
    rmSync(finalDirectory, { recursive: true, force: true });
    cpSync(outDirectory, finalDirectory, { recursive: true });
  } finally {
    rmSync(outDirectory, { recursive: true, force: true });
  }
}

/** Compiles every app for every target into `outDirectory` and writes the manifest there. */
function buildInto(outDirectory) {
  const compilers = {};
  for (const target of targets) {
    compilers[target.compiler] ??= compilerVersion(target.compiler);
  }
  const fixtures = {};
  for (const app of appNames()) {
    const appSources = readdirSync(join(appsDirectory, 'src', app))
      .filter((file) => /\.(c|S)$/.test(file))
      .sort()
      .map((file) => `src/${app}/${file}`);
    mkdirSync(join(outDirectory, app), { recursive: true });
    for (const target of targets) {
      const output = join(outDirectory, app, `${target.name}.elf`);
      execFileSync(
        target.compiler,
        [...commonFlags, ...target.flags, target.crt0, ...runtimeSources, ...appSources, '-o', output],
        { cwd: appsDirectory, stdio: 'inherit' },
      );
      const bytes = readFileSync(output);
      fixtures[`${app}/${target.name}.elf`] = {
        bytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      };
      process.stdout.write(`${app}/${target.name}.elf: ${bytes.length} bytes\n`);
    }
  }
  const manifest = { compilers, stackSize, sourceDigest: sourceDigest(), fixtures };
  writeFileSync(join(outDirectory, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

try {
  build(parseArguments(process.argv.slice(2)));
} catch (error) {
  // The compiler has already printed its diagnostics; name what failed and stop.
  process.stderr.write(
    `build failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`,
  );
  process.exitCode = 1;
}
