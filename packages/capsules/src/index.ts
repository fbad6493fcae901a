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
export { DriverNumber } from './driver-numbers.js';
export { MuxAlarm, VirtualMuxAlarm } from './virtualizers/virtual-alarm.js';
