/**
 * Decodes RV32IMA + Zicsr + Zifencei instructions into handlers: small closures that execute one
 * instruction at one address and return the next PC. Compressed instructions are expanded
 * (`compressed.ts`) and decoded by the same switch with a length of 2.
 *
 * Writes to x0 go to the sink register x[32], so no handler tests for rd = 0. Each handler adds
 * the extra cycles of the cycle model (`cycle-model.ts`) to the hart's count. Handlers return the
 * next PC biased by the hart's `codeBias` (`(pc - codeBias) | 0`), a small integer for code in RAM.
 */
import { ExceptionCause } from './architecture.js';
import { expandCompressed, ILLEGAL } from './compressed.js';
import { RV32_CYCLES } from './cycle-model.js';
import type { RiscvHart } from './rv32-hart.js';

/** A decoded instruction: executes it and returns the address of the next one. */
export type InstructionHandler = () => number;

const JUMP = RV32_CYCLES.jumpExtra;
const LOAD = RV32_CYCLES.loadExtra;
const DIVIDE = RV32_CYCLES.divideExtra;

/** Decodes the instruction at `pc`, caches its handler and returns it. */
export function decodeAt(hart: RiscvHart, pc: number): InstructionHandler {
  const first = hart.fetchHalfword(pc, pc);
  let handler: InstructionHandler;
  if ((first & 3) !== 3) {
    const expanded = expandCompressed(first);
    handler =
      expanded === ILLEGAL ? () => hart.illegalInstruction(first) : decodeWord(hart, expanded, pc, 2, first);
  } else {
    const second = hart.fetchHalfword((pc + 2) >>> 0, (pc + 2) >>> 0);
    const word = (first | (second << 16)) >>> 0;
    handler = decodeWord(hart, word, pc, 4, word);
  }
  hart.cacheHandler(pc, handler);
  return handler;
}

/** The high 32 bits of the unsigned 64-bit product of two unsigned 32-bit values. */
export function multiplyHighUnsigned(a: number, b: number): number {
  const aLow = a & 0xffff;
  const aHigh = a >>> 16;
  const bLow = b & 0xffff;
  const bHigh = b >>> 16;
  const lowLow = aLow * bLow;
  const highLow = aHigh * bLow;
  const cross = (lowLow >>> 16) + (highLow & 0xffff) + aLow * bHigh;
  return (aHigh * bHigh + (highLow >>> 16) + Math.floor(cross / 0x1_0000)) >>> 0;
}

/** The high 32 bits of the signed 64-bit product. */
export function multiplyHighSigned(a: number, b: number): number {
  let high = multiplyHighUnsigned(a >>> 0, b >>> 0);
  if ((a | 0) < 0) high -= b >>> 0;
  if ((b | 0) < 0) high -= a >>> 0;
  return high >>> 0;
}

/** The high 32 bits of signed `a` times unsigned `b`. */
export function multiplyHighSignedUnsigned(a: number, b: number): number {
  let high = multiplyHighUnsigned(a >>> 0, b >>> 0);
  if ((a | 0) < 0) high -= b >>> 0;
  return high >>> 0;
}

