/**
 * Translates straight-line Thumb code into JavaScript functions: one function per basic block,
 * generated once and then run by the core's loop in place of the single-instruction handler at
 * the block's first address.
 *
 * Inside a block, registers and flags live in JavaScript locals (loaded on entry, stored on every
 * exit), and the common ARMv6-M data-processing, load/store, stack and branch encodings are
 * emitted inline. Any other instruction runs through its ordinary decoded handler between a store
 * and a reload of the locals, and the block returns early when that handler branched or asked the
 * core for attention (exceptions, IT, CPS/MSR, WFI). A block ends at a branch, after at most
 * `MAXIMUM_BLOCK_INSTRUCTIONS`, and never crosses a 32-byte boundary, so the run loop's per-block
 * MPU execute check covers it exactly. Faults inside a block report the faulting instruction's
 * address through `core.abortedAt`.
 *
 * Where the JavaScript host forbids generating functions (a strict Content Security Policy), the
 * core keeps interpreting single instructions.
 */
import { expandModifiedImmediate } from './alu.js';
import type { CortexMCore } from './cortexm-core.js';
import { decodeInstruction, type InstructionHandler, isThirtyTwoBit } from './thumb-decoder.js';

/** Longest block, in instructions. */
export const MAXIMUM_BLOCK_INSTRUCTIONS = 16;

/** Reads the halfword at a byte offset of the block's memory, or undefined past its end. */
export type HalfwordReader = (address: number) => number | undefined;

/** The emitted JavaScript for one instruction, or undefined when it is not translated inline. */
interface Emitted {
  readonly code: string;
  readonly cycles: number;
  /** The instruction always leaves the block (a branch emitted with its own `return`). */
  readonly ends: boolean;
  /** The instruction may raise a fault (memory access): the block records its address first. */
  readonly faults: boolean;
  /** For branches: the taken target. */
  readonly target?: number;
}

const CONDITIONS = [
  'z !== 0',
  'z === 0',
  'c !== 0',
  'c === 0',
  'n !== 0',
  'n === 0',
  'v !== 0',
  'v === 0',
  '(c !== 0 && z === 0)',
  '(c === 0 || z !== 0)',
  'n === v',
  'n !== v',
  '(z === 0 && n === v)',
  '(z !== 0 || n !== v)',
];

const HEX = (value: number): string => `0x${(value >>> 0).toString(16)}`;

/** Whether the host allows `new Function` (checked once per core). */
export function canGenerateCode(): boolean {
  try {
    return new Function('return 1')() === 1;
  } catch {
    return false;
  }
}

/** Tracks registers and flags a block touches. */
class BlockState {
  readonly registersRead = new Set<number>();
  readonly registersWritten = new Set<number>();
  flagsTouched = false;

  read(register: number): string {
    this.registersRead.add(register);
    return `r${register}`;
  }

  write(register: number, expression: string): string {
    this.registersWritten.add(register);
    return `r${register} = ${expression};`;
  }

  /** Statements storing every written local back into the register file and flags. */
  storeAll(): string {
    let code = '';
    for (const register of this.registersWritten) code += `R[${register}] = r${register};`;
    if (this.flagsTouched) code += 'core.n = n; core.z = z; core.c = c; core.v = v;';
    return code;
  }

  /** Statements reloading every local (after a handler may have changed registers and flags). */
  loadAll(): string {
    let code = '';
    for (const register of this.locals()) code += `r${register} = R[${register}];`;
    if (this.flagsTouched) code += 'n = core.n; z = core.z; c = core.c; v = core.v;';
    return code;
  }

  locals(): number[] {
    return [...new Set([...this.registersRead, ...this.registersWritten])].sort((a, b) => a - b);
  }
}

function setNegativeZero(result: string): string {
  return `n = ${result} >>> 31; z = ${result} === 0 ? 1 : 0;`;
}

/** `rd = a + b + carryIn` with all four flags; a and b are JavaScript expressions of unsigned values. */
function addWithFlags(
  state: BlockState,
  rd: number | undefined,
  a: string,
  b: string,
  carryIn: string,
): string {
  state.flagsTouched = true;
  const assign = rd === undefined ? '' : state.write(rd, 't');
  return (
    `{ const x = ${a}; const y = ${b}; const s = x + y + ${carryIn}; const t = s >>> 0; ` +
    `n = t >>> 31; z = t === 0 ? 1 : 0; c = s > 4294967295 ? 1 : 0; v = ((x ^ t) & (y ^ t)) >>> 31; ${assign} }`
  );
}

function subtractWithFlags(state: BlockState, rd: number | undefined, a: string, b: string): string {
  return addWithFlags(state, rd, a, `((~${b}) >>> 0)`, '1');
}

function logical(state: BlockState, rd: number | undefined, expression: string): string {
  state.flagsTouched = true;
  const assign = rd === undefined ? '' : state.write(rd, 't');
  return `{ const t = (${expression}) >>> 0; ${setNegativeZero('t')} ${assign} }`;
}

