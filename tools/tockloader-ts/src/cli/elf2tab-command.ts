/**
 * `tockloader-ts elf2tab`: elf2tab's command line. Converts each `file.elf[,architecture]` to a
 * TBF written beside the ELF (`file.tbf`) and bundles them into one TAB (`-o`, default
 * `TockApp.tab`) with `metadata.toml` first. Nothing is written unless every input converts.
 */
import { parse as parsePath, resolve } from 'node:path';
import { err, ok, type Result } from '@tock-ts/hil';
import { type Command, Option } from 'commander';
import { elfToTbf } from '../elf2tab/convert.js';
import type { ElfToTbfOptions } from '../elf2tab/options.js';
import { writeTab } from '../tab/tab-file.js';
import { describeTbfHeader } from '../tbf/describe.js';
import { readFileBytes, writeFileAtomic } from './files.js';
import { collect, parseDecimal, parseDecimalOrHex, parseDecimalU16, parsePermission } from './numbers.js';
import type { CliOutput } from './program.js';

/** The parsed elf2tab options, as commander hands them over. */
export interface Elf2TabFlags {
  verbose?: boolean;
  deterministic?: boolean;
  disable?: boolean;
  appVersion: number;
  minimumRamSize?: number;
  outputFile: string;
  packageName?: string;
  stack?: number;
  appHeap: number;
  kernelHeap: number;
  protectedRegionSize?: number;
  permissions?: [number, number][];
  write_id?: number;
  read_ids?: number[];
  access_ids?: number[];
  shortId?: number;
  kernelMajor?: number;
  kernelMinor?: number;
  supportedBoards?: string;
  minimumFooterSize: number;
  sha256?: boolean;
  sha384?: boolean;
  sha512?: boolean;
  rsa4096Private?: string;
  ecdsaNistP256Private?: string;
  ecdsaNistp256Private?: string;
}

/**
 * The elf2tab release whose output this command reproduces. `--version` prints it where elf2tab
 * prints its own version (`elf2tab <version>`), so build systems that check the installed
 * elf2tab's version (libtock-c's `Configuration.mk` reads the second word) accept this command.
 */
export const ELF2TAB_COMPATIBLE_VERSION = '0.14.0-dev';

/** One input: the ELF path and the architecture its TBF is named after. */
export interface ElfInput {
  readonly path: string;
  readonly architecture: string;
}

/** Splits `file.elf[,architecture]`; without a comma the architecture is the file stem. */
export function parseElfInput(argument: string): ElfInput {
  const comma = argument.lastIndexOf(',');
  if (comma >= 0) return { path: argument.slice(0, comma), architecture: argument.slice(comma + 1) };
  return { path: argument, architecture: parsePath(argument).name };
}

/** `path` with its extension replaced by `.tbf`, as Rust's `Path::with_extension`. */
function tbfPathFor(elfPath: string): string {
  const parsed = parsePath(elfPath);
  return `${parsed.dir === '' ? '' : `${parsed.dir}/`}${parsed.name}.tbf`;
}

/** Registers the `elf2tab` command on `program`. */
export function addElf2TabCommand(program: Command, output: CliOutput): void {
  program
    .command('elf2tab')
    .description(
      'Convert Tock userland apps from .elf files to Tock Application Bundles (TABs or .tab files).',
    )
    .argument('<elf[,architecture]...>', 'application file(s) to package')
    .version(
      `elf2tab ${ELF2TAB_COMPATIBLE_VERSION} (tockloader-ts)`,
      '-V, --version',
      'Print the elf2tab version this command reproduces',
    )
    .option('-v, --verbose', 'Be verbose')
    .option('--deterministic', 'Produce a deterministic TAB file')
    .option('--disable', 'Mark the app as disabled in the TBF flags')
    .option('--app-version <version>', 'Set the version number', parseDecimal, 0)
    .addOption(
      new Option('--minimum-ram-size <bytes>', 'in bytes (accepted for elf2tab compatibility; has no effect)')
        .argParser(parseDecimal)
        .conflicts(['stack', 'appHeap', 'kernelHeap']),
    )
    .option('-o, --output-file <filename>', 'output file name', 'TockApp.tab')
    .option('-n, --package-name <pkg-name>', 'package name')
    .option('--stack <stack-size>', 'in bytes', parseDecimal)
    .option('--app-heap <heap-size>', 'in bytes', parseDecimal, 1024)
    .option('--kernel-heap <kernel-heap-size>', 'in bytes', parseDecimal, 1024)
    .option(
      '--protected-region-size <bytes>',
      'Size of the protected region (including headers)',
      parseDecimal,
    )
    .option(
      '--permissions <driver,command...>',
      'A list of driver numbers and allowed commands',
      collect(parsePermission),
    )
    .option('--write_id <id>', 'A storage ID used for writing data', parseDecimalOrHex)
    .option('--read_ids <ids...>', 'Storage IDs that this app is allowed to read', collect(parseDecimalOrHex))
    .option(
      '--access_ids <ids...>',
      'Storage IDs that this app is allowed to write',
      collect(parseDecimalOrHex),
    )
    .option('--short-id <id>', "ShortId to request in the app's header", parseDecimalOrHex)
    .option('--kernel-major <major>', 'The kernel version that the app requires', parseDecimalU16)
    .option(
      '--kernel-minor <minor>',
      'The minimum kernel minor version that the app requires',
      parseDecimalU16,
    )
    .option('--supported-boards <boards>', 'comma separated list of boards this app is compatible with')
    .option(
      '--minimum-footer-size <bytes>',
      'Minimum number of bytes to reserve space for in the footer',
      parseDecimal,
      0,
    )
    .option('--sha256', 'Add a SHA256 hash credential to each TBF')
    .option('--sha384', 'Add a SHA384 hash credential to each TBF')
    .option('--sha512', 'Add a SHA512 hash credential to each TBF')
    .option('--rsa4096-private <key>', 'Add an 4096-bit RSA signature credential using this private key')
    .option(
      '--ecdsa-nist-p256-private <key>',
      'Add an ECDSA NIST P256 signature credential using this private key',
    )
    .addOption(new Option('--ecdsa-nistp256-private <key>').hideHelp())
    .action((inputs: string[], flags: Elf2TabFlags, command: Command) => {
      const result = runElf2Tab(inputs, flags, output);
      if (!result.ok) command.error(`error: ${result.error}`, { exitCode: 1 });
    });
}

