/**
 * Arithmetic shared by the instruction handlers: add-with-carry with flags, the barrel shifter with
 * carry out, Thumb modified immediates and saturation (ARMv7-M ARM A2.2-A2.4, A5.3.2, A7.4).
 *
 * Everything works on unsigned 32-bit numbers; the shifter leaves its carry in
 * `core.shifterCarry` so nothing is allocated per instruction.
 */

/** The flag and scratch fields these helpers touch. */
export interface FlagState {
  n: number;
  z: number;
  c: number;
  v: number;
  q: number;
  shifterCarry: number;
}

/** Shift types as encoded in instructions, plus RRX. */
export enum ShiftType {
  Lsl = 0,
  Lsr = 1,
  Asr = 2,
  Ror = 3,
  Rrx = 4,
}

/** x + y + carryIn, setting N, Z, C and V. `x` and `y` must be unsigned. */
export function addWithFlags(core: FlagState, x: number, y: number, carryIn: number): number {
  const sum = x + y + carryIn;
  const result = sum >>> 0;
  core.n = result >>> 31;
  core.z = result === 0 ? 1 : 0;
  core.c = sum > 0xffff_ffff ? 1 : 0;
  core.v = ((x ^ result) & (y ^ result)) >>> 31;
  return result;
}

/** x - y, setting N, Z, C (no borrow) and V. */
export function subtractWithFlags(core: FlagState, x: number, y: number): number {
  return addWithFlags(core, x, ~y >>> 0, 1);
}

/** Sets N and Z from a result; returns it unsigned. */
export function setNegativeZero(core: FlagState, result: number): number {
  const value = result >>> 0;
  core.n = value >>> 31;
  core.z = value === 0 ? 1 : 0;
  return value;
}

/**
 * Shift_C: shifts `value` by `amount` (already decoded: 1..32 for immediate LSR/ASR, any count
 * for register shifts), leaving the carry out in `core.shifterCarry`. Amount 0 keeps the value and
 * the current carry.
 */
export function shiftWithCarry(core: FlagState, value: number, type: ShiftType, amount: number): number {
  const input = value >>> 0;
  if (type === ShiftType.Rrx) {
    core.shifterCarry = input & 1;
    return ((core.c << 31) | (input >>> 1)) >>> 0;
  }
  if (amount === 0) {
    core.shifterCarry = core.c;
    return input;
  }
  switch (type) {
    case ShiftType.Lsl:
      if (amount < 32) {
        core.shifterCarry = (input >>> (32 - amount)) & 1;
        return (input << amount) >>> 0;
      }
      core.shifterCarry = amount === 32 ? input & 1 : 0;
      return 0;
    case ShiftType.Lsr:
      if (amount < 32) {
        core.shifterCarry = (input >>> (amount - 1)) & 1;
        return input >>> amount;
      }
      core.shifterCarry = amount === 32 ? input >>> 31 : 0;
      return 0;
    case ShiftType.Asr:
      if (amount < 32) {
        core.shifterCarry = (input >>> (amount - 1)) & 1;
        return (input >> amount) >>> 0;
      }
      core.shifterCarry = input >>> 31;
      return (input >> 31) >>> 0;
    default: {
      const rotation = amount & 31;
      const result = rotation === 0 ? input : ((input >>> rotation) | (input << (32 - rotation))) >>> 0;
      core.shifterCarry = result >>> 31;
      return result;
    }
  }
}

/** Shift without carry (the value only). */
export function shiftValue(value: number, type: ShiftType, amount: number, carryIn: number): number {
  const input = value >>> 0;
  switch (type) {
    case ShiftType.Lsl:
      return amount >= 32 ? 0 : (input << amount) >>> 0;
    case ShiftType.Lsr:
      return amount >= 32 ? 0 : input >>> amount;
    case ShiftType.Asr:
      return (input >> (amount >= 32 ? 31 : amount)) >>> 0;
    case ShiftType.Ror: {
      const rotation = amount & 31;
      return rotation === 0 ? input : ((input >>> rotation) | (input << (32 - rotation))) >>> 0;
    }
    default:
      return ((carryIn << 31) | (input >>> 1)) >>> 0;
  }
}

/** DecodeImmShift: the shift type and amount of an immediate-shift operand. */
export function decodeImmediateShift(type: number, imm5: number): { type: ShiftType; amount: number } {
  switch (type & 3) {
    case 0:
      return { type: ShiftType.Lsl, amount: imm5 };
    case 1:
      return { type: ShiftType.Lsr, amount: imm5 === 0 ? 32 : imm5 };
    case 2:
      return { type: ShiftType.Asr, amount: imm5 === 0 ? 32 : imm5 };
    default:
      return imm5 === 0 ? { type: ShiftType.Rrx, amount: 1 } : { type: ShiftType.Ror, amount: imm5 };
  }
}

/**
 * ThumbExpandImm_C: the 32-bit value of a 12-bit modified immediate and whether it defines the
 * carry (`carry` is -1 when the carry is unchanged).
 */
export function expandModifiedImmediate(imm12: number): { value: number; carry: number } {
  const imm8 = imm12 & 0xff;
  if (imm12 >>> 10 === 0) {
    switch ((imm12 >>> 8) & 3) {
      case 0:
        return { value: imm8, carry: -1 };
      case 1:
        return { value: (imm8 * 0x0001_0001) >>> 0, carry: -1 };
      case 2:
        return { value: (imm8 * 0x0100_0100) >>> 0, carry: -1 };
      default:
        return { value: (imm8 * 0x0101_0101) >>> 0, carry: -1 };
    }
  }
  const unrotated = 0x80 | (imm12 & 0x7f);
  const rotation = (imm12 >>> 7) & 0x1f;
  const value = ((unrotated >>> rotation) | (unrotated << (32 - rotation))) >>> 0;
  return { value, carry: value >>> 31 };
}

/** Signed saturation to `bits` (1..32): returns the value and sets `core.q` when it saturated. */
export function signedSaturate(core: FlagState, value: number, bits: number): number {
  const maximum = 2 ** (bits - 1) - 1;
  const minimum = -(2 ** (bits - 1));
  if (value > maximum) {
    core.q = 1;
    return maximum;
  }
  if (value < minimum) {
    core.q = 1;
    return minimum;
  }
  return value;
}

/** Unsigned saturation to `bits` (0..31). */
export function unsignedSaturate(core: FlagState, value: number, bits: number): number {
  const maximum = 2 ** bits - 1;
  if (value > maximum) {
    core.q = 1;
    return maximum;
  }
  if (value < 0) {
    core.q = 1;
    return 0;
  }
  return value;
}

/** Count leading zeros. */
export function countLeadingZeros(value: number): number {
  return Math.clz32(value);
}

/** Reverse the bit order of a word. */
export function reverseBits(value: number): number {
  let input = value >>> 0;
  let result = 0;
  for (let bit = 0; bit < 32; bit++) {
    result = (result << 1) | (input & 1);
    input >>>= 1;
  }
  return result >>> 0;
}

/** Reverse the byte order of a word. */
export function reverseBytes(value: number): number {
  return (((value & 0xff) << 24) | ((value & 0xff00) << 8) | ((value >>> 8) & 0xff00) | (value >>> 24)) >>> 0;
}
