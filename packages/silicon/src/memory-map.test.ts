// Tests for the memory bus: little-endian memory, peripheral lane rules, bus errors, overlaps.
import { describe, expect, it } from 'vitest';
import { BUS_ERROR, MemoryMap } from './memory-map.js';
import type { Peripheral } from './peripheral.js';

class WordRegister implements Peripheral {
  value = 0x11223344;
  writes: Array<[number, number]> = [];
  read32(offset: number): number {
    return offset === 0 ? this.value : 0;
  }
  write32(offset: number, value: number): void {
    this.writes.push([offset, value]);
    if (offset === 0) this.value = value;
  }
}

describe('MemoryMap', () => {
  it('reads and writes memory little-endian', () => {
    const map = new MemoryMap();
    const ram = new Uint8Array(16);
    map.addMemory('ram', 0x2000_0000, ram, true);
    expect(map.write(0x2000_0004, 4, 0xdeadbeef)).toBe(true);
    expect(Array.from(ram.subarray(4, 8))).toEqual([0xef, 0xbe, 0xad, 0xde]);
    expect(map.read(0x2000_0005, 2)).toBe(0xadbe);
    expect(map.read(0x2000_0004, 4)).toBe(0xdeadbeef);
  });

  it('refuses bus writes to read-only memory and reports unmapped addresses', () => {
    const map = new MemoryMap();
    map.addMemory('flash', 0, new Uint8Array(8), false);
    expect(map.write(0, 4, 1)).toBe(false);
    expect(map.read(0x1000, 4)).toBe(BUS_ERROR);
    expect(map.write(0x1000, 1, 1)).toBe(false);
  });

  it('applies the lane rule to peripherals without narrow accessors', () => {
    const map = new MemoryMap();
    const register = new WordRegister();
    map.addPeripheral('reg', 0x4000_0000, 0x100, register);
    expect(map.read(0x4000_0001, 1)).toBe(0x33);
    expect(map.read(0x4000_0002, 2)).toBe(0x1122);
    map.write(0x4000_0003, 1, 0xab);
    expect(register.writes).toEqual([[0, 0xabababab]]);
  });

  it('rejects overlapping mappings', () => {
    const map = new MemoryMap();
    map.addMemory('ram', 0x2000_0000, new Uint8Array(0x100), true);
    expect(() => map.addPeripheral('bad', 0x2000_00f0, 0x20, new WordRegister())).toThrow(/overlaps ram/);
  });
});
