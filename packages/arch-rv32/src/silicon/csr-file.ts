/**
 * The hart's machine-mode CSR file: what each CSR reads and how writes are legalised (WARL
 * fields, read-only and sticky bits, the counters and their user-mode gates in `mcounteren`,
 * the PMP and `mseccfg`). The hart checks privilege and read-only-ness first (`csrAccess`).
 */
import { Csr, InterruptBit, MISA_RV32IMACU, Mstatus, Privilege } from './architecture.js';
import { PMP_ENTRIES } from './pmp.js';
import type { RiscvHart } from './rv32-hart.js';

function counterAllowed(hart: RiscvHart, bit: number, bits: number): void {
  if (hart.privilege === Privilege.User && (hart.mcounteren & (1 << bit)) === 0) {
    hart.illegalInstruction(bits);
  }
}

function time(hart: RiscvHart, bits: number): number {
  const source = hart.timeSource;
  if (source === undefined) return hart.illegalInstruction(bits);
  return source();
}

/** Reads CSR `number` (privilege already checked); an illegal instruction with `bits` if absent. */
export function readCsrValue(hart: RiscvHart, number: number, bits: number): number {
  if (number >= Csr.pmpaddr0 && number < Csr.pmpaddr0 + PMP_ENTRIES) {
    return hart.pmp.readAddress(number - Csr.pmpaddr0);
  }
  if (number >= Csr.pmpcfg0 && number < Csr.pmpcfg0 + 4) return hart.pmp.readConfig(number - Csr.pmpcfg0);
  // mhpmcounter3-31(h) and mhpmevent3-31 read as zero.
  if ((number > 0xb02 && number < 0xb20) || (number > 0xb82 && number < 0xba0)) return 0;
  if (number > 0x322 && number < 0x340) return 0;
  switch (number) {
    case Csr.mstatus:
      return hart.mstatus;
    case Csr.misa:
      return MISA_RV32IMACU;
    case Csr.mie:
      return hart.mie;
    case Csr.mtvec:
      return hart.mtvec;
    case Csr.mcounteren:
      return hart.mcounteren;
    case Csr.mstatush:
    case Csr.mcountinhibit:
    case Csr.mseccfgh:
    case Csr.mvendorid:
    case Csr.marchid:
    case Csr.mimpid:
    case Csr.mconfigptr:
      return 0;
    case Csr.mhartid:
      return hart.hartId;
    case Csr.mscratch:
      return hart.mscratch;
    case Csr.mepc:
      return hart.mepc;
    case Csr.mcause:
      return hart.mcause;
    case Csr.mtval:
      return hart.mtval;
    case Csr.mip:
      return hart.mip;
    case Csr.mseccfg:
      return hart.pmp.readMseccfg();
    case Csr.cycle:
      counterAllowed(hart, 0, bits);
      return counterLow(hart.cycles + hart.cycleOffset);
    case Csr.mcycle:
      return counterLow(hart.cycles + hart.cycleOffset);
    case Csr.cycleh:
      counterAllowed(hart, 0, bits);
      return counterHigh(hart.cycles + hart.cycleOffset);
    case Csr.mcycleh:
      return counterHigh(hart.cycles + hart.cycleOffset);
    case Csr.instret:
      counterAllowed(hart, 2, bits);
      return counterLow(hart.instret + hart.instretOffset);
    case Csr.minstret:
      return counterLow(hart.instret + hart.instretOffset);
    case Csr.instreth:
      counterAllowed(hart, 2, bits);
      return counterHigh(hart.instret + hart.instretOffset);
    case Csr.minstreth:
      return counterHigh(hart.instret + hart.instretOffset);
    case Csr.time:
      counterAllowed(hart, 1, bits);
      return counterLow(time(hart, bits));
    case Csr.timeh:
      counterAllowed(hart, 1, bits);
      return counterHigh(time(hart, bits));
    default:
      return hart.illegalInstruction(bits);
  }
}

function counterLow(value: number): number {
  return (value % 0x1_0000_0000) >>> 0;
}

function counterHigh(value: number): number {
  return Math.floor(value / 0x1_0000_0000) >>> 0;
}

/** Writes CSR `number` with the WARL rules; an illegal instruction with `bits` if absent. */
export function writeCsrValue(hart: RiscvHart, number: number, value: number, bits: number): void {
  if (number >= Csr.pmpaddr0 && number < Csr.pmpaddr0 + PMP_ENTRIES) {
    hart.pmp.writeAddress(number - Csr.pmpaddr0, value);
    hart.requestAttention();
    return;
  }
  if (number >= Csr.pmpcfg0 && number < Csr.pmpcfg0 + 4) {
    hart.pmp.writeConfig(number - Csr.pmpcfg0, value);
    hart.requestAttention();
    return;
  }
  switch (number) {
    case Csr.mstatus: {
      let mpp = (value & Mstatus.MPP_MASK) >>> Mstatus.MPP_SHIFT;
      if (mpp !== Privilege.Machine) mpp = Privilege.User;
      const writable = Mstatus.MIE | Mstatus.MPIE | Mstatus.TW;
      hart.mstatus = ((value & writable) | (mpp << Mstatus.MPP_SHIFT)) >>> 0;
      hart.requestAttention();
      return;
    }
    case Csr.mie:
      hart.mie = value & (InterruptBit.MSI | InterruptBit.MTI | InterruptBit.MEI);
      hart.requestAttention();
      return;
    case Csr.mtvec:
      if ((value & 3) < 2) hart.mtvec = value;
      return;
    case Csr.mcounteren:
      hart.mcounteren = value & 7;
      return;
    case Csr.mscratch:
      hart.mscratch = value;
      return;
    case Csr.mepc:
      hart.mepc = (value & ~1) >>> 0;
      return;
    case Csr.mcause:
      hart.mcause = value;
      return;
    case Csr.mtval:
      hart.mtval = value;
      return;
    case Csr.mseccfg:
      hart.pmp.writeMseccfg(value);
      hart.requestAttention();
      return;
    case Csr.mcycle:
      hart.cycleOffset = setLow(hart.cycles + hart.cycleOffset, value) - hart.cycles;
      return;
    case Csr.mcycleh:
      hart.cycleOffset = setHigh(hart.cycles + hart.cycleOffset, value) - hart.cycles;
      return;
    case Csr.minstret:
      hart.instretOffset = setLow(hart.instret + hart.instretOffset, value) - hart.instret;
      return;
    case Csr.minstreth:
      hart.instretOffset = setHigh(hart.instret + hart.instretOffset, value) - hart.instret;
      return;
    case Csr.misa:
    case Csr.mip:
    case Csr.mstatush:
    case Csr.mcountinhibit:
    case Csr.mseccfgh:
      return;
    default:
      if ((number > 0xb02 && number < 0xb20) || (number > 0xb82 && number < 0xba0)) return;
      if (number > 0x322 && number < 0x340) return;
      hart.illegalInstruction(bits);
  }
}

function setLow(current: number, low: number): number {
  return counterHigh(current) * 0x1_0000_0000 + low;
}

function setHigh(current: number, high: number): number {
  return (high >>> 0) * 0x1_0000_0000 + counterLow(current);
}
