/**
 * The System Control Space at 0xE000E000-0xE000EFFF (ARMv7-M ARM B3.2): the NVIC registers
 * (ISER/ICER/ISPR/ICPR/IABR/IPR, STIR), SysTick, the System Control Block (CPUID, ICSR, VTOR,
 * AIRCR, SCR, CCR, SHPR1-3, SHCSR, CFSR, HFSR, MMFAR, BFAR) and the MPU registers, as one bus
 * peripheral. Byte and halfword accesses are supported where the architecture allows them (IPR,
 * SHPR, CFSR); other narrow writes modify the addressed lanes of the word.
 */
import type { Peripheral } from '@tock-ts/silicon';
import { Ccr, ExceptionNumber } from './architecture.js';
import type { CortexMCore } from './cortexm-core.js';
import { SysTick } from './systick.js';

/** Base address of the System Control Space. */
export const SYSTEM_CONTROL_SPACE_BASE = 0xe000_e000;
/** Size of the mapped System Control Space. */
export const SYSTEM_CONTROL_SPACE_SIZE = 0x1000;

const ICTR = 0x004;
const SYSTICK_START = 0x010;
const SYSTICK_END = 0x020;
const ISER = 0x100;
const ICER = 0x180;
const ISPR = 0x200;
const ICPR = 0x280;
const IABR = 0x300;
const IPR_START = 0x400;
const IPR_END = 0x5f0;
const CPUID = 0xd00;
const ICSR = 0xd04;
const VTOR = 0xd08;
const AIRCR = 0xd0c;
const SCR = 0xd10;
const CCR = 0xd14;
const SHPR_START = 0xd18;
const SHPR_END = 0xd24;
const SHCSR = 0xd24;
const CFSR = 0xd28;
const HFSR = 0xd2c;
const DFSR = 0xd30;
const MMFAR = 0xd34;
const BFAR = 0xd38;
const AFSR = 0xd3c;
const CPACR = 0xd88;
const MPU_START = 0xd90;
const MPU_END = 0xdbc;
const STIR = 0xf00;

const CPUID_CORTEX_M0PLUS = 0x410c_c601;
const CPUID_CORTEX_M4 = 0x410f_c241;
const VECTKEY = 0x05fa;

/** ICSR bits. */
const ICSR_NMIPENDSET = 1 << 31;
const ICSR_PENDSVSET = 1 << 28;
const ICSR_PENDSVCLR = 1 << 27;
const ICSR_PENDSTSET = 1 << 26;
const ICSR_PENDSTCLR = 1 << 25;
const ICSR_ISRPENDING = 1 << 22;
const ICSR_RETTOBASE = 1 << 11;

/** SHCSR active and pended bits by exception number. */
const SHCSR_ACTIVE_BITS: ReadonlyArray<readonly [number, number]> = [
  [ExceptionNumber.MemManage, 0],
  [ExceptionNumber.BusFault, 1],
  [ExceptionNumber.UsageFault, 3],
  [ExceptionNumber.SvCall, 7],
  [ExceptionNumber.DebugMonitor, 8],
  [ExceptionNumber.PendSv, 10],
  [ExceptionNumber.SysTick, 11],
];
const SHCSR_PENDED_BITS: ReadonlyArray<readonly [number, number]> = [
  [ExceptionNumber.UsageFault, 12],
  [ExceptionNumber.MemManage, 13],
  [ExceptionNumber.BusFault, 14],
  [ExceptionNumber.SvCall, 15],
];
const SHCSR_ENABLE_MASK = 0x0007_0000;

/** The System Control Space of one core. */
export class SystemControlSpace implements Peripheral {
  readonly #core: CortexMCore;
  readonly sysTick: SysTick;
  /** Called when software requests a system reset (AIRCR.SYSRESETREQ). */
  onSystemResetRequest: (() => void) | undefined;

  constructor(core: CortexMCore, sysTickCalibration: number) {
    this.#core = core;
    this.sysTick = new SysTick(core, sysTickCalibration);
  }

