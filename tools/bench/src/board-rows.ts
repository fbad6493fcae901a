/**
 * The nRF52840-DK board as users run it (`tock-ts run`): the composed board with our test apps
 * as TBFs in app flash, driven by its virtual-time run loop.
 *
 * - boot: wall time from nothing to every one of 4 apps (hello, syscalls, sleep, compute) having
 *   made its first system call — composition, process loading from the TBFs, the process
 *   console, and each process's start-up code;
 * - idle: an app sleeping on a 1 s alarm, for an hour of virtual time (virtual ÷ wall);
 * - compute-bound: an app that never stops computing, once it has started, against a real
 *   64 MHz nRF52840, whose virtual time our core advances by the cycles it executes
 *   (virtual ÷ wall);
 * - heap: `heapUsed` (and ArrayBuffer bytes: RAM and flash) per running board, from the
 *   difference around creating boards after a first one, with garbage collected before each
 *   reading.
 */
import { performance } from 'node:perf_hooks';
import { APP_FLASH_END, APP_FLASH_START, Nrf52840dkBoard } from '@tock-ts/board-nrf52840dk';
import { layOutAppFlash } from '@tock-ts/tock-ts';
import { appTbf } from './fixtures.js';
import { absentRow, type Row } from './rows.js';

const SECOND = 1_000_000_000;
const BOOT_APPS = ['hello', 'syscalls', 'sleep', 'compute'];
/** How long each board of the heap rows runs: its apps have started by then. */
const HEAP_RUN_NANOS = 300_000_000;

/** App flash holding our test apps `names`, laid out as tockloader does. */
function appFlash(names: readonly string[]): Uint8Array {
  const laidOut = layOutAppFlash(
    names.map((name) => ({ source: name, tbf: appTbf(name) })),
    APP_FLASH_END - APP_FLASH_START,
  );
  if (!laidOut.ok) throw new Error(laidOut.error);
  return laidOut.value;
}

/** Creates a board with `flash` and runs it until every process has made a system call. */
function bootOnce(flash: Uint8Array): { seconds: number; board: Nrf52840dkBoard } {
  const start = performance.now();
  const board = Nrf52840dkBoard.create({ appFlash: flash });
  while (board.processes.some((process) => process.syscallCount === 0) && board.nowNanos < SECOND) {
    board.run({ untilNanos: board.nowNanos + 100_000 });
  }
  const seconds = (performance.now() - start) / 1000;
  if (board.processes.length !== BOOT_APPS.length || board.refusedApps.length > 0) {
    throw new Error(`boot: ${board.processes.length} processes, refused: ${board.refusedApps.join('; ')}`);
  }
  if (board.processes.some((process) => process.syscallCount === 0)) {
    throw new Error('boot: an app made no system call within 1 s of virtual time');
  }
  return { seconds, board };
}

/** The first boot in this (fresh) process, then one more, warm. */
export function measureBoot(): Row[] {
  const flash = appFlash(BOOT_APPS);
  const first = bootOnce(flash);
  const warm = bootOnce(flash);
  const apps = `${BOOT_APPS.length} apps (${BOOT_APPS.join(', ')})`;
  return [
    {
      name: 'nrf52840dk: boot with 4 apps, first in a fresh process',
      unit: 'ms wall',
      value: first.seconds * 1000,
      detail: `${apps}, until each made its first syscall (${(first.board.nowNanos / 1e6).toFixed(1)} ms virtual, 250 ms of it the low-frequency clock starting); modules loaded, board code not yet run`,
    },
    {
      name: 'nrf52840dk: boot with 4 apps, second in the process',
      unit: 'ms wall',
      value: warm.seconds * 1000,
      detail: 'the same boot again, with the board code warm',
    },
  ];
}

