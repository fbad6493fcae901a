/**
 * The nRF52840 as silicon: a Cortex-M4 at 64 MHz, 1 MB of flash at 0x0, 256 kB of RAM at
 * 0x2000_0000, and the peripheral models at their datasheet addresses on the interrupt numbers
 * of the product specification (upstream `chips/nrf5x/src/peripheral_interrupts.rs`).
 *
 * The core is built by the caller from the memory map and clock (`options.core`; with arch-cortexm,
 * `new CortexMChipCore({ ...NRF52840_CORE_CONFIGURATION, memory, clock })`), so the chip
 * composes whatever Cortex-M4 the board runs; `peripheralOnlyCore` gives a stand-in that records
 * the interrupt lines and whose sleeping only moves time. Knows nothing of Tock: bare-metal firmware can run
 * on it through the core. The one bus port the
 * drivers need is `bus`: word reads and writes at absolute addresses, where a write to flash is
 * carried to the NVMC (as the flash controller sees a store to flash on the chip).
 */
import { CoreVariant } from '@tock-ts/arch-cortexm';
import { type InterruptLine, MemoryMap, SimulationClock } from '@tock-ts/silicon';
import { EasyDma } from './easy-dma.js';
import { FICR_BASE, FICR_SIZE, Ficr, type FicrIdentity } from './ficr.js';
import { GPIO_BASE, GPIO_BLOCK_SIZE, Nrf52840Gpio } from './gpio.js';
import { GPIOTE_BASE, Gpiote } from './gpiote.js';
import { NVMC_BASE, Nvmc } from './nvmc.js';
import { POWER_CLOCK_BASE, PowerClock } from './power-clock.js';
import { RNG_BASE, Rng } from './rng.js';
import { RTC0_BASE, RTC1_BASE, RTC2_BASE, Rtc } from './rtc.js';
import { TEMP_BASE, Temp } from './temp.js';
import { TIMER0_BASE, TIMER1_BASE, TIMER2_BASE, TIMER3_BASE, TIMER4_BASE, Timer } from './timer.js';
import { UARTE0_BASE, Uarte } from './uarte.js';
import { UICR_BASE, UICR_SIZE, Uicr } from './uicr.js';

/** Flash: 1 MB at 0x0. */
export const FLASH_BASE = 0x0000_0000;
export const FLASH_SIZE = 0x10_0000;
/** Data RAM: 256 kB at 0x2000_0000. */
export const RAM_BASE = 0x2000_0000;
export const RAM_SIZE = 0x4_0000;
/** Core clock. */
export const CPU_FREQUENCY_HZ = 64_000_000;
/** External interrupts of the nRF52840 (0–47). */
export const EXTERNAL_INTERRUPT_COUNT = 48;
/** NVIC priority bits on the nRF52840. */
export const PRIORITY_BITS = 3;
/** Size of one peripheral's register block. */
export const PERIPHERAL_SIZE = 0x1000;

/** Interrupt numbers (nRF52840 product specification, instantiation table). */
export const Nrf52840Interrupt = {
  POWER_CLOCK: 0,
  RADIO: 1,
  UARTE0_UART0: 2,
  SPI0_TWI0: 3,
  SPI1_TWI1: 4,
  NFCT: 5,
  GPIOTE: 6,
  SAADC: 7,
  TIMER0: 8,
  TIMER1: 9,
  TIMER2: 10,
  RTC0: 11,
  TEMP: 12,
  RNG: 13,
  ECB: 14,
  CCM_AAR: 15,
  WDT: 16,
  RTC1: 17,
  QDEC: 18,
  COMP_LPCOMP: 19,
  TIMER3: 26,
  TIMER4: 27,
  RTC2: 36,
  USBD: 39,
  UARTE1: 40,
} as const;

/** How the nRF52840's Cortex-M4 is configured (options of arch-cortexm's `CortexMChipCore`). */
export const NRF52840_CORE_CONFIGURATION = {
  variant: CoreVariant.CortexM4,
  frequencyHz: CPU_FREQUENCY_HZ,
  externalInterrupts: EXTERNAL_INTERRUPT_COUNT,
  priorityBits: PRIORITY_BITS,
} as const;

