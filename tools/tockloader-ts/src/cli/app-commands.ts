/**
 * tockloader's app commands on a flash image (`--flash-file`): `list`, `info`, `install`,
 * `update`, `uninstall`, `enable-app`/`disable-app`/`sticky-app`/`unsticky-app`, `erase-apps`,
 * `list-known-boards`, and `inspect-tab` for TAB files. The image is read whole, changed in
 * memory and written back atomically, so a failed command leaves it untouched. `list`, `info`
 * and `inspect-tab` take `--json` for one JSON document on stdout.
 */
import { existsSync } from 'node:fs';
import { err, ok, type Result } from '@tock-ts/hil';
import { type Command, Option } from 'commander';
import { type PublicKey, readPublicKey } from '../crypto/public-keys.js';
import { type AppFlag, setAppFlag } from '../flash/app-flags.js';
import { installedAppsJson, kernelAttributesJson } from '../flash/apps-json.js';
import {
  type BoardSettings,
  DEFAULT_APP_ADDRESS,
  KNOWN_BOARDS,
  resolveBoardSettings,
} from '../flash/board-settings.js';
import { describeInstalledApps } from '../flash/describe-apps.js';
import { FlashImage } from '../flash/flash-image.js';
import { installTabs, type ReplaceMode } from '../flash/install.js';
import { findInstalledObjects } from '../flash/installed-apps.js';
import {
  appMemoryRegion,
  describeKernelAttributes,
  KERNEL_ATTRIBUTES_READ_LENGTH,
  type KernelAttributes,
  parseKernelAttributes,
} from '../flash/kernel-attributes.js';
import { eraseApps, uninstallApps } from '../flash/remove.js';
import { describeTab } from '../tab/describe-tab.js';
import { readTab, type Tab } from '../tab/tab-file.js';
import { tabJson } from '../tab/tab-json.js';
import type { JsonValue } from '../tbf/tbf-json.js';
import { readFileBytes, writeFileAtomic } from './files.js';
import { parseDecimalOrHex } from './numbers.js';
import type { CliOutput } from './program.js';
import { startProgress } from './progress.js';

/** Options every flash-image command takes. */
export interface BoardFlags {
  flashFile?: string;
  board?: string;
  arch?: string;
  appAddress?: number;
  flashAddress?: number;
  verbose?: boolean;
  force?: boolean;
}

/** Adds the options every flash-image command takes. */
export function addBoardOptions(command: Command): Command {
  return command
    .option('--flash-file <path>', 'operate on a flash image file instead of a board')
    .option('--board <name>', 'board name (selects known settings)')
    .option('--arch <architecture>', 'architecture of the board, e.g. cortex-m4 or rv32imac')
    .option('--app-address <address>', 'address where apps start', parseDecimalOrHex)
    .option('--flash-address <address>', 'address of the first byte of the flash image', parseDecimalOrHex)
    .option('-v, --verbose', 'show more detail')
    .option('--force', 'ignore sticky flags and board compatibility');
}

/** A flash image read in, with the board's settings and the kernel's attributes. */
export interface OpenedImage {
  readonly path: string;
  readonly image: FlashImage;
  readonly settings: BoardSettings;
  readonly kernelAttributes: KernelAttributes | undefined;
}

/** Reads the flash image and resolves the board settings the flags name. */
export function openImage(flags: BoardFlags): Result<OpenedImage, string> {
  if (flags.flashFile === undefined) {
    return err('only flash images are supported so far: pass --flash-file <path>');
  }
  const settings = resolveBoardSettings({
    ...(flags.board === undefined ? {} : { board: flags.board }),
    ...(flags.arch === undefined ? {} : { architecture: flags.arch }),
    ...(flags.appAddress === undefined ? {} : { appAddress: flags.appAddress }),
    ...(flags.flashAddress === undefined ? {} : { flashAddress: flags.flashAddress }),
  });
  if (!settings.ok) return settings;
  let bytes: Uint8Array = new Uint8Array(0);
  if (existsSync(flags.flashFile)) {
    const read = readFileBytes(flags.flashFile);
    if (!read.ok) return read;
    bytes = read.value;
  }
  const image = new FlashImage(bytes, settings.value.flashAddress, settings.value.maxSize);
  // As tockloader: the app RAM region from the kernel's attributes wins over the board table.
  const { appAddress } = settings.value;
  const attributes = parseKernelAttributes(
    image.read(appAddress - KERNEL_ATTRIBUTES_READ_LENGTH, KERNEL_ATTRIBUTES_READ_LENGTH),
  );
  const memory = appMemoryRegion(attributes);
  return ok({
    path: flags.flashFile,
    image,
    settings: memory === undefined ? settings.value : { ...settings.value, appRamAddress: memory.start },
    kernelAttributes: attributes,
  });
}