/** Emits one 16-bit instruction inline, or returns undefined. */
function emit16(
  core: CortexMCore,
  state: BlockState,
  instruction: number,
  address: number,
): Emitted | undefined {
  const table = core.cycleTable;
  const alu = table.alu;
  const rd = instruction & 7;
  const rm3 = (instruction >>> 3) & 7;
  const top5 = instruction >>> 11;
  const next = (address + 2) >>> 0;
  const plain = (code: string, cycles = alu): Emitted => ({ code, cycles, ends: false, faults: false });
  const memory = (code: string, cycles: number): Emitted => ({ code, cycles, ends: false, faults: true });
  const store = (code: string, cycles: number): Emitted => memory(`${code} @ATTENTION(${HEX(next)})`, cycles);
  switch (top5) {
    case 0b00000:
    case 0b00001:
    case 0b00010: {
      const imm5 = (instruction >>> 6) & 31;
      const source = state.read(rm3);
      state.flagsTouched = true;
      if (top5 === 0 && imm5 === 0) return plain(`${state.write(rd, source)} ${setNegativeZero(`r${rd}`)}`);
      if (top5 === 0) {
        return plain(
          `{ const x = ${source}; c = (x >>> ${32 - imm5}) & 1; const t = (x << ${imm5}) >>> 0; ${setNegativeZero('t')} ${state.write(rd, 't')} }`,
        );
      }
      const amount = imm5 === 0 ? 32 : imm5;
      const result =
        top5 === 1
          ? amount === 32
            ? '0'
            : `x >>> ${amount}`
          : `(x >> ${amount === 32 ? 31 : amount}) >>> 0`;
      const carry = amount === 32 ? 'x >>> 31' : `(x >>> ${amount - 1}) & 1`;
      return plain(
        `{ const x = ${source}; c = ${carry}; const t = ${result}; ${setNegativeZero('t')} ${state.write(rd, 't')} }`,
      );
    }
    case 0b00011: {
      const immediate = (instruction & (1 << 10)) !== 0;
      const subtract = (instruction & (1 << 9)) !== 0;
      const field = (instruction >>> 6) & 7;
      const operand = immediate ? `${field}` : state.read(field);
      const source = state.read(rm3);
      return plain(
        subtract
          ? subtractWithFlags(state, rd, source, operand)
          : addWithFlags(state, rd, source, operand, '0'),
      );
    }
    case 0b00100: {
      const register = (instruction >>> 8) & 7;
      const imm8 = instruction & 0xff;
      state.flagsTouched = true;
      return plain(`${state.write(register, `${imm8}`)} n = 0; z = ${imm8 === 0 ? 1 : 0};`);
    }
    case 0b00101:
      return plain(
        subtractWithFlags(state, undefined, state.read((instruction >>> 8) & 7), `${instruction & 0xff}`),
      );
    case 0b00110: {
      const register = (instruction >>> 8) & 7;
      return plain(addWithFlags(state, register, state.read(register), `${instruction & 0xff}`, '0'));
    }
    case 0b00111: {
      const register = (instruction >>> 8) & 7;
      return plain(subtractWithFlags(state, register, state.read(register), `${instruction & 0xff}`));
    }
    case 0b01000:
      if ((instruction & (1 << 10)) === 0) return emitDataProcessing(core, state, instruction);
      return emitSpecial(state, instruction, address);
    case 0b01001: {
      const literal = (((address + 4) & ~3) + (instruction & 0xff) * 4) >>> 0;
      return memory(state.write((instruction >>> 8) & 7, `core.read32(${HEX(literal)})`), table.load);
    }
    case 0b01010:
    case 0b01011: {
      const rn = state.read(rm3);
      const offset = state.read((instruction >>> 6) & 7);
      const target = `((${rn} + ${offset}) >>> 0)`;
      const value = (): string => state.read(rd);
      switch ((instruction >>> 9) & 7) {
        case 0:
          return store(`core.write32(${target}, ${value()});`, table.store);
        case 1:
          return store(`core.write16(${target}, ${value()} & 0xffff);`, table.store);
        case 2:
          return store(`core.write8(${target}, ${value()} & 0xff);`, table.store);
        case 3:
          return memory(state.write(rd, `((core.read8(${target}) << 24) >> 24) >>> 0`), table.load);
        case 4:
          return memory(state.write(rd, `core.read32(${target})`), table.load);
        case 5:
          return memory(state.write(rd, `core.read16(${target})`), table.load);
        case 6:
          return memory(state.write(rd, `core.read8(${target})`), table.load);
        default:
          return memory(state.write(rd, `((core.read16(${target}) << 16) >> 16) >>> 0`), table.load);
      }
    }
    case 0b01100:
    case 0b01101:
    case 0b01110:
    case 0b01111:
    case 0b10000:
    case 0b10001: {
      const imm5 = (instruction >>> 6) & 31;
      const scale = top5 <= 0b01101 ? 4 : top5 <= 0b01111 ? 1 : 2;
      const target = `((${state.read(rm3)} + ${imm5 * scale}) >>> 0)`;
      switch (top5) {
        case 0b01100:
          return store(`core.write32(${target}, ${state.read(rd)});`, table.store);
        case 0b01101:
          return memory(state.write(rd, `core.read32(${target})`), table.load);
        case 0b01110:
          return store(`core.write8(${target}, ${state.read(rd)} & 0xff);`, table.store);
        case 0b01111:
          return memory(state.write(rd, `core.read8(${target})`), table.load);
        case 0b10000:
          return store(`core.write16(${target}, ${state.read(rd)} & 0xffff);`, table.store);
        default:
          return memory(state.write(rd, `core.read16(${target})`), table.load);
      }
    }
    case 0b10010:
    case 0b10011: {
      const register = (instruction >>> 8) & 7;
      const target = `((${state.read(13)} + ${(instruction & 0xff) * 4}) >>> 0)`;
      if (top5 === 0b10010) return store(`core.write32(${target}, ${state.read(register)});`, table.store);
      return memory(state.write(register, `core.read32(${target})`), table.load);
    }
    case 0b10100:
      return plain(
        state.write((instruction >>> 8) & 7, HEX(((address + 4) & ~3) + (instruction & 0xff) * 4)),
      );
    case 0b10101:
      return plain(
        state.write((instruction >>> 8) & 7, `(${state.read(13)} + ${(instruction & 0xff) * 4}) >>> 0`),
      );
    case 0b10110:
    case 0b10111:
      return emitMiscellaneous(core, state, instruction, address);
    case 0b11000:
    case 0b11001:
      return emitLoadStoreMultiple(core, state, instruction, address);
    case 0b11010:
    case 0b11011: {
      const condition = (instruction >>> 8) & 15;
      if (condition >= 14) return undefined;
      state.flagsTouched = true;
      const target = (address + 4 + (((instruction & 0xff) << 24) >> 23)) >>> 0;
      return {
        code: `if (${CONDITIONS[condition]}) { @EXIT(${HEX(target)}, ${table.branchRefill}) } @EXIT(${HEX(next)}, 0)`,
        cycles: alu,
        ends: true,
        faults: false,
        target,
      };
    }
    case 0b11100: {
      const target = (address + 4 + (((instruction & 0x7ff) << 21) >> 20)) >>> 0;
      return {
        code: `@EXIT(${HEX(target)}, 0)`,
        cycles: alu + table.branchRefill,
        ends: true,
        faults: false,
        target,
      };
    }
    default:
      return undefined;
  }
}

