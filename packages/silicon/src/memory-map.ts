/**
 * The memory bus of one chip: RAM and flash as byte arrays at base addresses, and peripherals at
 * address ranges.
 *
 * Cores keep their own fast paths to the byte arrays (`memories`) and fall back to `read*`/`write*`
 * for everything else. Accesses that hit nothing report a bus error as a value (`BUS_ERROR`), so
 * the core can raise its own fault; they never throw. Narrow accesses to a peripheral that does not
 * implement them follow the rule in `peripheral.ts`.
 */
import type { Peripheral } from './peripheral.js';

/** Returned by bus reads that hit nothing (a real value is always an unsigned 32-bit number). */
export const BUS_ERROR = -1;

/** A RAM or flash array placed on the bus. `bytes[i]` is address `base + i`. */
export interface MemoryRegionMapping {
  readonly name: string;
  readonly base: number;
  readonly bytes: Uint8Array;
  /** False for flash: bus writes fail, only the owner of `bytes` changes them. */
  readonly writable: boolean;
}

/** A peripheral placed at `[base, base + size)`. */
export interface PeripheralMapping {
  readonly name: string;
  readonly base: number;
  readonly size: number;
  readonly peripheral: Peripheral;
}

/** The address space of one chip. */
export class MemoryMap {
  readonly #memories: MemoryRegionMapping[] = [];
  readonly #peripherals: PeripheralMapping[] = [];

  /** RAM and flash regions, in the order they were added. */
  get memories(): readonly MemoryRegionMapping[] {
    return this.#memories;
  }

  /** Peripheral mappings, in the order they were added. */
  get peripherals(): readonly PeripheralMapping[] {
    return this.#peripherals;
  }

  /**
   * Places a byte array at `base`. Throws when it overlaps an existing mapping or is not
   * word-aligned: a board wiring bug.
   */
  addMemory(name: string, base: number, bytes: Uint8Array, writable: boolean): MemoryRegionMapping {
    if ((base & 3) !== 0 || (bytes.length & 3) !== 0) {
      throw new RangeError(`MemoryMap: memory ${name} must be word-aligned and a whole number of words`);
    }
    this.#checkFree(name, base, bytes.length);
    const mapping = { name, base: base >>> 0, bytes, writable };
    this.#memories.push(mapping);
    return mapping;
  }

  /** Places a peripheral at `[base, base + size)`. Throws on overlap (a board wiring bug). */
  addPeripheral(name: string, base: number, size: number, peripheral: Peripheral): PeripheralMapping {
    this.#checkFree(name, base, size);
    const mapping = { name, base: base >>> 0, size, peripheral };
    this.#peripherals.push(mapping);
    return mapping;
  }

  /** The memory region holding `address`, if any. */
  findMemory(address: number): MemoryRegionMapping | undefined {
    for (const memory of this.#memories) {
      if ((address - memory.base) >>> 0 < memory.bytes.length) return memory;
    }
    return undefined;
  }

  /** The peripheral mapping holding `address`, if any. */
  findPeripheral(address: number): PeripheralMapping | undefined {
    for (const mapping of this.#peripherals) {
      if ((address - mapping.base) >>> 0 < mapping.size) return mapping;
    }
    return undefined;
  }

  /** Reads `size` (1, 2 or 4) bytes, little-endian; `BUS_ERROR` when nothing is mapped. */
  read(address: number, size: 1 | 2 | 4): number {
    const memory = this.findMemory(address);
    if (memory !== undefined) {
      const offset = (address - memory.base) >>> 0;
      if (offset + size > memory.bytes.length) return BUS_ERROR;
      let value = 0;
      for (let index = size - 1; index >= 0; index--)
        value = (value << 8) | (memory.bytes[offset + index] ?? 0);
      return value >>> 0;
    }
    const mapping = this.findPeripheral(address);
    if (mapping === undefined) return BUS_ERROR;
    const offset = (address - mapping.base) >>> 0;
    const peripheral = mapping.peripheral;
    if (size === 4) return peripheral.read32(offset) >>> 0;
    if (size === 2 && peripheral.read16 !== undefined) return peripheral.read16(offset) & 0xffff;
    if (size === 1 && peripheral.read8 !== undefined) return peripheral.read8(offset) & 0xff;
    const word = peripheral.read32(offset & ~3) >>> 0;
    const lane = (offset & 3) * 8;
    return (word >>> lane) & (size === 2 ? 0xffff : 0xff);
  }

  /** Writes `size` (1, 2 or 4) bytes, little-endian; false when nothing writable is mapped. */
  write(address: number, size: 1 | 2 | 4, value: number): boolean {
    const memory = this.findMemory(address);
    if (memory !== undefined) {
      const offset = (address - memory.base) >>> 0;
      if (!memory.writable || offset + size > memory.bytes.length) return false;
      for (let index = 0; index < size; index++)
        memory.bytes[offset + index] = (value >>> (8 * index)) & 0xff;
      return true;
    }
    const mapping = this.findPeripheral(address);
    if (mapping === undefined) return false;
    const offset = (address - mapping.base) >>> 0;
    const peripheral = mapping.peripheral;
    if (size === 4) peripheral.write32(offset, value >>> 0);
    else if (size === 2 && peripheral.write16 !== undefined) peripheral.write16(offset, value & 0xffff);
    else if (size === 1 && peripheral.write8 !== undefined) peripheral.write8(offset, value & 0xff);
    else {
      const lane = size === 2 ? value & 0xffff : value & 0xff;
      const replicated = size === 2 ? lane * 0x10001 : lane * 0x1010101;
      peripheral.write32(offset & ~3, replicated >>> 0);
    }
    return true;
  }

  #checkFree(name: string, base: number, size: number): void {
    const start = base >>> 0;
    const end = start + size;
    const spans = [
      ...this.#memories.map((m) => ({ name: m.name, start: m.base, end: m.base + m.bytes.length })),
      ...this.#peripherals.map((p) => ({ name: p.name, start: p.base, end: p.base + p.size })),
    ];
    for (const span of spans) {
      if (start < span.end && span.start < end) {
        throw new RangeError(`MemoryMap: ${name} overlaps ${span.name}`);
      }
    }
  }
}
