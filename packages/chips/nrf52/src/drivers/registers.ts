/**
 * Register access for the drivers: a peripheral's registers at a base address on the bus, and
 * typed bit-field descriptors (upstream `register_bitfields!`).
 */
import type { RegisterBus } from '../silicon/nrf52840-silicon.js';

/** A bit field: `width` bits starting at bit `shift`. */
export interface Field {
  readonly shift: number;
  readonly width: number;
}

/** Describes a field. */
export function field(shift: number, width = 1): Field {
  return { shift, width };
}

/** The field's mask in place. */
export function fieldMask(descriptor: Field): number {
  const low = descriptor.width === 32 ? 0xffff_ffff : 2 ** descriptor.width - 1;
  return (low * 2 ** descriptor.shift) >>> 0;
}

/** `value` placed in the field (upstream `FIELD.val(value)`). */
export function fieldValue(descriptor: Field, value: number): number {
  return ((value * 2 ** descriptor.shift) & fieldMask(descriptor)) >>> 0;
}

/** The field's value in `word`. */
export function readField(word: number, descriptor: Field): number {
  return (((word >>> 0) & fieldMask(descriptor)) >>> 0) / 2 ** descriptor.shift;
}

/** One peripheral's registers: word reads and writes at offsets from its base. */
export class RegisterBlock {
  readonly #bus: RegisterBus;
  readonly base: number;

  constructor(bus: RegisterBus, base: number) {
    this.#bus = bus;
    this.base = base >>> 0;
  }

  /** Reads the register at `offset`. */
  get(offset: number): number {
    const value = this.#bus.read((this.base + offset) >>> 0, 4);
    return value < 0 ? 0 : value >>> 0;
  }

  /** Writes the register at `offset`. */
  set(offset: number, value: number): void {
    this.#bus.write((this.base + offset) >>> 0, 4, value >>> 0);
  }

  /** Writes 1 to a task register. */
  trigger(offset: number): void {
    this.set(offset, 1);
  }

  /** True when the event register at `offset` is set. */
  isEventSet(offset: number): boolean {
    return (this.get(offset) & 1) !== 0;
  }

  /** Clears the event register at `offset`. */
  clearEvent(offset: number): void {
    this.set(offset, 0);
  }

  /** Reads the register, replaces one field, writes it back (upstream `modify`). */
  modify(offset: number, descriptor: Field, value: number): void {
    const word = this.get(offset);
    this.set(offset, ((word & ~fieldMask(descriptor)) | fieldValue(descriptor, value)) >>> 0);
  }

  /** Reads one field. */
  read(offset: number, descriptor: Field): number {
    return readField(this.get(offset), descriptor);
  }
}

/** A span of Data RAM a driver owns for EasyDMA transfers. */
export interface DmaRegion {
  /** Word-aligned start address in Data RAM. */
  readonly address: number;
  /** Length in bytes. */
  readonly length: number;
}

/** Copies `length` bytes of `source` from `offset` into RAM at `address` (word writes). */
export function copyToRam(
  bus: RegisterBus,
  address: number,
  source: Uint8Array,
  offset: number,
  length: number,
): void {
  for (let index = 0; index < length; index += 4) {
    let word = 0;
    for (let lane = 0; lane < 4; lane++) {
      word |= (source[offset + index + lane] ?? 0) << (8 * lane);
    }
    bus.write((address + index) >>> 0, 4, word >>> 0);
  }
}

/** Copies `length` bytes from RAM at `address` into `target` from `offset` (word reads). */
export function copyFromRam(
  bus: RegisterBus,
  address: number,
  target: Uint8Array,
  offset: number,
  length: number,
): void {
  for (let index = 0; index < length; index += 4) {
    const value = bus.read((address + index) >>> 0, 4);
    const word = value < 0 ? 0 : value;
    for (let lane = 0; lane < 4 && index + lane < length; lane++) {
      target[offset + index + lane] = (word >>> (8 * lane)) & 0xff;
    }
  }
}
