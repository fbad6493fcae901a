/**
 * The qemu_rv32_virt composition (upstream `boards/qemu_rv32_virt/src/main.rs`), in upstream's
 * order: kernel, chip, UART mux, console and process console, alarm over the machine timer,
 * low-level debug, IPC, the cooperative scheduler, process loading. `setup()` only wires things;
 * nothing runs at import time. Read top to bottom, it is the board's boot sequence.
 */
import { type PmpUserMpuConfig, type RiscvStoredState, UART_16550_BAUD_BASE } from '@tock-ts/arch-rv32';
import {
  type AlarmDriver,
  type Console,
  type LowLevelDebug,
  type UartDebugWriter,
  VirtualMuxAlarm,
} from '@tock-ts/capsules';
import { QemuRv32VirtChip } from '@tock-ts/chip-qemu-rv32-virt';
import {
  createFaultPolicy,
  type FaultPolicyChoice,
  Ipc,
  Kernel,
  type KernelResources,
  type LoadProcessesResult,
  loadProcesses,
  mintCapabilities,
  type ProcessConsole,
  type ProcessFaultHook,
  type ProcessFaultPolicy,
} from '@tock-ts/kernel';
import { AlarmDriverComponent, AlarmMuxComponent } from './components/alarm-components.js';
import { ConsoleComponent } from './components/console-component.js';
import { CooperativeComponent } from './components/cooperative-component.js';
import { DebugWriterComponent } from './components/debug-writer-component.js';
import { LowLevelDebugComponent } from './components/low-level-debug-component.js';
import { ProcessConsoleComponent } from './components/process-console-component.js';
import { UartMuxComponent } from './components/uart-mux-component.js';
import { VirtualSchedulerTimer } from './components/virtual-scheduler-timer.js';
import { DEFAULT_FAULT_POLICY } from './fault-policy.js';
import { APP_FLASH_END, APP_FLASH_START, APP_RAM_END, APP_RAM_START, NUM_PROCS } from './memory-layout.js';
import { QemuRv32VirtPlatform } from './platform.js';

/** Console baud rate (upstream 115200 on the 16550). */
export const CONSOLE_BAUD_RATE = 115_200;
/** The kernel version this board reports. */
export const KERNEL_VERSION = Object.freeze({ major: 2, minor: 3 });

/** How to build the board. */
export interface SetupOptions {
  /**
   * Contents of app flash from `APP_FLASH_START` (each TBF at the address its FixedAddresses TLV
   * needs, gaps filled with padding TBFs); at most `APP_FLASH_END - APP_FLASH_START` bytes.
   */
  readonly appFlash?: Uint8Array;
  /** What happens when a process faults (default: panic, like upstream). */
  readonly faultPolicy?: FaultPolicyChoice;
  /** Called when a process faults, before its fault policy applies (upstream `ProcessFault`). */
  readonly processFaultHook?: ProcessFaultHook;
}

/** What `setup()` composed. */
export interface Composition {
  readonly kernel: Kernel;
  readonly chip: QemuRv32VirtChip;
  readonly platform: QemuRv32VirtPlatform;
  readonly resources: KernelResources;
  readonly ipc: Ipc;
  readonly console: Console;
  readonly alarm: AlarmDriver;
  readonly lowLevelDebug: LowLevelDebug;
  readonly processConsole: ProcessConsole;
  readonly debugWriter: UartDebugWriter;
  readonly capabilities: ReturnType<typeof mintCapabilities>;
  readonly loadResult: LoadProcessesResult<PmpUserMpuConfig, RiscvStoredState>;
  /** The fault policy every process was loaded with. */
  readonly faultPolicy: ProcessFaultPolicy;
}

/** Composes the board. Throws a `RangeError` when `appFlash` does not fit app flash. */
export function setup(options: SetupOptions = {}): Composition {
  const appFlash = options.appFlash ?? new Uint8Array(0);
  if (appFlash.length > APP_FLASH_END - APP_FLASH_START) {
    throw new RangeError(`app flash image of ${appFlash.length} bytes does not fit the board's app flash`);
  }
  const capabilities = mintCapabilities();

  // ─── Kernel ───────────────────────────────────────────────────────────────────────────────────
  const kernel = new Kernel(NUM_PROCS);

  // ─── Chip ─────────────────────────────────────────────────────────────────────────────────────
  const chip = new QemuRv32VirtChip();
  chip.flash.bytes.fill(0xff);
  chip.flash.bytes.set(appFlash, 0);
  chip.initialize();

  // ─── UART mux, console, process console, debug writer ────────────────────────────────────────
  const uartMux = new UartMuxComponent(chip.uart0, CONSOLE_BAUD_RATE, kernel.deferredCalls).finalize();
  const console = new ConsoleComponent(kernel, uartMux, capabilities.memoryAllocation).finalize();
  const processConsole = new ProcessConsoleComponent(
    kernel,
    uartMux,
    { processManagement: capabilities.processManagement, processStart: capabilities.processStart },
    { kernelVersion: KERNEL_VERSION, build: 'tock-ts' },
  ).finalize();
  const debugWriter = new DebugWriterComponent(uartMux).finalize();

  // ─── Alarm over the machine timer ─────────────────────────────────────────────────────────────
  const alarmMux = new AlarmMuxComponent(chip.timer).finalize();
  const alarm = new AlarmDriverComponent(kernel, alarmMux, capabilities.memoryAllocation).finalize();

  // ─── Low-level debug, IPC ─────────────────────────────────────────────────────────────────────
  const lowLevelDebug = new LowLevelDebugComponent(kernel, uartMux, capabilities.memoryAllocation).finalize();
  const ipc = new Ipc(kernel, capabilities.memoryAllocation);

  // ─── Scheduler ────────────────────────────────────────────────────────────────────────────────
  const scheduler = new CooperativeComponent(kernel).finalize();
  const platform = new QemuRv32VirtPlatform({ console, alarm, lowLevelDebug, ipc });
  const resources: KernelResources = {
    syscallDriverLookup: platform,
    scheduler,
    schedulerTimer: new VirtualSchedulerTimer(new VirtualMuxAlarm(alarmMux)).setup(),
    ...(options.processFaultHook === undefined ? {} : { processFault: options.processFaultHook }),
  };

  // ─── Processes ────────────────────────────────────────────────────────────────────────────────
  const faultPolicy = createFaultPolicy(options.faultPolicy ?? DEFAULT_FAULT_POLICY);
  const loadResult = loadProcesses(
    kernel,
    chip,
    {
      appFlashStart: APP_FLASH_START,
      appFlashEnd: APP_FLASH_END,
      appMemory: { start: APP_RAM_START, length: APP_RAM_END - APP_RAM_START },
    },
    faultPolicy,
    capabilities.processManagement,
  );

  return {
    kernel,
    chip,
    platform,
    resources,
    ipc,
    console,
    alarm,
    lowLevelDebug,
    processConsole,
    debugWriter,
    capabilities,
    loadResult,
    faultPolicy,
  };
}

/** The 16550's divisor base, re-exported for tools that show the console's line settings. */
export const CONSOLE_BAUD_BASE = UART_16550_BAUD_BASE;
