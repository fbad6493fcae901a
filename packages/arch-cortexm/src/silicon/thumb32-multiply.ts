/**
 * Multiplies and divides of ARMv7E-M (A5.3.16, A5.3.17): MUL/MLA/MLS, the 64-bit UMULL/SMULL/
 * UMLAL/SMLAL/UMAAL, SDIV/UDIV (divide by zero per CCR.DIV_0_TRP), and the DSP halfword and
 * most-significant-word multiplies (SMLAxy, SMLAWy, SMLAD, SMLSD, SMLALD, SMLSLD, SMMLA, SMMLS,
 * USADA8). 64-bit products are built from 16-bit halves so no BigInt is needed.
 */
import { Ccr } from './architecture.js';
import type { CortexMCore } from './cortexm-core.js';
import type { InstructionHandler } from './thumb-decoder.js';

/** Unsigned 32x32 -> 64 product: returns the low word, leaves the high word in `core.productHigh`. */
export function multiplyUnsigned64(core: CortexMCore, a: number, b: number): number {
  const x = a >>> 0;
  const y = b >>> 0;
  const xLow = x & 0xffff;
  const xHigh = x >>> 16;
  const yLow = y & 0xffff;
  const yHigh = y >>> 16;
  const lowLow = xLow * yLow;
  const lowHigh = xLow * yHigh;
  const highLow = xHigh * yLow;
  const middle = (lowLow >>> 16) + (lowHigh & 0xffff) + (highLow & 0xffff);
  core.productHigh =
    (xHigh * yHigh + (lowHigh >>> 16) + (highLow >>> 16) + Math.floor(middle / 0x10000)) >>> 0;
  return (((middle & 0xffff) << 16) | (lowLow & 0xffff)) >>> 0;
}

/** Signed 32x32 -> 64 product (two's complement words). */
export function multiplySigned64(core: CortexMCore, a: number, b: number): number {
  const low = multiplyUnsigned64(core, a, b);
  let high = core.productHigh;
  if (a >>> 31 !== 0) high -= b >>> 0;
  if (b >>> 31 !== 0) high -= a >>> 0;
  core.productHigh = high >>> 0;
  return low;
}

/** Adds (addHigh:addLow) to (core.productHigh:low); returns the low word, high in `core.productHigh`. */
function add64(core: CortexMCore, low: number, addLow: number, addHigh: number): number {
  const sum = (low >>> 0) + (addLow >>> 0);
  core.productHigh = (core.productHigh + (addHigh >>> 0) + (sum > 0xffff_ffff ? 1 : 0)) >>> 0;
  return sum >>> 0;
}

/** Signed 32-bit add that sets Q on overflow. */
function addSettingQ(core: CortexMCore, a: number, b: number): number {
  const sum = (a | 0) + (b | 0);
  if (sum > 0x7fff_ffff || sum < -0x8000_0000) core.q = 1;
  return sum >>> 0;
}

function halfword(value: number, top: boolean): number {
  return top ? value >> 16 : (value << 16) >> 16;
}