  read32(offset: number): number {
    const core = this.#core;
    const exceptions = core.exceptions;
    if (offset >= SYSTICK_START && offset < SYSTICK_END) return this.sysTick.read(offset - SYSTICK_START);
    if (offset >= IPR_START && offset < IPR_END) {
      let value = 0;
      for (let lane = 0; lane < 4; lane++) value |= this.read8(offset + lane) << (8 * lane);
      return value >>> 0;
    }
    if (offset >= SHPR_START && offset < SHPR_END) {
      let value = 0;
      for (let lane = 0; lane < 4; lane++) value |= this.read8(offset + lane) << (8 * lane);
      return value >>> 0;
    }
    if (offset >= MPU_START && offset < MPU_END) return core.mpu?.readRegister(offset - MPU_START) ?? 0;
    if (offset >= ISER && offset < IPR_START) return this.#readInterruptBits(offset);
    switch (offset) {
      case ICTR:
        return core.isV7 ? Math.max(0, Math.ceil((exceptions.count - 16) / 32) - 1) : 0;
      case CPUID:
        return core.isV7 ? CPUID_CORTEX_M4 : CPUID_CORTEX_M0PLUS;
      case ICSR:
        return this.#readIcsr();
      case VTOR:
        return core.vectorTable;
      case AIRCR:
        return ((0xfa05 << 16) | (core.isV7 ? exceptions.priorityGroup << 8 : 0)) >>> 0;
      case SCR:
        return core.scr;
      case CCR:
        return core.ccr;
      case SHCSR:
        return this.#readShcsr();
      case CFSR:
        return core.isV7 ? core.cfsr >>> 0 : 0;
      case HFSR:
        return core.isV7 ? core.hfsr >>> 0 : 0;
      case MMFAR:
        return core.isV7 ? core.mmfar >>> 0 : 0;
      case BFAR:
        return core.isV7 ? core.bfar >>> 0 : 0;
      default:
        return 0;
    }
  }

  write32(offset: number, value: number): void {
    const core = this.#core;
    const exceptions = core.exceptions;
    const word = value >>> 0;
    if (offset >= SYSTICK_START && offset < SYSTICK_END) {
      this.sysTick.write(offset - SYSTICK_START, word);
      return;
    }
    if ((offset >= IPR_START && offset < IPR_END) || (offset >= SHPR_START && offset < SHPR_END)) {
      for (let lane = 0; lane < 4; lane++) this.write8(offset + lane, (word >>> (8 * lane)) & 0xff);
      return;
    }
    if (offset >= MPU_START && offset < MPU_END) {
      core.mpu?.writeRegister(offset - MPU_START, word);
      core.requestAttention();
      return;
    }
    if (offset >= ISER && offset < IPR_START) {
      this.#writeInterruptBits(offset, word);
      return;
    }
    switch (offset) {
      case ICSR:
        this.#writeIcsr(word);
        return;
      case VTOR:
        core.vectorTable = (word & (core.isV7 ? 0xffff_ff80 : 0xffff_ff00)) >>> 0;
        return;
      case AIRCR:
        if (word >>> 16 !== VECTKEY) return;
        if (core.isV7) exceptions.priorityGroup = (word >>> 8) & 7;
        if ((word & 4) !== 0) core.requestSystemReset(this.onSystemResetRequest);
        core.requestAttention();
        return;
      case SCR:
        core.scr = word & 0x16;
        return;
      case CCR:
        if (core.isV7) {
          const writable =
            Ccr.NONBASETHRDENA |
            Ccr.USERSETMPEND |
            Ccr.UNALIGN_TRP |
            Ccr.DIV_0_TRP |
            Ccr.BFHFNMIGN |
            Ccr.STKALIGN;
          core.ccr = word & writable;
        }
        return;
      case SHCSR:
        this.#writeShcsr(word);
        return;
      case CFSR:
        core.cfsr = (core.cfsr & ~word) >>> 0;
        return;
      case HFSR:
        core.hfsr = (core.hfsr & ~word) >>> 0;
        return;
      case DFSR:
      case AFSR:
      case CPACR:
        return;
      case MMFAR:
        core.mmfar = word;
        return;
      case BFAR:
        core.bfar = word;
        return;
      case STIR:
        if (core.isV7) exceptions.setPending(ExceptionNumber.FirstExternal + (word & 0x1ff), true);
        return;
      default:
        return;
    }
  }

