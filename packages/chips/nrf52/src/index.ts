/**
 * @tock-ts/chip-nrf52: the nRF52840 for tock-ts.
 *
 * Silicon: register-level models of the nRF52840's peripherals at their datasheet addresses and
 * interrupt numbers, composed with a Cortex-M4 core (`Nrf52840Silicon`). Drivers: Tock's nRF52
 * drivers (upstream `chips/nrf52`, `nrf52840`, `nrf5x`), which implement the HILs by reading and
 * writing those registers and handling those interrupts.
 */
export * from './silicon/index.js';
