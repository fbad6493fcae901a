/**
 * Decoder for the 16-bit Thumb encodings (ARMv7-M ARM A5.2; ARMv6-M is the same set minus CBZ,
 * CBNZ and IT). Each encoding becomes a closure over its decoded fields that executes the
 * instruction and returns the next PC. Inside an IT block, 16-bit data processing does not set
 * flags, so those instructions decode differently there (`inItBlock`).
 */
import {
  addWithFlags,
  reverseBytes,
  ShiftType,
  setNegativeZero,
  shiftWithCarry,
  subtractWithFlags,
} from './alu.js';
import type { CortexMCore } from './cortexm-core.js';
import type { InstructionHandler } from './thumb-decoder.js';

/** Decodes one 16-bit instruction at `address`. */
export function decodeThumb16(
  core: CortexMCore,
  instruction: number,
  address: number,
  inItBlock: boolean,
): InstructionHandler {
  const r = core.regs;
  const next = (address + 2) >>> 0;
  const cycles = core.cycleTable;
  const alu = cycles.alu;
  const taken = cycles.alu + cycles.branchRefill;
  const setFlags = !inItBlock;
  const rd = instruction & 7;
  const rn3 = (instruction >>> 3) & 7;
  const top5 = instruction >>> 11;

  switch (top5) {
    case 0b00000:
    case 0b00001:
    case 0b00010: {
      // LSL/LSR/ASR (immediate); LSL #0 is MOVS Rd, Rm.
      const imm5 = (instruction >>> 6) & 31;
      const type = top5 as ShiftType;
      const amount = type === ShiftType.Lsl ? imm5 : imm5 === 0 ? 32 : imm5;
      if (type === ShiftType.Lsl && amount === 0) {
        if (!setFlags)
          return () => {
            r[rd] = r[rn3] ?? 0;
            core.cycles += alu;
            return next;
          };
        return () => {
          r[rd] = setNegativeZero(core, r[rn3] ?? 0);
          core.cycles += alu;
          return next;
        };
      }
      if (!setFlags)
        return () => {
          r[rd] = shiftWithCarry(core, r[rn3] ?? 0, type, amount);
          core.cycles += alu;
          return next;
        };
      return () => {
        r[rd] = setNegativeZero(core, shiftWithCarry(core, r[rn3] ?? 0, type, amount));
        core.c = core.shifterCarry;
        core.cycles += alu;
        return next;
      };
    }
    case 0b00011: {
      // ADD/SUB (register or 3-bit immediate).
      const immediate = (instruction & (1 << 10)) !== 0;
      const subtract = (instruction & (1 << 9)) !== 0;
      const field = (instruction >>> 6) & 7;
      if (immediate) {
        if (subtract) {
          if (!setFlags)
            return () => {
              r[rd] = (r[rn3] ?? 0) - field;
              core.cycles += alu;
              return next;
            };
          return () => {
            r[rd] = subtractWithFlags(core, r[rn3] ?? 0, field);
            core.cycles += alu;
            return next;
          };
        }
        if (!setFlags)
          return () => {
            r[rd] = (r[rn3] ?? 0) + field;
            core.cycles += alu;
            return next;
          };
        return () => {
          r[rd] = addWithFlags(core, r[rn3] ?? 0, field, 0);
          core.cycles += alu;
          return next;
        };
      }
      if (subtract) {
        if (!setFlags)
          return () => {
            r[rd] = (r[rn3] ?? 0) - (r[field] ?? 0);
            core.cycles += alu;
            return next;
          };
        return () => {
          r[rd] = subtractWithFlags(core, r[rn3] ?? 0, r[field] ?? 0);
          core.cycles += alu;
          return next;
        };
      }
      if (!setFlags)
        return () => {
          r[rd] = (r[rn3] ?? 0) + (r[field] ?? 0);
          core.cycles += alu;
          return next;
        };
      return () => {
        r[rd] = addWithFlags(core, r[rn3] ?? 0, r[field] ?? 0, 0);
        core.cycles += alu;
        return next;
      };
    }
    case 0b00100: {
      const rdHigh = (instruction >>> 8) & 7;
      const imm8 = instruction & 0xff;
      if (!setFlags)
        return () => {
          r[rdHigh] = imm8;
          core.cycles += alu;
          return next;
        };
      return () => {
        r[rdHigh] = imm8;
        core.n = 0;
        core.z = imm8 === 0 ? 1 : 0;
        core.cycles += alu;
        return next;
      };
    }
    case 0b00101: {
      const rnHigh = (instruction >>> 8) & 7;
      const imm8 = instruction & 0xff;
      return () => {
        subtractWithFlags(core, r[rnHigh] ?? 0, imm8);
        core.cycles += alu;
        return next;
      };
    }
    case 0b00110: {
      const rdn = (instruction >>> 8) & 7;
      const imm8 = instruction & 0xff;
      if (!setFlags)
        return () => {
          r[rdn] = (r[rdn] ?? 0) + imm8;
          core.cycles += alu;
          return next;
        };
      return () => {
        r[rdn] = addWithFlags(core, r[rdn] ?? 0, imm8, 0);
        core.cycles += alu;
        return next;
      };
    }
    case 0b00111: {
      const rdn = (instruction >>> 8) & 7;
      const imm8 = instruction & 0xff;
      if (!setFlags)
        return () => {
          r[rdn] = (r[rdn] ?? 0) - imm8;
          core.cycles += alu;
          return next;
        };
      return () => {
        r[rdn] = subtractWithFlags(core, r[rdn] ?? 0, imm8);
        core.cycles += alu;
        return next;
      };
    }
    case 0b01000:
      if ((instruction & (1 << 10)) === 0) return decodeDataProcessing(core, instruction, next, setFlags);
      return decodeSpecialDataAndBranch(core, instruction, address, next);
    case 0b01001: {
      // LDR (literal).
      const rt = (instruction >>> 8) & 7;
      const literal = (((address + 4) & ~3) + (instruction & 0xff) * 4) >>> 0;
      const load = cycles.load;
      return () => {
        r[rt] = core.read32(literal);
        core.cycles += load;
        return next;
      };
    }
    case 0b01010:
    case 0b01011:
      return decodeLoadStoreRegister(core, instruction, next);
    case 0b01100:
    case 0b01101:
    case 0b01110:
    case 0b01111:
    case 0b10000:
    case 0b10001:
      return decodeLoadStoreImmediate(core, instruction, next);
    case 0b10010: {
      const rt = (instruction >>> 8) & 7;
      const offset = (instruction & 0xff) * 4;
      const store = cycles.store;
      return () => {
        core.write32(((r[13] ?? 0) + offset) >>> 0, r[rt] ?? 0);
        core.cycles += store;
        return next;
      };
    }
    case 0b10011: {
      const rt = (instruction >>> 8) & 7;
      const offset = (instruction & 0xff) * 4;
      const load = cycles.load;
      return () => {
        r[rt] = core.read32(((r[13] ?? 0) + offset) >>> 0);
        core.cycles += load;
        return next;
      };
    }
    case 0b10100: {
      const rdHigh = (instruction >>> 8) & 7;
      const value = (((address + 4) & ~3) + (instruction & 0xff) * 4) >>> 0;
      return () => {
        r[rdHigh] = value;
        core.cycles += alu;
        return next;
      };
    }
    case 0b10101: {
      const rdHigh = (instruction >>> 8) & 7;
      const offset = (instruction & 0xff) * 4;
      return () => {
        r[rdHigh] = (r[13] ?? 0) + offset;
        core.cycles += alu;
        return next;
      };
    }
    case 0b10110:
    case 0b10111:
      return decodeMiscellaneous(core, instruction, address, next, inItBlock);
    case 0b11000:
    case 0b11001:
      return decodeLoadStoreMultiple(core, instruction, next);
    case 0b11010:
    case 0b11011: {
      const condition = (instruction >>> 8) & 15;
      if (condition === 0b1110) return () => core.undefinedInstruction();
      if (condition === 0b1111) {
        return () => {
          core.cycles += alu;
          return core.supervisorCall(next);
        };
      }
      if (inItBlock) return () => core.undefinedInstruction();
      const target = (address + 4 + (((instruction & 0xff) << 24) >> 23)) >>> 0;
      return () => {
        if (core.conditionPassed(condition)) {
          core.cycles += taken;
          return target;
        }
        core.cycles += alu;
        return next;
      };
    }
    case 0b11100: {
      const target = (address + 4 + (((instruction & 0x7ff) << 21) >> 20)) >>> 0;
      return () => {
        core.cycles += taken;
        return target;
      };
    }
    default:
      return () => core.undefinedInstruction();
  }
}