function readKey(path: string | undefined): Result<Uint8Array | undefined, string> {
  return path === undefined ? ok(undefined) : readFileBytes(path);
}

function conversionOptions(flags: Elf2TabFlags, output: CliOutput): Result<ElfToTbfOptions, string> {
  if (flags.kernelMinor !== undefined && flags.kernelMajor === undefined) {
    return err('--kernel-minor requires --kernel-major');
  }
  const rsa = readKey(flags.rsa4096Private);
  if (!rsa.ok) return rsa;
  const ecdsa = readKey(flags.ecdsaNistP256Private ?? flags.ecdsaNistp256Private);
  if (!ecdsa.ok) return ecdsa;
  return ok({
    appVersion: flags.appVersion,
    appHeapSize: flags.appHeap,
    kernelHeapSize: flags.kernelHeap,
    minimumFooterSize: flags.minimumFooterSize,
    disabled: flags.disable === true,
    sha256: flags.sha256 === true,
    sha384: flags.sha384 === true,
    sha512: flags.sha512 === true,
    verbose: flags.verbose === true,
    log: (message: string) => output.stdout(`${message}\n`),
    ...(flags.packageName === undefined ? {} : { packageName: flags.packageName }),
    ...(flags.stack === undefined ? {} : { stackSize: flags.stack }),
    ...(flags.protectedRegionSize === undefined ? {} : { protectedRegionSize: flags.protectedRegionSize }),
    ...(flags.permissions === undefined ? {} : { permissions: flags.permissions }),
    ...(flags.write_id === undefined ? {} : { storageWriteId: flags.write_id }),
    ...(flags.read_ids === undefined ? {} : { storageReadIds: flags.read_ids }),
    ...(flags.access_ids === undefined ? {} : { storageAccessIds: flags.access_ids }),
    ...(flags.shortId === undefined ? {} : { shortId: flags.shortId }),
    ...(flags.kernelMajor === undefined
      ? {}
      : { kernelVersion: { major: flags.kernelMajor, minor: flags.kernelMinor ?? 0 } }),
    ...(rsa.value === undefined ? {} : { rsa4096PrivateKey: rsa.value }),
    ...(ecdsa.value === undefined ? {} : { ecdsaP256PrivateKey: ecdsa.value }),
  });
}

/** Converts every input, then writes the TBFs and the TAB. */
export function runElf2Tab(
  arguments_: readonly string[],
  flags: Elf2TabFlags,
  output: CliOutput,
): Result<void, string> {
  const options = conversionOptions(flags, output);
  if (!options.ok) return options;
  const converted: { input: ElfInput; tbfPath: string; tbf: Uint8Array }[] = [];
  for (const argument of arguments_) {
    const input = parseElfInput(argument);
    const tbfPath = tbfPathFor(input.path);
    if (resolve(tbfPath) === resolve(flags.outputFile)) {
      return err(`tab file ${flags.outputFile} and output file ${tbfPath} cannot be the same file`);
    }
    const elf = readFileBytes(input.path);
    if (!elf.ok) return elf;
    if (flags.verbose) output.stdout(`Creating "${tbfPath}"\n`);
    const tbf = elfToTbf(elf.value, options.value);
    if (!tbf.ok) return err(`${input.path}: ${tbf.error}`);
    if (flags.verbose) output.stdout(describeTbfHeader(tbf.value.tbf));
    converted.push({ input, tbfPath, tbf: tbf.value.tbf });
  }

  const tab = writeTab(
    {
      name: flags.packageName ?? '',
      ...(flags.kernelMajor === undefined
        ? {}
        : { minimumKernelVersion: { major: flags.kernelMajor, minor: flags.kernelMinor ?? 0 } }),
      ...(flags.supportedBoards === undefined ? {} : { onlyForBoards: flags.supportedBoards }),
      ...(flags.deterministic ? {} : { buildDate: new Date() }),
    },
    converted.map(({ input, tbf }) => ({ architecture: input.architecture, tbf })),
  );
  for (const { tbfPath, tbf } of converted) {
    const written = writeFileAtomic(tbfPath, tbf);
    if (!written.ok) return written;
  }
  return writeFileAtomic(flags.outputFile, tab);
}
