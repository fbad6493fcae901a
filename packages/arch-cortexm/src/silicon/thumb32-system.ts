/**
 * MRS and MSR: moves between registers and the special registers (APSR/IPSR/EPSR and their
 * combinations, MSP, PSP, PRIMASK, BASEPRI, BASEPRI_MAX, FAULTMASK, CONTROL), with the privilege
 * rules of ARMv7-M B5.2.2 / B5.2.3. ARMv6-M has no BASEPRI, FAULTMASK or GE bits.
 */
import type { CortexMCore } from './cortexm-core.js';
import type { InstructionHandler } from './thumb-decoder.js';

/** Reads special register `sysm` as MRS does (0 for registers the core lacks). */
export function readSpecialRegister(core: CortexMCore, sysm: number): number {
  const group = sysm >>> 3;
  if (group === 0) {
    let value = 0;
    if ((sysm & 1) !== 0) value |= core.ipsr & 0x1ff;
    if ((sysm & 4) === 0) {
      value |= ((core.n << 31) | (core.z << 30) | (core.c << 29) | (core.v << 28) | (core.q << 27)) >>> 0;
      if (core.isV7) value |= core.ge << 16;
    }
    return value >>> 0;
  }
  if (group === 1) {
    if (!core.privileged) return 0;
    if ((sysm & 7) === 0) return core.mainStackPointer >>> 0;
    if ((sysm & 7) === 1) return core.processStackPointer >>> 0;
    return 0;
  }
  if (group === 2) {
    switch (sysm & 7) {
      case 0:
        return core.primask;
      case 1:
      case 2:
        return core.isV7 ? core.basepri : 0;
      case 3:
        return core.isV7 ? core.faultmask : 0;
      case 4:
        return core.control;
      default:
        return 0;
    }
  }
  return 0;
}

/** Writes special register `sysm` as MSR does; `mask` is the APSR write mask (bit 1 flags, bit 0 GE). */
export function writeSpecialRegister(core: CortexMCore, sysm: number, mask: number, value: number): void {
  const group = sysm >>> 3;
  if (group === 0) {
    if ((sysm & 4) === 0) core.writeApsr(value, (mask & 2) !== 0, core.isV7 && (mask & 1) !== 0);
    return;
  }
  if (!core.privileged) return;
  if (group === 1) {
    if ((sysm & 7) === 0) core.mainStackPointer = value;
    else if ((sysm & 7) === 1) core.processStackPointer = value;
    return;
  }
  if (group !== 2) return;
  switch (sysm & 7) {
    case 0:
      core.writeMask('primask', value);
      return;
    case 1:
      if (core.isV7) core.writeMask('basepri', value & 0xff);
      return;
    case 2: {
      if (!core.isV7) return;
      const requested = value & 0xff & core.exceptions.priorityMask;
      if (requested !== 0 && (requested < core.basepri || core.basepri === 0))
        core.writeMask('basepri', requested);
      return;
    }
    case 3:
      if (core.isV7) core.writeMask('faultmask', value);
      return;
    case 4:
      core.writeControl(value);
      return;
    default:
      return;
  }
}

/** Decodes MSR (F38x 8xxx) and MRS (F3Ex 8xxx). */
export function decodeMoveSpecialRegister(
  core: CortexMCore,
  first: number,
  second: number,
  next: number,
): InstructionHandler {
  const r = core.regs;
  const sysm = second & 0xff;
  const cost = core.cycleTable.system;
  if ((first & 0x20) !== 0) {
    const rd = (second >>> 8) & 15;
    return () => {
      r[rd] = readSpecialRegister(core, sysm);
      core.cycles += cost;
      return next;
    };
  }
  const rn = first & 15;
  const mask = (second >>> 10) & 3;
  return () => {
    writeSpecialRegister(core, sysm, mask, r[rn] ?? 0);
    core.cycles += cost;
    return next;
  };
}
