/**
 * Benchmark (not a test): system call round trips and process switches per second on the
 * nRF52840-DK with the real Cortex-M boundary, beside the same work through the kernel with the
 * fake boundary of `@tock-ts/kernel/testing` (no instruction set emulation).
 *
 *   pnpm exec tsx --conditions=source boards/nrf52840dk/bench/kernel-speed.ts
 *
 * Syscalls: the `syscall-loop` test app asks the console driver whether it exists (command 0)
 * 100,000 times; every round trip is a trap into the kernel, the command and the return. The
 * fake process makes the same 100,000 commands to a fake driver. Switches: `ipc-ping` notifies
 * the IPC service `ipc-pong` and yield-waits until `ipc-pong` notifies it back, 20,000 times;
 * every round hands the CPU from one process to the other and back. The fake pair runs the same
 * IPC script. Each figure is the median of five runs on fresh boards, after one warm-up run, per
 * wall-clock second and per second of CPU time this process used (the figure an unshared core
 * gives when other work competes for the machine).
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { cpuUsage } from 'node:process';
import { CommandReturn, IPC_DRIVER_NUMBER, Ipc, type SyscallDriver } from '@tock-ts/kernel';
import { command, FakeBoard, subscribe, yieldWait } from '@tock-ts/kernel/testing';
import { elfToTbf } from '@tock-ts/tockloader-ts';
import { Nrf52840dkBoard } from '../src/index.js';

const SYSCALL_ROUNDS = 100_000;
const PING_ROUNDS = 20_000;
const RUNS = 5;
/** Fake scripts are fed in batches: a fake process takes its steps off the front of an array. */
const BATCH = 1000;
const VIRTUAL_LIMIT_NANOS = 600 * 1_000_000_000;

function fixtureTbf(name: string): Uint8Array {
  const elf = readFileSync(new URL(`../../../apps/fixtures/${name}/cortex-m4.elf`, import.meta.url));
  const converted = elfToTbf(elf, { packageName: name, kernelVersion: { major: 2, minor: 0 } });
  if (!converted.ok) throw new Error(`${name}: ${converted.error}`);
  return converted.value.tbf;
}

/** TBFs back to back, largest first, so each stays aligned to its power-of-two size. */
function appFlash(tbfs: readonly Uint8Array[]): Uint8Array {
  const ordered = [...tbfs].sort((a, b) => b.length - a.length);
  const image = new Uint8Array(ordered.reduce((total, tbf) => total + tbf.length, 0));
  let offset = 0;
  for (const tbf of ordered) {
    image.set(tbf, offset);
    offset += tbf.length;
  }
  return image;
}

interface Run {
  /** Wall-clock seconds. */
  readonly seconds: number;
  /** Seconds of CPU time this process used (user and system): what an unshared core would take. */
  readonly cpuSeconds: number;
  readonly syscalls: number;
}