/** MUL/MLA/MLS and the 32-bit DSP multiplies (0110xxx group). */
export function decodeMultiplyAccumulate(
  core: CortexMCore,
  first: number,
  second: number,
  next: number,
): InstructionHandler {
  const r = core.regs;
  const op1 = (first >>> 4) & 7;
  const op2 = (second >>> 4) & 3;
  const rn = first & 15;
  const ra = (second >>> 12) & 15;
  const rd = (second >>> 8) & 15;
  const rm = second & 15;
  const accumulate = ra !== 15;
  const single = core.cycleTable.multiply;
  const multiplyAccumulate = core.cycleTable.multiplyLong + 1;
  const cost = accumulate ? multiplyAccumulate : single;
  if ((second & 0xc0) !== 0) return () => core.undefinedInstruction();
  switch (op1) {
    case 0:
      if (op2 === 0)
        return () => {
          const product = Math.imul(r[rn] ?? 0, r[rm] ?? 0);
          r[rd] = accumulate ? product + (r[ra] ?? 0) : product;
          core.cycles += cost;
          return next;
        };
      if (op2 === 1)
        return () => {
          r[rd] = (r[ra] ?? 0) - Math.imul(r[rn] ?? 0, r[rm] ?? 0);
          core.cycles += multiplyAccumulate;
          return next;
        };
      return () => core.undefinedInstruction();
    case 1: {
      const nTop = (op2 & 2) !== 0;
      const mTop = (op2 & 1) !== 0;
      return () => {
        const product = halfword(r[rn] ?? 0, nTop) * halfword(r[rm] ?? 0, mTop);
        r[rd] = accumulate ? addSettingQ(core, product, r[ra] ?? 0) : product;
        core.cycles += cost;
        return next;
      };
    }
    case 2:
    case 4: {
      if ((op2 & 2) !== 0) return () => core.undefinedInstruction();
      const exchange = (op2 & 1) !== 0;
      const subtract = op1 === 4;
      return () => {
        const n = r[rn] ?? 0;
        let m = r[rm] ?? 0;
        if (exchange) m = ((m >>> 16) | (m << 16)) >>> 0;
        const low = halfword(n, false) * halfword(m, false);
        const high = halfword(n, true) * halfword(m, true);
        const sum = subtract ? low - high : low + high;
        let result = sum;
        if (accumulate) result += (r[ra] ?? 0) | 0;
        if (result > 0x7fff_ffff || result < -0x8000_0000) core.q = 1;
        r[rd] = result;
        core.cycles += cost;
        return next;
      };
    }
    case 3: {
      if ((op2 & 2) !== 0) return () => core.undefinedInstruction();
      const mTop = (op2 & 1) !== 0;
      return () => {
        const product = Math.floor((((r[rn] ?? 0) | 0) * halfword(r[rm] ?? 0, mTop)) / 0x10000);
        r[rd] = accumulate ? addSettingQ(core, product, r[ra] ?? 0) : product;
        core.cycles += cost;
        return next;
      };
    }
    case 5:
    case 6: {
      if ((op2 & 2) !== 0) return () => core.undefinedInstruction();
      const round = (op2 & 1) !== 0;
      const subtract = op1 === 6;
      if (subtract && !accumulate) return () => core.undefinedInstruction();
      return () => {
        let low = multiplySigned64(core, r[rn] ?? 0, r[rm] ?? 0);
        if (subtract) {
          // (Ra << 32) - product = (Ra << 32) + (~product + 1)
          const negatedHigh = ~core.productHigh >>> 0;
          const negatedLow = (~low >>> 0) + 1;
          core.productHigh = (negatedHigh + (negatedLow > 0xffff_ffff ? 1 : 0)) >>> 0;
          low = negatedLow >>> 0;
        }
        if (accumulate) low = add64(core, low, 0, r[ra] ?? 0);
        if (round) add64(core, low, 0x8000_0000, 0);
        r[rd] = core.productHigh;
        core.cycles += cost;
        return next;
      };
    }
    default: {
      if (op2 !== 0) return () => core.undefinedInstruction();
      return () => {
        const n = r[rn] ?? 0;
        const m = r[rm] ?? 0;
        let sum = 0;
        for (let shift = 0; shift < 32; shift += 8)
          sum += Math.abs(((n >>> shift) & 0xff) - ((m >>> shift) & 0xff));
        r[rd] = accumulate ? sum + (r[ra] ?? 0) : sum;
        core.cycles += cost;
        return next;
      };
    }
  }
}