function emitDataProcessing(core: CortexMCore, state: BlockState, instruction: number): Emitted | undefined {
  const rdn = instruction & 7;
  const rm = (instruction >>> 3) & 7;
  const alu = core.cycleTable.alu;
  const a = (): string => state.read(rdn);
  const b = (): string => state.read(rm);
  const plain = (code: string, cycles = alu): Emitted => ({ code, cycles, ends: false, faults: false });
  switch ((instruction >>> 6) & 15) {
    case 0:
      return plain(logical(state, rdn, `${a()} & ${b()}`));
    case 1:
      return plain(logical(state, rdn, `${a()} ^ ${b()}`));
    case 2:
    case 3:
    case 4:
    case 7: {
      const type = [0, 0, 0, 1, 2, 0, 0, 3][(instruction >>> 6) & 7] ?? 0;
      state.flagsTouched = true;
      return plain(
        `{ core.c = c; const t = shift(core, ${a()}, ${type}, ${b()} & 0xff); c = core.shifterCarry; ${setNegativeZero('t')} ${state.write(rdn, 't')} }`,
      );
    }
    case 5:
      return plain(addWithFlags(state, rdn, a(), b(), 'c'));
    case 6:
      return plain(addWithFlags(state, rdn, a(), `((~${b()}) >>> 0)`, 'c'));
    case 8:
      return plain(logical(state, undefined, `${a()} & ${b()}`));
    case 9:
      return plain(subtractWithFlags(state, rdn, '0', b()));
    case 10:
      return plain(subtractWithFlags(state, undefined, a(), b()));
    case 11:
      return plain(addWithFlags(state, undefined, a(), b(), '0'));
    case 12:
      return plain(logical(state, rdn, `${a()} | ${b()}`));
    case 13:
      return plain(logical(state, rdn, `Math.imul(${a()}, ${b()})`), core.cycleTable.multiply);
    case 14:
      return plain(logical(state, rdn, `${a()} & ~${b()}`));
    default:
      return plain(logical(state, rdn, `~${b()}`));
  }
}

function emitSpecial(state: BlockState, instruction: number, address: number): Emitted | undefined {
  const rm = (instruction >>> 3) & 15;
  const rdn = (instruction & 7) | ((instruction >>> 4) & 8);
  const operand = rm === 15 ? HEX(address + 4) : state.read(rm);
  const plain = (code: string): Emitted => ({ code, cycles: 1, ends: false, faults: false });
  switch ((instruction >>> 8) & 3) {
    case 0:
      if (rdn === 15) return undefined;
      return plain(state.write(rdn, `(${state.read(rdn)} + ${operand}) >>> 0`));
    case 1:
      if (rdn === 15) return undefined;
      return plain(subtractWithFlags(state, undefined, state.read(rdn), operand));
    case 2:
      if (rdn === 15) return undefined;
      return plain(state.write(rdn, operand));
    default:
      return undefined;
  }
}

