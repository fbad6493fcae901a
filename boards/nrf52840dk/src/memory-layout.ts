/**
 * The board's memory layout: where apps live in flash (upstream `nrf52840_chip_layout.ld`) and the
 * split of RAM between kernel and apps.
 *
 * Upstream's app RAM starts wherever the linked kernel's `.bss` ends, a link-time number (TOCK-MAP
 * appendix A.15). This board states it: the kernel keeps the first 64 KiB of RAM (its stack,
 * statics and DMA staging areas) and apps get the remaining 192 KiB, close to what an upstream
 * build of the nRF52840-DK leaves for apps.
 */

/** First address of app flash (upstream `_sapps`). */
export const APP_FLASH_START = 0x0004_0000;
/** One past the last address of app flash (upstream `_eapps`): the end of the 1 MiB flash. */
export const APP_FLASH_END = 0x0010_0000;
/** Start of RAM. */
export const RAM_START = 0x2000_0000;
/** Bytes of RAM the kernel keeps at the start of RAM. */
export const KERNEL_RAM_SIZE = 0x0001_0000;
/** First address of app RAM (upstream `_sappmem`). */
export const APP_RAM_START = RAM_START + KERNEL_RAM_SIZE;
/** One past the last address of app RAM (upstream `_eappmem`): the end of the 256 KiB RAM. */
export const APP_RAM_END = 0x2004_0000;
/** Top of the kernel stack (upstream reserves 0x2000 bytes for it). */
export const KERNEL_STACK_TOP = RAM_START + KERNEL_RAM_SIZE;
/** Process slots (upstream `NUM_PROCS`). */
export const NUM_PROCS = 8;
