/**
 * What tools need to know about the nRF52840-DK, as plain data (no code runs): its name, the
 * architecture of the apps it runs, where app flash is and how it is paged, and the name
 * tockloader knows the board by.
 */

/** A board as tools see it. */
export interface BoardDescriptor {
  /** The board's name (`--board`). */
  readonly name: string;
  /** The TAB architecture of its apps. */
  readonly arch: string;
  /** First address of app flash (upstream `_sapps`). */
  readonly appFlashAddress: number;
  /** Bytes of app flash. */
  readonly appFlashSize: number;
  /** Flash page size in bytes. */
  readonly pageSize: number;
  /** The board name tockloader uses for it. */
  readonly tockloaderName: string;
}

/** The nRF52840-DK (upstream `boards/nordic/nrf52840dk`, tockloader `nrf52dk`). */
export const descriptor: BoardDescriptor = Object.freeze({
  name: 'nrf52840dk',
  arch: 'cortex-m4',
  appFlashAddress: 0x0004_0000,
  appFlashSize: 0x000c_0000,
  pageSize: 4096,
  tockloaderName: 'nrf52dk',
});
