/**
 * @tock-ts/capsules: Tock's core capsules in TypeScript (upstream `capsules/core` and the parts
 * of `capsules/extra` the first boards need).
 *
 * Virtualizers share one alarm or UART among many users; syscall drivers give processes the
 * alarm, console, LEDs, buttons, GPIO, random numbers, temperature and low-level debug output;
 * the debug writer and process console are the kernel's own text output and shell. Fakes of the
 * hardware interfaces for tests are in the `./testing` subpath.
 */
export {
  ALARM_DRIVER_NUM,
  AlarmCommand,
  type AlarmData,
  AlarmDriver,
  AlarmUpcall,
  type Expiration,
  rearmLeftJustifiedExpiration,
} from './alarm.js';
export {
  BUTTON_DRIVER_NUM,
  type ButtonApp,
  ButtonCommand,
  ButtonDriver,
  type ButtonPin,
  ButtonUpcall,
} from './button.js';
export {
  CONSOLE_DEFAULT_BUFFER_SIZE,
  CONSOLE_DRIVER_NUM,
  Console,
  ConsoleAllowReadOnly,
  ConsoleAllowReadWrite,
  type ConsoleApp,
  ConsoleCommand,
  ConsoleUpcall,
} from './console.js';
export {
  DEBUG_BUFFER_SPLIT,
  DEFAULT_DEBUG_BUFFER_BYTES,
  type DebugWriter,
  UartDebugWriter,
} from './debug-writer.js';
export { DriverNumber } from './driver-numbers.js';
export { GPIO_DRIVER_NUM, GpioCommand, GpioDriver, GpioUpcall } from './gpio.js';
export { LED_DRIVER_NUM, LedCommand, LedDriver } from './led.js';
export {
  type DebugEntry,
  formatDebugEntry,
  LOW_LEVEL_DEBUG_BUFFER_LENGTH,
  LOW_LEVEL_DEBUG_DRIVER_NUM,
  LOW_LEVEL_DEBUG_QUEUE_SIZE,
  LowLevelDebug,
  LowLevelDebugAlert,
  type LowLevelDebugApp,
  LowLevelDebugCommand,
} from './low-level-debug.js';
export { ByteRingBuffer } from './ring-buffer.js';
export {
  Entropy8To32,
  Entropy32To8,
  Entropy32ToRandom,
  RNG_DRIVER_NUM,
  RngAllowReadWrite,
  type RngApp,
  RngCommand,
  RngDriver,
  RngUpcall,
  SynchronousRandom,
} from './rng.js';
export {
  TEMPERATURE_DRIVER_NUM,
  type TemperatureApp,
  TemperatureCommand,
  TemperatureSensor,
  TemperatureUpcall,
} from './temperature.js';
export { encodeUtf8 } from './utf8.js';
export { MuxAlarm, VirtualMuxAlarm } from './virtualizers/virtual-alarm.js';
export {
  MuxUart,
  RX_BUF_LEN,
  UartDevice,
} from './virtualizers/virtual-uart.js';
