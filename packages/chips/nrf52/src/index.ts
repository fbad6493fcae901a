/**
 * @tock-ts/chip-nrf52: the nRF52840 for tock-ts.
 *
 * Silicon (`silicon.*`, and the composed `Nrf52840Silicon`): register-level models of the
 * nRF52840's peripherals at their datasheet addresses and interrupt numbers, on a Cortex-M4 core.
 * Drivers (top level): Tock's nRF52 drivers (upstream `chips/nrf52`, `nrf52840`, `nrf5x`), which
 * implement the HILs by reading and writing those registers and handling those interrupts.
 */
export * from './drivers/index.js';
export { createNrf52840Chip, type Nrf52840ChipOptions, type Nrf52840ChipParts } from './nrf52840-chip.js';
export * as silicon from './silicon/index.js';
export {
  type ChipCoreFactory,
  type ChipCorePort,
  NRF52840_CORE_CONFIGURATION,
  Nrf52840Interrupt,
  Nrf52840Silicon,
  type Nrf52840SiliconOptions,
  PeripheralOnlyCore,
  peripheralOnlyCore,
  type RegisterBus,
} from './silicon/nrf52840-silicon.js';
