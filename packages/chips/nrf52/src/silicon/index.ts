/**
 * The nRF52840 silicon models, each under its own namespace of datasheet-named constants, and the
 * composed chip.
 */
export { EasyDma } from './easy-dma.js';
export * as ficrRegisters from './ficr.js';
export { DEFAULT_FICR_IDENTITY, Ficr, type FicrIdentity } from './ficr.js';
export * as gpioRegisters from './gpio.js';
export { GpioPort, Nrf52840Gpio, type PinLevelListener } from './gpio.js';
export * as gpioteRegisters from './gpiote.js';
export { Gpiote } from './gpiote.js';
export { NrfPeripheral } from './nrf-peripheral.js';
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
} from './nrf52840-silicon.js';
export * as nvmcRegisters from './nvmc.js';
export { FlashWriteRefusal, Nvmc } from './nvmc.js';
export * as powerClockRegisters from './power-clock.js';
export { PowerClock } from './power-clock.js';
export * as rngRegisters from './rng.js';
export { Rng } from './rng.js';
export * as rtcRegisters from './rtc.js';
export { Rtc } from './rtc.js';
export * as tempRegisters from './temp.js';
export { Temp } from './temp.js';
export * as timerRegisters from './timer.js';
export { Timer } from './timer.js';
export * as uarteRegisters from './uarte.js';
export { baudRateOf, Uarte } from './uarte.js';
export * as uicrRegisters from './uicr.js';
export { Uicr } from './uicr.js';
