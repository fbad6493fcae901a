/**
 * The whole nRF52840 in one call: the silicon on arch-cortexm's Cortex-M4, the default
 * peripheral drivers, and the kernel's `Chip` with the Cortex-M MPU driver, userspace boundary,
 * NVIC driver and SysTick scheduler timer (what upstream's nRF52840-DK `main.rs` builds with
 * `Nrf52840DefaultPeripherals::new` and `NRF52::new`).
 */
import {
  CortexMChipCore,
  CortexMMpu,
  type CortexMStoredState,
  CortexMUserspaceKernelBoundary,
  MPU_BASE_ADDRESS,
  Nvic,
  SysTickSchedulerTimer,
} from '@tock-ts/arch-cortexm';
import type { DeferredCallRegistry } from '@tock-ts/kernel';
import type { SimulationClock } from '@tock-ts/silicon';
import { Nrf52840 } from './drivers/chip.js';
import { Nrf52840DefaultPeripherals } from './drivers/interrupt-service.js';
import type { DmaRegion } from './drivers/registers.js';
import type { FicrIdentity } from './silicon/ficr.js';
import {
  EXTERNAL_INTERRUPT_COUNT,
  NRF52840_CORE_CONFIGURATION,
  Nrf52840Silicon,
} from './silicon/nrf52840-silicon.js';

/** Regions of the Cortex-M4 MPU and its smallest region. */
const MPU_REGION_COUNT = 8;
const MPU_MINIMUM_REGION_SIZE = 32;

/** What a board chooses when it builds the chip. */
export interface Nrf52840ChipOptions {
  /** The kernel's deferred calls (the NVMC driver registers one). */
  readonly deferredCalls: DeferredCallRegistry;
  /** Kernel-owned Data RAM for the UARTE's EasyDMA (at least `UARTE_DMA_REGION_SIZE` bytes). */
  readonly uarteDmaRegion: DmaRegion;
  /** The board's clock (a new one when omitted). */
  readonly clock?: SimulationClock;
  /** Seed of the RNG's deterministic source. */
  readonly rngSeed?: number;
  /** Device identity in FICR. */
  readonly ficrIdentity?: FicrIdentity;
}

/** Everything `createNrf52840Chip` builds. */
export interface Nrf52840ChipParts {
  readonly silicon: Nrf52840Silicon<CortexMChipCore>;
  readonly peripherals: Nrf52840DefaultPeripherals;
  readonly chip: Nrf52840<unknown, CortexMStoredState>;
  readonly schedulerTimer: SysTickSchedulerTimer;
}

/** Builds the nRF52840 silicon, its drivers and the kernel-facing chip. */
export function createNrf52840Chip(options: Nrf52840ChipOptions): Nrf52840ChipParts {
  const silicon = new Nrf52840Silicon({
    clock: options.clock,
    rngSeed: options.rngSeed,
    ficrIdentity: options.ficrIdentity,
    core: (memory, clock) => new CortexMChipCore({ ...NRF52840_CORE_CONFIGURATION, memory, clock }),
  });
  const chipCore = silicon.core;
  silicon.nvmc.onFlashChanged = () => chipCore.core.invalidateAllCode();
  const memory = silicon.memory;
  const peripherals = new Nrf52840DefaultPeripherals({
    bus: silicon.bus,
    busyWait: silicon,
    deferredCalls: options.deferredCalls,
    uarteDmaRegion: options.uarteDmaRegion,
  });
  const mpu = new CortexMMpu({
    registers: {
      readRegister: (offset) => memory.read(MPU_BASE_ADDRESS + offset, 4),
      writeRegister: (offset, value) => {
        memory.write(MPU_BASE_ADDRESS + offset, 4, value);
      },
    },
    numberOfRegions: MPU_REGION_COUNT,
    minimumRegionSize: MPU_MINIMUM_REGION_SIZE,
  });
  const chip = new Nrf52840({
    mpu,
    userspaceKernelBoundary: new CortexMUserspaceKernelBoundary(chipCore),
    nvic: new Nvic(memory, EXTERNAL_INTERRUPT_COUNT),
    interruptService: peripherals,
    waitForInterrupt: () => chipCore.sleep(),
    flash: { start: 0, bytes: silicon.flash },
    ram: { start: 0x2000_0000, bytes: silicon.ram },
    interruptCount: EXTERNAL_INTERRUPT_COUNT,
  });
  chip.initialize();
  const schedulerTimer = new SysTickSchedulerTimer(memory);
  return { silicon, peripherals, chip, schedulerTimer };
}
