/**
 * The flash operations tockloader's app commands perform, as an interface: a flash image
 * carries them out in memory; a board plans them on a copy and replays them over its channel.
 */

/** Flash that apps are read from and written to, addressed as the board addresses it. */
export interface AppFlash {
  /** Up to `length` bytes at `address` (fewer past the end of what is known). */
  read(address: number, length: number): Uint8Array;
  /** Writes `data` at `address` (tockloader's `flash_binary`). */
  write(address: number, data: Uint8Array): void;
  /** Writes a `length`-byte object that is `head` followed by zeros, as one write. */
  writeZeroPadded(address: number, head: Uint8Array, length: number): void;
  /** Ends the app list at `address` (tockloader's `clear_bytes`). */
  clearBytes(address: number): void;
}
