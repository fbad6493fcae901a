/**
 * The kernel's syscall and context-switch rates on the nRF52840-DK with real Thumb code, using
 * our benchmark apps when their fixtures are in the tree (otherwise the rows are absent):
 *
 * - `syscall-loop` issues 100000 console-exists commands, each a trap into the kernel, the
 *   driver lookup and the command, and the return to the process;
 * - `ipc-ping` bounces 20000 IPC notifications off `ipc-pong`: every round is two switches
 *   between processes (to the service and back), through the IPC driver and the scheduler.
 *
 * Each board boots until its apps have started; the timed stretch runs until `ipc-ping` or
 * `syscall-loop` has terminated, and the rate is the work it did divided by that wall time.
 */
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { APP_FLASH_END, APP_FLASH_START, Nrf52840dkBoard } from '@tock-ts/board-nrf52840dk';
import { layOutAppFlash } from '@tock-ts/tock-ts';
import { appTbf, repositoryPath } from './fixtures.js';
import { absentRow, type Row } from './rows.js';

const SECOND = 1_000_000_000;
/** Rounds the apps are built with (see their sources in `apps/src`). */
const PING_ROUNDS = 20_000;

/** Boots `names`, then runs until the app `until` has terminated; returns the board and wall seconds. */
function runUntilTerminated(
  names: readonly string[],
  until: string,
): { board: Nrf52840dkBoard; seconds: number; syscallsBefore: number } {
  const laidOut = layOutAppFlash(
    names.map((name) => ({ source: name, tbf: appTbf(name) })),
    APP_FLASH_END - APP_FLASH_START,
  );
  if (!laidOut.ok) throw new Error(laidOut.error);
  const board = Nrf52840dkBoard.create({ appFlash: laidOut.value });
  const target = board.processes.find((process) => process.name === until);
  if (target === undefined) throw new Error(`${until} was not loaded`);
  while (board.processes.some((process) => process.syscallCount === 0) && board.nowNanos < SECOND) {
    board.run({ untilNanos: board.nowNanos + 1_000_000 });
  }
  const syscallsBefore = target.syscallCount;
  const start = performance.now();
  while (
    target.state.kind !== 'Terminated' &&
    target.state.kind !== 'Faulted' &&
    board.nowNanos < 60 * SECOND
  ) {
    board.run({ untilNanos: board.nowNanos + 10_000_000 });
  }
  return { board, seconds: (performance.now() - start) / 1000, syscallsBefore };
}

/** Why the app `name` ended unsuccessfully, or undefined when it exited with code 0. */
function failure(board: Nrf52840dkBoard, name: string): string | undefined {
  const process = board.processes.find((candidate) => candidate.name === name);
  if (process?.state.kind === 'Terminated' && process.completionCode?.code === 0) return undefined;
  return `${name} ended ${process?.state.kind ?? 'unloaded'} with completion code ${process?.completionCode?.code}`;
}

function missing(names: readonly string[]): string | undefined {
  const absent = names.filter((name) => !existsSync(repositoryPath(`apps/fixtures/${name}/cortex-m4.elf`)));
  return absent.length === 0 ? undefined : `no fixture apps/fixtures/${absent.join(', ')}/cortex-m4.elf`;
}

/** Syscall round trips per second of the `syscall-loop` app. */
export function measureBoardSyscalls(): Row {
  const name = 'nrf52840dk: syscall round trips, syscall-loop app';
  const unit = 'per s';
  const lacking = missing(['syscall-loop']);
  if (lacking !== undefined) return absentRow(name, unit, lacking);
  const { board, seconds, syscallsBefore } = runUntilTerminated(['syscall-loop'], 'syscall-loop');
  const failed = failure(board, 'syscall-loop');
  if (failed !== undefined) return absentRow(name, unit, failed);
  const process = board.processes[0];
  const syscalls = (process?.syscallCount ?? 0) - syscallsBefore;
  return {
    name,
    unit,
    value: syscalls / seconds,
    detail: `${syscalls} system calls of real Thumb code (console-exists commands, the final print and exit)`,
  };
}

/** Process-to-process switches per second of `ipc-ping` and `ipc-pong`. */
export function measureBoardSwitches(): Row {
  const name = 'nrf52840dk: context switches, ipc-ping and ipc-pong apps';
  const unit = 'per s';
  const lacking = missing(['ipc-ping', 'ipc-pong']);
  if (lacking !== undefined) return absentRow(name, unit, lacking);
  const { board, seconds } = runUntilTerminated(['ipc-ping', 'ipc-pong'], 'ipc-ping');
  const failed = failure(board, 'ipc-ping');
  if (failed !== undefined) return absentRow(name, unit, failed);
  return {
    name,
    unit,
    value: (2 * PING_ROUNDS) / seconds,
    detail: `${PING_ROUNDS} IPC notify-and-reply rounds, two switches between processes each`,
  };
}