function readTabs(paths: readonly string[]): Result<Tab[], string> {
  const tabs: Tab[] = [];
  for (const path of paths) {
    const bytes = readFileBytes(path);
    if (!bytes.ok) return bytes;
    const tab = readTab(bytes.value);
    if (!tab.ok) return err(`${path}: ${tab.error}`);
    tabs.push(tab.value);
  }
  return ok(tabs);
}

/** Public keys from `--verify-credentials [keys...]`: none given means hashes only. */
function readVerificationKeys(
  option: boolean | string[] | undefined,
): Result<PublicKey[] | undefined, string> {
  if (option === undefined || option === false) return ok(undefined);
  const keys: PublicKey[] = [];
  for (const path of Array.isArray(option) ? option : []) {
    const bytes = readFileBytes(path);
    if (!bytes.ok) return bytes;
    const key = readPublicKey(bytes.value);
    if (key === undefined) return err(`${path}: not a NIST P-256 or RSA public key`);
    keys.push(key);
  }
  return ok(keys);
}

/** Writes the image back, first warning (as tockloader) about writes the size limit cut short. */
function saveImage(opened: OpenedImage, output: CliOutput): Result<void, string> {
  for (const address of opened.image.truncatedWrites) {
    output.stderr(`warning: the write at 0x${address.toString(16)} was cut short by the flash size limit\n`);
  }
  const { bytes } = opened.image;
  const progress = startProgress(output.progressStream, 'Writing', bytes.length);
  const written = writeFileAtomic(opened.path, bytes, (done) => progress.update(done));
  progress.stop();
  return written;
}

/** Reports a failed result as the command's error (one line, exit status 1). */
export function fail(command: Command, result: Result<unknown, string>): void {
  if (!result.ok) command.error(`error: ${result.error}`, { exitCode: 1 });
}

