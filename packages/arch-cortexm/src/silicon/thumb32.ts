/**
 * Decoder for the 32-bit Thumb encodings of ARMv7-M (ARMv7-M ARM A5.3): data processing with
 * modified and plain immediates and shifted registers, branches and miscellaneous control,
 * load/store single, multiple, dual and exclusive, table branches. Multiplies, divides and the
 * DSP extension live in `thumb32-multiply.ts` and `thumb32-dsp.ts`. Coprocessor and
 * floating-point space raises NOCP (the FPU is off).
 */
import {
  addWithFlags,
  decodeImmediateShift,
  expandModifiedImmediate,
  ShiftType,
  setNegativeZero,
  shiftValue,
  shiftWithCarry,
  signedSaturate,
  subtractWithFlags,
  unsignedSaturate,
} from './alu.js';
import type { CortexMCore } from './cortexm-core.js';
import type { InstructionHandler } from './thumb-decoder.js';
import { decodeHint, listRegisters } from './thumb16.js';
import { decodeDataProcessingRegister } from './thumb32-dsp.js';
import { decodeLongMultiplyDivide, decodeMultiplyAccumulate } from './thumb32-multiply.js';
import { decodeMoveSpecialRegister } from './thumb32-system.js';

/** A data-processing operand: computes the value and leaves its carry in `core.shifterCarry`. */
type Operand = () => number;

/** Decodes one 32-bit instruction. */
export function decodeThumb32(
  core: CortexMCore,
  first: number,
  second: number,
  address: number,
  inItBlock: boolean,
): InstructionHandler {
  const next = (address + 4) >>> 0;
  const op1 = (first >>> 11) & 3;
  const op2 = (first >>> 4) & 0x7f;
  if (op1 === 1) {
    if ((op2 & 0x64) === 0) return decodeLoadStoreMultiple(core, first, second, next);
    if ((op2 & 0x64) === 0x04) return decodeLoadStoreDual(core, first, second, address, next);
    if ((op2 & 0x60) === 0x20) return decodeDataProcessingShifted(core, first, second, next);
    return () => core.noCoprocessor();
  }
  if (op1 === 2) {
    if ((second & 0x8000) !== 0) return decodeBranchAndControl(core, first, second, address, next, inItBlock);
    if ((first & (1 << 9)) === 0) return decodeDataProcessingModified(core, first, second, next);
    return decodePlainImmediate(core, first, second, address, next);
  }
  // op1 === 3
  if ((op2 & 0x40) !== 0) return () => core.noCoprocessor();
  if ((op2 & 0x71) === 0x00) return decodeStoreSingle(core, first, second, next);
  if ((op2 & 0x67) === 0x01 || (op2 & 0x67) === 0x03 || (op2 & 0x67) === 0x05) {
    return decodeLoadSingle(core, first, second, address, next);
  }
  if ((op2 & 0x70) === 0x20) return decodeDataProcessingRegister(core, first, second, next);
  if ((op2 & 0x78) === 0x30) return decodeMultiplyAccumulate(core, first, second, next);
  if ((op2 & 0x78) === 0x38) return decodeLongMultiplyDivide(core, first, second, next);
  return () => core.undefinedInstruction();
}

// ======================================================================== data processing