/** AND, EOR, shifts by register, ADC, SBC, ROR, TST, RSB, CMP, CMN, ORR, MUL, BIC, MVN. */
function decodeDataProcessing(
  core: CortexMCore,
  instruction: number,
  next: number,
  setFlags: boolean,
): InstructionHandler {
  const r = core.regs;
  const rdn = instruction & 7;
  const rm = (instruction >>> 3) & 7;
  const alu = core.cycleTable.alu;
  const opcode = (instruction >>> 6) & 15;
  switch (opcode) {
    case 0:
      if (!setFlags)
        return () => {
          r[rdn] = (r[rdn] ?? 0) & (r[rm] ?? 0);
          core.cycles += alu;
          return next;
        };
      return () => {
        r[rdn] = setNegativeZero(core, (r[rdn] ?? 0) & (r[rm] ?? 0));
        core.cycles += alu;
        return next;
      };
    case 1:
      if (!setFlags)
        return () => {
          r[rdn] = (r[rdn] ?? 0) ^ (r[rm] ?? 0);
          core.cycles += alu;
          return next;
        };
      return () => {
        r[rdn] = setNegativeZero(core, (r[rdn] ?? 0) ^ (r[rm] ?? 0));
        core.cycles += alu;
        return next;
      };
    case 12:
      if (!setFlags)
        return () => {
          r[rdn] = (r[rdn] ?? 0) | (r[rm] ?? 0);
          core.cycles += alu;
          return next;
        };
      return () => {
        r[rdn] = setNegativeZero(core, (r[rdn] ?? 0) | (r[rm] ?? 0));
        core.cycles += alu;
        return next;
      };
    case 14:
      if (!setFlags)
        return () => {
          r[rdn] = (r[rdn] ?? 0) & ~(r[rm] ?? 0);
          core.cycles += alu;
          return next;
        };
      return () => {
        r[rdn] = setNegativeZero(core, (r[rdn] ?? 0) & ~(r[rm] ?? 0));
        core.cycles += alu;
        return next;
      };
    case 2:
    case 3:
    case 4:
    case 7: {
      const type =
        opcode === 2
          ? ShiftType.Lsl
          : opcode === 3
            ? ShiftType.Lsr
            : opcode === 4
              ? ShiftType.Asr
              : ShiftType.Ror;
      return () => {
        const result = shiftWithCarry(core, r[rdn] ?? 0, type, (r[rm] ?? 0) & 0xff);
        r[rdn] = result;
        if (setFlags) {
          setNegativeZero(core, result);
          core.c = core.shifterCarry;
        }
        core.cycles += alu;
        return next;
      };
    }
    case 5:
      return () => {
        if (setFlags) r[rdn] = addWithFlags(core, r[rdn] ?? 0, r[rm] ?? 0, core.c);
        else r[rdn] = (r[rdn] ?? 0) + (r[rm] ?? 0) + core.c;
        core.cycles += alu;
        return next;
      };
    case 6:
      return () => {
        if (setFlags) r[rdn] = addWithFlags(core, r[rdn] ?? 0, ~(r[rm] ?? 0) >>> 0, core.c);
        else r[rdn] = (r[rdn] ?? 0) + (~(r[rm] ?? 0) >>> 0) + core.c;
        core.cycles += alu;
        return next;
      };
    case 8:
      return () => {
        setNegativeZero(core, (r[rdn] ?? 0) & (r[rm] ?? 0));
        core.cycles += alu;
        return next;
      };
    case 9:
      return () => {
        if (setFlags) r[rdn] = subtractWithFlags(core, 0, r[rm] ?? 0);
        else r[rdn] = -(r[rm] ?? 0);
        core.cycles += alu;
        return next;
      };
    case 10:
      return () => {
        subtractWithFlags(core, r[rdn] ?? 0, r[rm] ?? 0);
        core.cycles += alu;
        return next;
      };
    case 11:
      return () => {
        addWithFlags(core, r[rdn] ?? 0, r[rm] ?? 0, 0);
        core.cycles += alu;
        return next;
      };
    case 13: {
      const multiply = core.cycleTable.multiply;
      return () => {
        const result = Math.imul(r[rdn] ?? 0, r[rm] ?? 0);
        r[rdn] = result;
        if (setFlags) setNegativeZero(core, result);
        core.cycles += multiply;
        return next;
      };
    }
    default:
      return () => {
        const result = ~(r[rm] ?? 0);
        r[rdn] = result;
        if (setFlags) setNegativeZero(core, result);
        core.cycles += alu;
        return next;
      };
  }
}

