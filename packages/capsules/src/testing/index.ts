/**
 * @tock-ts/capsules/testing: fake hardware for capsule tests — an alarm whose count the test
 * moves, a UART that records output and takes input, and GPIO pins the test drives.
 */
export { FakeAlarm, type FakeAlarmOptions } from './fake-alarm.js';
export { FakePin } from './fake-pin.js';
export { FakeUart } from './fake-uart.js';
export { deliveredUpcalls, runSteps } from './process-harness.js';
