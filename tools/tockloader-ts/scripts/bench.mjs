// Benchmark of tockloader-ts (run `pnpm build` first): ELF → TBF conversions, TAB writing and
// flash-image installs per second, in process. With ELF2TAB=<elf2tab binary> and/or
// TOCKLOADER=<tockloader command> set, the same work is timed with those tools in the same run
// and the ratio printed (each of their runs is a process; ours are calls, and one process run of
// our CLI is timed as well for a like-for-like figure).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { elfToTbf, FlashImage, installTabs, readTab, resolveBoardSettings, writeTab } from '../dist/index.js';

const fixtures = new URL('../test-fixtures/', import.meta.url);
const cli = new URL('../dist/cli/main.js', import.meta.url).pathname;
const elfNames = [
  'cortex-m4.elf',
  'cortex-m0.elf',
  'rv32imac.0x80100080.0x80300000.elf',
  'hello/cortex-m4.elf',
];
const elfs = elfNames.map((name) => new Uint8Array(readFileSync(new URL(name, fixtures))));

/** Calls `work` repeatedly for about `milliseconds` and returns calls per second. */
function rate(work, milliseconds = 1000) {
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < milliseconds) {
    work();
    calls++;
    elapsed = performance.now() - start;
  }
  return (calls * 1000) / elapsed;
}

function format(value) {
  if (value >= 100) return value.toFixed(0);
  return value >= 1 ? value.toFixed(1) : value.toFixed(3);
}

const options = { packageName: 'bench', kernelVersion: { major: 2, minor: 2 }, sha256: true };
const results = [];

const convertRate = rate(() => {
  for (const elf of elfs) {
    const result = elfToTbf(elf, options);
    if (!result.ok) throw new Error(result.error);
  }
});
results.push(['elfToTbf (4 ELFs, SHA-256)', convertRate * elfs.length, 'TBFs/s']);

const tbfs = elfs.map((elf, index) => {
  const result = elfToTbf(elf, options);
  if (!result.ok) throw new Error(result.error);
  return {
    architecture: elfNames[index].replace(/\.elf$/, '').replace(/^hello\//, ''),
    tbf: result.value.tbf,
  };
});
results.push(['writeTab (4 TBFs)', rate(() => writeTab({ name: 'bench' }, tbfs)), 'TABs/s']);

const board = resolveBoardSettings({ board: 'nrf52dk' });
if (!board.ok) throw new Error(board.error);
const tabs = ['a', 'b', 'c'].map((name, index) => {
  const tbf = elfToTbf(elfs[index % 2], { packageName: name, minimumFooterSize: 600 * index });
  if (!tbf.ok) throw new Error(tbf.error);
  const tab = readTab(writeTab({ name }, [{ architecture: 'cortex-m4', tbf: tbf.value.tbf }]));
  if (!tab.ok) throw new Error(tab.error);
  return tab.value;
});
const installRate = rate(() => {
  const image = new FlashImage(new Uint8Array(0), 0, board.value.maxSize);
  const result = installTabs(image, board.value, tabs);
  if (!result.ok) throw new Error(result.error);
});
results.push(['installTabs (3 apps, empty nrf52dk image)', installRate, 'installs/s']);

const directory = mkdtempSync(join(tmpdir(), 'tockloader-ts-bench-'));
const elfPath = join(directory, 'cortex-m4.elf');
writeFileSync(elfPath, elfs[0]);

function processRate(command, args, runs = 10) {
  const start = performance.now();
  for (let run = 0; run < runs; run++) {
    const child = spawnSync(command[0], [...command.slice(1), ...args], { cwd: directory, stdio: 'ignore' });
    if (child.status !== 0) throw new Error(`${command.join(' ')} ${args.join(' ')} failed`);
  }
  return (runs * 1000) / (performance.now() - start);
}

const elf2tabArgs = ['--deterministic', '-n', 'bench', '--sha256', '-o', join(directory, 'out.tab'), elfPath];
const ours = processRate([process.execPath, cli, 'elf2tab'], elf2tabArgs);
results.push(['tockloader-ts elf2tab (one process per run)', ours, 'runs/s']);
if (process.env.ELF2TAB) {
  const theirs = processRate([process.env.ELF2TAB], elf2tabArgs);
  results.push(['elf2tab (one process per run)', theirs, 'runs/s']);
  results.push(['  ratio tockloader-ts / elf2tab, process runs', ours / theirs, '×']);
}

const tabPath = join(directory, 'out.tab');
const installArgs = ['install', '--board', 'nrf52dk', '--arch', 'cortex-m4', '--app-address', '0x40000'];
const oursInstall = processRate(
  [process.execPath, cli],
  [...installArgs, '--flash-file', join(directory, 'ts.bin'), tabPath],
);
results.push(['tockloader-ts install --flash-file (one process per run)', oursInstall, 'runs/s']);
if (process.env.TOCKLOADER) {
  const command = process.env.TOCKLOADER.split(' ');
  const theirs = processRate(command, [...installArgs, '--flash-file', join(directory, 'py.bin'), tabPath]);
  results.push(['tockloader install --flash-file (one process per run)', theirs, 'runs/s']);
  results.push(['  ratio tockloader-ts / tockloader, process runs', oursInstall / theirs, '×']);
}
rmSync(directory, { recursive: true, force: true });

for (const [name, value, unit] of results)
  console.log(`${name.padEnd(58)} ${format(value).padStart(10)} ${unit}`);