/** Builds the handler for one data-processing operation on `rn` and an operand. */
function dataProcessing(
  core: CortexMCore,
  opcode: number,
  setFlags: boolean,
  rd: number,
  rn: number,
  operand: Operand,
  next: number,
): InstructionHandler {
  const r = core.regs;
  const alu = core.cycleTable.alu;
  const compare = rd === 15 && setFlags;
  switch (opcode) {
    case 0b0000:
      if (compare)
        return () => {
          const value = operand();
          setNegativeZero(core, (r[rn] ?? 0) & value);
          core.c = core.shifterCarry;
          core.cycles += alu;
          return next;
        };
      return () => {
        const result = (r[rn] ?? 0) & operand();
        r[rd] = result;
        if (setFlags) {
          setNegativeZero(core, result);
          core.c = core.shifterCarry;
        }
        core.cycles += alu;
        return next;
      };
    case 0b0001:
      return () => {
        const result = (r[rn] ?? 0) & ~operand();
        r[rd] = result;
        if (setFlags) {
          setNegativeZero(core, result);
          core.c = core.shifterCarry;
        }
        core.cycles += alu;
        return next;
      };
    case 0b0010:
      if (rn === 15)
        return () => {
          const result = operand();
          r[rd] = result;
          if (setFlags) {
            setNegativeZero(core, result);
            core.c = core.shifterCarry;
          }
          core.cycles += alu;
          return next;
        };
      return () => {
        const result = (r[rn] ?? 0) | operand();
        r[rd] = result;
        if (setFlags) {
          setNegativeZero(core, result);
          core.c = core.shifterCarry;
        }
        core.cycles += alu;
        return next;
      };
    case 0b0011:
      return () => {
        const base = rn === 15 ? 0 : (r[rn] ?? 0);
        const result = base | ~operand();
        r[rd] = result;
        if (setFlags) {
          setNegativeZero(core, result);
          core.c = core.shifterCarry;
        }
        core.cycles += alu;
        return next;
      };
    case 0b0100:
      return () => {
        const result = (r[rn] ?? 0) ^ operand();
        if (!compare) r[rd] = result;
        if (setFlags) {
          setNegativeZero(core, result);
          core.c = core.shifterCarry;
        }
        core.cycles += alu;
        return next;
      };
    case 0b1000:
      return () => {
        const a = r[rn] ?? 0;
        const b = operand();
        if (setFlags) {
          const result = addWithFlags(core, a, b, 0);
          if (!compare) r[rd] = result;
        } else r[rd] = a + b;
        core.cycles += alu;
        return next;
      };
    case 0b1010:
      return () => {
        const a = r[rn] ?? 0;
        const b = operand();
        if (setFlags) r[rd] = addWithFlags(core, a, b, core.c);
        else r[rd] = a + b + core.c;
        core.cycles += alu;
        return next;
      };
    case 0b1011:
      return () => {
        const a = r[rn] ?? 0;
        const b = ~operand() >>> 0;
        if (setFlags) r[rd] = addWithFlags(core, a, b, core.c);
        else r[rd] = a + b + core.c;
        core.cycles += alu;
        return next;
      };
    case 0b1101:
      return () => {
        const a = r[rn] ?? 0;
        const b = operand();
        if (setFlags) {
          const result = subtractWithFlags(core, a, b);
          if (!compare) r[rd] = result;
        } else r[rd] = a - b;
        core.cycles += alu;
        return next;
      };
    case 0b1110:
      return () => {
        const a = r[rn] ?? 0;
        const b = operand();
        if (setFlags) r[rd] = subtractWithFlags(core, b, a);
        else r[rd] = b - a;
        core.cycles += alu;
        return next;
      };
    default:
      return () => core.undefinedInstruction();
  }
}

/** Data processing with a modified immediate (A5.3.1). */
function decodeDataProcessingModified(
  core: CortexMCore,
  first: number,
  second: number,
  next: number,
): InstructionHandler {
  const opcode = (first >>> 5) & 15;
  const setFlags = (first & 0x10) !== 0;
  const rn = first & 15;
  const rd = (second >>> 8) & 15;
  const imm12 = ((first & 0x400) << 1) | ((second >>> 4) & 0x700) | (second & 0xff);
  const { value, carry } = expandModifiedImmediate(imm12);
  const operand: Operand =
    carry < 0
      ? () => {
          core.shifterCarry = core.c;
          return value;
        }
      : () => {
          core.shifterCarry = carry;
          return value;
        };
  return dataProcessing(core, opcode, setFlags, rd, rn, operand, next);
}

