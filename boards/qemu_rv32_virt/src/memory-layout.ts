/**
 * The board's memory layout (upstream `boards/qemu_rv32_virt/layout.ld`): a 1 MiB kernel image at
 * 0x8000_0000, 1 MiB of app flash at 0x8010_0000 and 2 MiB of RAM at 0x8020_0000. The kernel keeps
 * the first MiB of RAM; process memory is the second, from 0x8030_0000, where apps linked for this
 * board (slots 0x8010_0080 / 0x8030_0000, 0x8011_0080 / 0x8031_0000, …) expect their RAM.
 */

/** First address of app flash (upstream `_sapps`). */
export const APP_FLASH_START = 0x8010_0000;
/** One past the last address of app flash (upstream `_eapps`). */
export const APP_FLASH_END = 0x8020_0000;
/** Start of RAM. */
export const RAM_START = 0x8020_0000;
/** Bytes of RAM the kernel keeps at the start of RAM. */
export const KERNEL_RAM_SIZE = 0x0010_0000;
/** First address of process memory (upstream `_sappmem`). */
export const APP_RAM_START = RAM_START + KERNEL_RAM_SIZE;
/** One past the last address of process memory (upstream `_eappmem`): the end of RAM. */
export const APP_RAM_END = 0x8040_0000;
/** Process slots (upstream `NUM_PROCS`). */
export const NUM_PROCS = 4;
