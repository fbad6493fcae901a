/**
 * A small Thumb assembler for tests: a builder that emits the 16-bit encodings used in the
 * instruction and exception tests (and BL / MOVW / MOVT / MSR / MRS as 32-bit ones), with labels
 * for branches. Anything else can be emitted raw with `hw` / `wide` (encodings from
 * arm-none-eabi-as, quoted in the tests).
 */

function check(value: number, bits: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value >= 2 ** bits) {
    throw new RangeError(`ThumbAssembler: ${what} ${value} does not fit ${bits} bits`);
  }
  return value;
}

function lowRegister(register: number): number {
  return check(register, 3, 'low register');
}

/** Register list bits for PUSH/POP/LDM/STM. */
function registerList(registers: readonly number[]): number {
  let list = 0;
  for (const register of registers) list |= 1 << register;
  return list;
}

interface Fixup {
  readonly index: number;
  readonly label: string;
  readonly kind: 'b' | 'bcond' | 'bl' | 'cbz' | 'cbnz' | 'literal';
  readonly condition: number;
  readonly register: number;
}

/** Builds Thumb code at a fixed origin. */
export class ThumbAssembler {
  readonly origin: number;
  readonly #halfwords: number[] = [];
  readonly #labels = new Map<string, number>();
  readonly #fixups: Fixup[] = [];

  constructor(origin: number) {
    this.origin = origin >>> 0;
  }

  /** Address of the next instruction. */
  get address(): number {
    return this.origin + 2 * this.#halfwords.length;
  }

  /** Defines a label at the current address. */
  label(name: string): this {
    this.#labels.set(name, this.address);
    return this;
  }

  /** Address of a defined label. */
  addressOf(name: string): number {
    const address = this.#labels.get(name);
    if (address === undefined) throw new RangeError(`ThumbAssembler: unknown label ${name}`);
    return address;
  }

  /** One raw halfword. */
  hw(value: number): this {
    this.#halfwords.push(check(value, 16, 'halfword'));
    return this;
  }

  /** One raw 32-bit encoding, first halfword first. */
  wide(first: number, second: number): this {
    return this.hw(first).hw(second);
  }

  /** Pads with a NOP to a word boundary (before a label of literal data). */
  align4(): this {
    return (this.address & 3) !== 0 ? this.nop() : this;
  }

  /** A data word (aligned to 4 with a NOP if needed). */
  word(value: number): this {
    if ((this.address & 3) !== 0) this.nop();
    return this.hw(value & 0xffff).hw((value >>> 16) & 0xffff);
  }

  movs(rd: number, imm8: number): this {
    return this.hw(0x2000 | (lowRegister(rd) << 8) | check(imm8, 8, 'imm8'));
  }

  cmp(rn: number, imm8: number): this {
    return this.hw(0x2800 | (lowRegister(rn) << 8) | check(imm8, 8, 'imm8'));
  }

  addsImmediate8(rdn: number, imm8: number): this {
    return this.hw(0x3000 | (lowRegister(rdn) << 8) | check(imm8, 8, 'imm8'));
  }

  subsImmediate8(rdn: number, imm8: number): this {
    return this.hw(0x3800 | (lowRegister(rdn) << 8) | check(imm8, 8, 'imm8'));
  }

  adds(rd: number, rn: number, rm: number): this {
    return this.hw(0x1800 | (lowRegister(rm) << 6) | (lowRegister(rn) << 3) | lowRegister(rd));
  }

  subs(rd: number, rn: number, rm: number): this {
    return this.hw(0x1a00 | (lowRegister(rm) << 6) | (lowRegister(rn) << 3) | lowRegister(rd));
  }

  /** LSLS/LSRS/ASRS Rd, Rm, #imm5 (kind 0, 1, 2). */
  shiftImmediate(kind: 0 | 1 | 2, rd: number, rm: number, imm5: number): this {
    return this.hw((kind << 11) | (check(imm5, 5, 'imm5') << 6) | (lowRegister(rm) << 3) | lowRegister(rd));
  }

  /** The 16-bit data-processing group: opcode 0 AND .. 15 MVN on Rdn, Rm. */
  dataProcessing(opcode: number, rdn: number, rm: number): this {
    return this.hw(0x4000 | (check(opcode, 4, 'opcode') << 6) | (lowRegister(rm) << 3) | lowRegister(rdn));
  }

  /** MVNS Rd, Rd (all ones from zero, for example). */
  mvn(rd: number): this {
    return this.dataProcessing(15, rd, rd);
  }

