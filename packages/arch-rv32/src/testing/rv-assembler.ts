/**
 * A small RV32IMAC assembler for instruction-level tests: one method per instruction form,
 * appending little-endian encodings, with labels for branches and jumps. Registers are numbers
 * (x0-x31); `Reg` names the ABI ones.
 */

/** ABI register numbers. */
export const Reg = {
  zero: 0,
  ra: 1,
  sp: 2,
  gp: 3,
  tp: 4,
  t0: 5,
  t1: 6,
  t2: 7,
  s0: 8,
  s1: 9,
  a0: 10,
  a1: 11,
  a2: 12,
  a3: 13,
  a4: 14,
  a5: 15,
  t3: 28,
  t4: 29,
  t5: 30,
  t6: 31,
} as const;

/** Encodes an R-type instruction. */
export function encodeR(
  funct7: number,
  rs2: number,
  rs1: number,
  funct3: number,
  rd: number,
  opcode: number,
): number {
  return ((funct7 << 25) | (rs2 << 20) | (rs1 << 15) | (funct3 << 12) | (rd << 7) | opcode) >>> 0;
}

/** Encodes an I-type instruction. */
export function encodeI(imm: number, rs1: number, funct3: number, rd: number, opcode: number): number {
  return (((imm & 0xfff) << 20) | (rs1 << 15) | (funct3 << 12) | (rd << 7) | opcode) >>> 0;
}