function emitMiscellaneous(
  core: CortexMCore,
  state: BlockState,
  instruction: number,
  address: number,
): Emitted | undefined {
  const rd = instruction & 7;
  const rm = (instruction >>> 3) & 7;
  const table = core.cycleTable;
  const plain = (code: string, cycles: number = table.alu): Emitted => ({
    code,
    cycles,
    ends: false,
    faults: false,
  });
  switch ((instruction >>> 8) & 15) {
    case 0b0000: {
      const offset = (instruction & 0x7f) * 4;
      const sign = (instruction & 0x80) === 0 ? '+' : '-';
      return plain(state.write(13, `(${state.read(13)} ${sign} ${offset}) >>> 0`));
    }
    case 0b0010: {
      const source = state.read(rm);
      const expressions = [
        `((${source} << 16) >> 16) >>> 0`,
        `((${source} << 24) >> 24) >>> 0`,
        `${source} & 0xffff`,
        `${source} & 0xff`,
      ];
      return plain(state.write(rd, expressions[(instruction >>> 6) & 3] ?? '0'));
    }
    case 0b0001:
    case 0b0011:
    case 0b1001:
    case 0b1011: {
      if (!core.isV7) return undefined;
      const offset = (((instruction >>> 9) & 1) << 6) | (((instruction >>> 3) & 31) << 1);
      const target = (address + 4 + offset) >>> 0;
      const test = (instruction & (1 << 11)) !== 0 ? '!==' : '===';
      return {
        code: `if (${state.read(rd)} ${test} 0) { @EXIT(${HEX(target)}, ${table.branchRefill}) } @EXIT(${HEX(address + 2)}, 0)`,
        cycles: table.alu,
        ends: true,
        faults: false,
      };
    }
    case 0b0100:
    case 0b0101: {
      const list = (instruction & 0xff) | ((instruction & 0x100) << 6);
      const registers: number[] = [];
      for (let register = 0; register < 16; register++)
        if ((list & (1 << register)) !== 0) registers.push(register);
      if (registers.length === 0) return undefined;
      let code = `{ const base = (${state.read(13)} - ${4 * registers.length}) >>> 0; `;
      registers.forEach((register, index) => {
        code += `core.write32Aligned((base + ${4 * index}) >>> 0, ${state.read(register)}); `;
      });
      code += `${state.write(13, 'base')} } @ATTENTION(${HEX(address + 2)})`;
      return { code, cycles: table.multipleBase + registers.length, ends: false, faults: true };
    }
    case 0b1010: {
      const source = state.read(rm);
      switch ((instruction >>> 6) & 3) {
        case 0:
          return plain(state.write(rd, `reverse(${source})`));
        case 1:
          return plain(
            state.write(rd, `(((${source} & 0xff00ff00) >>> 8) | ((${source} & 0x00ff00ff) << 8)) >>> 0`),
          );
        case 3:
          return plain(
            state.write(rd, `(((((${source} & 0xff) << 24) >> 16) | ((${source} >>> 8) & 0xff)) >>> 0)`),
          );
        default:
          return undefined;
      }
    }
    case 0b1100: {
      const registers: number[] = [];
      for (let register = 0; register < 8; register++)
        if ((instruction & (1 << register)) !== 0) registers.push(register);
      if (registers.length === 0) return undefined;
      let code = `{ const base = ${state.read(13)}; `;
      registers.forEach((register, index) => {
        code += `${state.write(register, `core.read32Aligned((base + ${4 * index}) >>> 0)`)} `;
      });
      code += `${state.write(13, `(base + ${4 * registers.length}) >>> 0`)} }`;
      return { code, cycles: table.multipleBase + registers.length, ends: false, faults: true };
    }
    case 0b1111:
      return (instruction & 0xff) === 0 ? plain('') : undefined;
    default:
      return undefined;
  }
}

function emitLoadStoreMultiple(
  core: CortexMCore,
  state: BlockState,
  instruction: number,
  address: number,
): Emitted | undefined {
  const rn = (instruction >>> 8) & 7;
  const list = instruction & 0xff;
  const registers: number[] = [];
  for (let register = 0; register < 8; register++)
    if ((list & (1 << register)) !== 0) registers.push(register);
  if (registers.length === 0) return undefined;
  const load = (instruction & (1 << 11)) !== 0;
  let code = `{ const base = ${state.read(rn)}; `;
  if (load) {
    registers.forEach((_, index) => {
      code += `const l${index} = core.read32Aligned((base + ${4 * index}) >>> 0); `;
    });
    registers.forEach((register, index) => {
      code += `${state.write(register, `l${index}`)} `;
    });
    if ((list & (1 << rn)) === 0) code += state.write(rn, `(base + ${4 * registers.length}) >>> 0`);
  } else {
    registers.forEach((register, index) => {
      code += `core.write32Aligned((base + ${4 * index}) >>> 0, ${state.read(register)}); `;
    });
    code += state.write(rn, `(base + ${4 * registers.length}) >>> 0`);
    code += ` } @ATTENTION(${HEX(address + 2)})`;
    return { code, cycles: core.cycleTable.multipleBase + registers.length, ends: false, faults: true };
  }
  code += ' }';
  return { code, cycles: core.cycleTable.multipleBase + registers.length, ends: false, faults: true };
}

