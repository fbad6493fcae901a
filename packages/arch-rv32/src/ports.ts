/**
 * The two ways Tock's RISC-V drivers reach the silicon: memory-mapped registers on the bus, and
 * CSRs of the hart (as `csrr`/`csrw` would from machine mode).
 */

/** Register access at absolute addresses (the shape of `MemoryMap.read`/`write`). */
export interface RegisterBus {
  /** Reads `size` bytes at `address` (unsigned), or a negative value where nothing answers. */
  read(address: number, size: 1 | 2 | 4): number;
  /** Writes `size` bytes at `address`; false where nothing accepted it. */
  write(address: number, size: 1 | 2 | 4, value: number): boolean;
}

/** Machine-mode CSR access (`RiscvHart.readCsr`/`writeCsr`). */
export interface CsrPort {
  /** The CSR's value, or undefined when the hart has no such CSR. */
  readCsr(number: number): number | undefined;
  /** Writes the CSR; false when the hart has no such CSR. */
  writeCsr(number: number, value: number): boolean;
}

/** Reads a CSR that must exist (0 when it does not). */
export function readCsr(port: CsrPort, number: number): number {
  return port.readCsr(number) ?? 0;
}

/** Sets bits of a CSR (`csrs`). */
export function setCsrBits(port: CsrPort, number: number, bits: number): void {
  port.writeCsr(number, (readCsr(port, number) | bits) >>> 0);
}

/** Clears bits of a CSR (`csrc`). */
export function clearCsrBits(port: CsrPort, number: number, bits: number): void {
  port.writeCsr(number, (readCsr(port, number) & ~bits) >>> 0);
}
