/**
 * Byte sizes the kernel charges inside each process's RAM block, and the arithmetic that lays
 * the block out (upstream `ProcessStandard::create` and TOCK-MAP e.1).
 *
 * ```
 * memory_start + memory_length ─┐
 *     grant pointer entries      │ GRANT_POINTER_ENTRY_SIZE × grant count
 *     upcall queue               │ UPCALL_QUEUE_LENGTH × TASK_SIZE
 *     process record             │ PROCESS_RECORD_SIZE
 *     grants, allocated downward │ on first use
 * kernel_memory_break ───────────┘ (memop 6)
 *     unallocated
 * app_break ─────────────────────  (brk / sbrk)
 *     process-accessible memory
 * memory_start
 * ```
 *
 * Upstream's sizes follow Rust's struct layout on the target; ours are fixed and documented so
 * grant-region addresses are the same on every arch: a grant pointer entry is
 * {driver number, pointer} = 8 bytes; a queued task is 36 bytes (tag, source with upcall id,
 * pc and four arguments); the process record is 288 bytes (upstream's `ProcessStandard` on a
 * 32-bit Cortex-M is in that range).
 */

/** Bytes of one grant pointer entry: driver number and pointer, 4 bytes each. */
export const GRANT_POINTER_ENTRY_SIZE = 8;
/** Alignment of the grant pointer array. */
export const GRANT_POINTERS_ALIGNMENT = 4;
/** Entries in each process's upcall queue (upstream `CALLBACK_LEN`). */
export const UPCALL_QUEUE_LENGTH = 10;
/** Bytes charged per queued task. */
export const TASK_SIZE = 36;
/** Alignment of the upcall queue. */
export const TASKS_ALIGNMENT = 4;
/** Bytes charged for the process record (upstream `size_of::<ProcessStandard>()`). */
export const PROCESS_RECORD_SIZE = 288;
/** Alignment of the process record. */
export const PROCESS_RECORD_ALIGNMENT = 8;
/** Bytes of the counters word at the base of every grant. */
export const GRANT_COUNTERS_SIZE = 4;
/** Bytes of one saved upcall or allow slot in a grant: two words. */
export const GRANT_SLOT_SIZE = 8;

/** Rounds `value` down to a multiple of `alignment` (a power of two), as an unsigned word. */
export function alignDown(value: number, alignment: number): number {
  return (value - (value % alignment)) >>> 0;
}

/** Kernel bytes a new process needs up front (upstream `initial_kernel_memory_size`). */
export function initialKernelMemorySize(grantCount: number): number {
  return (
    grantCount * GRANT_POINTER_ENTRY_SIZE +
    GRANT_POINTERS_ALIGNMENT +
    UPCALL_QUEUE_LENGTH * TASK_SIZE +
    TASKS_ALIGNMENT +
    PROCESS_RECORD_SIZE +
    PROCESS_RECORD_ALIGNMENT
  );
}

/**
 * The kernel memory break once the grant pointers, upcall queue and process record are placed
 * below `memoryEnd`, each aligned down as upstream does.
 */
export function initialKernelMemoryBreak(memoryEnd: number, grantCount: number): number {
  let kernelBreak = memoryEnd - grantCount * GRANT_POINTER_ENTRY_SIZE;
  kernelBreak = alignDown(kernelBreak, GRANT_POINTERS_ALIGNMENT);
  kernelBreak = alignDown(kernelBreak - UPCALL_QUEUE_LENGTH * TASK_SIZE, TASKS_ALIGNMENT);
  return alignDown(kernelBreak - PROCESS_RECORD_SIZE, PROCESS_RECORD_ALIGNMENT);
}

/** The declared shape of one grant: its slot counts and its data's size and alignment. */
export interface GrantSize {
  readonly upcallCount: number;
  readonly allowReadOnlyCount: number;
  readonly allowReadWriteCount: number;
  readonly dataSize: number;
  readonly dataAlignment: number;
}

/** Alignment of a grant allocation: at least a word (upstream `grant_align`). */
export function grantAlignment(size: GrantSize): number {
  return Math.max(4, size.dataAlignment);
}

/** Bytes of a grant allocation: counters, slots, padding to the data's alignment, then the data. */
export function grantAllocationSize(size: GrantSize): number {
  const slots =
    GRANT_COUNTERS_SIZE +
    GRANT_SLOT_SIZE * (size.upcallCount + size.allowReadOnlyCount + size.allowReadWriteCount);
  const alignment = Math.max(1, size.dataAlignment);
  const padded = Math.ceil(slots / alignment) * alignment;
  return padded + size.dataSize;
}
