/**
 * The qemu_rv32_virt board as a host drives it: the composed board plus its host-facing ports —
 * console bytes out and in — and `run`, which drives the kernel loop in virtual time up to a
 * deadline and always returns.
 *
 * Idle time costs nothing: when no process is ready and no interrupt or deferred call is
 * pending, virtual time jumps to the next scheduled event (or to the deadline).
 */
import { encodeUtf8 } from '@tock-ts/capsules';
import { ErrorCode, err } from '@tock-ts/hil';
import { FaultAction, KernelPanic, type ProcessFaultHook, type ProcessStandard } from '@tock-ts/kernel';
import { formatPanicReport, formatProcessFault } from './fault-report.js';
import { type Composition, KERNEL_VERSION, type SetupOptions, setup } from './setup.js';

/** Virtual time one switch into a process may use before the host loop looks again. */
const RUN_BUDGET_NANOS = 10_000_000;

/** Where the board's output goes. */
export interface HostPorts {
  /** A byte the console UART sent, at the virtual time it finished. */
  consoleOutput?(byte: number): void;
}

/** Why `run` returned. */
export type RunOutcome =
  /** Virtual time reached the deadline. */
  | { readonly kind: 'DeadlineReached'; readonly nowNanos: number }
  /** The host called `requestStop` (for example from a console callback). */
  | { readonly kind: 'StopRequested'; readonly nowNanos: number }
  /** The kernel panicked (a process fault under the panic policy, or the `panic` command). */
  | { readonly kind: 'Panicked'; readonly nowNanos: number; readonly message: string };

/** Options of `QemuRv32VirtBoard.create`. */
export interface BoardOptions extends SetupOptions {
  readonly host?: HostPorts;
}

/** A booted qemu_rv32_virt. */
export class QemuRv32VirtBoard {
  readonly composition: Composition;
  readonly #host: HostPorts;
  #stopRequested = false;
  #panic: string | undefined;
  /** Console input not yet taken by the UART (it holds one byte without its FIFO enabled). */
  readonly #input: number[] = [];

  private constructor(composition: Composition, host: HostPorts) {
    this.composition = composition;
    this.#host = host;
  }

  /** Composes and boots the board: processes are loaded and the process console started. */
  static create(options: BoardOptions = {}): QemuRv32VirtBoard {
    const host = options.host ?? {};
    let board: QemuRv32VirtBoard | undefined;
    const processFaultHook: ProcessFaultHook = {
      // Prints Tock's fault report when the kernel survives the fault (a panic prints its own),
      // then lets the fault policy act.
      processFaultHook(process) {
        if (board !== undefined) {
          const action = board.composition.faultPolicy.action(process);
          if (action !== FaultAction.Panic) {
            const outcome = action === FaultAction.Restart ? 'will be restarted' : 'was stopped';
            board.printToConsole(formatProcessFault(process, outcome, board.composition.chip.hart));
          }
        }
        return err(ErrorCode.FAIL);
      },
    };
    const composition = setup({ ...options, processFaultHook });
    board = new QemuRv32VirtBoard(composition, host);
    composition.chip.silicon.uart0.onTransmit = (byte) => host.consoleOutput?.(byte);
    composition.debugWriter.debug('QEMU RISC-V 32-bit "virt" machine, initialization complete.');
    composition.debugWriter.debug('Entering main loop.');
    composition.processConsole.start();
    return board;
  }

  /** Virtual time now, in nanoseconds since reset. */
  get nowNanos(): number {
    return this.composition.chip.silicon.clock.nowNanos;
  }

  /** The processes in their slots. */
  get processes(): readonly ProcessStandard[] {
    return this.composition.kernel.processes();
  }

  /** One line per TBF in app flash that was not loaded. */
  get refusedApps(): readonly string[] {
    return this.composition.loadResult.refused;
  }

  /** The panic message once the kernel has panicked. */
  get panicMessage(): string | undefined {
    return this.#panic;
  }

  /**
   * Feeds bytes to the console UART's receive line (what a terminal would type). They enter the
   * UART as it has room for them, so none is lost to an overrun.
   */
  sendConsoleInput(bytes: Uint8Array): void {
    this.#input.push(...bytes);
    this.#feedInput();
  }

  #feedInput(): void {
    const uart = this.composition.chip.silicon.uart0;
    const count = Math.min(uart.receiveRoom, this.#input.length);
    if (count > 0) uart.receive(this.#input.splice(0, count));
  }

  /**
   * Makes the `run` in progress return `StopRequested` once the kernel operation in progress ends
   * (call it from a host callback). A request made outside `run` is dropped when the next starts.
   */
  requestStop(): void {
    this.#stopRequested = true;
  }

  /**
   * Runs the kernel loop until virtual time `untilNanos` (finite; the host slices longer runs), a
   * stop request or a panic.
   */
  run(options: { readonly untilNanos: number }): RunOutcome {
    if (!Number.isFinite(options.untilNanos)) {
      throw new RangeError(`run: untilNanos must be a finite virtual time, got ${options.untilNanos}`);
    }
    const { kernel, chip, resources, ipc, capabilities } = this.composition;
    const chipCore = chip.silicon.chipCore;
    const clock = chip.silicon.clock;
    const boundary = chip.userspaceKernelBoundary;
    this.#stopRequested = false;
    try {
      for (;;) {
        if (this.#panic !== undefined)
          return { kind: 'Panicked', nowNanos: clock.nowNanos, message: this.#panic };
        if (this.#stopRequested) return { kind: 'StopRequested', nowNanos: clock.nowNanos };
        const now = clock.nowNanos;
        if (now >= options.untilNanos) return { kind: 'DeadlineReached', nowNanos: now };
        if (this.#input.length > 0) this.#feedInput();
        boundary.runBudgetNanos = Math.max(1, Math.min(RUN_BUDGET_NANOS, options.untilNanos - now));
        const step = kernel.kernelLoopOperation(resources, chip, ipc, true, capabilities.mainLoop);
        if (step.kind !== 'Idle') continue;
        const next = clock.nextEventNanos;
        if (next === undefined || next > options.untilNanos) {
          const hart = chipCore.hart;
          hart.cycles = Math.max(hart.cycles, chipCore.cycleAtNanos(options.untilNanos));
          clock.advanceTo(options.untilNanos);
        } else {
          chip.sleep();
        }
      }
    } catch (error) {
      if (!(error instanceof KernelPanic)) throw error;
      this.#panic = error.message;
      this.printToConsole(formatPanicReport(error.message, KERNEL_VERSION, chip.hart, kernel.processes()));
      return { kind: 'Panicked', nowNanos: clock.nowNanos, message: error.message };
    }
  }

  /** Writes `text` (UTF-8) straight to the console output, as upstream's panic printer does. */
  printToConsole(text: string): void {
    const output = this.#host.consoleOutput;
    if (output === undefined) return;
    for (const byte of encodeUtf8(text)) output(byte);
  }
}