/** 64-bit multiplies, multiply-accumulates and the divides (0111xxx group). */
export function decodeLongMultiplyDivide(
  core: CortexMCore,
  first: number,
  second: number,
  next: number,
): InstructionHandler {
  const r = core.regs;
  const op1 = (first >>> 4) & 7;
  const op2 = (second >>> 4) & 15;
  const rn = first & 15;
  const rdLow = (second >>> 12) & 15;
  const rdHigh = (second >>> 8) & 15;
  const rm = second & 15;
  const long = core.cycleTable.multiplyLong;
  const divideMaximum = core.cycleTable.divideMaximum;
  const finish = (low: number): void => {
    r[rdLow] = low;
    r[rdHigh] = core.productHigh;
  };
  if ((op1 === 1 || op1 === 3) && op2 === 15) {
    const signed = op1 === 1;
    const rd = rdHigh;
    return () => {
      const divisor = r[rm] ?? 0;
      if (divisor === 0) {
        if ((core.ccr & Ccr.DIV_0_TRP) !== 0) core.divideByZero();
        r[rd] = 0;
        core.cycles += 2;
        return next;
      }
      const quotient = signed
        ? Math.trunc(((r[rn] ?? 0) | 0) / (divisor | 0)) | 0
        : Math.trunc((r[rn] ?? 0) / divisor);
      r[rd] = quotient;
      core.cycles += Math.min(divideMaximum, 2 + Math.ceil((32 - Math.clz32(quotient)) / 4));
      return next;
    };
  }
  switch (op1) {
    case 0:
    case 2:
      if (op2 !== 0) break;
      return () => {
        finish(
          op1 === 0
            ? multiplySigned64(core, r[rn] ?? 0, r[rm] ?? 0)
            : multiplyUnsigned64(core, r[rn] ?? 0, r[rm] ?? 0),
        );
        core.cycles += long;
        return next;
      };
    case 4:
      if (op2 === 0)
        return () => {
          const low = multiplySigned64(core, r[rn] ?? 0, r[rm] ?? 0);
          finish(add64(core, low, r[rdLow] ?? 0, r[rdHigh] ?? 0));
          core.cycles += long;
          return next;
        };
      if ((op2 & 0b1100) === 0b1000) {
        const nTop = (op2 & 2) !== 0;
        const mTop = (op2 & 1) !== 0;
        return () => {
          const product = halfword(r[rn] ?? 0, nTop) * halfword(r[rm] ?? 0, mTop);
          core.productHigh = product < 0 ? 0xffff_ffff : 0;
          finish(add64(core, product >>> 0, r[rdLow] ?? 0, r[rdHigh] ?? 0));
          core.cycles += long;
          return next;
        };
      }
      if ((op2 & 0b1110) === 0b1100)
        return dualLong(core, rn, rm, rdLow, rdHigh, (op2 & 1) !== 0, false, next);
      break;
    case 5:
      if ((op2 & 0b1110) === 0b1100)
        return dualLong(core, rn, rm, rdLow, rdHigh, (op2 & 1) !== 0, true, next);
      break;
    case 6:
      if (op2 === 0)
        return () => {
          const low = multiplyUnsigned64(core, r[rn] ?? 0, r[rm] ?? 0);
          finish(add64(core, low, r[rdLow] ?? 0, r[rdHigh] ?? 0));
          core.cycles += long;
          return next;
        };
      if (op2 === 6)
        return () => {
          let low = multiplyUnsigned64(core, r[rn] ?? 0, r[rm] ?? 0);
          low = add64(core, low, r[rdLow] ?? 0, 0);
          finish(add64(core, low, r[rdHigh] ?? 0, 0));
          core.cycles += long;
          return next;
        };
      break;
    default:
      break;
  }
  return () => core.undefinedInstruction();
}

/** SMLALD / SMLSLD: 64-bit accumulate of two halfword products (optionally exchanged). */
function dualLong(
  core: CortexMCore,
  rn: number,
  rm: number,
  rdLow: number,
  rdHigh: number,
  exchange: boolean,
  subtract: boolean,
  next: number,
): InstructionHandler {
  const r = core.regs;
  const long = core.cycleTable.multiplyLong;
  return () => {
    const n = r[rn] ?? 0;
    let m = r[rm] ?? 0;
    if (exchange) m = ((m >>> 16) | (m << 16)) >>> 0;
    const low = halfword(n, false) * halfword(m, false);
    const high = halfword(n, true) * halfword(m, true);
    const sum = subtract ? low - high : low + high;
    core.productHigh = sum < 0 ? 0xffff_ffff : 0;
    const result = add64(core, sum >>> 0, r[rdLow] ?? 0, r[rdHigh] ?? 0);
    r[rdLow] = result;
    r[rdHigh] = core.productHigh;
    core.cycles += long;
    return next;
  };
}