/** The data-processing operation `opcode` (ARMv7-M A5.3.1 numbering) on `rn` and an operand. */
function emitDataOperation(
  state: BlockState,
  opcode: number,
  setFlags: boolean,
  rd: number,
  rn: number,
  operand: string,
  operandCarry: string | undefined,
): string | undefined {
  const compare = rd === 15 && setFlags;
  if ((rd === 15 && !compare) || rd === 13 || (rn === 13 && opcode !== 0b1000 && opcode !== 0b1101))
    return undefined;
  // Rn = 15 means MOV/MVN for ORR/ORN and is UNPREDICTABLE elsewhere: left to the interpreter.
  if (rn === 15 && opcode !== 0b0010 && opcode !== 0b0011) return undefined;
  const base = (): string => state.read(rn);
  const logicalResult = (expression: string): string => {
    if (!setFlags) return state.write(rd, `(${expression}) >>> 0`);
    state.flagsTouched = true;
    const carry = operandCarry === undefined ? '' : `c = ${operandCarry};`;
    const assign = compare ? '' : state.write(rd, 't');
    return `{ const t = (${expression}) >>> 0; ${setNegativeZero('t')} ${carry} ${assign} }`;
  };
  switch (opcode) {
    case 0b0000:
      return logicalResult(`${base()} & ${operand}`);
    case 0b0001:
      return compare ? undefined : logicalResult(`${base()} & ~${operand}`);
    case 0b0010:
      if (compare) return undefined;
      return logicalResult(rn === 15 ? operand : `${base()} | ${operand}`);
    case 0b0011:
      if (compare) return undefined;
      return logicalResult(rn === 15 ? `~${operand}` : `${base()} | ~${operand}`);
    case 0b0100:
      return logicalResult(`${base()} ^ ${operand}`);
    case 0b1000:
      if (rn === 15) return undefined;
      if (!setFlags) return state.write(rd, `(${base()} + ${operand}) >>> 0`);
      return addWithFlags(state, compare ? undefined : rd, base(), operand, '0');
    case 0b1010:
      if (compare || rn === 15) return undefined;
      state.flagsTouched = true;
      if (!setFlags) return state.write(rd, `(${base()} + ${operand} + c) >>> 0`);
      return addWithFlags(state, rd, base(), operand, 'c');
    case 0b1011:
      if (compare || rn === 15) return undefined;
      state.flagsTouched = true;
      if (!setFlags) return state.write(rd, `(${base()} + ((~${operand}) >>> 0) + c) >>> 0`);
      return addWithFlags(state, rd, base(), `((~${operand}) >>> 0)`, 'c');
    case 0b1101:
      if (rn === 15) return undefined;
      if (!setFlags) return state.write(rd, `(${base()} - ${operand}) >>> 0`);
      return subtractWithFlags(state, compare ? undefined : rd, base(), operand);
    case 0b1110:
      if (compare || rn === 15) return undefined;
      if (!setFlags) return state.write(rd, `(${operand} - ${base()}) >>> 0`);
      return subtractWithFlags(state, rd, operand, base());
    default:
      return undefined;
  }
}

/** A constant-shifted register operand: [value expression, carry expression] (uses local `x`). */
function shiftedOperand(type: number, imm5: number): [string, string] {
  switch (type) {
    case 0:
      return imm5 === 0 ? ['x', 'c'] : [`((x << ${imm5}) >>> 0)`, `((x >>> ${32 - imm5}) & 1)`];
    case 1:
      return imm5 === 0 ? ['0', '(x >>> 31)'] : [`(x >>> ${imm5})`, `((x >>> ${imm5 - 1}) & 1)`];
    case 2:
      return imm5 === 0
        ? ['((x >> 31) >>> 0)', '(x >>> 31)']
        : [`((x >> ${imm5}) >>> 0)`, `((x >>> ${imm5 - 1}) & 1)`];
    default:
      return imm5 === 0
        ? ['(((c << 31) | (x >>> 1)) >>> 0)', '(x & 1)']
        : [`(((x >>> ${imm5}) | (x << ${32 - imm5})) >>> 0)`, `((x >>> ${imm5 - 1}) & 1)`];
  }
}