/** Data processing with a shifted register (A5.3.11), including PKHBT/PKHTB. */
function decodeDataProcessingShifted(
  core: CortexMCore,
  first: number,
  second: number,
  next: number,
): InstructionHandler {
  const r = core.regs;
  const opcode = (first >>> 5) & 15;
  const setFlags = (first & 0x10) !== 0;
  const rn = first & 15;
  const rd = (second >>> 8) & 15;
  const rm = second & 15;
  const imm5 = ((second >>> 10) & 0x1c) | ((second >>> 6) & 3);
  const { type, amount } = decodeImmediateShift((second >>> 4) & 3, imm5);
  if (opcode === 0b0110) {
    // PKHBT / PKHTB (DSP).
    const topFromShifted = (second & 0x20) !== 0;
    const alu = core.cycleTable.alu;
    return () => {
      const shifted = shiftValue(r[rm] ?? 0, type, amount, core.c);
      const a = r[rn] ?? 0;
      r[rd] = topFromShifted ? (a & 0xffff0000) | (shifted & 0xffff) : (shifted & 0xffff0000) | (a & 0xffff);
      core.cycles += alu;
      return next;
    };
  }
  const operand: Operand =
    amount === 0 && type === ShiftType.Lsl
      ? () => {
          core.shifterCarry = core.c;
          return r[rm] ?? 0;
        }
      : () => shiftWithCarry(core, r[rm] ?? 0, type, amount);
  return dataProcessing(core, opcode, setFlags, rd, rn, operand, next);
}

/** Data processing with a plain binary immediate (A5.3.3). */
function decodePlainImmediate(
  core: CortexMCore,
  first: number,
  second: number,
  address: number,
  next: number,
): InstructionHandler {
  const r = core.regs;
  const alu = core.cycleTable.alu;
  const opcode = (first >>> 4) & 31;
  const rn = first & 15;
  const rd = (second >>> 8) & 15;
  const imm12 = ((first & 0x400) << 1) | ((second >>> 4) & 0x700) | (second & 0xff);
  const imm16 = ((first & 15) << 12) | imm12;
  const lsb = ((second >>> 10) & 0x1c) | ((second >>> 6) & 3);
  const field = second & 31;
  switch (opcode) {
    case 0b00000:
      if (rn === 15) {
        const value = (((address + 4) & ~3) + imm12) >>> 0;
        return () => {
          r[rd] = value;
          core.cycles += alu;
          return next;
        };
      }
      return () => {
        r[rd] = (r[rn] ?? 0) + imm12;
        core.cycles += alu;
        return next;
      };
    case 0b01010:
      if (rn === 15) {
        const value = (((address + 4) & ~3) - imm12) >>> 0;
        return () => {
          r[rd] = value;
          core.cycles += alu;
          return next;
        };
      }
      return () => {
        r[rd] = (r[rn] ?? 0) - imm12;
        core.cycles += alu;
        return next;
      };
    case 0b00100:
      return () => {
        r[rd] = imm16;
        core.cycles += alu;
        return next;
      };
    case 0b01100:
      return () => {
        r[rd] = ((r[rd] ?? 0) & 0xffff) | (imm16 << 16);
        core.cycles += alu;
        return next;
      };
    case 0b10000:
    case 0b10010: {
      const shiftRight = (first & 0x20) !== 0;
      const bits = field + 1;
      if (shiftRight && lsb === 0) {
        if (!core.isV7) return () => core.undefinedInstruction();
        return () => {
          const value = r[rn] ?? 0;
          const low = signedSaturate(core, (value << 16) >> 16, bits);
          const high = signedSaturate(core, value >> 16, bits);
          r[rd] = (low & 0xffff) | (high << 16);
          core.cycles += alu;
          return next;
        };
      }
      return () => {
        const value = shiftRight ? (r[rn] ?? 0) >> (lsb === 0 ? 31 : lsb) : (r[rn] ?? 0) << lsb;
        r[rd] = signedSaturate(core, value | 0, bits);
        core.cycles += alu;
        return next;
      };
    }
    case 0b11000:
    case 0b11010: {
      const shiftRight = (first & 0x20) !== 0;
      const bits = field;
      if (shiftRight && lsb === 0) {
        return () => {
          const value = r[rn] ?? 0;
          const low = unsignedSaturate(core, (value << 16) >> 16, bits);
          const high = unsignedSaturate(core, value >> 16, bits);
          r[rd] = (low & 0xffff) | (high << 16);
          core.cycles += alu;
          return next;
        };
      }
      return () => {
        const value = shiftRight ? (r[rn] ?? 0) >> (lsb === 0 ? 31 : lsb) : (r[rn] ?? 0) << lsb;
        r[rd] = unsignedSaturate(core, value | 0, bits);
        core.cycles += alu;
        return next;
      };
    }
    case 0b10100: {
      const width = field + 1;
      if (lsb + width > 32) return () => core.undefinedInstruction();
      return () => {
        r[rd] = ((r[rn] ?? 0) << (32 - lsb - width)) >> (32 - width);
        core.cycles += alu;
        return next;
      };
    }
    case 0b11100: {
      const width = field + 1;
      if (lsb + width > 32) return () => core.undefinedInstruction();
      return () => {
        r[rd] = ((r[rn] ?? 0) << (32 - lsb - width)) >>> (32 - width);
        core.cycles += alu;
        return next;
      };
    }
    case 0b10110: {
      const msb = field;
      if (msb < lsb) return () => core.undefinedInstruction();
      const width = msb - lsb + 1;
      const mask = width === 32 ? 0xffff_ffff : ((2 ** width - 1) * 2 ** lsb) >>> 0;
      return () => {
        const insert = rn === 15 ? 0 : ((r[rn] ?? 0) << lsb) & mask;
        r[rd] = ((r[rd] ?? 0) & ~mask) | insert;
        core.cycles += alu;
        return next;
      };
    }
    default:
      return () => core.undefinedInstruction();
  }
}