/** What the peripherals need from the core: interrupt lines, WFI, and code-cache invalidation. */
export interface ChipCorePort {
  /** The line of external interrupt `irq`. */
  interruptLine(irq: number): InterruptLine;
  /** WFI: moves virtual time to the next event; false when nothing is scheduled. */
  sleep(): boolean;
}

/** Builds the core on the chip's memory map and clock. */
export type ChipCoreFactory<Core extends ChipCorePort> = (memory: MemoryMap, clock: SimulationClock) => Core;

/** A stand-in core for running the peripherals alone: records interrupt line levels. */
export class PeripheralOnlyCore implements ChipCorePort {
  /** Level of each external interrupt line (1 raised). */
  readonly lineLevels = new Uint8Array(EXTERNAL_INTERRUPT_COUNT);
  readonly #clock: SimulationClock;

  constructor(clock: SimulationClock) {
    this.#clock = clock;
  }

  interruptLine(irq: number): InterruptLine {
    if (!Number.isInteger(irq) || irq < 0 || irq >= EXTERNAL_INTERRUPT_COUNT) {
      throw new RangeError(`PeripheralOnlyCore: no external interrupt ${irq}`);
    }
    return {
      raise: () => {
        this.lineLevels[irq] = 1;
      },
      lower: () => {
        this.lineLevels[irq] = 0;
      },
    };
  }

  sleep(): boolean {
    const next = this.#clock.nextEventNanos;
    if (next === undefined) return false;
    this.#clock.advanceTo(next);
    return true;
  }

  /** The lowest-numbered raised line, or undefined. */
  nextRaised(): number | undefined {
    const index = this.lineLevels.indexOf(1);
    return index < 0 ? undefined : index;
  }
}

/** The core factory for running the peripherals without a CPU. */
export const peripheralOnlyCore: ChipCoreFactory<PeripheralOnlyCore> = (_memory, clock) =>
  new PeripheralOnlyCore(clock);

/** Options for building the silicon. */
export interface Nrf52840SiliconOptions<Core extends ChipCorePort = ChipCorePort> {
  /** Builds the core (`peripheralOnlyCore` for the peripherals alone). */
  readonly core: ChipCoreFactory<Core>;
  /** Called after the NVMC changed flash bytes (a core drops its decoded instructions here). */
  readonly onFlashChanged?: (address: number, length: number) => void;
  /** The board's clock (a new one when omitted). */
  readonly clock?: SimulationClock;
  /** Seed of the RNG's deterministic source. */
  readonly rngSeed?: number;
  /** Device identity in FICR. */
  readonly ficrIdentity?: FicrIdentity;
}

/**
 * Word access at absolute addresses, the port drivers reach registers and memory through (the
 * shape of `MemoryMap.read`/`write`, as the Cortex-M register drivers take it).
 */
export interface RegisterBus {
  /** Reads the word at `address` (unsigned), or `BUS_ERROR` where nothing answers. */
  read(address: number, size: 4): number;
  /** Writes the word at `address`; false where nothing accepted it. */
  write(address: number, size: 4, value: number): boolean;
}

/** The nRF52840's silicon: core, memories and peripherals. */
export class Nrf52840Silicon<Core extends ChipCorePort> {
  readonly clock: SimulationClock;
  readonly memory: MemoryMap;
  readonly flash: Uint8Array;
  readonly ram: Uint8Array;
  readonly core: Core;
  readonly powerClock: PowerClock;
  readonly uarte0: Uarte;
  readonly gpio: Nrf52840Gpio;
  readonly gpiote: Gpiote;
  readonly rtc0: Rtc;
  readonly rtc1: Rtc;
  readonly rtc2: Rtc;
  readonly timers: readonly [Timer, Timer, Timer, Timer, Timer];
  readonly rng: Rng;
  readonly temp: Temp;
  readonly nvmc: Nvmc;
  readonly ficr: Ficr;
  readonly uicr: Uicr;
  /** Register and memory access for drivers (flash stores go to the NVMC). */
  readonly bus: RegisterBus;