/** Encodes an S-type instruction. */
export function encodeS(imm: number, rs2: number, rs1: number, funct3: number): number {
  return (
    ((((imm >> 5) & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (funct3 << 12) | ((imm & 31) << 7) | 0x23) >>>
    0
  );
}

/** Encodes a B-type instruction with a byte offset. */
export function encodeB(offset: number, rs2: number, rs1: number, funct3: number): number {
  return (
    ((((offset >> 12) & 1) << 31) |
      (((offset >> 5) & 0x3f) << 25) |
      (rs2 << 20) |
      (rs1 << 15) |
      (funct3 << 12) |
      (((offset >> 1) & 15) << 8) |
      (((offset >> 11) & 1) << 7) |
      0x63) >>>
    0
  );
}

/** Encodes JAL with a byte offset. */
export function encodeJal(rd: number, offset: number): number {
  return (
    ((((offset >> 20) & 1) << 31) |
      (((offset >> 1) & 0x3ff) << 21) |
      (((offset >> 11) & 1) << 20) |
      (((offset >> 12) & 0xff) << 12) |
      (rd << 7) |
      0x6f) >>>
    0
  );
}

interface Fixup {
  readonly at: number;
  readonly label: string;
  readonly encode: (offset: number) => number;
}

/** Accumulates instructions; `bytes()` resolves labels. */
export class RvAssembler {
  readonly #bytes: number[] = [];
  readonly #labels = new Map<string, number>();
  readonly #fixups: Fixup[] = [];

  /** Current offset in bytes. */
  get offset(): number {
    return this.#bytes.length;
  }

  /** Appends a raw 32-bit word. */
  word(value: number): this {
    for (let shift = 0; shift < 32; shift += 8) this.#bytes.push((value >>> shift) & 0xff);
    return this;
  }

  /** Appends a raw 16-bit halfword (a compressed instruction). */
  half(value: number): this {
    this.#bytes.push(value & 0xff, (value >>> 8) & 0xff);
    return this;
  }

  /** Marks the current offset. */
  label(name: string): this {
    this.#labels.set(name, this.offset);
    return this;
  }

  lui(rd: number, upper: number): this {
    return this.word(((upper << 12) | (rd << 7) | 0x37) >>> 0);
  }
  auipc(rd: number, upper: number): this {
    return this.word(((upper << 12) | (rd << 7) | 0x17) >>> 0);
  }
  /** Loads any 32-bit constant (LUI + ADDI). */
  li(rd: number, value: number): this {
    const low = (value << 20) >> 20;
    const upper = ((value - low) >>> 12) & 0xfffff;
    if (upper !== 0) this.lui(rd, upper);
    return this.addi(rd, upper !== 0 ? rd : 0, low);
  }
  addi(rd: number, rs1: number, imm: number): this {
    return this.word(encodeI(imm, rs1, 0, rd, 0x13));
  }
  /** An OP-IMM instruction by funct3 (1 SLLI, 2 SLTI, 3 SLTIU, 4 XORI, 5 SRLI/SRAI, 6 ORI, 7 ANDI). */
  opImm(funct3: number, rd: number, rs1: number, imm: number): this {
    return this.word(encodeI(imm, rs1, funct3, rd, 0x13));
  }
  /** An OP instruction (funct7 0, 0x20 or 1 for M). */
  op(funct7: number, funct3: number, rd: number, rs1: number, rs2: number): this {
    return this.word(encodeR(funct7, rs2, rs1, funct3, rd, 0x33));
  }
  add(rd: number, rs1: number, rs2: number): this {
    return this.op(0, 0, rd, rs1, rs2);
  }
  sub(rd: number, rs1: number, rs2: number): this {
    return this.op(0x20, 0, rd, rs1, rs2);
  }
  /** A load by funct3 (0 LB, 1 LH, 2 LW, 4 LBU, 5 LHU). */
  load(funct3: number, rd: number, rs1: number, imm: number): this {
    return this.word(encodeI(imm, rs1, funct3, rd, 0x03));
  }
  lw(rd: number, rs1: number, imm: number): this {
    return this.load(2, rd, rs1, imm);
  }
  /** A store by funct3 (0 SB, 1 SH, 2 SW). */
  store(funct3: number, rs2: number, rs1: number, imm: number): this {
    return this.word(encodeS(imm, rs2, rs1, funct3));
  }
  sw(rs2: number, rs1: number, imm: number): this {
    return this.store(2, rs2, rs1, imm);
  }
  /** A branch by funct3 to a label. */
  branch(funct3: number, rs1: number, rs2: number, label: string): this {
    this.#fixups.push({ at: this.offset, label, encode: (offset) => encodeB(offset, rs2, rs1, funct3) });
    return this.word(0);
  }
  beq(rs1: number, rs2: number, label: string): this {
    return this.branch(0, rs1, rs2, label);
  }
  bne(rs1: number, rs2: number, label: string): this {
    return this.branch(1, rs1, rs2, label);
  }
  jal(rd: number, label: string): this {
    this.#fixups.push({ at: this.offset, label, encode: (offset) => encodeJal(rd, offset) });
    return this.word(0);
  }
  jalr(rd: number, rs1: number, imm: number): this {
    return this.word(encodeI(imm, rs1, 0, rd, 0x67));
  }
  /** A CSR instruction by funct3 (1 RW, 2 RS, 3 RC, 5-7 immediate forms). */
  csr(funct3: number, rd: number, csr: number, rs1OrImmediate: number): this {
    return this.word(encodeI(csr, rs1OrImmediate, funct3, rd, 0x73));
  }
  csrr(rd: number, csr: number): this {
    return this.csr(2, rd, csr, 0);
  }
  csrw(csr: number, rs1: number): this {
    return this.csr(1, 0, csr, rs1);
  }
  /** An AMO by funct5 (LR 2, SC 3, SWAP 1, ADD 0, ...). */
  amo(funct5: number, rd: number, rs1: number, rs2: number): this {
    return this.word(encodeR(funct5 << 2, rs2, rs1, 2, rd, 0x2f));
  }
  ecall(): this {
    return this.word(0x73);
  }
  ebreak(): this {
    return this.word(0x0010_0073);
  }
  mret(): this {
    return this.word(0x3020_0073);
  }
  wfi(): this {
    return this.word(0x1050_0073);
  }

  /** The encoded bytes with every label resolved. */
  bytes(): Uint8Array {
    const out = new Uint8Array(this.#bytes);
    const view = new DataView(out.buffer);
    for (const fixup of this.#fixups) {
      const target = this.#labels.get(fixup.label);
      if (target === undefined) throw new Error(`RvAssembler: no label ${fixup.label}`);
      view.setUint32(fixup.at, fixup.encode(target - fixup.at), true);
    }
    return out;
  }
}