/** Emits the common 32-bit ARMv7-M encodings inline, or returns undefined. */
function emit32(
  core: CortexMCore,
  state: BlockState,
  first: number,
  second: number,
  address: number,
): Emitted | undefined {
  const table = core.cycleTable;
  const alu = table.alu;
  const plain = (code: string | undefined, cycles = alu): Emitted | undefined =>
    code === undefined ? undefined : { code, cycles, ends: false, faults: false };
  const op1 = (first >>> 11) & 3;
  const op2 = (first >>> 4) & 0x7f;
  if (op1 === 2 && (second & 0x8000) === 0) {
    const rn = first & 15;
    const rd = (second >>> 8) & 15;
    const imm12 = ((first & 0x400) << 1) | ((second >>> 4) & 0x700) | (second & 0xff);
    if ((first & (1 << 9)) === 0) {
      const { value, carry } = expandModifiedImmediate(imm12);
      const setFlags = (first & 0x10) !== 0;
      return plain(
        emitDataOperation(
          state,
          (first >>> 5) & 15,
          setFlags,
          rd,
          rn,
          HEX(value),
          carry < 0 ? undefined : `${carry}`,
        ),
      );
    }
    const opcode = (first >>> 4) & 31;
    if (rd === 13 || rd === 15) return undefined;
    const imm16 = ((first & 15) << 12) | imm12;
    switch (opcode) {
      case 0b00000:
        return rn === 15
          ? plain(state.write(rd, HEX(((address + 4) & ~3) + imm12)))
          : plain(state.write(rd, `(${state.read(rn)} + ${imm12}) >>> 0`));
      case 0b01010:
        return rn === 15
          ? plain(state.write(rd, HEX(((address + 4) & ~3) - imm12)))
          : plain(state.write(rd, `(${state.read(rn)} - ${imm12}) >>> 0`));
      case 0b00100:
        return plain(state.write(rd, HEX(imm16)));
      case 0b01100:
        return plain(state.write(rd, `((${state.read(rd)} & 0xffff) | ${HEX(imm16 << 16)}) >>> 0`));
      default:
        return undefined;
    }
  }
  if (op1 === 1 && (op2 & 0x60) === 0x20) {
    const opcode = (first >>> 5) & 15;
    const rn = first & 15;
    const rd = (second >>> 8) & 15;
    const rm = second & 15;
    if (rm === 13 || rm === 15 || opcode === 0b0110) return undefined;
    const imm5 = ((second >>> 10) & 0x1c) | ((second >>> 6) & 3);
    const [value, carry] = shiftedOperand((second >>> 4) & 3, imm5);
    const setFlags = (first & 0x10) !== 0;
    if (value.includes('c') || carry === 'c') state.flagsTouched = true;
    const operation = emitDataOperation(state, opcode, setFlags, rd, rn, 'o', 'oc');
    if (operation === undefined) return undefined;
    return plain(`{ const x = ${state.read(rm)}; const o = ${value}; const oc = ${carry}; ${operation} }`);
  }
  if (op1 === 3 && (first & 0xfff0) === 0xfb00 && (second & 0xc0) === 0) {
    const rn = first & 15;
    const ra = (second >>> 12) & 15;
    const rd = (second >>> 8) & 15;
    const rm = second & 15;
    const kind = (second >>> 4) & 3;
    if (rd === 13 || rd === 15 || rn === 15 || rm === 15 || kind > 1) return undefined;
    const product = `Math.imul(${state.read(rn)}, ${state.read(rm)})`;
    if (ra === 15) return kind === 0 ? plain(state.write(rd, `${product} >>> 0`), table.multiply) : undefined;
    const sign = kind === 0 ? '+' : '-';
    return plain(state.write(rd, `(${state.read(ra)} ${sign} ${product}) >>> 0`), table.multiplyLong + 1);
  }
  if (
    op1 === 3 &&
    ((op2 & 0x71) === 0x00 || (op2 & 0x67) === 0x01 || (op2 & 0x67) === 0x03 || (op2 & 0x67) === 0x05)
  ) {
    return emitLoadStoreSingle(core, state, first, second, address);
  }
  return undefined;
}

/** LDR/STR{B,H}, LDRS{B,H} with imm12, imm8 (pre/post-indexed) and register offsets, LDR literal. */
function emitLoadStoreSingle(
  core: CortexMCore,
  state: BlockState,
  first: number,
  second: number,
  address: number,
): Emitted | undefined {
  const table = core.cycleTable;
  const load = (first & 0x10) !== 0;
  const size = (first >>> 5) & 3;
  const signed = (first & 0x100) !== 0;
  const rn = first & 15;
  const rt = (second >>> 12) & 15;
  if (rt === 15 || rt === 13 || size === 3 || (signed && (!load || size === 2))) return undefined;
  const access = load
    ? size === 0
      ? signed
        ? (target: string) => `((core.read8(${target}) << 24) >> 24) >>> 0`
        : (target: string) => `core.read8(${target})`
      : size === 1
        ? signed
          ? (target: string) => `((core.read16(${target}) << 16) >> 16) >>> 0`
          : (target: string) => `core.read16(${target})`
        : (target: string) => `core.read32(${target})`
    : undefined;
  const storeCall = (target: string): string =>
    size === 0
      ? `core.write8(${target}, ${state.read(rt)} & 0xff);`
      : size === 1
        ? `core.write16(${target}, ${state.read(rt)} & 0xffff);`
        : `core.write32(${target}, ${state.read(rt)});`;
  const next = HEX(address + 4);
  const finish = (target: string, writeBack: string): Emitted => {
    const operation =
      access === undefined
        ? `${storeCall(target)} ${writeBack} @ATTENTION(${next})`
        : `{ const value = ${access(target)}; ${writeBack} ${state.write(rt, 'value')} }`;
    return { code: `{ ${operation} }`, cycles: load ? table.load : table.store, ends: false, faults: true };
  };
  if (rn === 15) {
    if (!load) return undefined;
    const imm12 = second & 0xfff;
    const literal = (((address + 4) & ~3) + ((first & 0x80) !== 0 ? imm12 : -imm12)) >>> 0;
    return finish(HEX(literal), '');
  }
  if ((first & 0x80) !== 0) return finish(`((${state.read(rn)} + ${second & 0xfff}) >>> 0)`, '');
  if ((second & 0x800) !== 0) {
    const preIndex = (second & 0x400) !== 0;
    const add = (second & 0x200) !== 0;
    const writeBack = (second & 0x100) !== 0;
    if ((preIndex && add && !writeBack) || (!preIndex && !writeBack)) return undefined;
    if (writeBack && (rn === rt || rn === 13)) return undefined;
    const imm8 = second & 0xff;
    const offsetAddress = `((${state.read(rn)} ${add ? '+' : '-'} ${imm8}) >>> 0)`;
    if (!writeBack) return finish(offsetAddress, '');
    const base = state.read(rn);
    const update = state.write(rn, 'offset');
    const emitted = finish(preIndex ? 'offset' : 'base', update);
    return { ...emitted, code: `{ const base = ${base}; const offset = ${offsetAddress}; ${emitted.code} }` };
  }
  if ((second & 0xfc0) !== 0) return undefined;
  const rm = second & 15;
  if (rm === 13 || rm === 15) return undefined;
  return finish(`((${state.read(rn)} + (${state.read(rm)} << ${(second >>> 4) & 3})) >>> 0)`, '');
}