// ======================================================================== branches and control

/** Branches and miscellaneous control (A5.3.4). */
function decodeBranchAndControl(
  core: CortexMCore,
  first: number,
  second: number,
  address: number,
  next: number,
  inItBlock: boolean,
): InstructionHandler {
  const r = core.regs;
  const alu = core.cycleTable.alu;
  const taken = core.cycleTable.alu + core.cycleTable.branchRefill;
  const op1 = (second >>> 12) & 7;
  const op = (first >>> 4) & 0x7f;
  if (op1 === 0b010 && op === 0x7f) return () => core.undefinedInstruction();
  if ((op1 & 0b101) === 0) {
    if ((op & 0x38) !== 0x38) {
      if (inItBlock) return () => core.undefinedInstruction();
      const condition = (first >>> 6) & 15;
      const sign = (first >>> 10) & 1;
      const j1 = (second >>> 13) & 1;
      const j2 = (second >>> 11) & 1;
      const offset =
        (((sign << 20) | (j2 << 19) | (j1 << 18) | ((first & 0x3f) << 12) | ((second & 0x7ff) << 1)) << 11) >>
        11;
      const target = (address + 4 + offset) >>> 0;
      return () => {
        if (core.conditionPassed(condition)) {
          core.cycles += taken;
          return target;
        }
        core.cycles += alu;
        return next;
      };
    }
    switch (op) {
      case 0x38:
      case 0x39:
      case 0x3e:
      case 0x3f:
        return decodeMoveSpecialRegister(core, first, second, next);
      case 0x3a:
        if ((second & 0x0700) !== 0) return () => core.undefinedInstruction();
        if ((second & 0xf0) === 0xf0) {
          return () => {
            core.cycles += alu;
            return next;
          };
        }
        return decodeHint(core, second & 0xff, next);
      case 0x3b: {
        const system = core.cycleTable.system;
        switch ((second >>> 4) & 15) {
          case 0b0010:
            return () => {
              core.clearExclusive();
              core.cycles += alu;
              return next;
            };
          case 0b0100:
          case 0b0101:
          case 0b0110:
            return () => {
              core.cycles += system;
              return next;
            };
          default:
            return () => core.undefinedInstruction();
        }
      }
      default:
        return () => core.undefinedInstruction();
    }
  }
  const sign = (first >>> 10) & 1;
  const i1 = ~((second >>> 13) ^ sign) & 1;
  const i2 = ~((second >>> 11) ^ sign) & 1;
  const offset =
    (((sign << 24) | (i1 << 23) | (i2 << 22) | ((first & 0x3ff) << 12) | ((second & 0x7ff) << 1)) << 7) >> 7;
  const target = (address + 4 + offset) >>> 0;
  if ((op1 & 0b101) === 0b001) {
    return () => {
      core.cycles += taken;
      return target;
    };
  }
  if ((op1 & 0b101) === 0b101) {
    const returnAddress = next | 1;
    const cost = core.cycleTable.branchWithLink;
    return () => {
      r[14] = returnAddress;
      core.cycles += cost;
      return target;
    };
  }
  return () => core.undefinedInstruction();
}