/** Prints `value` as one JSON document. */
export function printJson(output: CliOutput, value: JsonValue): void {
  output.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

/** Registers the app commands on `program`. */
export function addAppCommands(program: Command, output: CliOutput): void {
  program
    .command('inspect-tab')
    .description('Show the metadata and TBF headers of TAB files')
    .argument('<tab...>', 'TAB files')
    .option('--verify-credentials [keys...]', 'check hashes, and signatures with these public keys')
    .option('--json', 'print one JSON document: { "tabs": [...] }')
    .action(
      (
        paths: string[],
        flags: { verifyCredentials?: boolean | string[]; json?: boolean },
        command: Command,
      ) => {
        const keys = readVerificationKeys(flags.verifyCredentials);
        fail(command, keys);
        const tabs = readTabs(paths);
        fail(command, tabs);
        if (!tabs.ok || !keys.ok) return;
        if (flags.json === true) {
          printJson(output, { tabs: tabs.value.map((tab) => tabJson(tab, keys.value)) });
          return;
        }
        for (const tab of tabs.value) output.stdout(`${describeTab(tab, keys.value)}\n`);
      },
    );

  addBoardOptions(program.command('list').description('List the apps installed on the board'))
    .option('-q, --quiet', 'print only app names')
    .option(
      '--verify-credentials [keys...]',
      'check hashes, and signatures with these public keys (implies -v)',
    )
    .option('--json', 'print one JSON document: { "apps": [...] }')
    .action(
      (
        flags: BoardFlags & { quiet?: boolean; verifyCredentials?: boolean | string[]; json?: boolean },
        command: Command,
      ) => {
        const keys = readVerificationKeys(flags.verifyCredentials);
        fail(command, keys);
        const opened = openImage(flags);
        fail(command, opened);
        if (!opened.ok || !keys.ok) return;
        const { image, settings } = opened.value;
        const verbose = flags.verbose === true || keys.value !== undefined;
        if (flags.json === true) {
          const objects = findInstalledObjects(image, settings.appAddress, verbose);
          printJson(output, installedAppsJson(image, objects, keys.value));
          return;
        }
        const objects = findInstalledObjects(image, settings.appAddress, verbose);
        if (objects.length === 0 && flags.quiet !== true) output.stderr('No found apps.\n');
        output.stdout(
          `${describeInstalledApps(image, objects, verbose, flags.quiet === true, keys.value)}\n`,
        );
      },
    );

  addBoardOptions(program.command('info').description('Show everything about the apps on the board'))
    .option('--json', 'print one JSON document: { "apps": [...], "kernel_attributes": ... }')
    .action((flags: BoardFlags & { json?: boolean }, command: Command) => {
      const opened = openImage(flags);
      fail(command, opened);
      if (!opened.ok) return;
      const { image, settings, kernelAttributes } = opened.value;
      if (flags.json === true) {
        const objects = findInstalledObjects(image, settings.appAddress, false);
        printJson(output, {
          ...installedAppsJson(image, objects),
          kernel_attributes: kernelAttributesJson(kernelAttributes, settings.appAddress),
        });
        return;
      }
      const objects = findInstalledObjects(image, settings.appAddress, false);
      if (objects.length === 0) output.stderr('No found apps.\n');
      const apps = describeInstalledApps(image, objects, true, false);
      output.stdout(`Apps:\n${apps}${describeKernelAttributes(kernelAttributes, settings.appAddress)}\n`);
    });

  const installCommands: readonly [string, string, ReplaceMode][] = [
    ['install', 'Install apps from TAB files (replacing apps of the same name)', 'yes'],
    ['update', 'Replace installed apps of the same name; install nothing new', 'only'],
  ];
  for (const [name, description, mode] of installCommands) {
    const command = addBoardOptions(program.command(name).description(description)).argument(
      '<tab...>',
      'TAB files',
    );
    if (mode === 'yes') {
      command.addOption(
        new Option('--no-replace', 'install a second copy instead of replacing an app of the same name'),
      );
    }
    command
      .option('--erase', 'remove all non-sticky apps first')
      .option('--sticky', 'mark the installed apps sticky')
      .option('--preserve-order', 'install in the given order')
      .action(
        (
          paths: string[],
          flags: BoardFlags & {
            replace?: boolean;
            erase?: boolean;
            sticky?: boolean;
            preserveOrder?: boolean;
          },
          self: Command,
        ) => {
          const tabs = readTabs(paths);
          fail(self, tabs);
          const opened = openImage(flags);
          fail(self, opened);
          if (!tabs.ok || !opened.ok) return;
          const { image, settings } = opened.value;
          const installed = installTabs(image, settings, tabs.value, {
            replace: flags.replace === false ? 'no' : mode,
            erase: flags.erase === true,
            sticky: flags.sticky === true,
            force: flags.force === true,
            preserveOrder: flags.preserveOrder === true,
            log: (message) => {
              if (flags.verbose === true) output.stdout(`${message}\n`);
            },
          });
          fail(self, installed);
          fail(self, saveImage(opened.value, output));
          output.stdout(`Installed ${paths.length} TAB${paths.length === 1 ? '' : 's'}.\n`);
        },
      );
  }

  addBoardOptions(program.command('uninstall').description('Remove apps by name'))
    .argument('[name...]', 'app names')
    .action((names: string[], flags: BoardFlags, command: Command) => {
      const opened = openImage(flags);
      fail(command, opened);
      if (!opened.ok) return;
      const { image, settings } = opened.value;
      const removed = uninstallApps(image, settings, names, {
        force: flags.force === true,
        log: (message) => output.stdout(`${message}\n`),
      });
      fail(command, removed);
      if (!removed.ok) return;
      fail(command, saveImage(opened.value, output));
      output.stdout(`Uninstalled ${removed.value.join(', ')}.\n`);
    });

  const flagCommands: readonly [string, string, AppFlag, boolean][] = [
    ['enable-app', 'Mark apps enabled (started at boot)', 'enable', true],
    ['disable-app', 'Mark apps disabled (not started at boot)', 'enable', false],
    ['sticky-app', 'Mark apps sticky (kept by uninstall and erase-apps without --force)', 'sticky', true],
    ['unsticky-app', 'Clear the sticky flag of apps', 'sticky', false],
  ];
  for (const [name, description, flag, value] of flagCommands) {
    addBoardOptions(program.command(name).description(description))
      .argument('<name...>', 'app names')
      .action((names: string[], flags: BoardFlags, command: Command) => {
        const opened = openImage(flags);
        fail(command, opened);
        if (!opened.ok) return;
        const { image, settings } = opened.value;
        const changed = setAppFlag(image, settings, names, flag, value);
        fail(command, changed);
        if (!changed.ok) return;
        fail(command, saveImage(opened.value, output));
        output.stdout(
          `Set flag "${flag}" to "${value ? 'True' : 'False'}" for apps: ${changed.value.join(', ')}\n`,
        );
      });
  }

  addBoardOptions(
    program.command('erase-apps').description('Remove all apps (sticky ones only with --force)'),
  ).action((flags: BoardFlags, command: Command) => {
    const opened = openImage(flags);
    fail(command, opened);
    if (!opened.ok) return;
    const { image, settings } = opened.value;
    const kept = eraseApps(image, settings, flags.force === true);
    fail(command, kept);
    if (!kept.ok) return;
    fail(command, saveImage(opened.value, output));
    output.stdout(
      kept.value.length === 0
        ? 'All apps have been erased.\n'
        : `Kept sticky apps: ${kept.value.join(' ')}\n`,
    );
  });

  program
    .command('list-known-boards')
    .description('List the boards whose settings are built in')
    .action(() => {
      for (const [name, board] of Object.entries(KNOWN_BOARDS)) {
        const address = `0x${(board.appAddress ?? DEFAULT_APP_ADDRESS).toString(16)}`;
        output.stdout(`${name.padEnd(20)} ${board.architecture.padEnd(10)} apps at ${address}\n`);
      }
    });
}