/** ADD/CMP/MOV with high registers, BX, BLX. */
function decodeSpecialDataAndBranch(
  core: CortexMCore,
  instruction: number,
  address: number,
  next: number,
): InstructionHandler {
  const r = core.regs;
  const alu = core.cycleTable.alu;
  const taken = core.cycleTable.alu + core.cycleTable.branchRefill;
  const rm = (instruction >>> 3) & 15;
  const rdn = (instruction & 7) | ((instruction >>> 4) & 8);
  switch ((instruction >>> 8) & 3) {
    case 0:
      if (rdn === 15)
        return () => {
          core.cycles += taken;
          return (((r[15] ?? 0) + (r[rm] ?? 0)) & ~1) >>> 0;
        };
      return () => {
        r[rdn] = (r[rdn] ?? 0) + (r[rm] ?? 0);
        core.cycles += alu;
        return next;
      };
    case 1:
      return () => {
        subtractWithFlags(core, r[rdn] ?? 0, r[rm] ?? 0);
        core.cycles += alu;
        return next;
      };
    case 2:
      if (rdn === 15)
        return () => {
          core.cycles += taken;
          return ((r[rm] ?? 0) & ~1) >>> 0;
        };
      return () => {
        r[rdn] = r[rm] ?? 0;
        core.cycles += alu;
        return next;
      };
    default: {
      const link = (instruction & 0x80) !== 0;
      if (link) {
        if (rm === 15) return () => core.undefinedInstruction();
        const returnAddress = (address + 2) | 1;
        return () => {
          const target = r[rm] ?? 0;
          r[14] = returnAddress;
          core.cycles += taken;
          return core.interworkingBranch(target);
        };
      }
      return () => {
        core.cycles += taken;
        return core.interworkingBranch(r[rm] ?? 0);
      };
    }
  }
}