/** The BL encoding as a block-ending branch. */
function emitBranchWithLink(
  core: CortexMCore,
  state: BlockState,
  first: number,
  second: number,
  address: number,
): Emitted | undefined {
  if ((first & 0xf800) !== 0xf000 || (second & 0xd000) !== 0xd000) return undefined;
  const sign = (first >>> 10) & 1;
  const i1 = ~((second >>> 13) ^ sign) & 1;
  const i2 = ~((second >>> 11) ^ sign) & 1;
  const offset =
    (((sign << 24) | (i1 << 23) | (i2 << 22) | ((first & 0x3ff) << 12) | ((second & 0x7ff) << 1)) << 7) >> 7;
  const target = (address + 4 + offset) >>> 0;
  return {
    code: `${state.write(14, HEX((address + 4) | 1))} @EXIT(${HEX(target)}, 0)`,
    cycles: core.cycleTable.branchWithLink,
    ends: true,
    faults: false,
  };
}

/** One instruction of an IT block: its encoding, condition and the IT state around it. */
interface ItMember {
  readonly first: number;
  readonly second: number;
  readonly size: number;
  readonly condition: number;
  /** EPSR.IT while it executes (kept if it faults) and after it. */
  readonly state: number;
  readonly nextState: number;
}

/**
 * The instructions an IT instruction governs, or undefined when the block must not be translated:
 * an UNDEFINED IT (first condition 15, or AL with a non-trivial mask) or members that do not all fit
 * before `limitAddress`.
 */
function planItBlock(
  instruction: number,
  start: number,
  limitAddress: number,
  readHalfword: HalfwordReader,
): ItMember[] | undefined {
  const firstCondition = (instruction >>> 4) & 15;
  const mask = instruction & 15;
  if (firstCondition === 15 || (firstCondition === 14 && (mask & (mask - 1)) !== 0)) return undefined;
  const members: ItMember[] = [];
  let itState = instruction & 0xff;
  let cursor = start;
  while (itState !== 0) {
    const first = readHalfword(cursor);
    if (first === undefined) return undefined;
    const wide = isThirtyTwoBit(first);
    const size = wide ? 4 : 2;
    const second = wide ? readHalfword(cursor + 2) : 0;
    if (second === undefined || cursor + size > limitAddress) return undefined;
    const nextState = (itState & 7) === 0 ? 0 : (itState & 0xe0) | ((itState << 1) & 0x1f);
    members.push({ first, second, size, condition: itState >>> 4, state: itState, nextState });
    itState = nextState;
    cursor += size;
  }
  return members;
}

/** Whether an instruction that runs through its handler normally leaves the block. */
function usuallyBranches(instruction: number): boolean {
  return (
    (instruction & 0xff00) === 0x4700 || // BX, BLX
    (instruction & 0xff00) === 0xbd00 || // POP {..., pc}
    (instruction & 0xff00) === 0xdf00 || // SVC
    (instruction & 0xff00) === 0xde00 || // UDF
    (instruction & 0xff00) === 0xbe00 // BKPT
  );
}

/**
 * Compiles the block starting at `address`, or returns undefined when its first instruction is
 * not worth compiling (the caller then uses the single-instruction handler).
 */
