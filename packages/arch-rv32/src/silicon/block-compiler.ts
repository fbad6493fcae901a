/**
 * Translates straight-line RV32 code into JavaScript functions: one function per basic block,
 * generated once and run by the hart's fast loop in place of the single-instruction handler at
 * the block's first address.
 *
 * Inside a block, the registers it uses live in JavaScript locals (loaded on entry as int32,
 * stored on every exit). LUI, AUIPC, the OP-IMM and OP instructions (with MUL), loads, stores and
 * the control transfers are emitted inline (loads and stores of RAM straight on its typed arrays
 * when no PMP check applies and, for stores, the page holds no decoded code; everything else
 * through the hart); the first instruction of any other kind ends the
 * block and runs through its ordinary handler. A block ends at a branch or jump, after
 * `MAXIMUM_BLOCK_INSTRUCTIONS`, or at a 4 KiB page boundary (the hart drops a page's blocks when
 * code in it is written). A conditional branch back to the block's start loops inside the
 * function while the run limit allows. After every store the block leaves if the hart wants
 * attention. Cycles and retired instructions are counted as the interpreter counts them; a trap
 * inside a block reports the faulting instruction's address through `hart.abortedAt`.
 *
 * Where the JavaScript host forbids generating functions, the hart keeps interpreting.
 */
import { expandCompressed, ILLEGAL } from './compressed.js';
import { RV32_CYCLES } from './cycle-model.js';
import { decodeWord, type InstructionHandler } from './rv32-decoder.js';
import type { RiscvHart } from './rv32-hart.js';

/** Longest block, in instructions. */
export const MAXIMUM_BLOCK_INSTRUCTIONS = 32;

/** Whether the host allows `new Function` (checked once per hart). */
export function canGenerateCode(): boolean {
  try {
    return new Function('return 1')() === 1;
  } catch {
    return false;
  }
}

/** One instruction as JavaScript. */
interface Emitted {
  readonly code: string;
  /** Extra cycles on the straight path (loads). */
  readonly extra: number;
  /** The instruction may trap (a memory access). */
  readonly faults: boolean;
  /** The instruction leaves the block (its code returns on every path). */
  readonly ends: boolean;
}

const LOAD = RV32_CYCLES.loadExtra;
const JUMP = RV32_CYCLES.jumpExtra;

/** Registers a block touches. */
class Registers {
  readonly used = new Set<number>();
  readonly written = new Set<number>();

  read(register: number): string {
    if (register === 0) return '0';
    this.used.add(register);
    return `r${register}`;
  }

  /** An assignment of an int32 expression to `register` (nothing for x0). */
  write(register: number, expression: string): string {
    if (register === 0) return '';
    this.used.add(register);
    this.written.add(register);
    return `r${register} = ${expression};`;
  }

  store(): string {
    let code = '';
    for (const register of this.written) code += `X[${register}] = r${register};`;
    return code;
  }
}

function hex(value: number): string {
  return `0x${(value >>> 0).toString(16)}`;
}

function emitOperation(
  r: Registers,
  funct3: number,
  funct7: number,
  rd: number,
  a: string,
  b: string,
): string | undefined {
  let expression: string | undefined;
  if (funct7 === 1) {
    if (funct3 === 0) expression = `Math.imul(${a}, ${b})`;
  } else if (funct7 === 0x20) {
    if (funct3 === 0) expression = `(${a} - ${b}) | 0`;
    else if (funct3 === 5) expression = `${a} >> (${b} & 31)`;
  } else if (funct7 === 0) {
    expression = [
      `(${a} + ${b}) | 0`,
      `${a} << (${b} & 31)`,
      `${a} < ${b} ? 1 : 0`,
      `(${a} >>> 0) < (${b} >>> 0) ? 1 : 0`,
      `${a} ^ ${b}`,
      `(${a} >>> (${b} & 31)) | 0`,
      `${a} | ${b}`,
      `${a} & ${b}`,
    ][funct3];
  }
  return expression === undefined ? undefined : r.write(rd, expression);
}

function emitImmediate(r: Registers, word: number, rd: number, a: string): string | undefined {
  const funct3 = (word >>> 12) & 7;
  const imm = word >> 20;
  const shamt = imm & 31;
  const funct7 = word >>> 25;
  switch (funct3) {
    case 1:
      return funct7 === 0 ? r.write(rd, `${a} << ${shamt}`) : undefined;
    case 5:
      if (funct7 === 0) return r.write(rd, `(${a} >>> ${shamt}) | 0`);
      return funct7 === 0x20 ? r.write(rd, `${a} >> ${shamt}`) : undefined;
    case 3:
      return r.write(rd, `(${a} >>> 0) < ${imm >>> 0} ? 1 : 0`);
    default:
      return emitOperation(r, funct3, 0, rd, a, `(${imm})`);
  }
}