/** STR/STRH/STRB/LDRSB/LDR/LDRH/LDRB/LDRSH with a register offset. */
function decodeLoadStoreRegister(core: CortexMCore, instruction: number, next: number): InstructionHandler {
  const r = core.regs;
  const rt = instruction & 7;
  const rn = (instruction >>> 3) & 7;
  const rm = (instruction >>> 6) & 7;
  const load = core.cycleTable.load;
  const store = core.cycleTable.store;
  switch ((instruction >>> 9) & 7) {
    case 0:
      return () => {
        core.write32(((r[rn] ?? 0) + (r[rm] ?? 0)) >>> 0, r[rt] ?? 0);
        core.cycles += store;
        return next;
      };
    case 1:
      return () => {
        core.write16(((r[rn] ?? 0) + (r[rm] ?? 0)) >>> 0, (r[rt] ?? 0) & 0xffff);
        core.cycles += store;
        return next;
      };
    case 2:
      return () => {
        core.write8(((r[rn] ?? 0) + (r[rm] ?? 0)) >>> 0, (r[rt] ?? 0) & 0xff);
        core.cycles += store;
        return next;
      };
    case 3:
      return () => {
        r[rt] = (core.read8(((r[rn] ?? 0) + (r[rm] ?? 0)) >>> 0) << 24) >> 24;
        core.cycles += load;
        return next;
      };
    case 4:
      return () => {
        r[rt] = core.read32(((r[rn] ?? 0) + (r[rm] ?? 0)) >>> 0);
        core.cycles += load;
        return next;
      };
    case 5:
      return () => {
        r[rt] = core.read16(((r[rn] ?? 0) + (r[rm] ?? 0)) >>> 0);
        core.cycles += load;
        return next;
      };
    case 6:
      return () => {
        r[rt] = core.read8(((r[rn] ?? 0) + (r[rm] ?? 0)) >>> 0);
        core.cycles += load;
        return next;
      };
    default:
      return () => {
        r[rt] = (core.read16(((r[rn] ?? 0) + (r[rm] ?? 0)) >>> 0) << 16) >> 16;
        core.cycles += load;
        return next;
      };
  }
}

