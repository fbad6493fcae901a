/**
 * A whole fake board for kernel tests: capabilities, the fake chip, a kernel, a scheduler,
 * drivers by number, and helpers to create processes from fake images and run the loop.
 */
import { type Capabilities, mintCapabilities } from '../capabilities.js';
import { type ProcessFaultPolicy, StopFaultPolicy } from '../fault-policies.js';
import { type IpcUpcallDelivery, Kernel, type KernelLoopStep, type KernelResources } from '../kernel.js';
import { kernelPanic } from '../kernel-panic.js';
import { type MemorySpan, ProcessStandard } from '../process-standard.js';
import type { Scheduler } from '../scheduler.js';
import { RoundRobinScheduler } from '../schedulers/round-robin.js';
import type { SyscallDriver } from '../syscall-driver.js';
import type { SyscallFilter } from '../syscall-filter.js';
import { FakeChip, type FakeChipOptions } from './fake-chip.js';
import type { FakeMpuConfig } from './fake-mpu.js';
import { type FakeProcessImageOptions, fakeProcessImage } from './fake-process-image.js';
import type { FakeStep } from './fake-steps.js';
import { FAKE_RESUME_PC, type FakeStoredState } from './fake-stored-state.js';

/** How to build the fake board. */
export interface FakeBoardOptions extends FakeChipOptions {
  /** Process slots in the kernel (default 4). */
  readonly processSlots?: number;
  /** The scheduler (default round robin, 10 ms). */
  readonly scheduler?: (kernel: Kernel, chip: FakeChip, capabilities: Capabilities) => Scheduler;
  /** A syscall filter (default none). */
  readonly syscallFilter?: SyscallFilter;
}

/** A fake process: a `ProcessStandard` over the fake chip's types. */
export type FakeProcess = ProcessStandard<FakeMpuConfig, FakeStoredState>;

/** Kernel, chip and drivers wired as a board's `setup()` would. */
export class FakeBoard {
  readonly capabilities = mintCapabilities();
  readonly chip: FakeChip;
  readonly kernel: Kernel;
  readonly drivers = new Map<number, SyscallDriver>();
  readonly resources: KernelResources;
  /** IPC, when a test installs it. */
  ipc: IpcUpcallDelivery | undefined;
  #remaining: MemorySpan;

  constructor(options: FakeBoardOptions = {}) {
    this.chip = new FakeChip(options);
    this.kernel = new Kernel(options.processSlots ?? 4);
    const scheduler =
      options.scheduler?.(this.kernel, this.chip, this.capabilities) ?? new RoundRobinScheduler(this.kernel);
    this.resources = {
      syscallDriverLookup: { withDriver: (driverNumber) => this.drivers.get(driverNumber) },
      scheduler,
      schedulerTimer: this.chip.schedulerTimer,
      ...(options.syscallFilter === undefined ? {} : { syscallFilter: options.syscallFilter }),
    };
    this.#remaining = { start: this.chip.ram.start, length: this.chip.ram.bytes.length };
  }

  /** Makes `driver` answer for its driver number. */
  addDriver(driverNumber: number, driver: SyscallDriver): void {
    this.drivers.set(driverNumber, driver);
  }

  /** Creates and installs a process from a fake image in the next free slot; panics on failure. */
  createProcess(
    image: FakeProcessImageOptions = {},
    faultPolicy: ProcessFaultPolicy = new StopFaultPolicy(),
  ): FakeProcess {
    const slot = this.kernel.nextFreeSlot();
    if (slot === undefined) kernelPanic('fake board: no free process slot');
    const created = ProcessStandard.create(
      this.kernel,
      this.chip,
      fakeProcessImage(image),
      this.#remaining,
      faultPolicy,
      undefined,
      slot,
    );
    if (!created.ok) kernelPanic(`fake board: process creation failed: ${created.error.error.kind}`);
    this.#remaining = created.value.remaining;
    this.kernel.installProcess(created.value.process, this.capabilities.processManagement);
    return created.value.process;
  }

  /** RAM not yet given to a process. */
  get remainingMemory(): MemorySpan {
    return this.#remaining;
  }

  /**
   * Wakes a parked scripted process so the steps pushed since it parked run: when it is
   * yield-waiting with nothing queued, queues a kernel function call to `FAKE_RESUME_PC`.
   */
  resume(process: FakeProcess): void {
    if (process.state.kind !== 'Yielded' || process.hasTasks() || process.storedState.script.length === 0)
      return;
    process.enqueueTask({
      kind: 'FunctionCall',
      source: { kind: 'Kernel' },
      pc: FAKE_RESUME_PC,
      argument0: 0,
      argument1: 0,
      argument2: 0,
      argument3: 0,
    });
  }

  /** Pushes `steps` onto `process`'s script, wakes it if parked, and runs the loop until idle. */
  runScript(process: FakeProcess, ...steps: FakeStep[]): void {
    process.storedState.push(...steps);
    this.resume(process);
    this.run();
  }

  /** One `kernelLoopOperation`. */
  step(noSleep = false): KernelLoopStep {
    return this.kernel.kernelLoopOperation(
      this.resources,
      this.chip,
      this.ipc,
      noSleep,
      this.capabilities.mainLoop,
    );
  }

  /** Runs the loop until it idles or `maxOperations` passes ran; returns the passes run. */
  run(maxOperations = 1000): number {
    return this.kernel.runUntilIdle(
      this.resources,
      this.chip,
      this.ipc,
      maxOperations,
      this.capabilities.mainLoop,
    );
  }
}