// ======================================================================== loads and stores

/** LDM/STM (IA and DB), PUSH.W and POP.W (A5.3.5). */
function decodeLoadStoreMultiple(
  core: CortexMCore,
  first: number,
  second: number,
  next: number,
): InstructionHandler {
  const r = core.regs;
  const mode = (first >>> 7) & 3;
  if (mode !== 1 && mode !== 2) return () => core.undefinedInstruction();
  const load = (first & 0x10) !== 0;
  const writeBack = (first & 0x20) !== 0;
  const rn = first & 15;
  const list = second & (load ? 0xdfff : 0x5fff);
  const registers = listRegisters(list & 0x7fff);
  const loadsPc = load && (list & 0x8000) !== 0;
  const count = registers.length + (loadsPc ? 1 : 0);
  if (count === 0 || rn === 15) return () => core.undefinedInstruction();
  const decrement = mode === 2;
  const cost = core.cycleTable.multipleBase + count + (loadsPc ? core.cycleTable.loadPcExtra : 0);
  const baseInList = (list & (1 << rn)) !== 0;
  if (!load) {
    return () => {
      const base = r[rn] ?? 0;
      const start = decrement ? (base - 4 * count) >>> 0 : base;
      let cursor = start;
      for (let index = 0; index < count; index++) {
        core.write32Aligned(cursor, r[registers[index] ?? 0] ?? 0);
        cursor = (cursor + 4) >>> 0;
      }
      if (writeBack) r[rn] = decrement ? start : cursor;
      core.cycles += cost;
      return next;
    };
  }
  const loaded = registers.length;
  return () => {
    const base = r[rn] ?? 0;
    const start = decrement ? (base - 4 * count) >>> 0 : base;
    let cursor = start;
    for (let index = 0; index < loaded; index++) {
      r[registers[index] ?? 0] = core.read32Aligned(cursor);
      cursor = (cursor + 4) >>> 0;
    }
    const target = loadsPc ? core.read32Aligned(cursor) : 0;
    if (writeBack && !baseInList) r[rn] = decrement ? start : (cursor + (loadsPc ? 4 : 0)) >>> 0;
    core.cycles += cost;
    return loadsPc ? core.interworkingBranch(target) : next;
  };
}