  read8(offset: number): number {
    const exceptions = this.#core.exceptions;
    if (offset >= IPR_START && offset < IPR_END) {
      return exceptions.priorityByte(ExceptionNumber.FirstExternal + (offset - IPR_START));
    }
    if (offset >= SHPR_START && offset < SHPR_END) {
      const exception = 4 + (offset - SHPR_START);
      if (!this.#core.isV7 && exception < ExceptionNumber.SvCall) return 0;
      return exceptions.exists(exception) ? exceptions.priorityByte(exception) : 0;
    }
    return (this.read32(offset & ~3) >>> (8 * (offset & 3))) & 0xff;
  }

  write8(offset: number, value: number): void {
    const core = this.#core;
    if (offset >= IPR_START && offset < IPR_END) {
      core.exceptions.setPriority(ExceptionNumber.FirstExternal + (offset - IPR_START), value);
      return;
    }
    if (offset >= SHPR_START && offset < SHPR_END) {
      const exception = 4 + (offset - SHPR_START);
      if (!core.isV7 && exception < ExceptionNumber.SvCall) return;
      if (exception === 7 || exception === 8 || exception === 9 || exception === 10 || exception === 13)
        return;
      core.exceptions.setPriority(exception, value);
      return;
    }
    this.#writeLanes(offset, 1, value);
  }

  read16(offset: number): number {
    return (this.read32(offset & ~3) >>> (8 * (offset & 2))) & 0xffff;
  }

  write16(offset: number, value: number): void {
    if ((offset >= IPR_START && offset < IPR_END) || (offset >= SHPR_START && offset < SHPR_END)) {
      this.write8(offset, value & 0xff);
      this.write8(offset + 1, (value >>> 8) & 0xff);
      return;
    }
    this.#writeLanes(offset, 2, value);
  }

  /** Narrow write to a word register: write-one-to-clear registers get only the addressed lanes. */
  #writeLanes(offset: number, size: number, value: number): void {
    const wordOffset = offset & ~3;
    const shift = 8 * (offset & 3);
    const laneMask = ((size === 1 ? 0xff : 0xffff) << shift) >>> 0;
    const shifted = ((value << shift) & laneMask) >>> 0;
    if (wordOffset === CFSR || wordOffset === HFSR || (wordOffset >= ICER && wordOffset < IABR)) {
      this.write32(wordOffset, shifted);
      return;
    }
    if (wordOffset >= ISER && wordOffset < ICER) {
      this.write32(wordOffset, shifted);
      return;
    }
    const current = this.read32(wordOffset);
    this.write32(wordOffset, ((current & ~laneMask) | shifted) >>> 0);
  }

