/**
 * The nRF52840-DK composition (upstream `boards/nordic/nrf52840dk/src/main.rs` and `lib.rs`), in
 * upstream's order: deferred calls, chip, kernel, UART mux, console and process console, the
 * other capsules and their grants, the scheduler, process loading, then the process console
 * starts and the main loop may run. `setup()` only wires things; nothing runs at import time.
 * It is one long function on purpose, like upstream's `start()`: the order of the sections is the
 * board's boot sequence, read top to bottom.
 */
import {
  CortexMChipCore,
  type CortexMConfig,
  CortexMMpu,
  type CortexMStoredState,
  CortexMUserspaceKernelBoundary,
  Nvic,
  SysTickSchedulerTimer,
} from '@tock-ts/arch-cortexm';
import type { UartDebugWriter } from '@tock-ts/capsules';
import {
  LowClockSource,
  NRF52840_CORE_CONFIGURATION,
  Nrf52840,
  Nrf52840DefaultPeripherals,
  Nrf52840Silicon,
  UARTE_DMA_REGION_SIZE,
} from '@tock-ts/chip-nrf52';
import { ActivationMode, FloatingState, LedLow } from '@tock-ts/hil';
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
import { DebugWriterComponent } from './components/debug-writer-component.js';
import { ButtonComponent, GpioComponent, LedsComponent } from './components/gpio-components.js';
import { ProcessConsoleComponent } from './components/process-console-component.js';
import { RoundRobinComponent } from './components/round-robin-component.js';
import { RngComponent, TemperatureComponent } from './components/sensor-components.js';
import { UartMuxComponent } from './components/uart-mux-component.js';
import { DEFAULT_FAULT_POLICY } from './fault-policy.js';
import { writeKernelVectorTable } from './kernel-image.js';
import {
  APP_FLASH_END,
  APP_FLASH_START,
  APP_RAM_END,
  APP_RAM_START,
  KERNEL_STACK_TOP,
  NUM_PROCS,
  RAM_START,
} from './memory-layout.js';
import { Nrf52840dkPlatform } from './platform.js';

/** Console baud rate (upstream 115200 on UARTE0). */
export const CONSOLE_BAUD_RATE = 115_200;
/** The DK's LEDs LED1-LED4 (P0.13-P0.16, active low). */
export const LED_PINS: readonly number[] = Object.freeze([13, 14, 15, 16]);
/** The DK's buttons BUTTON1-BUTTON4 (P0.11, P0.12, P0.24, P0.25; active low, pulled up). */
export const BUTTON_PINS: readonly number[] = Object.freeze([11, 12, 24, 25]);
/** GPIO driver pins by index: P1.01-P1.08, then P1.12-P1.15 at 10-13 (8 and 9 left out as upstream). */
export const GPIO_DRIVER_PINS: readonly (number | undefined)[] = Object.freeze([
  33,
  34,
  35,
  36,
  37,
  38,
  39,
  40,
  undefined,
  undefined,
  44,
  45,
  46,
  47,
]);
/** UARTE0's pins on the DK: TX P0.06, RX P0.08, RTS P0.05, CTS P0.07 (flow control off). */
export const CONSOLE_PINS = Object.freeze({ txd: 6, rxd: 8, rts: 5, cts: 7 });
/** Data RAM the UARTE's EasyDMA transfers go through (inside kernel RAM). */
const UARTE_DMA_REGION = RAM_START + 0x100;
/** The kernel version this board reports. */
export const KERNEL_VERSION = Object.freeze({ major: 2, minor: 3 });

/** How to build the board. */
export interface SetupOptions {
  /**
   * Contents of app flash from `APP_FLASH_START` (TBFs one after another, as tockloader places
   * them); at most `APP_FLASH_END - APP_FLASH_START` bytes. The rest of app flash stays erased.
   */
  readonly appFlash?: Uint8Array;
  /** What happens when a process faults (default: panic, like upstream). */
  readonly faultPolicy?: FaultPolicyChoice;
  /** Called when a process faults, before its fault policy applies (upstream `ProcessFault`). */
  readonly processFaultHook?: ProcessFaultHook;
  /** Seed of the RNG's deterministic entropy source. */
  readonly rngSeed?: number;
}

/** What `setup()` composed. */
export interface Composition {
  readonly kernel: Kernel;
  readonly chip: Nrf52840<CortexMConfig, CortexMStoredState>;
  readonly silicon: Nrf52840Silicon<CortexMChipCore>;
  readonly peripherals: Nrf52840DefaultPeripherals;
  readonly boundary: CortexMUserspaceKernelBoundary;
  readonly platform: Nrf52840dkPlatform;
  readonly resources: KernelResources;
  readonly ipc: Ipc;
  readonly processConsole: ProcessConsole;
  readonly debugWriter: UartDebugWriter;
  readonly capabilities: ReturnType<typeof mintCapabilities>;
  readonly loadResult: LoadProcessesResult<CortexMConfig, CortexMStoredState>;
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

  // ─── Kernel (it owns the deferred-call registry the chip's drivers register with) ─────────────
  const kernel = new Kernel(NUM_PROCS);

