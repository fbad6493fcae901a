/**
 * An RV32IMAC hart (with Zicsr and Zifencei) in machine and user mode: the integer registers,
 * the machine-mode CSRs (their read and write rules in `csr-file.ts`), traps and interrupts
 * (mtvec direct and vectored), the PMP, mcycle and minstret, and the run loop over a
 * decoded-instruction cache, with compiled blocks (`block-compiler.ts`) where the host allows.
 *
 * Instructions are decoded once per address (`rv32-decoder.ts`) into handlers that return the
 * next PC; handlers live in one table per 4 KiB page of code, created on first fetch and dropped
 * slot by slot when a store hits a page that holds decoded code. The loop re-examines interrupts
 * and privilege only when `attention` is set by something that changed them. Memory is reached
 * through typed-array views of the first memory on the bus (RAM), everything else through the
 * `MemoryMap`; the PMP is consulted only when it can refuse something in the current mode.
 *
 * Behaviour follows QEMU's `virt` hart where the architecture leaves a choice: misaligned loads
 * and stores complete (AMOs and LR/SC raise misaligned exceptions), mtval holds the instruction
 * bits for an illegal instruction and 0 for a breakpoint, WFI in user mode is an illegal
 * instruction, unmapped addresses raise access faults. `mstatus.MPRV` reads as zero.
 */
import { BUS_ERROR, type MemoryMap } from '@tock-ts/silicon';
import {
  ExceptionCause,
  InterruptBit,
  InterruptCause,
  MCAUSE_INTERRUPT,
  Mstatus,
  Privilege,
} from './architecture.js';
import { canGenerateCode, compileBlock } from './block-compiler.js';
import { readCsrValue, writeCsrValue } from './csr-file.js';
import { RV32_CYCLES } from './cycle-model.js';
import { AccessKind, Pmp } from './pmp.js';
import { decodeAt, type InstructionHandler } from './rv32-decoder.js';

/** Why `run` returned. */
export enum RunExit {
  /** The cycle limit was reached. */
  CycleLimit = 0,
  /** WFI with no interrupt to wake the hart: time may jump to the next event. */
  Sleep = 1,
  /** A trap hook or the host asked the hart to stop. */
  Stopped = 2,
}

/**
 * Called after the hart entered a trap (CSRs updated, PC at the handler); `previous` is the
 * privilege the trap was taken from. Returning true stops `run`.
 */
export type TrapHook = (mcause: number, previous: Privilege) => boolean;

/** Configuration of a hart. */
export interface RiscvHartOptions {
  /** The bus; its first memory gets the typed-array fast paths. */
  readonly memory: MemoryMap;
  /** `mhartid` (default 0). */
  readonly hartId?: number;
  /** PC after reset (default 0x8000_0000). */
  readonly resetVector?: number;
  /**
   * Where most code runs (default: the first memory's base). Handlers return PCs relative to it
   * so that they stay small integers in the engine, which keeps the run loop free of allocation.
   */
  readonly codeBase?: number;
  /**
   * Translate basic blocks into JavaScript functions for machine-mode code without PMP checks
   * (default: when the host allows generating functions).
   */
  readonly compileBlocks?: boolean;
}

/** RAM as compiled blocks reach it (`RiscvHart.ramView`). */
export interface RamView {
  readonly base: number;
  readonly size: number;
  /** `size` when the memory is writable, else 0. */
  readonly writableSize: number;
  readonly bytes: Uint8Array;
  readonly halfwords: Uint16Array;
  readonly words: Uint32Array;
  /** One entry per 4 KiB page, defined when the page holds decoded code (stores must go slow). */
  readonly codePages: ReadonlyArray<unknown>;
}

/** Thrown inside handlers to abandon an instruction; caught by the run loop. */
class TrapSignal extends Error {
  constructor() {
    super('instruction trapped');
  }
}

/** A memory with its views and its per-page decoded-instruction tables. */
interface CodeRegion {
  readonly base: number;
  readonly size: number;
  readonly writable: boolean;
  readonly bytes: Uint8Array;
  readonly halfwords: Uint16Array;
  readonly words: Uint32Array;
  /** One handler table per 4 KiB page (2048 slots, one per halfword), made on first fetch. */
  readonly pages: Array<Array<InstructionHandler | undefined> | undefined>;
  /** The fast loop's tables: compiled blocks or single handlers; dropped whole on a code write. */
  readonly blockPages: Array<Array<InstructionHandler | undefined> | undefined>;
  /** Bytes of code each block in `blockPages` covers (0 for a single handler). */
  readonly blockLengths: Array<Uint16Array | undefined>;
}