/** Decodes one 32-bit instruction word (or an expanded compressed one, `length` 2). */
export function decodeWord(
  hart: RiscvHart,
  word: number,
  pc: number,
  length: number,
  bits: number,
): InstructionHandler {
  const x = hart.x;
  const bias = hart.codeBias;
  const link = (pc + length) >>> 0;
  const next = (link - bias) | 0;
  const rdField = (word >>> 7) & 31;
  const d = rdField === 0 ? 32 : rdField;
  const s1 = (word >>> 15) & 31;
  const s2 = (word >>> 20) & 31;
  const funct3 = (word >>> 12) & 7;
  const funct7 = word >>> 25;
  const immI = word >> 20;
  const illegal = (): number => hart.illegalInstruction(bits);
  switch (word & 0x7f) {
    case 0x37: {
      const value = (word & 0xffff_f000) >>> 0;
      return () => {
        x[d] = value;
        return next;
      };
    }
    case 0x17: {
      const value = (pc + (word & 0xffff_f000)) >>> 0;
      return () => {
        x[d] = value;
        return next;
      };
    }
    case 0x6f: {
      const offset =
        ((word >> 31) << 20) |
        (((word >>> 12) & 0xff) << 12) |
        (((word >>> 20) & 1) << 11) |
        (((word >>> 21) & 0x3ff) << 1);
      const target = (pc + offset - bias) | 0;
      return () => {
        x[d] = link;
        hart.cycles += JUMP;
        return target;
      };
    }
    case 0x67: {
      if (funct3 !== 0) return illegal;
      return () => {
        const target = ((x[s1] ?? 0) + immI) & ~1;
        x[d] = link;
        hart.cycles += JUMP;
        return (target - bias) | 0;
      };
    }
    case 0x63:
      return decodeBranch(hart, word, pc, next, s1, s2, funct3, illegal);
    case 0x03:
      return decodeLoad(hart, next, d, s1, immI, funct3, illegal);
    case 0x23: {
      const offset = ((word >> 25) << 5) | ((word >>> 7) & 31);
      switch (funct3) {
        case 0:
          return () => {
            hart.store8(((x[s1] ?? 0) + offset) >>> 0, (x[s2] ?? 0) & 0xff);
            return next;
          };
        case 1:
          return () => {
            hart.store16(((x[s1] ?? 0) + offset) >>> 0, (x[s2] ?? 0) & 0xffff);
            return next;
          };
        case 2:
          return () => {
            hart.store32(((x[s1] ?? 0) + offset) >>> 0, x[s2] ?? 0);
            return next;
          };
        default:
          return illegal;
      }
    }
    case 0x13:
      return decodeImmediate(hart, next, d, s1, immI, funct3, funct7, illegal);
    case 0x33:
      return decodeRegister(hart, next, d, s1, s2, funct3, funct7, illegal);
    case 0x0f:
      // FENCE (any fields) and FENCE.I: the decode cache already follows every store.
      if (funct3 > 1) return illegal;
      return () => next;
    case 0x73:
      return decodeSystem(hart, word, next, d, s1, funct3, bits, illegal);
    case 0x2f:
      return decodeAtomic(hart, next, d, s1, s2, funct3, funct7, illegal);
    default:
      return illegal;
  }
}

function decodeBranch(
  hart: RiscvHart,
  word: number,
  pc: number,
  next: number,
  s1: number,
  s2: number,
  funct3: number,
  illegal: InstructionHandler,
): InstructionHandler {
  const x = hart.x;
  const offset =
    ((word >> 31) << 12) |
    (((word >>> 7) & 1) << 11) |
    (((word >>> 25) & 0x3f) << 5) |
    (((word >>> 8) & 15) << 1);
  const target = (pc + offset - hart.codeBias) | 0;
  switch (funct3) {
    case 0:
      return () => {
        if (x[s1] !== x[s2]) return next;
        hart.cycles += JUMP;
        return target;
      };
    case 1:
      return () => {
        if (x[s1] === x[s2]) return next;
        hart.cycles += JUMP;
        return target;
      };
    case 4:
      return () => {
        if (((x[s1] ?? 0) | 0) >= ((x[s2] ?? 0) | 0)) return next;
        hart.cycles += JUMP;
        return target;
      };
    case 5:
      return () => {
        if (((x[s1] ?? 0) | 0) < ((x[s2] ?? 0) | 0)) return next;
        hart.cycles += JUMP;
        return target;
      };
    case 6:
      return () => {
        if ((x[s1] ?? 0) >= (x[s2] ?? 0)) return next;
        hart.cycles += JUMP;
        return target;
      };
    case 7:
      return () => {
        if ((x[s1] ?? 0) < (x[s2] ?? 0)) return next;
        hart.cycles += JUMP;
        return target;
      };
    default:
      return illegal;
  }
}

function decodeLoad(
  hart: RiscvHart,
  next: number,
  d: number,
  s1: number,
  offset: number,
  funct3: number,
  illegal: InstructionHandler,
): InstructionHandler {
  const x = hart.x;
  switch (funct3) {
    case 0:
      return () => {
        x[d] = (hart.load8(((x[s1] ?? 0) + offset) >>> 0) << 24) >> 24;
        hart.cycles += LOAD;
        return next;
      };
    case 1:
      return () => {
        x[d] = (hart.load16(((x[s1] ?? 0) + offset) >>> 0) << 16) >> 16;
        hart.cycles += LOAD;
        return next;
      };
    case 2:
      return () => {
        x[d] = hart.load32(((x[s1] ?? 0) + offset) >>> 0);
        hart.cycles += LOAD;
        return next;
      };
    case 4:
      return () => {
        x[d] = hart.load8(((x[s1] ?? 0) + offset) >>> 0);
        hart.cycles += LOAD;
        return next;
      };
    case 5:
      return () => {
        x[d] = hart.load16(((x[s1] ?? 0) + offset) >>> 0);
        hart.cycles += LOAD;
        return next;
      };
    default:
      return illegal;
  }
}