const BRANCHES: Readonly<Record<number, (a: string, b: string) => string>> = {
  0: (a, b) => `${a} === ${b}`,
  1: (a, b) => `${a} !== ${b}`,
  4: (a, b) => `${a} < ${b}`,
  5: (a, b) => `${a} >= ${b}`,
  6: (a, b) => `(${a} >>> 0) < (${b} >>> 0)`,
  7: (a, b) => `(${a} >>> 0) >= (${b} >>> 0)`,
};

/**
 * Emits `word` at `pc` (length 2 or 4). `exit(target, taken)` returns the code leaving the block
 * for `target` after this instruction (with the jump's extra cycles when `taken`); `loop` is
 * the code that re-enters the block when a branch goes back to its start.
 */
function emit(
  r: Registers,
  word: number,
  pc: number,
  length: number,
  bias: number,
  start: number,
  exit: (target: string, taken: boolean) => string,
  loop: string,
): Emitted | undefined {
  const rd = (word >>> 7) & 31;
  const rs1 = (word >>> 15) & 31;
  const rs2 = (word >>> 20) & 31;
  const funct3 = (word >>> 12) & 7;
  const next = (pc + length) >>> 0;
  const plain = (code: string | undefined): Emitted | undefined =>
    code === undefined ? undefined : { code, extra: 0, faults: false, ends: false };
  switch (word & 0x7f) {
    case 0x37:
      return plain(r.write(rd, `${(word & 0xffff_f000) | 0}`));
    case 0x17:
      return plain(r.write(rd, `${(pc + (word & 0xffff_f000)) | 0}`));
    case 0x13:
      return plain(emitImmediate(r, word, rd, r.read(rs1)));
    case 0x33:
      return plain(emitOperation(r, funct3, word >>> 25, rd, r.read(rs1), r.read(rs2)));
    case 0x03: {
      // RAM, aligned, no PMP checks: straight from the typed arrays; anything else through the hart.
      const fast = [
        ['1', '(B[o] << 24) >> 24', 'load8'],
        ['(a & 1) === 0', '(HW[o >>> 1] << 16) >> 16', 'load16'],
        ['(a & 3) === 0', 'W[o >>> 2] | 0', 'load32'],
        undefined,
        ['1', 'B[o]', 'load8'],
        ['(a & 1) === 0', 'HW[o >>> 1]', 'load16'],
      ][funct3];
      if (fast === undefined) return undefined;
      const [aligned, read, method] = fast;
      const slow =
        funct3 === 0
          ? `(H.load8(a) << 24) >> 24`
          : funct3 === 1
            ? `(H.load16(a) << 16) >> 16`
            : `H.${method}(a) | 0`;
      const assign = r.write(rd, 'v');
      const code =
        `{ const a = (${r.read(rs1)} + ${word >> 20}) >>> 0; const o = (a - RB) >>> 0; ` +
        `const v = o < RS && ${aligned} && !H.checkData ? ${read} : ${slow}; ${assign} }`;
      return { code, extra: LOAD, faults: true, ends: false };
    }
    case 0x23: {
      const offset = ((word >> 25) << 5) | ((word >>> 7) & 31);
      const value = r.read(rs2);
      const fast = [
        ['1', `B[o] = ${value}`, `H.store8(a, ${value} & 0xff)`],
        ['(a & 1) === 0', `HW[o >>> 1] = ${value}`, `H.store16(a, ${value} & 0xffff)`],
        ['(a & 3) === 0', `W[o >>> 2] = ${value}`, `H.store32(a, ${value})`],
      ][funct3];
      if (fast === undefined) return undefined;
      const [aligned, write, slow] = fast;
      const code =
        `{ const a = (${r.read(rs1)} + ${offset}) >>> 0; const o = (a - RB) >>> 0; ` +
        `if (o < RWS && ${aligned} && !H.checkData && P[o >>> 12] === undefined) ${write}; ` +
        `else { ${slow}; if (H.attention) { ${exit(hex(next - bias), false)} } } }`;
      return { code, extra: 0, faults: true, ends: false };
    }
    case 0x63: {
      const condition = BRANCHES[funct3];
      if (condition === undefined) return undefined;
      const offset =
        ((word >> 31) << 12) |
        (((word >>> 7) & 1) << 11) |
        (((word >>> 25) & 0x3f) << 5) |
        (((word >>> 8) & 15) << 1);
      const target = (pc + offset) >>> 0;
      const taken = target === start ? loop : exit(hex((target - bias) | 0), true);
      return {
        code: `if (${condition(r.read(rs1), r.read(rs2))}) { ${taken} } ${exit(hex((next - bias) | 0), false)}`,
        extra: 0,
        faults: false,
        ends: true,
      };
    }
    case 0x6f: {
      const offset =
        ((word >> 31) << 20) |
        (((word >>> 12) & 0xff) << 12) |
        (((word >>> 20) & 1) << 11) |
        (((word >>> 21) & 0x3ff) << 1);
      const target = (pc + offset) >>> 0;
      return {
        code: `${r.write(rd, `${next | 0}`)} ${exit(hex((target - bias) | 0), true)}`,
        extra: 0,
        faults: false,
        ends: true,
      };
    }
    case 0x67: {
      if (funct3 !== 0) return undefined;
      const code = `{ const t = ((${r.read(rs1)} + ${word >> 20}) & ~1) - ${bias}; ${r.write(rd, `${next | 0}`)} ${exit('(t | 0)', true)} }`;
      return { code, extra: 0, faults: false, ends: true };
    }
    default:
      return undefined;
  }
}

