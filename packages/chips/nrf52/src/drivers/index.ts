/**
 * Tock's nRF52840 drivers: HIL implementations over the silicon's registers, the default
 * peripheral set with its interrupt service, and the kernel-facing chip.
 */
export { type InterruptController, Nrf52840, type Nrf52840ChipParts } from './chip.js';
export { Clock, HighClockSource, LowClockSource } from './clock.js';
export { Ficr } from './ficr.js';
export { GpioPin, GpioPort, NRF52840_PIN_COUNT, pinNumber } from './gpio.js';
export {
  type InterruptService,
  Nrf52840DefaultPeripherals,
  type Nrf52840PeripheralsOptions,
  PeripheralInterrupt,
} from './interrupt-service.js';
export { type BusyWait, NRF52_PAGE_SIZE, Nvmc } from './nvmc.js';
export { Power, type PowerClient, PowerEvent } from './power.js';
export { type DmaRegion, type Field, field, fieldValue, RegisterBlock, readField } from './registers.js';
export { Rtc } from './rtc.js';
export { Temp } from './temp.js';
export { TimerAlarm } from './timer-alarm.js';
export { Trng } from './trng.js';
export { baudRateDivider, UARTE_DMA_REGION_SIZE, UARTE_MAX_BUFFER_SIZE, Uarte } from './uarte.js';
export { Regulator0Output, Uicr } from './uicr.js';