/** STR/LDR/STRB/LDRB/STRH/LDRH with a 5-bit immediate offset. */
function decodeLoadStoreImmediate(core: CortexMCore, instruction: number, next: number): InstructionHandler {
  const r = core.regs;
  const rt = instruction & 7;
  const rn = (instruction >>> 3) & 7;
  const imm5 = (instruction >>> 6) & 31;
  const load = core.cycleTable.load;
  const store = core.cycleTable.store;
  switch (instruction >>> 11) {
    case 0b01100: {
      const offset = imm5 * 4;
      return () => {
        core.write32(((r[rn] ?? 0) + offset) >>> 0, r[rt] ?? 0);
        core.cycles += store;
        return next;
      };
    }
    case 0b01101: {
      const offset = imm5 * 4;
      return () => {
        r[rt] = core.read32(((r[rn] ?? 0) + offset) >>> 0);
        core.cycles += load;
        return next;
      };
    }
    case 0b01110:
      return () => {
        core.write8(((r[rn] ?? 0) + imm5) >>> 0, (r[rt] ?? 0) & 0xff);
        core.cycles += store;
        return next;
      };
    case 0b01111:
      return () => {
        r[rt] = core.read8(((r[rn] ?? 0) + imm5) >>> 0);
        core.cycles += load;
        return next;
      };
    case 0b10000: {
      const offset = imm5 * 2;
      return () => {
        core.write16(((r[rn] ?? 0) + offset) >>> 0, (r[rt] ?? 0) & 0xffff);
        core.cycles += store;
        return next;
      };
    }
    default: {
      const offset = imm5 * 2;
      return () => {
        r[rt] = core.read16(((r[rn] ?? 0) + offset) >>> 0);
        core.cycles += load;
        return next;
      };
    }
  }
}

