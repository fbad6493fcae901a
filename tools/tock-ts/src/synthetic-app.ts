/**
 * TBFs made from a few hand-written Thumb instructions, for runs that need an app no compiler
 * produced: one that never yields, or a compute-bound loop for speed measurements.
 */
import { tbfChecksum } from '@tock-ts/tockloader-ts';

const HEADER_SIZE = 40;
const TLV_MAIN = 1;
const TLV_KERNEL_VERSION = 8;

/** Thumb code of an endless loop of additions, exclusive-ors and shifts (never yields). */
export const COMPUTE_LOOP: readonly number[] = Object.freeze([
  0x2000, // movs r0, #0
  0x1c40, // loop: adds r0, r0, #1
  0x4041, // eors r1, r0
  0x00ca, // lsls r2, r1, #3
  0x1889, // adds r1, r1, r2
  0xe7fa, // b loop
]);

/**
 * Thumb code of an app that toggles LED 0 on every button 0 event: it grows its memory by 1 KiB
 * with memop sbrk and moves its stack there, subscribes to the button driver's upcall, enables
 * button 0's interrupt, and yield-waits forever; the upcall issues the LED driver's toggle command.
 */
export const BUTTON_TOGGLES_LED: readonly number[] = Object.freeze([
  0x2001, // movs r0, #1        memop sbrk
  0x2101, // movs r1, #1
  0x0289, // lsls r1, r1, #10   1024 bytes
  0xdf05, // svc 5
  0x2201, // movs r2, #1
  0x0292, // lsls r2, r2, #10
  0x4411, // add r1, r2         the new break
  0x468d, // mov sp, r1
  0x2003, // movs r0, #3        button driver
  0x2100, // movs r1, #0        upcall 0
  0xa205, // adr r2, handler
  0x2300, // movs r3, #0
  0xdf01, // svc 1              subscribe
  0x2003, // movs r0, #3
  0x2101, // movs r1, #1        enable interrupts
  0x2200, // movs r2, #0        on button 0
  0x2300, // movs r3, #0
  0xdf02, // svc 2              command
  0x2001, // loop: movs r0, #1  yield-wait
  0xdf00, // svc 0
  0xe7fc, // b loop
  0xbf00, // nop                (aligns the handler)
  0x2002, // handler: movs r0, #2   LED driver
  0x2103, // movs r1, #3        toggle
  0x2200, // movs r2, #0        LED 0
  0x2300, // movs r3, #0
  0xdf02, // svc 2              command
  0x4770, // bx lr
]);

/**
 * Thumb code of an app that sleeps on the alarm: it moves its stack into 1 KiB of new memory,
 * subscribes to the alarm driver's upcall and sets a relative alarm of 83 968 ticks (10 ms: the
 * driver shows userspace RTC1's 24-bit count left-justified to 32 bits, 8 388 608 ticks a second),
 * then yield-waits forever; the upcall sets the next alarm. A board running it is
 * idle between wake-ups, as most Tock boards are most of the time.
 */
export const ALARM_EVERY_10_MS: readonly number[] = Object.freeze([
  0x2001, // movs r0, #1        memop sbrk
  0x2101, // movs r1, #1
  0x0289, // lsls r1, r1, #10   1024 bytes
  0xdf05, // svc 5
  0x2201, // movs r2, #1
  0x0292, // lsls r2, r2, #10
  0x4411, // add r1, r2         the new break
  0x468d, // mov sp, r1
  0x2000, // movs r0, #0        alarm driver
  0x2100, // movs r1, #0        upcall 0
  0xa205, // adr r2, handler
  0x2300, // movs r3, #0
  0xdf01, // svc 1              subscribe
  0x2000, // movs r0, #0
  0x2105, // movs r1, #5        set relative alarm
  0x2252, // movs r2, #82
  0x0292, // lsls r2, r2, #10   83 968 ticks
  0x2300, // movs r3, #0
  0xdf02, // svc 2              command
  0x2001, // loop: movs r0, #1  yield-wait
  0xdf00, // svc 0
  0xe7fc, // b loop
  0x2000, // handler: movs r0, #0
  0x2105, // movs r1, #5
  0x2252, // movs r2, #82
  0x0292, // lsls r2, r2, #10
  0x2300, // movs r3, #0
  0xdf02, // svc 2
  0x4770, // bx lr
]);

/**
 * A `size`-byte TBF (a power of two) whose code is `halfwords`, started at its first
 * instruction: base header, Main TLV (1 KiB of RAM, no protected trailer) and KernelVersion 2.0.
 */
export function syntheticTbf(halfwords: readonly number[], size = 256): Uint8Array {
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, 2, true);
  view.setUint16(2, HEADER_SIZE, true);
  view.setUint32(4, size, true);
  view.setUint32(8, 1, true);
  view.setUint16(16, TLV_MAIN, true);
  view.setUint16(18, 12, true);
  view.setUint32(28, 1024, true);
  view.setUint16(32, TLV_KERNEL_VERSION, true);
  view.setUint16(34, 4, true);
  view.setUint16(36, 2, true);
  halfwords.forEach((halfword, index) => {
    view.setUint16(HEADER_SIZE + 2 * index, halfword, true);
  });
  view.setUint32(12, tbfChecksum(bytes.subarray(0, HEADER_SIZE)), true);
  return bytes;
}