export function compileBlock(
  core: CortexMCore,
  address: number,
  readHalfword: HalfwordReader,
  shift: (core: CortexMCore, value: number, type: number, amount: number) => number,
  reverse: (value: number) => number,
): InstructionHandler | undefined {
  const state = new BlockState();
  const handlers: InstructionHandler[] = [];
  const body: string[] = [];
  let cursor = address;
  let count = 0;
  let pendingCycles = 0;
  let inlineCount = 0;
  let ended = false;
  let looping = false;
  const limitAddress = (address & ~31) + 32;
  while (count < MAXIMUM_BLOCK_INSTRUCTIONS && cursor < limitAddress) {
    const first = readHalfword(cursor);
    if (first === undefined) break;
    const wide = isThirtyTwoBit(first);
    const size = wide ? 4 : 2;
    if (cursor + size > limitAddress) break;
    const second = wide ? readHalfword(cursor + 2) : 0;
    if (second === undefined) break;
    if (!wide && core.isV7 && (first & 0xff00) === 0xbf00 && (first & 15) !== 0) {
      // An IT block: each conditional instruction runs through its IT-decoded handler.
      const itBlock = planItBlock(first, cursor + 2, limitAddress, readHalfword);
      if (itBlock === undefined || count + 1 + itBlock.length > MAXIMUM_BLOCK_INSTRUCTIONS) break;
      count++;
      inlineCount++;
      pendingCycles += core.cycleTable.alu;
      cursor += 2;
      for (const member of itBlock) {
        count++;
        const index = handlers.length;
        handlers.push(decodeInstruction(core, member.first, member.second, cursor, true));
        const next = HEX(cursor + member.size);
        const condition = member.condition === 14 ? 'true' : (CONDITIONS[member.condition] ?? 'true');
        // Leaving inside the IT block: the run loop must step the rest, so it has to look up.
        const leave = member.nextState !== 0 ? 'core.requestAttention();' : '';
        state.flagsTouched = true;
        body.push(
          `at = ${HEX(cursor)}; k = 0; y = 0; @STORE core.cycles += ${pendingCycles}; ` +
            `core.instructions += ${count - 1}; ` +
            `if (${condition}) { core.itState = ${member.state}; const p = H[${index}](); ` +
            `core.itState = ${member.nextState}; if (p !== ${next} || core.attention) { ${leave} return p; } } ` +
            `else { core.cycles += ${core.cycleTable.alu}; core.itState = ${member.nextState}; } ` +
            `@LOAD core.instructions -= ${count - 1};`,
        );
        pendingCycles = 0;
        cursor += member.size;
      }
      continue;
    }
    const emitted = wide
      ? (emitBranchWithLink(core, state, first, second, cursor) ??
        (core.isV7 ? emit32(core, state, first, second, cursor) : undefined))
      : emit16(core, state, first, cursor);
    count++;
    if (emitted !== undefined) {
      inlineCount++;
      let source = emitted.code;
      if (emitted.target === address) {
        // A branch back to the block's start: loop inside the function while the run limit allows.
        looping = true;
        source = source.replace(
          `@EXIT(${HEX(address)}, `,
          `@LOOP(${pendingCycles + emitted.cycles}, ${count}, `,
        );
      }
      const code = source
        .replaceAll(
          /@ATTENTION\(([^)]+)\)/g,
          (_match, target: string) => `if (core.attention) { @EXIT(${target}, 0) }`,
        )
        .replaceAll(
          /@EXIT\(([^,]+), ([^)]+)\)/g,
          (_match, target: string, extra: string) =>
            `@STORE core.cycles += ${pendingCycles + emitted.cycles} + ${extra}; core.instructions += ${count - 1}; return ${target};`,
        );
      // On a fault, the catch adds the instructions and cycles completed before this one.
      body.push(
        emitted.faults ? `at = ${HEX(cursor)}; k = ${count - 1}; y = ${pendingCycles}; ${code}` : code,
      );
      pendingCycles += emitted.cycles;
      cursor += size;
      if (emitted.ends) {
        ended = true;
        break;
      }
      continue;
    }
    // Not inlined: run its handler with the locals stored, then continue or leave.
    const handler = decodeInstruction(core, first, second, cursor, false);
    const index = handlers.length;
    handlers.push(handler);
    const next = HEX(cursor + size);
    const prologue = `at = ${HEX(cursor)}; k = 0; y = 0; @STORE core.cycles += ${pendingCycles}; core.instructions += ${count - 1}; `;
    pendingCycles = 0;
    cursor += size;
    if (!wide && usuallyBranches(first)) {
      body.push(`${prologue}return H[${index}]();`);
      ended = true;
      break;
    }
    body.push(
      `${prologue}{ const p = H[${index}](); if (p !== ${next} || core.attention) return p; } @LOAD ` +
        `core.instructions -= ${count - 1};`,
    );
  }
  if (inlineCount < 2) return undefined;
  if (!ended) {
    body.push(
      `@STORE core.cycles += ${pendingCycles}; core.instructions += ${count - 1}; return ${HEX(cursor)};`,
    );
  }
  const locals = state.locals();
  const declarations =
    (locals.length > 0
      ? `let ${locals.map((register) => `r${register} = R[${register}]`).join(', ')};`
      : '') + (state.flagsTouched ? 'let n = core.n, z = core.z, c = core.c, v = core.v;' : '');
  const store = state.storeAll();
  const load = state.loadAll();
  let code = body.join('\n');
  if (looping) {
    code = `for (;;) { ${code.replaceAll(
      /@LOOP\(([^,]+), ([^,]+), ([^)]+)\)/g,
      (_match, cycles: string, executed: string, extra: string) =>
        `core.cycles += ${cycles} + ${extra}; core.instructions += ${executed}; ` +
        `if (core.cycles < core.limit) continue; @STORE core.instructions -= 1; return ${HEX(address)};`,
    )} }`;
  }
  const source =
    `return function block() { ${declarations} let at = ${HEX(address)}, k = 0, y = 0; try { ` +
    code.replaceAll('@STORE', store).replaceAll('@LOAD', load) +
    ` } catch (error) { ${store} core.cycles += y; core.instructions += k; core.abortedAt = at; throw error; } };`;
  const factory = new Function('core', 'R', 'H', 'shift', 'reverse', source);
  const block: unknown = factory(core, core.regs, handlers, shift, reverse);
  return isHandler(block) ? block : undefined;
}

function isHandler(value: unknown): value is InstructionHandler {
  return typeof value === 'function';
}