/** STMIA / LDMIA (16-bit). */
function decodeLoadStoreMultiple(core: CortexMCore, instruction: number, next: number): InstructionHandler {
  const r = core.regs;
  const rn = (instruction >>> 8) & 7;
  const list = instruction & 0xff;
  const registers = listRegisters(list);
  const count = registers.length;
  if (count === 0) return () => core.undefinedInstruction();
  const cost = core.cycleTable.multipleBase + count;
  if ((instruction & (1 << 11)) === 0) {
    return () => {
      let address = r[rn] ?? 0;
      for (let index = 0; index < count; index++) {
        core.write32Aligned(address, r[registers[index] ?? 0] ?? 0);
        address = (address + 4) >>> 0;
      }
      r[rn] = address;
      core.cycles += cost;
      return next;
    };
  }
  const writeBack = (list & (1 << rn)) === 0;
  return () => {
    let address = r[rn] ?? 0;
    for (let index = 0; index < count; index++) {
      const value = core.read32Aligned(address);
      r[registers[index] ?? 0] = value;
      address = (address + 4) >>> 0;
    }
    if (writeBack) r[rn] = address;
    core.cycles += cost;
    return next;
  };
}

/** The register numbers set in a register list, lowest first. */
export function listRegisters(list: number): number[] {
  const registers: number[] = [];
  for (let index = 0; index < 16; index++) if ((list & (1 << index)) !== 0) registers.push(index);
  return registers;
}