  /** MOV Rd, Rm with any registers. */
  mov(rd: number, rm: number): this {
    return this.hw(0x4600 | ((rd & 8) << 4) | (check(rm, 4, 'register') << 3) | (rd & 7));
  }

  /** ADD Rdn, Rm with any registers. */
  addHigh(rdn: number, rm: number): this {
    return this.hw(0x4400 | ((rdn & 8) << 4) | (check(rm, 4, 'register') << 3) | (rdn & 7));
  }

  bx(rm: number): this {
    return this.hw(0x4700 | (check(rm, 4, 'register') << 3));
  }

  blx(rm: number): this {
    return this.hw(0x4780 | (check(rm, 4, 'register') << 3));
  }

  /** LDR/STR/LDRB/STRB/LDRH/STRH with immediate offset (offset in bytes). */
  loadStore(
    kind: 'ldr' | 'str' | 'ldrb' | 'strb' | 'ldrh' | 'strh',
    rt: number,
    rn: number,
    offset: number,
  ): this {
    const scale = kind === 'ldr' || kind === 'str' ? 4 : kind === 'ldrh' || kind === 'strh' ? 2 : 1;
    if (offset % scale !== 0)
      throw new RangeError(`ThumbAssembler: ${kind} offset ${offset} not a multiple of ${scale}`);
    const base = { str: 0x6000, ldr: 0x6800, strb: 0x7000, ldrb: 0x7800, strh: 0x8000, ldrh: 0x8800 }[kind];
    return this.hw(
      base | (check(offset / scale, 5, 'offset') << 6) | (lowRegister(rn) << 3) | lowRegister(rt),
    );
  }

  /** Register-offset loads and stores: 0 STR, 1 STRH, 2 STRB, 3 LDRSB, 4 LDR, 5 LDRH, 6 LDRB, 7 LDRSH. */
  loadStoreRegister(opcode: number, rt: number, rn: number, rm: number): this {
    return this.hw(
      0x5000 |
        (check(opcode, 3, 'opcode') << 9) |
        (lowRegister(rm) << 6) |
        (lowRegister(rn) << 3) |
        lowRegister(rt),
    );
  }

  push(registers: readonly number[]): this {
    const list = registerList(registers);
    return this.hw(0xb400 | (list & 0xff) | ((list & 0x4000) !== 0 ? 0x100 : 0));
  }

  pop(registers: readonly number[]): this {
    const list = registerList(registers);
    return this.hw(0xbc00 | (list & 0xff) | ((list & 0x8000) !== 0 ? 0x100 : 0));
  }

  stmia(rn: number, registers: readonly number[]): this {
    return this.hw(0xc000 | (lowRegister(rn) << 8) | (registerList(registers) & 0xff));
  }

  ldmia(rn: number, registers: readonly number[]): this {
    return this.hw(0xc800 | (lowRegister(rn) << 8) | (registerList(registers) & 0xff));
  }

  svc(imm8: number): this {
    return this.hw(0xdf00 | check(imm8, 8, 'imm8'));
  }

  bkpt(imm8: number): this {
    return this.hw(0xbe00 | check(imm8, 8, 'imm8'));
  }

  udf(imm8: number): this {
    return this.hw(0xde00 | check(imm8, 8, 'imm8'));
  }

  nop(): this {
    return this.hw(0xbf00);
  }

  wfi(): this {
    return this.hw(0xbf30);
  }

  cpsid(): this {
    return this.hw(0xb672);
  }

  cpsie(): this {
    return this.hw(0xb662);
  }

  /** IT with first condition and the raw 4-bit mask (e.g. ITE EQ: condition 0, mask 0b1100). */
  it(condition: number, mask: number): this {
    return this.hw(0xbf00 | (check(condition, 4, 'condition') << 4) | check(mask, 4, 'mask'));
  }

  /** B to a label (16-bit, +-2 KiB). */
  b(label: string): this {
    return this.#branch('b', label, 0, 0);
  }

  /** B<cond> to a label (16-bit, +-256 bytes). */
  bcond(condition: number, label: string): this {
    return this.#branch('bcond', label, condition, 0);
  }

  /** LDR Rt, [PC, #offset] loading the word at a (later, word-aligned) label. */
  ldrLiteral(rt: number, label: string): this {
    return this.#branch('literal', label, 0, lowRegister(rt));
  }

  /** BL to a label (32-bit). */
  bl(label: string): this {
    this.#fixups.push({ index: this.#halfwords.length, label, kind: 'bl', condition: 0, register: 0 });
    return this.hw(0).hw(0);
  }

  cbz(rn: number, label: string): this {
    return this.#branch('cbz', label, 0, lowRegister(rn));
  }

