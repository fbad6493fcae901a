/**
 * EasyDMA: the bus master nRF52 peripherals use to move data between Data RAM and themselves.
 *
 * EasyDMA reaches only Data RAM (0x2000_0000 on the nRF52840). A transfer that points elsewhere
 * (flash, peripherals, unmapped space) is not carried out byte for byte: reads outside Data RAM
 * return 0 and writes outside it are dropped, and the peripheral counts the bytes as usual. The
 * datasheet leaves this case undefined ("may result in a HardFault or RAM corruption"); this model
 * picks the harmless outcome and never throws.
 */

/** The Data RAM an EasyDMA master can reach. */
export class EasyDma {
  readonly #ramBase: number;
  readonly #ram: Uint8Array;

  /** `ram` is the Data RAM array; `ram[i]` is address `ramBase + i`. */
  constructor(ramBase: number, ram: Uint8Array) {
    this.#ramBase = ramBase >>> 0;
    this.#ram = ram;
  }

  /** True when `[address, address + length)` lies inside Data RAM. */
  reaches(address: number, length: number): boolean {
    const offset = (address - this.#ramBase) >>> 0;
    return offset < this.#ram.length && offset + length <= this.#ram.length;
  }

  /** Reads the byte at `address`; 0 outside Data RAM. */
  readByte(address: number): number {
    const offset = (address - this.#ramBase) >>> 0;
    return offset < this.#ram.length ? (this.#ram[offset] ?? 0) : 0;
  }

  /** Writes the byte at `address`; dropped outside Data RAM. */
  writeByte(address: number, value: number): void {
    const offset = (address - this.#ramBase) >>> 0;
    if (offset < this.#ram.length) this.#ram[offset] = value & 0xff;
  }
}
