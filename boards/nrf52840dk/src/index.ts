/**
 * @tock-ts/board-nrf52840dk: the nRF52840-DK board — upstream's composition of the nRF52840, the
 * kernel and the core capsules — with host ports for its console, LEDs and buttons, and a
 * virtual-time run loop. `descriptor` is the plain data tools need.
 */
export { type BoardOptions, type HostPorts, Nrf52840dkBoard, type RunOutcome } from './board.js';
export { type BoardDescriptor, descriptor } from './descriptor.js';
export { DEFAULT_FAULT_POLICY } from './fault-policy.js';
export {
  APP_FLASH_END,
  APP_FLASH_START,
  APP_RAM_END,
  APP_RAM_START,
  KERNEL_RAM_SIZE,
  NUM_PROCS,
} from './memory-layout.js';
export { Nrf52840dkDriverNumber, Nrf52840dkPlatform } from './platform.js';
export {
  BUTTON_PINS,
  CONSOLE_BAUD_RATE,
  type Composition,
  GPIO_DRIVER_PINS,
  KERNEL_VERSION,
  LED_PINS,
  type SetupOptions,
  setup,
} from './setup.js';