function decodeImmediate(
  hart: RiscvHart,
  next: number,
  d: number,
  s1: number,
  imm: number,
  funct3: number,
  funct7: number,
  illegal: InstructionHandler,
): InstructionHandler {
  const x = hart.x;
  const shamt = imm & 31;
  switch (funct3) {
    case 0:
      if (s1 === 0) {
        const value = imm >>> 0;
        return () => {
          x[d] = value;
          return next;
        };
      }
      return () => {
        x[d] = (x[s1] ?? 0) + imm;
        return next;
      };
    case 1:
      if (funct7 !== 0) return illegal;
      return () => {
        x[d] = (x[s1] ?? 0) << shamt;
        return next;
      };
    case 2:
      return () => {
        x[d] = ((x[s1] ?? 0) | 0) < imm ? 1 : 0;
        return next;
      };
    case 3: {
      const unsigned = imm >>> 0;
      return () => {
        x[d] = (x[s1] ?? 0) < unsigned ? 1 : 0;
        return next;
      };
    }
    case 4:
      return () => {
        x[d] = (x[s1] ?? 0) ^ imm;
        return next;
      };
    case 5:
      if (funct7 === 0)
        return () => {
          x[d] = (x[s1] ?? 0) >>> shamt;
          return next;
        };
      if (funct7 === 0x20)
        return () => {
          x[d] = (x[s1] ?? 0) >> shamt;
          return next;
        };
      return illegal;
    case 6:
      return () => {
        x[d] = (x[s1] ?? 0) | imm;
        return next;
      };
    default:
      return () => {
        x[d] = (x[s1] ?? 0) & imm;
        return next;
      };
  }
}

function decodeRegister(
  hart: RiscvHart,
  next: number,
  d: number,
  s1: number,
  s2: number,
  funct3: number,
  funct7: number,
  illegal: InstructionHandler,
): InstructionHandler {
  const x = hart.x;
  if (funct7 === 1) return decodeMultiply(hart, next, d, s1, s2, funct3);
  if (funct7 === 0x20) {
    if (funct3 === 0)
      return () => {
        x[d] = (x[s1] ?? 0) - (x[s2] ?? 0);
        return next;
      };
    if (funct3 === 5)
      return () => {
        x[d] = (x[s1] ?? 0) >> ((x[s2] ?? 0) & 31);
        return next;
      };
    return illegal;
  }
  if (funct7 !== 0) return illegal;
  switch (funct3) {
    case 0:
      return () => {
        x[d] = (x[s1] ?? 0) + (x[s2] ?? 0);
        return next;
      };
    case 1:
      return () => {
        x[d] = (x[s1] ?? 0) << ((x[s2] ?? 0) & 31);
        return next;
      };
    case 2:
      return () => {
        x[d] = ((x[s1] ?? 0) | 0) < ((x[s2] ?? 0) | 0) ? 1 : 0;
        return next;
      };
    case 3:
      return () => {
        x[d] = (x[s1] ?? 0) < (x[s2] ?? 0) ? 1 : 0;
        return next;
      };
    case 4:
      return () => {
        x[d] = (x[s1] ?? 0) ^ (x[s2] ?? 0);
        return next;
      };
    case 5:
      return () => {
        x[d] = (x[s1] ?? 0) >>> ((x[s2] ?? 0) & 31);
        return next;
      };
    case 6:
      return () => {
        x[d] = (x[s1] ?? 0) | (x[s2] ?? 0);
        return next;
      };
    default:
      return () => {
        x[d] = (x[s1] ?? 0) & (x[s2] ?? 0);
        return next;
      };
  }
}