  #readInterruptBits(offset: number): number {
    const exceptions = this.#core.exceptions;
    const group = offset & 0x380;
    const firstInterrupt = ((offset & 0x7f) >>> 2) * 32;
    const source =
      group === ISER || group === ICER
        ? exceptions.enabled
        : group === ISPR || group === ICPR
          ? exceptions.pending
          : group === IABR
            ? exceptions.active
            : undefined;
    if (source === undefined) return 0;
    let value = 0;
    for (let bit = 0; bit < 32; bit++) {
      const exception = ExceptionNumber.FirstExternal + firstInterrupt + bit;
      if (exception < exceptions.count && source[exception] !== 0) value |= 1 << bit;
    }
    return value >>> 0;
  }

  #writeInterruptBits(offset: number, value: number): void {
    const exceptions = this.#core.exceptions;
    const group = offset & 0x380;
    const firstInterrupt = ((offset & 0x7f) >>> 2) * 32;
    for (let bit = 0; bit < 32; bit++) {
      if (((value >>> bit) & 1) === 0) continue;
      const exception = ExceptionNumber.FirstExternal + firstInterrupt + bit;
      if (exception >= exceptions.count) break;
      if (group === ISER) exceptions.setEnabled(exception, true);
      else if (group === ICER) exceptions.setEnabled(exception, false);
      else if (group === ISPR) exceptions.setPending(exception, true);
      else if (group === ICPR) exceptions.setPending(exception, false);
    }
  }

  #readIcsr(): number {
    const core = this.#core;
    const exceptions = core.exceptions;
    let value = core.ipsr & 0x1ff;
    const pending = exceptions.highestPending();
    value |= (pending & 0x1ff) << 12;
    for (let exception = ExceptionNumber.FirstExternal; exception < exceptions.count; exception++) {
      if (exceptions.pending[exception] !== 0) {
        value |= ICSR_ISRPENDING;
        break;
      }
    }
    if (core.isV7 && exceptions.activeCount() <= 1) value |= ICSR_RETTOBASE;
    if (exceptions.pending[ExceptionNumber.SysTick] !== 0) value |= ICSR_PENDSTSET;
    if (exceptions.pending[ExceptionNumber.PendSv] !== 0) value |= ICSR_PENDSVSET;
    if (exceptions.pending[ExceptionNumber.Nmi] !== 0) value |= ICSR_NMIPENDSET;
    return value >>> 0;
  }

  #writeIcsr(value: number): void {
    const exceptions = this.#core.exceptions;
    if ((value & ICSR_NMIPENDSET) !== 0) exceptions.setPending(ExceptionNumber.Nmi, true);
    if ((value & ICSR_PENDSVSET) !== 0) exceptions.setPending(ExceptionNumber.PendSv, true);
    else if ((value & ICSR_PENDSVCLR) !== 0) exceptions.setPending(ExceptionNumber.PendSv, false);
    if ((value & ICSR_PENDSTSET) !== 0) exceptions.setPending(ExceptionNumber.SysTick, true);
    else if ((value & ICSR_PENDSTCLR) !== 0) exceptions.setPending(ExceptionNumber.SysTick, false);
  }

  #readShcsr(): number {
    const core = this.#core;
    const exceptions = core.exceptions;
    let value = core.isV7 ? core.shcsr & SHCSR_ENABLE_MASK : 0;
    for (const [exception, bit] of SHCSR_ACTIVE_BITS)
      if (exceptions.active[exception] !== 0) value |= 1 << bit;
    for (const [exception, bit] of SHCSR_PENDED_BITS)
      if (exceptions.pending[exception] !== 0) value |= 1 << bit;
    if (!core.isV7) value &= 1 << 15;
    return value >>> 0;
  }

  #writeShcsr(value: number): void {
    const core = this.#core;
    const exceptions = core.exceptions;
    if (core.isV7) {
      core.shcsr = value & SHCSR_ENABLE_MASK;
      exceptions.setEnabled(ExceptionNumber.MemManage, (value & (1 << 16)) !== 0);
      exceptions.setEnabled(ExceptionNumber.BusFault, (value & (1 << 17)) !== 0);
      exceptions.setEnabled(ExceptionNumber.UsageFault, (value & (1 << 18)) !== 0);
      for (const [exception, bit] of SHCSR_ACTIVE_BITS) exceptions.active[exception] = (value >>> bit) & 1;
      for (const [exception, bit] of SHCSR_PENDED_BITS) exceptions.pending[exception] = (value >>> bit) & 1;
    } else {
      exceptions.pending[ExceptionNumber.SvCall] = (value >>> 15) & 1;
    }
    core.requestAttention();
  }
}