/** Starts a wall and a CPU stopwatch; the returned function reads both in seconds. */
function stopwatch(): () => { readonly seconds: number; readonly cpuSeconds: number } {
  const wall = performance.now();
  const cpu = cpuUsage();
  return () => {
    const used = cpuUsage(cpu);
    return { seconds: (performance.now() - wall) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
  };
}

/** Boots the board with `tbfs`, runs until the console shows `doneLine`; wall time and syscalls. */
function runBoard(tbfs: readonly Uint8Array[], doneLine: string): Run {
  let text = '';
  let board: Nrf52840dkBoard | undefined;
  board = Nrf52840dkBoard.create({
    appFlash: appFlash(tbfs),
    host: {
      consoleOutput(byte) {
        text += String.fromCharCode(byte);
        if (text.endsWith(doneLine)) board?.requestStop();
      },
    },
  });
  const elapsed = stopwatch();
  const outcome = board.run({ untilNanos: VIRTUAL_LIMIT_NANOS });
  const time = elapsed();
  if (outcome.kind !== 'StopRequested') throw new Error(`board stopped with ${outcome.kind}:\n${text}`);
  const syscalls = board.processes.reduce((total, process) => total + process.syscallCount, 0);
  return { ...time, syscalls };
}

/** The console driver's exists check, as a fake driver. */
const existsDriver: SyscallDriver = {
  command: () => CommandReturn.success(),
  allocateGrant: () => ({ ok: true, value: undefined }),
};

function fakeSyscalls(): Run {
  const board = new FakeBoard({ hostBudgetUs: 1e12 });
  board.addDriver(1, existsDriver);
  const process = board.createProcess({ packageName: 'syscall-loop' });
  board.run();
  const elapsed = stopwatch();
  for (let done = 0; done < SYSCALL_ROUNDS; done += BATCH) {
    for (let round = 0; round < BATCH; round++) process.storedState.push(command(1, 0));
    board.resume(process);
    board.run(10 * BATCH);
  }
  const time = elapsed();
  if (process.storedState.script.length !== 0) throw new Error('fake syscall loop did not finish');
  return { ...time, syscalls: process.syscallCount };
}

function fakePingPong(): Run {
  const board = new FakeBoard({ hostBudgetUs: 1e12 });
  const ipc = new Ipc(board.kernel, board.capabilities.memoryAllocation);
  board.addDriver(IPC_DRIVER_NUMBER, ipc);
  board.ipc = ipc;
  const ping = board.createProcess({ packageName: 'ipc-ping' });
  const pong = board.createProcess({ packageName: 'ipc-pong' });
  board.run();
  const upcallPc = pong.flashStart + 0x40;
  const pongIndex = pong.processId.index;
  const pingIndex = ping.processId.index;
  pong.storedState.push(subscribe(IPC_DRIVER_NUMBER, pongIndex, upcallPc, 0));
  ping.storedState.push(subscribe(IPC_DRIVER_NUMBER, pongIndex, ping.flashStart + 0x40, 0));
  const elapsed = stopwatch();
  for (let done = 0; done < PING_ROUNDS; done += BATCH) {
    for (let round = 0; round < BATCH; round++) {
      ping.storedState.push(command(IPC_DRIVER_NUMBER, 2, pongIndex), yieldWait());
      pong.storedState.push(yieldWait(), command(IPC_DRIVER_NUMBER, 3, pingIndex));
    }
    board.resume(pong);
    board.resume(ping);
    board.run(10 * BATCH);
  }
  const time = elapsed();
  const upcalls = ping.storedState.functionCalls.filter((call) => call.pc === ping.flashStart + 0x40).length;
  if (ping.storedState.script.length !== 0 || upcalls !== PING_ROUNDS) {
    throw new Error(`fake ping-pong did not finish: ${upcalls} replies`);
  }
  return { ...time, syscalls: ping.syscallCount + pong.syscallCount };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Median rates of `count(run)` per wall second and per CPU second over `RUNS` runs after one warm-up. */
function rate(
  measure: () => Run,
  count: (run: Run) => number,
): { readonly wall: number; readonly cpu: number } {
  measure();
  const runs = Array.from({ length: RUNS }, () => measure());
  return {
    wall: median(runs.map((run) => count(run) / run.seconds)),
    cpu: median(runs.map((run) => count(run) / run.cpuSeconds)),
  };
}

function format(perSecond: { readonly wall: number; readonly cpu: number }): string {
  const figure = (value: number) => Math.round(value).toLocaleString('en-US');
  return `${figure(perSecond.wall)}/s (${figure(perSecond.cpu)} per CPU second)`;
}

const loop = fixtureTbf('syscall-loop');
const pingPong = [fixtureTbf('ipc-ping'), fixtureTbf('ipc-pong')];

const boardSyscalls = rate(
  () => runBoard([loop], 'syscall-loop: done\n'),
  (run) => run.syscalls,
);
const kernelSyscalls = rate(fakeSyscalls, (run) => run.syscalls);
const boardSwitches = rate(
  () => runBoard(pingPong, 'ipc-ping: done\n'),
  () => 2 * PING_ROUNDS,
);
const kernelSwitches = rate(fakePingPong, () => 2 * PING_ROUNDS);

console.log(`| | nRF52840-DK (Cortex-M4 boundary) | kernel with the fake boundary |`);
console.log(`|---|---|---|`);
console.log(
  `| syscall round trips (command 0 to the console driver) | ${format(boardSyscalls)} | ${format(kernelSyscalls)} |`,
);
console.log(
  `| process switches (IPC ping-pong, two per round) | ${format(boardSwitches)} | ${format(kernelSwitches)} |`,
);