/** The 1011 xxxx group: SP adjust, CBZ/CBNZ, extends, PUSH/POP, CPS, REV, BKPT, IT and hints. */
function decodeMiscellaneous(
  core: CortexMCore,
  instruction: number,
  address: number,
  next: number,
  inItBlock: boolean,
): InstructionHandler {
  const r = core.regs;
  const alu = core.cycleTable.alu;
  const taken = core.cycleTable.alu + core.cycleTable.branchRefill;
  const rd = instruction & 7;
  const rm = (instruction >>> 3) & 7;
  const v7 = core.isV7;
  switch ((instruction >>> 8) & 15) {
    case 0b0000: {
      const offset = (instruction & 0x7f) * 4;
      if ((instruction & 0x80) === 0)
        return () => {
          r[13] = (r[13] ?? 0) + offset;
          core.cycles += alu;
          return next;
        };
      return () => {
        r[13] = (r[13] ?? 0) - offset;
        core.cycles += alu;
        return next;
      };
    }
    case 0b0001:
    case 0b0011:
    case 0b1001:
    case 0b1011: {
      if (!v7 || inItBlock) return () => core.undefinedInstruction();
      const nonZero = (instruction & (1 << 11)) !== 0;
      const offset = (((instruction >>> 9) & 1) << 6) | (((instruction >>> 3) & 31) << 1);
      const target = (address + 4 + offset) >>> 0;
      return () => {
        const isZero = (r[rd] ?? 0) === 0;
        if (isZero !== nonZero) {
          core.cycles += taken;
          return target;
        }
        core.cycles += alu;
        return next;
      };
    }
    case 0b0010:
      switch ((instruction >>> 6) & 3) {
        case 0:
          return () => {
            r[rd] = ((r[rm] ?? 0) << 16) >> 16;
            core.cycles += alu;
            return next;
          };
        case 1:
          return () => {
            r[rd] = ((r[rm] ?? 0) << 24) >> 24;
            core.cycles += alu;
            return next;
          };
        case 2:
          return () => {
            r[rd] = (r[rm] ?? 0) & 0xffff;
            core.cycles += alu;
            return next;
          };
        default:
          return () => {
            r[rd] = (r[rm] ?? 0) & 0xff;
            core.cycles += alu;
            return next;
          };
      }
    case 0b0100:
    case 0b0101: {
      const list = (instruction & 0xff) | ((instruction & 0x100) << 6);
      const registers = listRegisters(list);
      const count = registers.length;
      if (count === 0) return () => core.undefinedInstruction();
      const cost = core.cycleTable.multipleBase + count;
      return () => {
        const start = ((r[13] ?? 0) - 4 * count) >>> 0;
        let cursor = start;
        for (let index = 0; index < count; index++) {
          core.write32Aligned(cursor, r[registers[index] ?? 0] ?? 0);
          cursor += 4;
        }
        r[13] = start;
        core.cycles += cost;
        return next;
      };
    }
    case 0b0110: {
      if ((instruction & 0xffe8) !== 0xb660) return () => core.undefinedInstruction();
      const disable = (instruction & 0x10) !== 0 ? 1 : 0;
      const affectPrimask = (instruction & 2) !== 0;
      const affectFaultmask = v7 && (instruction & 1) !== 0;
      return () => {
        if (core.privileged) {
          if (affectPrimask) core.writeMask('primask', disable);
          if (affectFaultmask) core.writeMask('faultmask', disable);
        }
        core.cycles += alu;
        return next;
      };
    }
    case 0b1010:
      switch ((instruction >>> 6) & 3) {
        case 0:
          return () => {
            r[rd] = reverseBytes(r[rm] ?? 0);
            core.cycles += alu;
            return next;
          };
        case 1:
          return () => {
            const value = r[rm] ?? 0;
            r[rd] = ((value & 0xff00ff00) >>> 8) | ((value & 0x00ff00ff) << 8);
            core.cycles += alu;
            return next;
          };
        case 3:
          return () => {
            const value = r[rm] ?? 0;
            r[rd] = ((((value & 0xff) << 24) >> 16) | ((value >>> 8) & 0xff)) >>> 0;
            core.cycles += alu;
            return next;
          };
        default:
          return () => core.undefinedInstruction();
      }
    case 0b1100:
    case 0b1101: {
      const list = (instruction & 0xff) | ((instruction & 0x100) << 7);
      const registers = listRegisters(list & 0xff);
      const count = registers.length;
      const popsPc = (list & 0x8000) !== 0;
      if (count === 0 && !popsPc) return () => core.undefinedInstruction();
      const cost = core.cycleTable.multipleBase + count + (popsPc ? 1 + core.cycleTable.loadPcExtra : 0);
      if (!popsPc)
        return () => {
          let cursor = r[13] ?? 0;
          for (let index = 0; index < count; index++) {
            const value = core.read32Aligned(cursor);
            r[registers[index] ?? 0] = value;
            cursor = (cursor + 4) >>> 0;
          }
          r[13] = cursor;
          core.cycles += cost;
          return next;
        };
      return () => {
        let cursor = r[13] ?? 0;
        for (let index = 0; index < count; index++) {
          const value = core.read32Aligned(cursor);
          r[registers[index] ?? 0] = value;
          cursor = (cursor + 4) >>> 0;
        }
        const target = core.read32Aligned(cursor);
        r[13] = cursor + 4;
        core.cycles += cost;
        return core.interworkingBranch(target);
      };
    }
    case 0b1110: {
      const immediate = instruction & 0xff;
      return () => {
        core.cycles += alu;
        return core.breakpoint(immediate, next);
      };
    }
    case 0b1111: {
      const mask = instruction & 15;
      const hint = (instruction >>> 4) & 15;
      if (mask !== 0) {
        if (!v7 || inItBlock) return () => core.undefinedInstruction();
        const firstCondition = hint;
        if (firstCondition === 15 || (firstCondition === 14 && (mask & (mask - 1)) !== 0)) {
          return () => core.undefinedInstruction();
        }
        const state = (firstCondition << 4) | mask;
        return () => {
          core.itState = state;
          core.cycles += alu;
          core.requestAttention();
          return next;
        };
      }
      return decodeHint(core, hint, next);
    }
    default:
      return () => core.undefinedInstruction();
  }
}

/** NOP, YIELD, WFE, WFI, SEV (others are NOPs, as the architecture reserves them). */
export function decodeHint(core: CortexMCore, hint: number, next: number): InstructionHandler {
  const alu = core.cycleTable.alu;
  switch (hint) {
    case 2:
      return () => {
        core.cycles += alu;
        core.waitForEvent();
        return next;
      };
    case 3:
      return () => {
        core.cycles += alu;
        core.waitForInterrupt();
        return next;
      };
    case 4:
      return () => {
        core.eventRegister = 1;
        core.cycles += alu;
        return next;
      };
    default:
      return () => {
        core.cycles += alu;
        return next;
      };
  }
}
