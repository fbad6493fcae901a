/**
 * The RISC-V trap reports Tock prints (upstream `arch/riscv/src/lib.rs::print_mcause` and
 * `print_riscv_state`, and the `print_context` of `arch/riscv/src/syscall.rs`), with the same
 * text, spacing and `\r\n` line ends: the kernel's panic output and the process console read the
 * same as on upstream's qemu_rv32_virt.
 */

import { type CsrPort, readCsr } from './ports.js';
import { Csr, MCAUSE_INTERRUPT } from './silicon/architecture.js';

/** `0x` and eight upper-case hex digits (Rust's `{:#010X}`). */
export function hex32(value: number): string {
  return `0x${(value >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}

const INTERRUPTS: Readonly<Record<number, string>> = {
  0: 'User software interrupt',
  1: 'Supervisor software interrupt',
  3: 'Machine software interrupt',
  4: 'User timer interrupt',
  5: 'Supervisor timer interrupt',
  7: 'Machine timer interrupt',
  8: 'User external interrupt',
  9: 'Supervisor external interrupt',
  11: 'Machine external interrupt',
};

const EXCEPTIONS: Readonly<Record<number, string>> = {
  0: 'Instruction access misaligned',
  1: 'Instruction access fault',
  2: 'Illegal instruction',
  3: 'Breakpoint',
  4: 'Load address misaligned',
  5: 'Load access fault',
  6: 'Store/AMO address misaligned',
  7: 'Store/AMO access fault',
  8: 'Environment call from U-mode',
  9: 'Environment call from S-mode',
  11: 'Environment call from M-mode',
  12: 'Instruction page fault',
  13: 'Load page fault',
  15: 'Store/AMO page fault',
};

/** What an mcause value means, as `print_mcause` words it. */
export function describeMcause(mcause: number): string {
  const code = mcause & 0x7fff_ffff;
  if ((mcause & MCAUSE_INTERRUPT) !== 0) return INTERRUPTS[code] ?? 'Reserved/Unknown';
  return EXCEPTIONS[code] ?? 'Reserved';
}

/** The saved registers of a process, as the boundary stores them. */
export interface RiscvProcessRegisters {
  /** x1..x31 (index 0 is ra). */
  readonly regs: Uint32Array;
  readonly pc: number;
  readonly mcause: number;
  readonly mtval: number;
}

/** A process's registers, as upstream's `print_context` prints them. */
export function formatProcessContext(state: RiscvProcessRegisters): string {
  const register = (index: number): number => (index === 0 ? 0 : (state.regs[index - 1] ?? 0));
  let text = '';
  for (let row = 0; row < 16; row++) {
    const left = `R${row}`.padEnd(3, ' ');
    text += `\r\n ${left}: ${hex32(register(row))}    R${row + 16}: ${hex32(register(row + 16))}`;
  }
  text += `\r\n PC : ${hex32(state.pc)}\r\n\r\n mcause: ${hex32(state.mcause)} (`;
  text += describeMcause(state.mcause);
  text += `)\r\n mtval:  ${hex32(state.mtval)}\r\n\r\n`;
  return text;
}

function flag(value: number, bit: number): string {
  return ((value >>> bit) & 1) === 1 ? 'true ' : 'false';
}

/** The machine state report of upstream's `print_riscv_state`, read through CSRs. */
export function formatRiscvState(csr: CsrPort): string {
  const mcause = readCsr(csr, Csr.mcause);
  const mstatus = readCsr(csr, Csr.mstatus);
  const mie = readCsr(csr, Csr.mie);
  const mip = readCsr(csr, Csr.mip);
  let text = '\r\n---| RISC-V Machine State |---\r\n';
  text += `Last cause (mcause): ${describeMcause(mcause)}`;
  text += ` (interrupt=${mcause >>> 31}, exception code=${hex32(mcause & 0x7fff_ffff)})`;
  text += `\r\nLast value (mtval):  ${hex32(readCsr(csr, Csr.mtval))}\r\n\r\nSystem register dump:`;
  text += `\r\n mepc:    ${hex32(readCsr(csr, Csr.mepc))}    mstatus:     ${hex32(mstatus)}`;
  text += `\r\n mcycle:  ${hex32(readCsr(csr, Csr.mcycle))}    minstret:    ${hex32(readCsr(csr, Csr.minstret))}`;
  text += `\r\n mtvec:   ${hex32(readCsr(csr, Csr.mtvec))}`;
  text += `\r\n mstatus: ${hex32(mstatus)}`;
  text += `\r\n  uie:    ${flag(mstatus, 0)}    upie:   ${flag(mstatus, 4)}`;
  text += `\r\n  sie:    ${flag(mstatus, 1)}    spie:   ${flag(mstatus, 5)}`;
  text += `\r\n  mie:    ${flag(mstatus, 3)}    mpie:   ${flag(mstatus, 7)}`;
  text += `\r\n  spp:    ${flag(mstatus, 8)}`;
  text += `\r\n mie:     ${hex32(mie)}    mip:         ${hex32(mip)}`;
  const gap = ' '.repeat(13);
  const rows: Array<[string, number]> = [
    ['usoft', 0],
    ['ssoft', 1],
    ['msoft', 3],
    ['utimer', 4],
    ['stimer', 5],
    ['mtimer', 7],
    ['uext', 8],
    ['sext', 9],
    ['mext', 11],
  ];
  for (const [name, bit] of rows) {
    text += `\r\n  ${`${name}:`.padEnd(8, ' ')}${flag(mie, bit)}        ${gap} ${flag(mip, bit)}`;
  }
  return `${text}\r\n`;
}
