/**
 * RV32C: expands each 16-bit compressed instruction into the 32-bit instruction it stands for
 * (RISC-V Unprivileged ISA, chapter "C" Standard Extension, table of RVC expansions), so one
 * decoder executes both. Encodings that are reserved, need the F or D extension, or belong to
 * RV64/RV128 expand to `ILLEGAL`; HINT encodings expand to their no-op equivalents.
 */

/** Returned for an encoding that is illegal on RV32IMAC. */
export const ILLEGAL = -1;

function rType(funct7: number, rs2: number, rs1: number, funct3: number, rd: number, opcode: number): number {
  return ((funct7 << 25) | (rs2 << 20) | (rs1 << 15) | (funct3 << 12) | (rd << 7) | opcode) >>> 0;
}

function iType(imm: number, rs1: number, funct3: number, rd: number, opcode: number): number {
  return (((imm & 0xfff) << 20) | (rs1 << 15) | (funct3 << 12) | (rd << 7) | opcode) >>> 0;
}

function sType(imm: number, rs2: number, rs1: number, funct3: number, opcode: number): number {
  return (
    ((((imm >> 5) & 0x7f) << 25) |
      (rs2 << 20) |
      (rs1 << 15) |
      (funct3 << 12) |
      ((imm & 0x1f) << 7) |
      opcode) >>>
    0
  );
}

function bType(imm: number, rs2: number, rs1: number, funct3: number): number {
  return (
    ((((imm >> 12) & 1) << 31) |
      (((imm >> 5) & 0x3f) << 25) |
      (rs2 << 20) |
      (rs1 << 15) |
      (funct3 << 12) |
      (((imm >> 1) & 0xf) << 8) |
      (((imm >> 11) & 1) << 7) |
      0x63) >>>
    0
  );
}

function jType(imm: number, rd: number): number {
  return (
    ((((imm >> 20) & 1) << 31) |
      (((imm >> 1) & 0x3ff) << 21) |
      (((imm >> 11) & 1) << 20) |
      (((imm >> 12) & 0xff) << 12) |
      (rd << 7) |
      0x6f) >>>
    0
  );
}

function bit(value: number, position: number): number {
  return (value >>> position) & 1;
}

/** Sign-extends the low `bits` bits. */
function signExtend(value: number, bits: number): number {
  const shift = 32 - bits;
  return (value << shift) >> shift;
}

/** The CJ-format jump offset. */
function jumpOffset(h: number): number {
  const raw =
    (bit(h, 12) << 11) |
    (bit(h, 11) << 4) |
    (((h >>> 9) & 3) << 8) |
    (bit(h, 8) << 10) |
    (bit(h, 7) << 6) |
    (bit(h, 6) << 7) |
    (((h >>> 3) & 7) << 1) |
    (bit(h, 2) << 5);
  return signExtend(raw, 12);
}

/** The CB-format branch offset. */
function branchOffset(h: number): number {
  const raw =
    (bit(h, 12) << 8) |
    (((h >>> 10) & 3) << 3) |
    (((h >>> 5) & 3) << 6) |
    (((h >>> 3) & 3) << 1) |
    (bit(h, 2) << 5);
  return signExtend(raw, 9);
}