/** A compiled block and how many bytes of code it covers. */
export interface CompiledBlock {
  readonly handler: InstructionHandler;
  readonly bytes: number;
}

/**
 * Compiles the block starting at `address`, or returns undefined when fewer than two of its
 * instructions can be emitted inline (the caller then uses the single-instruction handler).
 * `halfword(address)` reads code, or returns undefined where there is none.
 */
export function compileBlock(
  hart: RiscvHart,
  address: number,
  halfword: (address: number) => number | undefined,
): CompiledBlock | undefined {
  const bias = hart.codeBias;
  const pageEnd = address - (address % 4096) + 4096;
  const r = new Registers();
  const body: string[] = [];
  let cursor = address;
  let count = 0;
  let extra = 0;
  let inline = 0;
  let looping = false;
  let final: InstructionHandler | undefined;
  let ended = false;
  while (count < MAXIMUM_BLOCK_INSTRUCTIONS) {
    const first = halfword(cursor);
    if (first === undefined) break;
    const length = (first & 3) === 3 ? 4 : 2;
    if (cursor + length > pageEnd) break;
    let word: number;
    if (length === 4) {
      const second = halfword(cursor + 2);
      if (second === undefined) break;
      word = (first | (second << 16)) >>> 0;
    } else {
      word = expandCompressed(first);
    }
    count++;
    // Before this instruction: `count - 1` done with `extra` extra cycles.
    const done = count - 1;
    const base = extra;
    const exit = (target: string, taken: boolean): string =>
      `@STORE H.cycles += c + ${count - 1 + base + (taken ? JUMP : 0)}; H.instret += n + ${count - 1}; return ${target};`;
    const loop = `c += ${count + base + JUMP}; n += ${count}; if (H.cycles + c < H.limit) continue; @STORE H.cycles += c - 1; H.instret += n - 1; return ${hex((address - bias) | 0)};`;
    const emitted = word === ILLEGAL ? undefined : emit(r, word, cursor, length, bias, address, exit, loop);
    if (emitted === undefined) {
      // Ends the block through its ordinary handler.
      const bits = length === 4 ? word : first;
      final =
        word === ILLEGAL
          ? () => hart.illegalInstruction(first)
          : decodeWord(hart, word, cursor, length, bits);
      // The counters are brought up to date first (the handler may read mcycle or minstret);
      // should it trap, the catch then adds nothing more.
      body.push(
        `at = ${hex(cursor)}; @STORE H.cycles += c + ${done + base}; H.instret += n + ${done}; c = 0; n = 0; y = 1; k = 0; return F();`,
      );
      cursor += length;
      ended = true;
      break;
    }
    inline++;
    if (emitted.code.includes(loop)) looping = true;
    body.push(
      emitted.faults
        ? `at = ${hex(cursor)}; k = ${done}; y = ${done + base + 1}; ${emitted.code}`
        : emitted.code,
    );
    extra += emitted.extra;
    cursor += length;
    if (emitted.ends) {
      ended = true;
      break;
    }
  }
  if (inline < 2) return undefined;
  if (!ended) {
    body.push(
      `@STORE H.cycles += c + ${count - 1 + extra}; H.instret += n + ${count - 1}; return ${hex((cursor - bias) | 0)};`,
    );
  }
  const locals = [...r.used].sort((a, b) => a - b);
  const declarations =
    locals.length > 0
      ? `let ${locals.map((register) => `r${register} = X[${register}] | 0`).join(', ')};`
      : '';
  let code = body.join('\n').replaceAll('@STORE', r.store());
  if (looping) code = `for (;;) { ${code} }`;
  const source =
    `return function block() { ${declarations} let c = 0, n = 0, at = ${hex(address)}, k = 0, y = 0; try { ${code} } ` +
    `catch (error) { ${r.store()} H.cycles += c + y - 1; H.instret += n + k; H.abortedAt = at; throw error; } };`;
  const ram = hart.ramView();
  const factory = new Function('H', 'X', 'F', 'B', 'HW', 'W', 'P', 'RB', 'RS', 'RWS', source);
  const block: unknown = factory(
    hart,
    hart.x,
    final,
    ram.bytes,
    ram.halfwords,
    ram.words,
    ram.codePages,
    ram.base,
    ram.size,
    ram.writableSize,
  );
  return isHandler(block) ? { handler: block, bytes: cursor - address } : undefined;
}

function isHandler(value: unknown): value is InstructionHandler {
  return typeof value === 'function';
}