function decodeMultiply(
  hart: RiscvHart,
  next: number,
  d: number,
  s1: number,
  s2: number,
  funct3: number,
): InstructionHandler {
  const x = hart.x;
  switch (funct3) {
    case 0:
      return () => {
        x[d] = Math.imul(x[s1] ?? 0, x[s2] ?? 0);
        return next;
      };
    case 1:
      return () => {
        x[d] = multiplyHighSigned(x[s1] ?? 0, x[s2] ?? 0);
        return next;
      };
    case 2:
      return () => {
        x[d] = multiplyHighSignedUnsigned(x[s1] ?? 0, x[s2] ?? 0);
        return next;
      };
    case 3:
      return () => {
        x[d] = multiplyHighUnsigned(x[s1] ?? 0, x[s2] ?? 0);
        return next;
      };
    case 4:
      return () => {
        const dividend = (x[s1] ?? 0) | 0;
        const divisor = (x[s2] ?? 0) | 0;
        hart.cycles += DIVIDE;
        if (divisor === 0) x[d] = 0xffff_ffff;
        else if (divisor === -1) x[d] = -dividend;
        else x[d] = (dividend / divisor) | 0;
        return next;
      };
    case 5:
      return () => {
        const dividend = x[s1] ?? 0;
        const divisor = x[s2] ?? 0;
        hart.cycles += DIVIDE;
        x[d] = divisor === 0 ? 0xffff_ffff : Math.floor(dividend / divisor);
        return next;
      };
    case 6:
      return () => {
        const dividend = (x[s1] ?? 0) | 0;
        const divisor = (x[s2] ?? 0) | 0;
        hart.cycles += DIVIDE;
        if (divisor === 0) x[d] = dividend;
        else if (divisor === -1) x[d] = 0;
        else x[d] = dividend % divisor;
        return next;
      };
    default:
      return () => {
        const dividend = x[s1] ?? 0;
        const divisor = x[s2] ?? 0;
        hart.cycles += DIVIDE;
        x[d] = divisor === 0 ? dividend : dividend % divisor;
        return next;
      };
  }
}

function decodeSystem(
  hart: RiscvHart,
  word: number,
  next: number,
  d: number,
  s1: number,
  funct3: number,
  bits: number,
  illegal: InstructionHandler,
): InstructionHandler {
  const x = hart.x;
  if (funct3 === 0) {
    switch (word) {
      case 0x0000_0073:
        return () => hart.environmentCall();
      case 0x0010_0073:
        return () => hart.raise(ExceptionCause.Breakpoint, 0);
      case 0x3020_0073:
        return () => hart.machineReturn(bits);
      case 0x1050_0073:
        return () => hart.waitForInterrupt(bits, next);
      default:
        return illegal;
    }
  }
  if (funct3 === 4) return illegal;
  const csr = word >>> 20;
  const immediate = funct3 >= 5;
  const operation = funct3 & 3;
  // CSRRW always writes; CSRRS/CSRRC write only when rs1 (or the immediate) is non-zero.
  const writes = operation === 1 || s1 !== 0;
  if (operation === 1) {
    return immediate
      ? () => {
          x[d] = hart.csrAccess(csr, true, s1, bits);
          return next;
        }
      : () => {
          x[d] = hart.csrAccess(csr, true, x[s1] ?? 0, bits);
          return next;
        };
  }
  const set = operation === 2;
  return () => {
    const operand = immediate ? s1 : (x[s1] ?? 0);
    x[d] = hart.csrModify(csr, set ? operand : 0, set ? 0 : operand, writes, bits);
    return next;
  };
}

function decodeAtomic(
  hart: RiscvHart,
  next: number,
  d: number,
  s1: number,
  s2: number,
  funct3: number,
  funct7: number,
  illegal: InstructionHandler,
): InstructionHandler {
  const x = hart.x;
  if (funct3 !== 2) return illegal;
  const funct5 = funct7 >>> 2;
  if (funct5 === 0x02) {
    if (s2 !== 0) return illegal;
    return () => {
      x[d] = hart.loadReserved(x[s1] ?? 0);
      hart.cycles += LOAD;
      return next;
    };
  }
  if (funct5 === 0x03) {
    return () => {
      x[d] = hart.storeConditional(x[s1] ?? 0, x[s2] ?? 0);
      return next;
    };
  }
  let combine: (old: number, operand: number) => number;
  switch (funct5) {
    case 0x01:
      combine = (_old, operand) => operand;
      break;
    case 0x00:
      combine = (old, operand) => old + operand;
      break;
    case 0x04:
      combine = (old, operand) => old ^ operand;
      break;
    case 0x0c:
      combine = (old, operand) => old & operand;
      break;
    case 0x08:
      combine = (old, operand) => old | operand;
      break;
    case 0x10:
      combine = (old, operand) => ((old | 0) < (operand | 0) ? old : operand);
      break;
    case 0x14:
      combine = (old, operand) => ((old | 0) > (operand | 0) ? old : operand);
      break;
    case 0x18:
      combine = (old, operand) => (old >>> 0 < operand >>> 0 ? old : operand);
      break;
    case 0x1c:
      combine = (old, operand) => (old >>> 0 > operand >>> 0 ? old : operand);
      break;
    default:
      return illegal;
  }
  return () => {
    const address = x[s1] ?? 0;
    const operand = x[s2] ?? 0;
    const old = hart.amoLoad(address);
    hart.store32(address, combine(old, operand) >>> 0);
    x[d] = old;
    hart.cycles += LOAD;
    return next;
  };
}
