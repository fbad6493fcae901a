/**
 * The `tock-ts` command line: `tock-ts run [FILES...]` boots a board with TAB/TBF/ELF files (or a
 * flash image, or with no files the bundled demo apps) and runs it. Returns the exit code.
 */
import { readFileSync } from 'node:fs';
import { APP_FLASH_END, APP_FLASH_START, descriptor } from '@tock-ts/board-nrf52840dk';
import * as qemu from '@tock-ts/board-qemu-rv32-virt';
import { Command, CommanderError, Option } from 'commander';
import { type AppBinary, appsFromFile, type Checked, checkAppRegion, layOutAppFlash } from './app-flash.js';
import { type ListenOption, runWithConsoleBridge } from './console-bridge.js';
import { DEMO_APP_NAMES, fixtureApp } from './demo-apps.js';
import { layOutFixedAddressAppFlash } from './fixed-address-flash.js';
import { checkRunOptions, type RawRunOptions, type RunOptions } from './run-options.js';
import { ExitCode, runSession, type SessionIo } from './session.js';

/** Where the command line writes and how it reads files (tests pass their own). */
export interface ProgramIo extends SessionIo {
  /** Usage and error text. */
  writeError(text: string): void;
  /** Usage and help on request. */
  writeOut(text: string): void;
  readFile(path: string): Uint8Array;
}

function readOrError(io: ProgramIo, path: string): Checked<Uint8Array> {
  try {
    return { ok: true, value: io.readFile(path) };
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    return { ok: false, error: `${path}: cannot read (${reason})` };
  }
}

/** The slots our rv32imac fixtures are linked for (flash and RAM addresses of the binary). */
const RV32_FIXTURE_SLOTS = Object.freeze(['0x80100080.0x80300000', '0x80110080.0x80310000']);
/** The demo apps on qemu_rv32_virt, which has neither LEDs nor buttons nor sensors. */
const RV32_DEMO_APP_NAMES = Object.freeze(['hello', 'alarms']);

/** App flash for qemu_rv32_virt: each file's TBFs are the alternatives of one fixed-address app. */
function qemuAppFlash(options: RunOptions, io: ProgramIo): Checked<Uint8Array> {
  const target = qemu.descriptor;
  if (options.flashFile !== undefined) {
    return {
      ok: false,
      error: '--flash-file: only for nrf52840dk; give qemu_rv32_virt TAB, TBF or ELF files',
    };
  }
  const apps: AppBinary[][] = [];
  if (options.files.length === 0) {
    for (const name of RV32_DEMO_APP_NAMES) {
      const alternatives: AppBinary[] = [];
      for (const slot of RV32_FIXTURE_SLOTS) {
        const app = fixtureApp(name, `${target.arch}.${slot}`);
        if (!app.ok) return app;
        alternatives.push(app.value);
      }
      apps.push(alternatives);
    }
  }
  for (const path of options.files) {
    const bytes = readOrError(io, path);
    if (!bytes.ok) return bytes;
    const found = appsFromFile(path, bytes.value, {
      architecture: target.arch,
      boardNames: [target.name, target.tockloaderName],
    });
    if (!found.ok) return found;
    apps.push(found.value);
  }
  return layOutFixedAddressAppFlash(apps, qemu.APP_FLASH_START, qemu.APP_FLASH_END - qemu.APP_FLASH_START);
}