/** Expands compressed instruction `h` (a 16-bit value with low bits != 11). */
export function expandCompressed(h: number): number {
  const quadrant = h & 3;
  const funct3 = h >>> 13;
  const rdFull = (h >>> 7) & 31;
  const rs2Full = (h >>> 2) & 31;
  const rdPrime = ((h >>> 2) & 7) + 8;
  const rs1Prime = ((h >>> 7) & 7) + 8;
  const imm6 = signExtend((bit(h, 12) << 5) | ((h >>> 2) & 31), 6);
  if (quadrant === 0) {
    switch (funct3) {
      case 0: {
        // C.ADDI4SPN
        const imm = (((h >>> 7) & 15) << 6) | (((h >>> 11) & 3) << 4) | (bit(h, 5) << 3) | (bit(h, 6) << 2);
        if (imm === 0) return ILLEGAL;
        return iType(imm, 2, 0, rdPrime, 0x13);
      }
      case 2: {
        // C.LW
        const imm = (((h >>> 10) & 7) << 3) | (bit(h, 6) << 2) | (bit(h, 5) << 6);
        return iType(imm, rs1Prime, 2, rdPrime, 0x03);
      }
      case 6: {
        // C.SW
        const imm = (((h >>> 10) & 7) << 3) | (bit(h, 6) << 2) | (bit(h, 5) << 6);
        return sType(imm, rdPrime, rs1Prime, 2, 0x23);
      }
      default:
        return ILLEGAL; // C.FLD, C.FLW, C.FSD, C.FSW and the reserved slot
    }
  }
  if (quadrant === 1) {
    switch (funct3) {
      case 0: // C.NOP / C.ADDI (HINTs when rd = 0 or imm = 0)
        return iType(imm6, rdFull, 0, rdFull, 0x13);
      case 1: // C.JAL (RV32)
        return jType(jumpOffset(h), 1);
      case 2: // C.LI
        return iType(imm6, 0, 0, rdFull, 0x13);
      case 3: {
        if (rdFull === 2) {
          // C.ADDI16SP
          const imm = signExtend(
            (bit(h, 12) << 9) |
              (bit(h, 6) << 4) |
              (bit(h, 5) << 6) |
              (((h >>> 3) & 3) << 7) |
              (bit(h, 2) << 5),
            10,
          );
          if (imm === 0) return ILLEGAL;
          return iType(imm, 2, 0, 2, 0x13);
        }
        // C.LUI
        if (imm6 === 0) return ILLEGAL;
        return ((imm6 << 12) | (rdFull << 7) | 0x37) >>> 0;
      }
      case 4: {
        const operation = (h >>> 10) & 3;
        const shamt = (bit(h, 12) << 5) | ((h >>> 2) & 31);
        if (operation === 0 || operation === 1) {
          // C.SRLI / C.SRAI; shamt[5] = 1 is reserved on RV32
          if (bit(h, 12) === 1) return ILLEGAL;
          return iType((operation === 1 ? 0x400 : 0) | shamt, rs1Prime, 5, rs1Prime, 0x13);
        }
        if (operation === 2) return iType(imm6, rs1Prime, 7, rs1Prime, 0x13); // C.ANDI
        if (bit(h, 12) === 1) return ILLEGAL; // C.SUBW / C.ADDW (RV64) and reserved
        const rs2Prime = ((h >>> 2) & 7) + 8;
        switch ((h >>> 5) & 3) {
          case 0:
            return rType(0x20, rs2Prime, rs1Prime, 0, rs1Prime, 0x33); // C.SUB
          case 1:
            return rType(0, rs2Prime, rs1Prime, 4, rs1Prime, 0x33); // C.XOR
          case 2:
            return rType(0, rs2Prime, rs1Prime, 6, rs1Prime, 0x33); // C.OR
          default:
            return rType(0, rs2Prime, rs1Prime, 7, rs1Prime, 0x33); // C.AND
        }
      }
      case 5: // C.J
        return jType(jumpOffset(h), 0);
      case 6: // C.BEQZ
        return bType(branchOffset(h), 0, rs1Prime, 0);
      default: // C.BNEZ
        return bType(branchOffset(h), 0, rs1Prime, 1);
    }
  }
  // Quadrant 2.
  switch (funct3) {
    case 0: {
      // C.SLLI; shamt[5] = 1 is reserved on RV32
      if (bit(h, 12) === 1) return ILLEGAL;
      return iType(rs2Full, rdFull, 1, rdFull, 0x13);
    }
    case 2: {
      // C.LWSP
      if (rdFull === 0) return ILLEGAL;
      const imm = (bit(h, 12) << 5) | (((h >>> 4) & 7) << 2) | (((h >>> 2) & 3) << 6);
      return iType(imm, 2, 2, rdFull, 0x03);
    }
    case 4: {
      if (bit(h, 12) === 0) {
        if (rs2Full === 0) {
          // C.JR
          if (rdFull === 0) return ILLEGAL;
          return iType(0, rdFull, 0, 0, 0x67);
        }
        return rType(0, rs2Full, 0, 0, rdFull, 0x33); // C.MV
      }
      if (rs2Full === 0) {
        if (rdFull === 0) return 0x0010_0073; // C.EBREAK
        return iType(0, rdFull, 0, 1, 0x67); // C.JALR
      }
      return rType(0, rs2Full, rdFull, 0, rdFull, 0x33); // C.ADD
    }
    case 6: {
      // C.SWSP
      const imm = (((h >>> 9) & 15) << 2) | (((h >>> 7) & 3) << 6);
      return sType(imm, rs2Full, 2, 2, 0x23);
    }
    default:
      return ILLEGAL; // C.FLDSP, C.FLWSP, C.FSDSP, C.FSWSP
  }
}
