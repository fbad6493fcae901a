/**
 * The few bytes of the kernel's own flash image the emulated core needs: a vector table whose
 * every exception vector points at an idle loop. The kernel's handlers are host code (the arch
 * boundary plays them), so the core never runs these vectors past exception entry; they give it
 * a valid initial stack pointer and valid Thumb handler addresses, as a linked kernel would.
 */

const IDLE_LOOP = 0x0000_0400;
const THUMB_BRANCH_TO_SELF = 0xe7fe;

/** Writes the vector table (16 system plus `interruptCount` external vectors) at flash offset 0. */
export function writeKernelVectorTable(
  flash: Uint8Array,
  kernelStackTop: number,
  interruptCount: number,
): void {
  const view = new DataView(flash.buffer, flash.byteOffset, flash.byteLength);
  view.setUint32(0, kernelStackTop >>> 0, true);
  for (let index = 1; index < 16 + interruptCount; index++)
    view.setUint32(4 * index, (IDLE_LOOP | 1) >>> 0, true);
  view.setUint16(IDLE_LOOP, THUMB_BRANCH_TO_SELF, true);
}