/** The idle board for `virtualSeconds` of virtual time. */
export function measureIdle(virtualSeconds: number): Row {
  const name = `nrf52840dk idle: sleep app on a 1 s alarm, ${virtualSeconds} s virtual`;
  const unit = '× real time';
  const board = Nrf52840dkBoard.create({ appFlash: appFlash(['sleep']) });
  const start = performance.now();
  board.run({ untilNanos: virtualSeconds * SECOND });
  const seconds = (performance.now() - start) / 1000;
  const sleeper = board.processes[0];
  if (sleeper === undefined) throw new Error('idle: the sleep app was not loaded');
  if (sleeper.state.kind === 'Terminated' || sleeper.state.kind === 'Faulted') {
    const code = sleeper.completionCode?.code;
    const reason =
      code === 1 ? 'no alarm frequency: the board has no alarm driver (0x0)' : `completion code ${code}`;
    return absentRow(name, unit, `the sleep app ended (${sleeper.state.kind}, ${reason})`);
  }
  // Each wake-up is a yield returning and the next alarm being set: at least two syscalls.
  if (sleeper.syscallCount < 2 * (virtualSeconds - 1)) {
    return absentRow(name, unit, `the sleep app woke too rarely (${sleeper.syscallCount} syscalls)`);
  }
  return {
    name,
    unit,
    value: virtualSeconds / seconds,
    detail: `${sleeper.syscallCount} syscalls by the app (two per wake-up)`,
  };
}

/** The compute-bound app for `virtualSeconds` of virtual time once it has started. */
export function measureCompute(virtualSeconds: number): Row {
  const board = Nrf52840dkBoard.create({ appFlash: appFlash(['compute']) });
  const busy = board.processes[0];
  if (busy === undefined) throw new Error('compute: the app was not loaded');
  // Boot until the app has started (printed its line), then time the compute-bound stretch only.
  while (busy.syscallCount === 0 && board.nowNanos < SECOND) {
    board.run({ untilNanos: board.nowNanos + 1_000_000 });
  }
  const core = board.composition.silicon.core.core;
  const startNanos = board.nowNanos;
  const startInstructions = core.instructions;
  const start = performance.now();
  board.run({ untilNanos: startNanos + virtualSeconds * SECOND });
  const seconds = (performance.now() - start) / 1000;
  if (busy.state.kind !== 'Running') throw new Error(`compute: the app is ${busy.state.kind}`);
  const instructions = core.instructions - startInstructions;
  return {
    name: `nrf52840dk compute-bound app vs a real 64 MHz nRF52840, ${virtualSeconds} s virtual`,
    unit: '× real time',
    value: (board.nowNanos - startNanos) / SECOND / seconds,
    detail: `${instructions} guest instructions in ${busy.timesliceExpirationCount} timeslices (virtual time counts 64 MHz core cycles)`,
  };
}

/** Heap and ArrayBuffer bytes per board, over `boards` boards. */
export function measureHeap(boards: number): Row[] {
  const names = ['nrf52840dk: heap per running board', 'nrf52840dk: ArrayBuffer bytes per running board'];
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect === undefined) {
    return names.map((name) => absentRow(name, 'KiB', 'node was started without --expose-gc'));
  }
  const flash = appFlash(BOOT_APPS);
  // One board first, outside the difference: what the first board creates once for all of them
  // (compiled code, shared tables) is not memory per board.
  const warmUp = Nrf52840dkBoard.create({ appFlash: flash });
  warmUp.run({ untilNanos: HEAP_RUN_NANOS });
  collect();
  collect();
  const before = process.memoryUsage();
  const kept: Nrf52840dkBoard[] = [];
  for (let index = 0; index < boards; index++) {
    const board = Nrf52840dkBoard.create({ appFlash: flash });
    board.run({ untilNanos: HEAP_RUN_NANOS });
    kept.push(board);
  }
  collect();
  collect();
  const after = process.memoryUsage();
  const detail = `${boards} boards with ${BOOT_APPS.length} apps, each run for 300 ms virtual (the apps start at 250 ms)`;
  const rows: Row[] = [
    {
      name: names[0] ?? '',
      unit: 'KiB',
      value: (after.heapUsed - before.heapUsed) / boards / 1024,
      detail: `${detail}; process.memoryUsage().heapUsed`,
    },
    {
      name: names[1] ?? '',
      unit: 'KiB',
      value: (after.arrayBuffers - before.arrayBuffers) / boards / 1024,
      detail: `${detail}; memoryUsage().arrayBuffers (RAM, flash and register files)`,
    },
  ];
  if (kept.length !== boards || warmUp.nowNanos === 0) throw new Error('heap: boards were not kept');
  return rows;
}