  constructor(options: Nrf52840SiliconOptions<Core>) {
    const clock = options.clock ?? new SimulationClock();
    this.clock = clock;
    const memory = new MemoryMap();
    this.memory = memory;
    this.ram = new Uint8Array(RAM_SIZE);
    this.flash = new Uint8Array(FLASH_SIZE).fill(0xff);
    // RAM first: the core's fastest store path is its first memory.
    memory.addMemory('ram', RAM_BASE, this.ram, true);
    memory.addMemory('flash', FLASH_BASE, this.flash, false);
    this.core = options.core(memory, clock);
    const line = (irq: number) => this.core.interruptLine(irq);
    const dma = new EasyDma(RAM_BASE, this.ram);
    const add = (name: string, base: number, peripheral: Parameters<MemoryMap['addPeripheral']>[3]) =>
      memory.addPeripheral(name, base, PERIPHERAL_SIZE, peripheral);

    this.powerClock = new PowerClock(clock, line(Nrf52840Interrupt.POWER_CLOCK));
    add('power-clock', POWER_CLOCK_BASE, this.powerClock);
    this.uarte0 = new Uarte(clock, dma, line(Nrf52840Interrupt.UARTE0_UART0));
    add('uarte0', UARTE0_BASE, this.uarte0);
    this.gpio = new Nrf52840Gpio();
    memory.addPeripheral('gpio', GPIO_BASE, GPIO_BLOCK_SIZE, this.gpio);
    this.gpiote = new Gpiote(this.gpio, line(Nrf52840Interrupt.GPIOTE));
    add('gpiote', GPIOTE_BASE, this.gpiote);
    this.rtc0 = new Rtc(clock, line(Nrf52840Interrupt.RTC0), 3);
    add('rtc0', RTC0_BASE, this.rtc0);
    this.rtc1 = new Rtc(clock, line(Nrf52840Interrupt.RTC1), 4);
    add('rtc1', RTC1_BASE, this.rtc1);
    this.rtc2 = new Rtc(clock, line(Nrf52840Interrupt.RTC2), 4);
    add('rtc2', RTC2_BASE, this.rtc2);
    this.timers = [
      new Timer(clock, line(Nrf52840Interrupt.TIMER0), 4),
      new Timer(clock, line(Nrf52840Interrupt.TIMER1), 4),
      new Timer(clock, line(Nrf52840Interrupt.TIMER2), 4),
      new Timer(clock, line(Nrf52840Interrupt.TIMER3), 6),
      new Timer(clock, line(Nrf52840Interrupt.TIMER4), 6),
    ];
    [TIMER0_BASE, TIMER1_BASE, TIMER2_BASE, TIMER3_BASE, TIMER4_BASE].forEach((base, index) => {
      const timer = this.timers[index];
      if (timer !== undefined) add(`timer${index}`, base, timer);
    });
    this.temp = new Temp(clock, line(Nrf52840Interrupt.TEMP));
    add('temp', TEMP_BASE, this.temp);
    this.rng = new Rng(clock, line(Nrf52840Interrupt.RNG), options.rngSeed ?? 1);
    add('rng', RNG_BASE, this.rng);
    this.uicr = new Uicr();
    this.nvmc = new Nvmc(clock, this.flash, this.uicr.words);
    this.uicr.connectController(this.nvmc);
    this.nvmc.onFlashChanged = options.onFlashChanged;
    add('nvmc', NVMC_BASE, this.nvmc);
    this.ficr = new Ficr(options.ficrIdentity);
    memory.addPeripheral('ficr', FICR_BASE, FICR_SIZE, this.ficr);
    memory.addPeripheral('uicr', UICR_BASE, UICR_SIZE, this.uicr);

    const nvmc = this.nvmc;
    this.bus = {
      read: (address: number, size: 4): number => memory.read(address >>> 0, size),
      write: (address: number, size: 4, value: number): boolean => {
        const target = address >>> 0;
        if (target < FLASH_BASE + FLASH_SIZE) return nvmc.programWord(target, value >>> 0) === undefined;
        return memory.write(target, size, value >>> 0);
      },
    };
  }

  /**
   * A polling loop in virtual time: while `condition()` is false, lets time pass to the next
   * scheduled event (the core sleeping). Returns false if nothing is left that could make it true.
   */
  waitUntil(condition: () => boolean): boolean {
    while (!condition()) {
      if (!this.core.sleep()) return false;
    }
    return true;
  }
}
