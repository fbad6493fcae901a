/**
 * The register interface every memory-mapped peripheral model implements.
 *
 * Offsets are relative to the peripheral's base address. Word accesses are the contract; byte and
 * halfword accesses are optional. When a peripheral does not implement them, the bus applies one
 * documented rule (see `MemoryMap`): a narrow read returns the matching lane of the aligned word
 * read, and a narrow write is widened to a word write of the value replicated across all lanes,
 * as an AHB slave that ignores byte strobes sees it.
 */

/** A memory-mapped register block. */
export interface Peripheral {
  /** Reads the 32-bit register at `offset` (a multiple of 4). Returns an unsigned value. */
  read32(offset: number): number;
  /** Writes the 32-bit register at `offset` (a multiple of 4). */
  write32(offset: number, value: number): void;
  /** Optional byte read at any offset. */
  read8?(offset: number): number;
  /** Optional byte write at any offset. */
  write8?(offset: number, value: number): void;
  /** Optional halfword read at an even offset. */
  read16?(offset: number): number;
  /** Optional halfword write at an even offset. */
  write16?(offset: number, value: number): void;
}