/** The app flash contents the options ask for. */
export function appFlashFor(options: RunOptions, io: ProgramIo): Checked<Uint8Array> {
  if (options.board === 'qemu_rv32_virt') return qemuAppFlash(options, io);
  const capacity = APP_FLASH_END - APP_FLASH_START;
  if (options.flashFile !== undefined) {
    const image = readOrError(io, options.flashFile);
    if (!image.ok) return image;
    if (image.value.length <= APP_FLASH_START) {
      return {
        ok: false,
        error: `${options.flashFile}: a flash image of ${image.value.length} bytes ends before app flash (0x${APP_FLASH_START.toString(16)})`,
      };
    }
    if (image.value.length > APP_FLASH_END) {
      return {
        ok: false,
        error: `${options.flashFile}: the flash image is larger than the board's 1 MiB flash`,
      };
    }
    return checkAppRegion(options.flashFile, image.value.subarray(APP_FLASH_START), APP_FLASH_START);
  }
  const apps: AppBinary[] = [];
  if (options.files.length === 0) {
    for (const name of DEMO_APP_NAMES) {
      const app = fixtureApp(name, descriptor.arch);
      if (!app.ok) return app;
      apps.push(app.value);
    }
  }
  for (const path of options.files) {
    const bytes = readOrError(io, path);
    if (!bytes.ok) return bytes;
    const found = appsFromFile(path, bytes.value, {
      architecture: descriptor.arch,
      boardNames: [descriptor.name, descriptor.tockloaderName],
    });
    if (!found.ok) return found;
    apps.push(...found.value);
  }
  return layOutAppFlash(apps, capacity);
}

function buildProgram(
  io: ProgramIo,
  onRun: (raw: RawRunOptions & ListenOption, files: string[]) => void,
): Command {
  const program = new Command('tock-ts')
    .description('Run Tock apps on emulated boards.')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.writeOut(text), writeErr: (text) => io.writeError(text) })
    .showHelpAfterError();
  program
    .command('run')
    .description(
      'Boot a board with TAB/TBF/ELF files (or a flash image); with neither, the bundled demo apps. Console on stdin/stdout.',
    )
    .argument('[files...]', 'TAB, TBF or ELF files to install')
    .addOption(new Option('--board <name>', 'the board to boot').default('nrf52840dk'))
    .option('--flash-file <path>', 'a flash image (offset = address, as tockloader --flash-file writes it)')
    .option('--timeout <seconds>', 'stop after this much virtual time (exit 0, or 1 with --until)')
    .option('--until <regex>', 'exit 0 as soon as the console output matches')
    .addOption(
      new Option('--press <button@seconds>', 'press button B at S seconds of virtual time (repeatable)')
        .argParser((value: string, previous: string[]) => [...previous, value])
        .default([]),
    )
    .option('--realtime', 'pace virtual time to wall time')
    .option(
      '--listen <port>',
      'also serve the console on 127.0.0.1:PORT (0: any free port); waits for a client',
    )
    .addOption(
      new Option(
        '--fault-policy <policy>',
        'what a process fault does: panic, stop, restart, threshold-stop:N, threshold-panic:N',
      ).default('panic'),
    )
    .exitOverride()
    .showHelpAfterError()
    .action((files: string[], raw: RawRunOptions & ListenOption) => onRun(raw, files));
  return program;
}

/** Runs the command line `argv` (without the node and script paths); resolves to the exit code. */
export async function runProgram(argv: readonly string[], io: ProgramIo): Promise<number> {
  let request: { raw: RawRunOptions & ListenOption; files: string[] } | undefined;
  const program = buildProgram(io, (raw, files) => {
    request = { raw, files };
  });
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? ExitCode.Success : ExitCode.BadInput;
    }
    throw error;
  }
  if (request === undefined) {
    io.writeError(program.helpInformation());
    return ExitCode.BadInput;
  }
  const options = checkRunOptions(request.raw, request.files);
  if (!options.ok) {
    io.writeError(`tock-ts run: ${options.error}\n`);
    return ExitCode.BadInput;
  }
  const appFlash = appFlashFor(options.value, io);
  if (!appFlash.ok) {
    io.writeError(`tock-ts run: ${appFlash.error}\n`);
    return ExitCode.BadInput;
  }
  const { listen } = request.raw;
  if (listen === undefined) return runSession(options.value, appFlash.value, io);
  return runWithConsoleBridge(listen, io, (bridged) => runSession(options.value, appFlash.value, bridged));
}

/** File reading for the real command line. */
export function readFileBytes(path: string): Uint8Array {
  return readFileSync(path);
}