  cbnz(rn: number, label: string): this {
    return this.#branch('cbnz', label, 0, lowRegister(rn));
  }

  /** MOVW Rd, #imm16. */
  movw(rd: number, imm16: number): this {
    return this.#moveWide(0xf240, rd, imm16);
  }

  /** MOVT Rd, #imm16. */
  movt(rd: number, imm16: number): this {
    return this.#moveWide(0xf2c0, rd, imm16);
  }

  /** Loads a 32-bit constant with MOVW/MOVT (ARMv7-M only). */
  mov32(rd: number, value: number): this {
    this.movw(rd, value & 0xffff);
    return value >>> 16 === 0 ? this : this.movt(rd, value >>> 16);
  }

  /** MSR <special>, Rn (sysm: 8 MSP, 9 PSP, 16 PRIMASK, 17 BASEPRI, 20 CONTROL...). */
  msr(sysm: number, rn: number): this {
    return this.wide(0xf380 | check(rn, 4, 'register'), 0x8800 | check(sysm, 8, 'sysm'));
  }

  /** MRS Rd, <special>. */
  mrs(rd: number, sysm: number): this {
    return this.wide(0xf3ef, 0x8000 | (check(rd, 4, 'register') << 8) | check(sysm, 8, 'sysm'));
  }

  /** The code as bytes, with labels resolved. */
  bytes(): Uint8Array {
    for (const fixup of this.#fixups) this.#resolve(fixup);
    const bytes = new Uint8Array(this.#halfwords.length * 2);
    this.#halfwords.forEach((halfword, index) => {
      bytes[2 * index] = halfword & 0xff;
      bytes[2 * index + 1] = halfword >>> 8;
    });
    return bytes;
  }

  #moveWide(base: number, rd: number, imm16: number): this {
    check(imm16, 16, 'imm16');
    const first = base | ((imm16 >>> 1) & 0x400) | (imm16 >>> 12);
    const second = (((imm16 >>> 8) & 7) << 12) | (check(rd, 4, 'register') << 8) | (imm16 & 0xff);
    return this.wide(first, second);
  }

  #branch(kind: Fixup['kind'], label: string, condition: number, register: number): this {
    this.#fixups.push({ index: this.#halfwords.length, label, kind, condition, register });
    return this.hw(0);
  }

  #resolve(fixup: Fixup): void {
    const from = this.origin + 2 * fixup.index + 4;
    const offset = this.addressOf(fixup.label) - from;
    const fits = (bits: number): number => {
      if (offset < -(2 ** bits) || offset >= 2 ** bits || (offset & 1) !== 0) {
        throw new RangeError(`ThumbAssembler: branch to ${fixup.label} out of range`);
      }
      return offset;
    };
    if (fixup.kind === 'literal') {
      const base = (this.origin + 2 * fixup.index + 4) & ~3;
      const distance = this.addressOf(fixup.label) - base;
      if (distance < 0 || distance > 1020 || (distance & 3) !== 0) {
        throw new RangeError(`ThumbAssembler: literal ${fixup.label} out of range`);
      }
      this.#halfwords[fixup.index] = 0x4800 | (fixup.register << 8) | (distance >>> 2);
      return;
    }
    switch (fixup.kind) {
      case 'b':
        this.#halfwords[fixup.index] = 0xe000 | ((fits(11) >> 1) & 0x7ff);
        return;
      case 'bcond':
        this.#halfwords[fixup.index] = 0xd000 | (fixup.condition << 8) | ((fits(8) >> 1) & 0xff);
        return;
      case 'cbz':
      case 'cbnz': {
        if (offset < 0 || offset > 126)
          throw new RangeError(`ThumbAssembler: ${fixup.kind} to ${fixup.label} out of range`);
        const opcode = fixup.kind === 'cbz' ? 0xb100 : 0xb900;
        this.#halfwords[fixup.index] =
          opcode | ((offset & 0x40) << 3) | (((offset >> 1) & 31) << 3) | fixup.register;
        return;
      }
      default: {
        const value = fits(24);
        const sign = value < 0 ? 1 : 0;
        const i1 = (value >>> 23) & 1;
        const i2 = (value >>> 22) & 1;
        const j1 = ~(i1 ^ sign) & 1;
        const j2 = ~(i2 ^ sign) & 1;
        this.#halfwords[fixup.index] = 0xf000 | (sign << 10) | ((value >>> 12) & 0x3ff);
        this.#halfwords[fixup.index + 1] = 0xd000 | (j1 << 13) | (j2 << 11) | ((value >>> 1) & 0x7ff);
      }
    }
  }
}