/** LDRD/STRD, LDREX/STREX (+B/H), TBB/TBH (A5.3.6). */
function decodeLoadStoreDual(
  core: CortexMCore,
  first: number,
  second: number,
  address: number,
  next: number,
): InstructionHandler {
  const r = core.regs;
  const op1 = (first >>> 7) & 3;
  const op2 = (first >>> 4) & 3;
  const op3 = (second >>> 4) & 15;
  const rn = first & 15;
  const rt = (second >>> 12) & 15;
  const rt2 = (second >>> 8) & 15;
  const load = core.cycleTable.load;
  const store = core.cycleTable.store;
  const taken = core.cycleTable.alu + core.cycleTable.branchRefill;
  if (op1 === 0 && op2 === 0) {
    // STREX Rd, Rt, [Rn, #imm8*4]
    const rd = rt2;
    const offset = (second & 0xff) * 4;
    return () => {
      const target = ((r[rn] ?? 0) + offset) >>> 0;
      if (core.claimExclusive(target)) {
        core.write32Aligned(target, r[rt] ?? 0);
        r[rd] = 0;
      } else r[rd] = 1;
      core.cycles += store;
      return next;
    };
  }
  if (op1 === 0 && op2 === 1) {
    const offset = (second & 0xff) * 4;
    return () => {
      const target = ((r[rn] ?? 0) + offset) >>> 0;
      r[rt] = core.read32Aligned(target);
      core.setExclusive(target);
      core.cycles += load;
      return next;
    };
  }
  if (op1 === 1 && op2 === 0) {
    const rd = second & 15;
    if (op3 === 4 || op3 === 5) {
      const half = op3 === 5;
      return () => {
        const target = r[rn] ?? 0;
        if (core.claimExclusive(target)) {
          if (half) {
            if ((target & 1) !== 0) core.read32Aligned(target | 2);
            core.write16(target, (r[rt] ?? 0) & 0xffff);
          } else core.write8(target, (r[rt] ?? 0) & 0xff);
          r[rd] = 0;
        } else r[rd] = 1;
        core.cycles += store;
        return next;
      };
    }
    return () => core.undefinedInstruction();
  }
  if (op1 === 1 && op2 === 1) {
    const rm = second & 15;
    if (op3 === 0 || op3 === 1) {
      const halfwords = op3 === 1;
      return () => {
        const base = rn === 15 ? (address + 4) >>> 0 : (r[rn] ?? 0);
        const index = r[rm] ?? 0;
        const entry = halfwords ? core.read16((base + index * 2) >>> 0) : core.read8((base + index) >>> 0);
        core.cycles += taken + 1;
        return (address + 4 + entry * 2) >>> 0;
      };
    }
    if (op3 === 4 || op3 === 5) {
      const half = op3 === 5;
      return () => {
        const target = r[rn] ?? 0;
        if (half && (target & 1) !== 0) core.read32Aligned(target | 2);
        r[rt] = half ? core.read16(target) : core.read8(target);
        core.setExclusive(target);
        core.cycles += load;
        return next;
      };
    }
    return () => core.undefinedInstruction();
  }
  // LDRD / STRD (immediate, or literal for LDRD with Rn = PC).
  const index = (first & 0x100) !== 0;
  const add = (first & 0x80) !== 0;
  const writeBack = (first & 0x20) !== 0;
  const isLoad = (first & 0x10) !== 0;
  const offset = (second & 0xff) * 4;
  if (!index && !writeBack) return () => core.undefinedInstruction();
  const cost = core.cycleTable.multipleBase + 2;
  if (isLoad) {
    return () => {
      const base = rn === 15 ? ((address + 4) & ~3) >>> 0 : (r[rn] ?? 0);
      const offsetAddress = (add ? base + offset : base - offset) >>> 0;
      const target = index ? offsetAddress : base;
      const low = core.read32Aligned(target);
      const high = core.read32Aligned((target + 4) >>> 0);
      if (writeBack) r[rn] = offsetAddress;
      r[rt] = low;
      r[rt2] = high;
      core.cycles += cost;
      return next;
    };
  }
  return () => {
    const base = r[rn] ?? 0;
    const offsetAddress = (add ? base + offset : base - offset) >>> 0;
    const target = index ? offsetAddress : base;
    core.write32Aligned(target, r[rt] ?? 0);
    core.write32Aligned((target + 4) >>> 0, r[rt2] ?? 0);
    if (writeBack) r[rn] = offsetAddress;
    core.cycles += cost;
    return next;
  };
}

/** Computes the address of a single load/store from its addressing form. */
type AddressForm = {
  /** Address used for the access. */
  readonly compute: () => number;
  /** Write-back value (or undefined without write-back), valid after `compute`. */
  readonly writeBack: boolean;
  /** Unprivileged (LDRT/STRT) form. */
  readonly unprivileged: boolean;
};

/** The addressing of LDR/STR{B,H} (T2-T4 forms). Returns undefined for UNDEFINED encodings. */
function singleAddress(
  core: CortexMCore,
  first: number,
  second: number,
  scratch: { offsetAddress: number },
): AddressForm | undefined {
  const r = core.regs;
  const rn = first & 15;
  if ((first & 0x80) !== 0) {
    const imm12 = second & 0xfff;
    return { compute: () => ((r[rn] ?? 0) + imm12) >>> 0, writeBack: false, unprivileged: false };
  }
  if ((second & 0x800) !== 0) {
    const pIndex = (second & 0x400) !== 0;
    const add = (second & 0x200) !== 0;
    const writeBack = (second & 0x100) !== 0;
    const imm8 = second & 0xff;
    const unprivileged = pIndex && add && !writeBack;
    if (!pIndex && !writeBack) return undefined;
    return {
      compute: () => {
        const base = r[rn] ?? 0;
        const offsetAddress = (add ? base + imm8 : base - imm8) >>> 0;
        scratch.offsetAddress = offsetAddress;
        return pIndex ? offsetAddress : base;
      },
      writeBack,
      unprivileged,
    };
  }
  if ((second & 0xfc0) !== 0) return undefined;
  const rm = second & 15;
  const shift = (second >>> 4) & 3;
  return {
    compute: () => ((r[rn] ?? 0) + ((r[rm] ?? 0) << shift)) >>> 0,
    writeBack: false,
    unprivileged: false,
  };
}