  // ─── Chip ─────────────────────────────────────────────────────────────────────────────────────
  const silicon = new Nrf52840Silicon<CortexMChipCore>({
    core: (memory, clock) => new CortexMChipCore({ ...NRF52840_CORE_CONFIGURATION, memory, clock }),
    rngSeed: options.rngSeed ?? 1,
  });
  silicon.flash.set(appFlash, APP_FLASH_START);
  writeKernelVectorTable(silicon.flash, KERNEL_STACK_TOP, NRF52840_CORE_CONFIGURATION.externalInterrupts);
  const chipCore = silicon.core;
  chipCore.reset();
  const peripherals = new Nrf52840DefaultPeripherals({
    bus: silicon.bus,
    busyWait: silicon,
    deferredCalls: kernel.deferredCalls,
    uarteDmaRegion: { address: UARTE_DMA_REGION, length: UARTE_DMA_REGION_SIZE },
  });
  const hardwareMpu = chipCore.mpu;
  if (hardwareMpu === undefined) throw new Error('the nRF52840 core has an MPU');
  const boundary = new CortexMUserspaceKernelBoundary(chipCore);
  const nvic = new Nvic(silicon.memory, NRF52840_CORE_CONFIGURATION.externalInterrupts);
  const chip = new Nrf52840<CortexMConfig, CortexMStoredState>({
    mpu: new CortexMMpu({ registers: hardwareMpu, numberOfRegions: 8, minimumRegionSize: 32 }),
    userspaceKernelBoundary: boundary,
    nvic,
    interruptCount: NRF52840_CORE_CONFIGURATION.externalInterrupts,
    interruptService: peripherals,
    waitForInterrupt: () => chipCore.sleep(),
    flash: { start: 0, bytes: silicon.flash },
    ram: { start: RAM_START, bytes: silicon.ram },
  });
  chip.initialize();

  peripherals.uarte0.initialize(CONSOLE_PINS.txd, CONSOLE_PINS.rxd);
  const pin = (number: number) => peripherals.gpioPort.pin(number);

  // ─── GPIO, buttons, LEDs ─────────────────────────────────────────────────────────────────────
  const gpio = new GpioComponent(
    kernel,
    GPIO_DRIVER_PINS.map((number) => (number === undefined ? undefined : pin(number))),
    capabilities.memoryAllocation,
  ).finalize();
  const button = new ButtonComponent(
    kernel,
    BUTTON_PINS.map((number) => ({
      pin: pin(number),
      mode: ActivationMode.ActiveLow,
      floating: FloatingState.PullUp,
    })),
    capabilities.memoryAllocation,
  ).finalize();
  const led = new LedsComponent(LED_PINS.map((number) => new LedLow(pin(number)))).finalize();

  // ─── Alarm ────────────────────────────────────────────────────────────────────────────────────
  peripherals.rtc.start();
  const alarmMux = new AlarmMuxComponent(peripherals.rtc).finalize();
  const alarm = new AlarmDriverComponent(kernel, alarmMux, capabilities.memoryAllocation).finalize();

  // ─── UART mux, process console, console, debug writer ────────────────────────────────────────
  const uartMux = new UartMuxComponent(
    peripherals.uarte0,
    CONSOLE_BAUD_RATE,
    kernel.deferredCalls,
  ).finalize();
  const processConsole = new ProcessConsoleComponent(
    kernel,
    uartMux,
    { processManagement: capabilities.processManagement, processStart: capabilities.processStart },
    { kernelVersion: KERNEL_VERSION, build: 'tock-ts' },
  ).finalize();
  const console = new ConsoleComponent(kernel, uartMux, capabilities.memoryAllocation).finalize();
  const debugWriter = new DebugWriterComponent(uartMux).finalize();

  // ─── Temperature, random numbers ──────────────────────────────────────────────────────────────
  const temperature = new TemperatureComponent(
    kernel,
    peripherals.temp,
    capabilities.memoryAllocation,
  ).finalize();
  const rng = new RngComponent(kernel, peripherals.trng, capabilities.memoryAllocation).finalize();

  // ─── Clocks: start the low- and high-frequency clocks and wait for both ───────────────────────
  const clocks = peripherals.clock;
  clocks.lowStop();
  clocks.highStop();
  clocks.lowSetSource(LowClockSource.XTAL);
  clocks.lowStart();
  clocks.highStart();
  silicon.waitUntil(() => clocks.lowStarted());
  silicon.waitUntil(() => clocks.highStarted());

  // ─── Scheduler ────────────────────────────────────────────────────────────────────────────────
  const scheduler = new RoundRobinComponent(kernel).finalize();
  const ipc = new Ipc(kernel, capabilities.memoryAllocation);
  const platform = new Nrf52840dkPlatform({ console, alarm, led, button, gpio, rng, temperature, ipc });
  const resources: KernelResources = {
    syscallDriverLookup: platform,
    scheduler,
    schedulerTimer: new SysTickSchedulerTimer(silicon.memory, NRF52840_CORE_CONFIGURATION.frequencyHz),
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
    silicon,
    peripherals,
    boundary,
    platform,
    resources,
    ipc,
    processConsole,
    debugWriter,
    capabilities,
    loadResult,
    faultPolicy,
  };
}