const PAGE_SHIFT = 12;
const PAGE_SIZE = 1 << PAGE_SHIFT;
const NO_PAGE: Array<InstructionHandler | undefined> = [];
const NO_LENGTHS = new Uint16Array(0);

/** The hart. */
export class RiscvHart {
  readonly memory: MemoryMap;
  readonly pmp = new Pmp();
  readonly hartId: number;
  readonly resetVector: number;
  /** Handlers return `(pc - codeBias) | 0` (see `RiscvHartOptions.codeBase`). */
  readonly codeBias: number;
  readonly compileBlocks: boolean;
  /** Set by compiled blocks: the address of the instruction that trapped inside the block. */
  abortedAt = -1;

  /** x0-x31, plus x[32]: the sink that writes to x0 go to. x[0] is always 0. */
  readonly x = new Uint32Array(33);
  /** Address of the next instruction. */
  pc = 0;
  privilege = Privilege.Machine;
  /** Core cycles since reset (mcycle). */
  cycles = 0;
  /** Instructions retired since reset (minstret). */
  instret = 0;

  // Machine-mode CSRs.
  mstatus = 0;
  mie = 0;
  mtvec = 0;
  mscratch = 0;
  mepc = 0;
  mcause = 0;
  mtval = 0;
  mcounteren = 0;
  /** Interrupt lines into mip (MSIP, MTIP, MEIP), driven by the CLINT and PLIC. */
  mip = 0;
  /** What writes to mcycle/minstret added: the CSRs read `cycles + cycleOffset` (and so on). */
  cycleOffset = 0;
  instretOffset = 0;

  /** `mtime` for the time CSRs (the CLINT provides it); undefined makes them illegal. */
  timeSource: (() => number) | undefined;
  trapHook: TrapHook | undefined;

  // Run-loop state.
  attention = true;
  /** The inner loop runs while `cycles < limit`; 0 breaks it after the current instruction. */
  limit = 0;
  sleeping = false;
  #runLimit = 0;
  #stopRequested = false;
  /**
   * True while loads and stores must pass the PMP (user mode, or machine mode under a locked
   * entry, MML or MMWP); compiled blocks read it before taking their RAM fast path.
   */
  checkData = false;
  #checkFetch = false;
  #reservation = -1;

  // The trap being raised by a handler.
  #trapCause = 0;
  #trapValue = 0;
  readonly #signal = new TrapSignal();

  // Memory fast paths (the first memory, normally RAM).
  readonly #regions: CodeRegion[];
  readonly #ramBase: number;
  readonly #ramSize: number;
  readonly #ramWritableSize: number;
  readonly #ramBytes: Uint8Array;
  readonly #ramHalfwords: Uint16Array;
  readonly #ramWords: Uint32Array;
  readonly #ramPages: Array<Array<InstructionHandler | undefined> | undefined>;

