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