/** STR/STRB/STRH (A5.3.10). */
function decodeStoreSingle(
  core: CortexMCore,
  first: number,
  second: number,
  next: number,
): InstructionHandler {
  const r = core.regs;
  const size = (first >>> 5) & 3;
  const rn = first & 15;
  const rt = (second >>> 12) & 15;
  if (size === 3 || rn === 15) return () => core.undefinedInstruction();
  const scratch = { offsetAddress: 0 };
  const form = singleAddress(core, first, second, scratch);
  if (form === undefined) return () => core.undefinedInstruction();
  const { compute, writeBack, unprivileged } = form;
  const store = core.cycleTable.store;
  const write =
    size === 0
      ? (target: number, value: number) => core.write8(target, value & 0xff)
      : size === 1
        ? (target: number, value: number) => core.write16(target, value & 0xffff)
        : (target: number, value: number) => core.write32(target, value);
  return () => {
    const target = compute();
    if (unprivileged) core.withUnprivilegedAccess(() => write(target, r[rt] ?? 0));
    else write(target, r[rt] ?? 0);
    if (writeBack) r[rn] = scratch.offsetAddress;
    core.cycles += store;
    return next;
  };
}

/** LDR/LDRB/LDRH/LDRSB/LDRSH including literal forms and PLD/PLI hints (A5.3.7-A5.3.9). */
function decodeLoadSingle(
  core: CortexMCore,
  first: number,
  second: number,
  address: number,
  next: number,
): InstructionHandler {
  const r = core.regs;
  const size = (first >>> 5) & 3;
  const signed = (first & 0x100) !== 0;
  const rn = first & 15;
  const rt = (second >>> 12) & 15;
  const load = core.cycleTable.load;
  if (size === 2 && signed) return () => core.undefinedInstruction();
  const read =
    size === 0
      ? signed
        ? (target: number) => (core.read8(target) << 24) >> 24
        : (target: number) => core.read8(target)
      : size === 1
        ? signed
          ? (target: number) => (core.read16(target) << 16) >> 16
          : (target: number) => core.read16(target)
        : (target: number) => core.read32(target);
  const toPc = rt === 15;
  if (toPc && size !== 2) {
    // PLD / PLI / unallocated memory hints: no architectural effect here.
    const alu = core.cycleTable.alu;
    return () => {
      core.cycles += alu;
      return next;
    };
  }
  const pcCost = load + (toPc ? core.cycleTable.loadPcExtra + core.cycleTable.branchRefill : 0);
  if (rn === 15) {
    const add = (first & 0x80) !== 0;
    const imm12 = second & 0xfff;
    const literal = ((((address + 4) & ~3) >>> 0) + (add ? imm12 : -imm12)) >>> 0;
    return () => {
      const value = read(literal) >>> 0;
      core.cycles += pcCost;
      if (toPc) return core.interworkingBranch(value);
      r[rt] = value;
      return next;
    };
  }
  const scratch = { offsetAddress: 0 };
  const form = singleAddress(core, first, second, scratch);
  if (form === undefined) return () => core.undefinedInstruction();
  const { compute, writeBack, unprivileged } = form;
  return () => {
    const target = compute();
    const value = (unprivileged ? core.withUnprivilegedAccess(() => read(target)) : read(target)) >>> 0;
    if (writeBack) r[rn] = scratch.offsetAddress;
    core.cycles += pcCost;
    if (toPc) return core.interworkingBranch(value);
    r[rt] = value;
    return next;
  };
}