  constructor(options: RiscvHartOptions) {
    this.memory = options.memory;
    this.hartId = options.hartId ?? 0;
    this.resetVector = (options.resetVector ?? 0x8000_0000) >>> 0;
    this.#regions = options.memory.memories.map((memory) => {
      if (memory.bytes.byteOffset % 4 !== 0) {
        throw new RangeError(`RiscvHart: memory ${memory.name} must start on a 4-byte boundary`);
      }
      const buffer = memory.bytes.buffer;
      const pages: Array<Array<InstructionHandler | undefined> | undefined> = [];
      for (let page = (memory.bytes.length + PAGE_SIZE - 1) >>> PAGE_SHIFT; page > 0; page--) {
        pages.push(undefined);
      }
      return {
        base: memory.base,
        size: memory.bytes.length,
        writable: memory.writable,
        bytes: memory.bytes,
        halfwords: new Uint16Array(buffer, memory.bytes.byteOffset, memory.bytes.length >>> 1),
        words: new Uint32Array(buffer, memory.bytes.byteOffset, memory.bytes.length >>> 2),
        pages,
        blockPages: pages.slice(),
        blockLengths: pages.map(() => undefined),
      };
    });
    const ram = this.#regions[0];
    this.#ramBase = ram?.base ?? 0;
    this.#ramSize = ram?.size ?? 0;
    this.#ramWritableSize = ram?.writable === true ? ram.size : 0;
    this.#ramBytes = ram?.bytes ?? new Uint8Array(0);
    this.#ramHalfwords = ram?.halfwords ?? new Uint16Array(0);
    this.#ramWords = ram?.words ?? new Uint32Array(0);
    this.#ramPages = ram?.pages ?? [];
    this.codeBias = (options.codeBase ?? this.#ramBase) >>> 0;
    this.compileBlocks = (options.compileBlocks ?? true) && canGenerateCode();
    this.reset();
  }

  // =====================================================================================
  // Reset and the run loop
  // =====================================================================================

  /** Resets registers, CSRs and the PMP; the PC goes to the reset vector in machine mode. */
  reset(): void {
    this.x.fill(0);
    this.pc = this.resetVector;
    this.privilege = Privilege.Machine;
    this.mstatus = 0;
    this.mie = 0;
    this.mtvec = 0;
    this.mscratch = 0;
    this.mepc = 0;
    this.mcause = 0;
    this.mtval = 0;
    this.mcounteren = 0;
    this.cycleOffset = -this.cycles;
    this.instretOffset = -this.instret;
    this.sleeping = false;
    this.#reservation = -1;
    this.pmp.reset();
    this.requestAttention();
  }

  /** Asks the loop to look at interrupts, privilege and stop requests before the next instruction. */
  requestAttention(): void {
    this.attention = true;
    this.limit = 0;
  }

  /** Makes `run` return `RunExit.Stopped` before the next instruction. */
  requestStop(): void {
    this.#stopRequested = true;
    this.requestAttention();
  }

  /** Drives one interrupt line of mip (an `InterruptBit`). */
  setInterruptPending(bit: number, level: boolean): void {
    const next = level ? this.mip | bit : this.mip & ~bit;
    if (next !== this.mip) {
      this.mip = next;
      this.requestAttention();
    }
  }

  /** Executes instructions until `cycles >= untilCycle`, a stop request or WFI. */
  run(untilCycle: number): RunExit {
    this.#runLimit = untilCycle;
    // The host may have changed privilege, CSRs or the PMP since the last run.
    this.attention = true;
    for (;;) {
      if (this.attention) {
        const exit = this.#serviceAttention();
        if (exit !== undefined) return exit;
      }
      if (this.cycles >= this.#runLimit) return RunExit.CycleLimit;
      this.limit = this.#runLimit;
      if (this.#checkFetch) this.#runChecked();
      else this.#runFast();
    }
  }

  #serviceAttention(): RunExit | undefined {
    this.attention = false;
    if (this.#stopRequested) {
      this.#stopRequested = false;
      return RunExit.Stopped;
    }
    const user = this.privilege === Privilege.User;
    this.checkData = user || this.pmp.machineEnforced;
    this.#checkFetch = this.checkData;
    const pending = this.mip & this.mie;
    if (pending !== 0) {
      this.sleeping = false;
      if (user || (this.mstatus & Mstatus.MIE) !== 0) {
        const cause =
          (pending & InterruptBit.MEI) !== 0
            ? InterruptCause.MachineExternal
            : (pending & InterruptBit.MSI) !== 0
              ? InterruptCause.MachineSoftware
              : InterruptCause.MachineTimer;
        this.#enterTrap((MCAUSE_INTERRUPT | cause) >>> 0, this.pc, 0);
        return this.#serviceAttention();
      }
    }
    if (this.sleeping) {
      this.attention = true;
      return RunExit.Sleep;
    }
    return undefined;
  }

  /** The inner loop without fetch checks. */
  #runFast(): void {
    const bias = this.codeBias;
    let pc = (this.pc - bias) | 0;
    // No page yet: an offset of 2^32 - PAGE_SIZE forces the first lookup.
    let pageBase = (pc + PAGE_SIZE) | 0;
    let handlers = NO_PAGE;
    try {
      while (this.cycles < this.limit) {
        const offset = (pc - pageBase) >>> 0;
        if (offset >= PAGE_SIZE) {
          handlers = this.#blockPageHandlers((pc + bias) >>> 0);
          pageBase = (((pc + bias) & ~(PAGE_SIZE - 1)) - bias) | 0;
          continue;
        }
        const handler = handlers[offset >>> 1] ?? this.#decodeFast((pc + bias) >>> 0, handlers);
        this.cycles++;
        pc = handler();
        this.instret++;
      }
    } catch (signal) {
      if (signal !== this.#signal) throw signal;
      const inside = this.abortedAt;
      this.abortedAt = -1;
      this.#enterTrap(this.#trapCause, inside >= 0 ? inside : (pc + bias) >>> 0, this.#trapValue);
      return;
    }
    this.pc = (pc + bias) >>> 0;
  }

  /**
   * The inner loop with a PMP execute check whenever the PC leaves the last checked interval. A
   * compiled block runs only when all of its code lies inside that interval; otherwise the
   * instruction's single handler does.
   */
  #runChecked(): void {
    const pmp = this.pmp;
    const machine = this.privilege === Privilege.Machine;
    const bias = this.codeBias;
    let biased = (this.pc - bias) | 0;
    let pc = this.pc;
    let pageBase = (pc + PAGE_SIZE) >>> 0;
    let handlers = NO_PAGE;
    let lengths: Uint16Array = NO_LENGTHS;
    let fetchStart = 1;
    let fetchEnd = 0;
    try {
      while (this.cycles < this.limit) {
        pc = (biased + bias) >>> 0;
        if (pc < fetchStart || pc + 4 > fetchEnd) {
          const interval = pmp.intervalIndex(pc);
          if ((pmp.intervalPermissions(interval, machine) & AccessKind.Execute) === 0) {
            this.raise(ExceptionCause.InstructionAccessFault, pc);
          }
          fetchStart = pmp.intervalStart(interval);
          fetchEnd = pmp.intervalEnd(interval);
          if (pc + 4 > fetchEnd && this.#instructionLength(pc) === 4) {
            if (!pmp.check(pc, 4, AccessKind.Execute, machine)) {
              this.raise(ExceptionCause.InstructionAccessFault, pc);
            }
            fetchEnd = 0;
          }
        }
        if ((pc - pageBase) >>> 0 >= PAGE_SIZE) {
          handlers = this.#blockPageHandlers(pc);
          lengths = this.#blockPageLengths(pc);
          pageBase = (pc & ~(PAGE_SIZE - 1)) >>> 0;
        }
        const slot = (pc - pageBase) >>> 1;
        let handler = handlers[slot] ?? this.#decodeFast(pc, handlers);
        const length = lengths[slot] ?? 0;
        if (length !== 0 && pc + length > fetchEnd) handler = this.#singleHandler(pc);
        this.cycles++;
        biased = handler();
        this.instret++;
      }
    } catch (signal) {
      if (signal !== this.#signal) throw signal;
      const inside = this.abortedAt;
      this.abortedAt = -1;
      this.#enterTrap(this.#trapCause, inside >= 0 ? inside : pc, this.#trapValue);
      return;
    }
    this.pc = (biased + bias) >>> 0;
  }

  #instructionLength(pc: number): number {
    const region = this.#regionOf(pc);
    if (region === undefined) return 2;
    return ((region.halfwords[(pc - region.base) >>> 1] ?? 0) & 3) === 3 ? 4 : 2;
  }

  // =====================================================================================
  // Traps
  // =====================================================================================

  /** Abandons the current instruction with exception `cause` and trap value `value`. */
  raise(cause: number, value: number): never {
    this.#trapCause = cause;
    this.#trapValue = value >>> 0;
    throw this.#signal;
  }

  /** Illegal instruction with the instruction bits as mtval. */
  illegalInstruction(bits: number): never {
    return this.raise(ExceptionCause.IllegalInstruction, bits);
  }

  /** Takes a trap: mepc, mcause, mtval, the mstatus stack, machine mode, PC from mtvec. */
  #enterTrap(mcause: number, epc: number, tval: number): void {
    const previous = this.privilege;
    this.mepc = (epc & ~1) >>> 0;
    this.mcause = mcause >>> 0;
    this.mtval = tval >>> 0;
    const mie = (this.mstatus & Mstatus.MIE) !== 0;
    let status = this.mstatus & ~(Mstatus.MIE | Mstatus.MPIE | Mstatus.MPP_MASK);
    if (mie) status |= Mstatus.MPIE;
    status |= previous << Mstatus.MPP_SHIFT;
    this.mstatus = status >>> 0;
    this.privilege = Privilege.Machine;
    const base = (this.mtvec & ~3) >>> 0;
    const vectored = (this.mtvec & 3) === 1 && (mcause & MCAUSE_INTERRUPT) !== 0;
    this.pc = vectored ? (base + 4 * (mcause & 0x7fff_ffff)) >>> 0 : base;
    this.cycles += RV32_CYCLES.trapExtra;
    this.#reservation = -1;
    this.sleeping = false;
    this.requestAttention();
    if (this.trapHook?.(this.mcause, previous) === true) this.#stopRequested = true;
  }

  /** MRET: back to the privilege in MPP, MIE from MPIE; returns mepc (biased, as handlers do). */
  machineReturn(bits: number): number {
    if (this.privilege !== Privilege.Machine) this.illegalInstruction(bits);
    const mpp = (this.mstatus & Mstatus.MPP_MASK) >>> Mstatus.MPP_SHIFT;
    this.privilege = mpp === Privilege.Machine ? Privilege.Machine : Privilege.User;
    let status = this.mstatus & ~(Mstatus.MIE | Mstatus.MPP_MASK);
    if ((this.mstatus & Mstatus.MPIE) !== 0) status |= Mstatus.MIE;
    status |= Mstatus.MPIE;
    this.mstatus = status >>> 0;
    this.cycles += RV32_CYCLES.jumpExtra;
    this.requestAttention();
    return (this.mepc - this.codeBias) | 0;
  }

  /**
   * WFI: sleeps until an enabled interrupt is pending (illegal in user mode, as on QEMU virt).
   * `nextPc` is the biased PC the handler returns.
   */
  waitForInterrupt(bits: number, nextPc: number): number {
    if (this.privilege !== Privilege.Machine) this.illegalInstruction(bits);
    this.sleeping = true;
    this.requestAttention();
    return nextPc;
  }

  /** ECALL from the current privilege. */
  environmentCall(): never {
    return this.raise(
      this.privilege === Privilege.User ? ExceptionCause.UserEnvCall : ExceptionCause.MachineEnvCall,
      0,
    );
  }

  // =====================================================================================
  // CSRs
  // =====================================================================================

  /**
   * A CSR instruction's access: checks privilege and read-only-ness, returns the old value and
   * applies `newValue` when `write` is set. Raises an illegal instruction with `bits` otherwise.
   */
  csrAccess(number: number, write: boolean, newValue: number, bits: number): number {
    const required = (number >>> 8) & 3;
    if (this.privilege < required) this.illegalInstruction(bits);
    if (write && number >>> 10 === 3) this.illegalInstruction(bits);
    const old = readCsrValue(this, number, bits);
    if (write) writeCsrValue(this, number, newValue >>> 0, bits);
    return old;
  }

  /** CSRRS/CSRRC: returns the old value and, when `write`, stores `(old | set) & ~clear`. */
  csrModify(number: number, set: number, clear: number, write: boolean, bits: number): number {
    const required = (number >>> 8) & 3;
    if (this.privilege < required) this.illegalInstruction(bits);
    if (write && number >>> 10 === 3) this.illegalInstruction(bits);
    const old = readCsrValue(this, number, bits);
    if (write) writeCsrValue(this, number, ((old | set) & ~clear) >>> 0, bits);
    return old;
  }

  /** Reads a CSR from the host (machine privilege); undefined for one that does not exist. */
  readCsr(number: number): number | undefined {
    const saved = this.privilege;
    this.privilege = Privilege.Machine;
    try {
      return readCsrValue(this, number, 0);
    } catch (signal) {
      if (signal === this.#signal) return undefined;
      throw signal;
    } finally {
      this.privilege = saved;
    }
  }

  /** Writes a CSR from the host (machine privilege); false for one that does not exist. */
  writeCsr(number: number, value: number): boolean {
    const saved = this.privilege;
    this.privilege = Privilege.Machine;
    try {
      readCsrValue(this, number, 0);
      writeCsrValue(this, number, value >>> 0, 0);
      return true;
    } catch (signal) {
      if (signal === this.#signal) return false;
      throw signal;
    } finally {
      this.privilege = saved;
    }
  }

  // =====================================================================================
  // Instruction fetch and the decode cache
  // =====================================================================================

  #regionOf(address: number): CodeRegion | undefined {
    for (const region of this.#regions) {
      if ((address - region.base) >>> 0 < region.size) return region;
    }
    return undefined;
  }

  #pageHandlers(pc: number): Array<InstructionHandler | undefined> {
    const region = this.#regionOf(pc);
    if (region === undefined) return this.raise(ExceptionCause.InstructionAccessFault, pc);
    const page = (pc - region.base) >>> PAGE_SHIFT;
    let handlers = region.pages[page];
    if (handlers === undefined) {
      handlers = [];
      for (let slot = PAGE_SIZE >>> 1; slot > 0; slot--) handlers.push(undefined);
      region.pages[page] = handlers;
    }
    return handlers;
  }

  /** The fast loop's table for the page of `pc` (the single-handler table exists beside it). */
  #blockPageHandlers(pc: number): Array<InstructionHandler | undefined> {
    this.#pageHandlers(pc);
    const region = this.#regionOf(pc);
    if (region === undefined) return this.raise(ExceptionCause.InstructionAccessFault, pc);
    const page = (pc - region.base) >>> PAGE_SHIFT;
    let handlers = region.blockPages[page];
    if (handlers === undefined) {
      handlers = [];
      for (let slot = PAGE_SIZE >>> 1; slot > 0; slot--) handlers.push(undefined);
      region.blockPages[page] = handlers;
    }
    return handlers;
  }

  /** The block lengths of the page of `pc` (made with its block table). */
  #blockPageLengths(pc: number): Uint16Array {
    const region = this.#regionOf(pc);
    if (region === undefined) return this.raise(ExceptionCause.InstructionAccessFault, pc);
    const page = (pc - region.base) >>> PAGE_SHIFT;
    let lengths = region.blockLengths[page];
    if (lengths === undefined) {
      lengths = new Uint16Array(PAGE_SIZE >>> 1);
      region.blockLengths[page] = lengths;
    }
    return lengths;
  }

  /** Compiles the block at `pc` (or decodes its single instruction) into the block tables. */
  #decodeFast(pc: number, handlers: Array<InstructionHandler | undefined>): InstructionHandler {
    const block = this.compileBlocks
      ? compileBlock(this, pc, (address) => this.#codeHalfword(address))
      : undefined;
    const slot = (pc & (PAGE_SIZE - 1)) >>> 1;
    const lengths = this.#blockPageLengths(pc);
    if (block !== undefined) {
      handlers[slot] = block.handler;
      lengths[slot] = block.bytes;
      return block.handler;
    }
    const handler = this.#singleHandler(pc);
    handlers[slot] = handler;
    lengths[slot] = 0;
    return handler;
  }

  /** The single-instruction handler at `pc`. */
  #singleHandler(pc: number): InstructionHandler {
    const handlers = this.#pageHandlers(pc);
    return handlers[(pc & (PAGE_SIZE - 1)) >>> 1] ?? decodeAt(this, pc);
  }

  #codeHalfword(address: number): number | undefined {
    const region = this.#regionOf(address);
    if (region === undefined || (address - region.base) >>> 0 >= region.size - 1) return undefined;
    return region.halfwords[(address - region.base) >>> 1];
  }

  /** The first memory's views and code-page tables, for the compiled blocks' RAM fast path. */
  ramView(): RamView {
    return {
      base: this.#ramBase,
      size: this.#ramSize,
      writableSize: this.#ramWritableSize,
      bytes: this.#ramBytes,
      halfwords: this.#ramHalfwords,
      words: this.#ramWords,
      codePages: this.#ramPages,
    };
  }

  /** The halfword at `pc` for the decoder; raises an instruction access fault where none is. */
  fetchHalfword(pc: number, faultAddress: number): number {
    const region = this.#regionOf(pc);
    if (region === undefined || (pc - region.base) >>> 0 >= region.size - 1) {
      return this.raise(ExceptionCause.InstructionAccessFault, faultAddress);
    }
    return region.halfwords[(pc - region.base) >>> 1] ?? 0;
  }

  /** Stores the handler decoded for `pc` in its page table. */
  cacheHandler(pc: number, handler: InstructionHandler): void {
    const region = this.#regionOf(pc);
    if (region === undefined) return;
    const offset = (pc - region.base) >>> 0;
    const page = region.pages[offset >>> PAGE_SHIFT];
    if (page !== undefined) page[(offset & (PAGE_SIZE - 1)) >>> 1] = handler;
  }

  /**
   * Forgets handlers that may overlap `[offset, offset + size)` of a region and the compiled
   * blocks of its page, and makes a running block stop after the store.
   */
  #invalidateCode(region: CodeRegion, offset: number, size: number): void {
    const first = offset >= 2 ? offset - 2 : 0;
    for (let at = first & ~1; at < offset + size; at += 2) {
      const page = region.pages[at >>> PAGE_SHIFT];
      if (page !== undefined) page[(at & (PAGE_SIZE - 1)) >>> 1] = undefined;
      region.blockPages[at >>> PAGE_SHIFT] = undefined;
      region.blockLengths[at >>> PAGE_SHIFT] = undefined;
    }
    this.requestAttention();
  }

  /** Drops every decoded instruction (after the host rewrote code memory). */
  invalidateAllCode(): void {
    for (const region of this.#regions) {
      region.pages.fill(undefined);
      region.blockPages.fill(undefined);
      region.blockLengths.fill(undefined);
    }
  }

  // =====================================================================================
  // Data memory
  // =====================================================================================

  #checkAccess(address: number, size: number, kind: AccessKind, cause: number): void {
    if (!this.pmp.check(address, size, kind, this.privilege === Privilege.Machine)) {
      this.raise(cause, address);
    }
  }

  /** Loads a word (any alignment). */
  load32(address: number): number {
    if (this.checkData) this.#checkAccess(address, 4, AccessKind.Read, ExceptionCause.LoadAccessFault);
    const offset = (address - this.#ramBase) >>> 0;
    if ((address & 3) === 0 && offset < this.#ramSize) return this.#ramWords[offset >>> 2] ?? 0;
    return this.#loadSlow(address, 4);
  }

  /** Loads a halfword, zero-extended (any alignment). */
  load16(address: number): number {
    if (this.checkData) this.#checkAccess(address, 2, AccessKind.Read, ExceptionCause.LoadAccessFault);
    const offset = (address - this.#ramBase) >>> 0;
    if ((address & 1) === 0 && offset < this.#ramSize) return this.#ramHalfwords[offset >>> 1] ?? 0;
    return this.#loadSlow(address, 2);
  }

  /** Loads a byte, zero-extended. */
  load8(address: number): number {
    if (this.checkData) this.#checkAccess(address, 1, AccessKind.Read, ExceptionCause.LoadAccessFault);
    const offset = (address - this.#ramBase) >>> 0;
    if (offset < this.#ramSize) return this.#ramBytes[offset] ?? 0;
    return this.#loadSlow(address, 1);
  }

  /** Stores a word (any alignment). */
  store32(address: number, value: number): void {
    if (this.checkData) this.#checkAccess(address, 4, AccessKind.Write, ExceptionCause.StoreAccessFault);
    const offset = (address - this.#ramBase) >>> 0;
    if ((address & 3) === 0 && offset < this.#ramWritableSize) {
      this.#ramWords[offset >>> 2] = value;
      if (this.#ramPages[offset >>> PAGE_SHIFT] !== undefined) this.#storedToCode(offset, 4);
      return;
    }
    this.#storeSlow(address, 4, value);
  }

  /** Stores a halfword (any alignment). */
  store16(address: number, value: number): void {
    if (this.checkData) this.#checkAccess(address, 2, AccessKind.Write, ExceptionCause.StoreAccessFault);
    const offset = (address - this.#ramBase) >>> 0;
    if ((address & 1) === 0 && offset < this.#ramWritableSize) {
      this.#ramHalfwords[offset >>> 1] = value;
      if (this.#ramPages[offset >>> PAGE_SHIFT] !== undefined) this.#storedToCode(offset, 2);
      return;
    }
    this.#storeSlow(address, 2, value);
  }

  /** Stores a byte. */
  store8(address: number, value: number): void {
    if (this.checkData) this.#checkAccess(address, 1, AccessKind.Write, ExceptionCause.StoreAccessFault);
    const offset = (address - this.#ramBase) >>> 0;
    if (offset < this.#ramWritableSize) {
      this.#ramBytes[offset] = value;
      if (this.#ramPages[offset >>> PAGE_SHIFT] !== undefined) this.#storedToCode(offset, 1);
      return;
    }
    this.#storeSlow(address, 1, value);
  }

  #storedToCode(offset: number, size: number): void {
    const region = this.#regions[0];
    if (region !== undefined) this.#invalidateCode(region, offset, size);
  }

  #loadSlow(address: number, size: 1 | 2 | 4): number {
    const aligned = (address & (size - 1)) === 0;
    if (!aligned) {
      let value = 0;
      for (let index = size - 1; index >= 0; index--) {
        value = (value << 8) | this.#loadUnit((address + index) >>> 0, 1, address);
      }
      return value >>> 0;
    }
    return this.#loadUnit(address >>> 0, size, address);
  }

  #loadUnit(address: number, size: 1 | 2 | 4, faultAddress: number): number {
    const region = this.#regionOf(address);
    if (region !== undefined) {
      const offset = (address - region.base) >>> 0;
      if (offset + size > region.size) return this.raise(ExceptionCause.LoadAccessFault, faultAddress);
      if (size === 4) return region.words[offset >>> 2] ?? 0;
      if (size === 2) return region.halfwords[offset >>> 1] ?? 0;
      return region.bytes[offset] ?? 0;
    }
    const value = this.memory.read(address, size);
    if (value === BUS_ERROR) return this.raise(ExceptionCause.LoadAccessFault, faultAddress);
    return value;
  }

  #storeSlow(address: number, size: 1 | 2 | 4, value: number): void {
    if ((address & (size - 1)) !== 0) {
      for (let index = 0; index < size; index++) {
        this.#storeUnit((address + index) >>> 0, 1, (value >>> (8 * index)) & 0xff, address);
      }
      return;
    }
    this.#storeUnit(address >>> 0, size, value, address);
  }

  #storeUnit(address: number, size: 1 | 2 | 4, value: number, faultAddress: number): void {
    const region = this.#regionOf(address);
    if (region !== undefined) {
      const offset = (address - region.base) >>> 0;
      if (!region.writable || offset + size > region.size) {
        this.raise(ExceptionCause.StoreAccessFault, faultAddress);
      }
      if (size === 4) region.words[offset >>> 2] = value;
      else if (size === 2) region.halfwords[offset >>> 1] = value;
      else region.bytes[offset] = value;
      if (region.pages[offset >>> PAGE_SHIFT] !== undefined) this.#invalidateCode(region, offset, size);
      return;
    }
    if (!this.memory.write(address, size, value >>> 0)) {
      this.raise(ExceptionCause.StoreAccessFault, faultAddress);
    }
  }

  // =====================================================================================
  // Atomics
  // =====================================================================================

  /** LR.W: an aligned load that sets the reservation. */
  loadReserved(address: number): number {
    if ((address & 3) !== 0) this.raise(ExceptionCause.LoadMisaligned, address);
    const value = this.load32(address);
    this.#reservation = address >>> 0;
    return value;
  }

  /** SC.W: stores when the reservation holds; returns 0 on success, 1 on failure. */
  storeConditional(address: number, value: number): number {
    if ((address & 3) !== 0) this.raise(ExceptionCause.StoreMisaligned, address);
    if (this.checkData) this.#checkAccess(address, 4, AccessKind.Write, ExceptionCause.StoreAccessFault);
    const held = this.#reservation === address >>> 0;
    this.#reservation = -1;
    if (!held) return 1;
    this.store32(address, value);
    return 0;
  }

  /**
   * The read half of an AMO: needs read and write permission (store faults). A misaligned AMO
   * raises a load-misaligned exception, as QEMU's read-first AMOs do.
   */
  amoLoad(address: number): number {
    if ((address & 3) !== 0) this.raise(ExceptionCause.LoadMisaligned, address);
    if (this.checkData) {
      this.#checkAccess(address, 4, AccessKind.Read, ExceptionCause.StoreAccessFault);
      this.#checkAccess(address, 4, AccessKind.Write, ExceptionCause.StoreAccessFault);
    }
    const offset = (address - this.#ramBase) >>> 0;
    if (offset < this.#ramWritableSize) return this.#ramWords[offset >>> 2] ?? 0;
    const region = this.#regionOf(address);
    if (region !== undefined && !region.writable) this.raise(ExceptionCause.StoreAccessFault, address);
    const value =
      region === undefined
        ? this.memory.read(address, 4)
        : (region.words[(address - region.base) >>> 2] ?? 0);
    if (value === BUS_ERROR) this.raise(ExceptionCause.StoreAccessFault, address);
    return value;
  }
}
