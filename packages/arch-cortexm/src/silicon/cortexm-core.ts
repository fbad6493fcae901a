/**
 * The Cortex-M processor core: registers, flags, the memory interface with its fast paths, the run
 * loop over the decoded-instruction cache, and the exception model (entry with stacking, return
 * through EXC_RETURN, priorities, fault escalation, lockup).
 *
 * Instructions are decoded once per address (`thumb-decoder.ts`) into handlers that return the
 * next PC; the loop only re-examines interrupts when `attention` is set by something that changed
 * them. Memory is reached through typed-array views of the first two memories on the bus (RAM and
 * flash), everything else through the `MemoryMap`. The MPU, when present and enabled, checks every
 * fetch, load, store and stacking access. This models a little-endian core on a little-endian host.
 *
 * The file is long on purpose: the run loop, the memory fast paths and the exception sequences
 * share private state (views, caches, fault scratch) that V8 keeps fast only as fields of one class.
 */
import { BUS_ERROR, type MemoryMap } from '@tock-ts/silicon';
import { reverseBytes, shiftWithCarry } from './alu.js';
import { Ccr, Cfsr, Control, CoreVariant, ExceptionNumber, ExcReturn, Hfsr, Shcsr } from './architecture.js';
import { canGenerateCode, compileBlock } from './block-compiler.js';
import { CORTEX_M0PLUS_CYCLES, CORTEX_M4_CYCLES, type CycleTable } from './cycle-model.js';
import { ExceptionState } from './exception-state.js';
import { AccessKind, MpuFaultClass, type Pmsav7Mpu } from './mpu.js';
import { decodeInstruction, type InstructionHandler } from './thumb-decoder.js';

/** Why `run` returned. */
export enum RunExit {
  /** The cycle limit was reached. */
  CycleLimit = 0,
  /** WFI/WFE with nothing to wake the core: time may jump to the next event. */
  Sleep = 1,
  /** A hook asked the core to stop (an exception-entry hook, a breakpoint hook). */
  Stopped = 2,
  /** The core locked up (a fault while in HardFault or NMI). */
  Lockup = 3,
}

/** Configuration of one core. */
export interface CortexMCoreOptions {
  readonly variant: CoreVariant;
  /** The bus; its first two memories get typed-array fast paths. */
  readonly memory: MemoryMap;
  /** Number of external interrupts the NVIC implements. */
  readonly externalInterrupts: number;
  /** Implemented priority bits: 2 on the Cortex-M0+, 3 on nRF52, 4 on SAM4L. */
  readonly priorityBits?: number;
  /** The MPU, if the core has one. */
  readonly mpu?: Pmsav7Mpu;
  /** Reset value of VTOR (the vector table's address). */
  readonly initialVectorTable?: number;
  /**
   * Translate hot straight-line code into JavaScript functions (default true where the host
   * allows generating code). False keeps the one-handler-per-instruction interpreter.
   */
  readonly compileBlocks?: boolean;
}

/**
 * Called after hardware stacking when the core takes an exception, before the vector fetch;
 * returning true stops `run` there (the handler is the host's).
 */
export type ExceptionEntryHook = (exception: number, returnAddress: number) => boolean;

/** Called by BKPT; returning true means the debugger handled it and execution continues. */
export type BreakpointHook = (immediate: number) => boolean;

/** The last fault the core took, for fault reports. */
export interface FaultRecord {
  /** Exception number the fault was taken as (after escalation). */
  readonly exception: number;
  /** CFSR bits this fault set (also on ARMv6-M, where CFSR does not exist architecturally). */
  readonly cfsrBits: number;
  /** HFSR bits this fault set. */
  readonly hfsrBits: number;
  /** The faulting data address, or undefined. */
  readonly address: number | undefined;
  /** Address of the instruction that faulted (the stacked return address). */
  readonly pc: number;
}

/** Thrown inside instruction handlers to abandon the instruction; caught by the run loop. */
class InstructionAborted extends Error {
  constructor() {
    super('instruction aborted by a fault');
  }
}

/** A memory on the bus with its typed-array views and its decoded-instruction cache. */
interface FastRegion {
  readonly base: number;
  readonly size: number;
  readonly writable: boolean;
  readonly bytes: Uint8Array;
  readonly halfwords: Uint16Array;
  readonly words: Uint32Array;
  /** Decoded handlers, one slot per halfword; created on the first fetch. */
  handlers: Array<InstructionHandler | undefined> | undefined;
  /** Handlers decoded for execution inside IT blocks (16-bit data processing sets no flags there). */
  itHandlers: Map<number, InstructionHandler>;
  /** One flag per 256-byte page: set when a handler was decoded from that page. */
  readonly codePages: Uint8Array;
}

/** A zero-sized stand-in when the bus has fewer than two memories (one per core, never shared). */
function emptyRegion(): FastRegion {
  return {
    base: 0,
    size: 0,
    writable: false,
    bytes: new Uint8Array(0),
    halfwords: new Uint16Array(0),
    words: new Uint32Array(0),
    handlers: undefined,
    itHandlers: new Map(),
    codePages: new Uint8Array(0),
  };
}

const PPB_START = 0xe000_0000;
const PPB_END = 0xe010_0000;

/** A Cortex-M0+ or Cortex-M4 core. */
export class CortexMCore {
  readonly variant: CoreVariant;
  readonly isV7: boolean;
  readonly cycleTable: CycleTable;
  readonly memory: MemoryMap;
  readonly mpu: Pmsav7Mpu | undefined;
  readonly exceptions: ExceptionState;

  // ---------------------------------------------------------------- architectural state
  /** r0-r15. r13 is the active stack pointer; r15 holds the executing instruction's address + 4. */
  readonly regs = new Uint32Array(16);
  /** APSR flags as 0/1 numbers; GE is a 4-bit number. */
  n = 0;
  z = 0;
  c = 0;
  v = 0;
  q = 0;
  ge = 0;
  /** EPSR.IT state (0 outside IT blocks) and EPSR.T. */
  itState = 0;
  thumb = 1;
  /** IPSR: the active exception number, 0 in Thread mode. */
  ipsr = 0;
  /** The stack pointer not currently in r13. */
  otherStackPointer = 0;
  control = 0;
  primask = 0;
  faultmask = 0;
  basepri = 0;
  /** Address of the next instruction to execute. */
  pc = 0;
  /** Carry out of the last shift computed by `alu.ts` (scratch, never architectural). */
  shifterCarry = 0;
  /** High word of the last 64-bit product computed by `thumb32-multiply.ts` (scratch). */
  productHigh = 0;
  /** Cycles executed since construction. */
  cycles = 0;
  /** Instructions executed since construction (including condition-failed ones). */
  instructions = 0;

  // ---------------------------------------------------------------- system registers kept here
  vectorTable: number;
  ccr: number;
  shcsr = 0;
  cfsr = 0;
  hfsr = 0;
  mmfar = 0;
  bfar = 0;
  scr = 0;
  /** Event register for WFE/SEV. */
  eventRegister = 0;

  // ---------------------------------------------------------------- run-loop state
  /** Set whenever interrupts, privilege, MPU or stop requests need looking at between instructions. */
  attention = true;
  /** The inner loop runs while `cycles < limit`; setting it to 0 breaks out after this instruction. */
  limit = 0;
  #runLimit = 0;
  #stopRequested = false;
  sleeping = false;
  locked = false;
  /** True when code runs privileged (Handler mode or CONTROL.nPRIV clear). */
  privileged = true;
  /** True while the execution priority is negative (HardFault, NMI, FAULTMASK). */
  executionPriorityNegative = false;
  #mpuActive = false;
  #mpuGenerationSeen = -1;
  #exclusiveAddress = -1;

  /** One cycle alarm (SysTick uses it): called once `cycles >= cycleAlarm`. */
  cycleAlarm = Number.POSITIVE_INFINITY;
  #cycleAlarmListener: (() => void) | undefined;

  exceptionEntryHook: ExceptionEntryHook | undefined;
  breakpointHook: BreakpointHook | undefined;
  lastFault: FaultRecord | undefined;
  /** Set by compiled blocks: the address of the instruction that faulted inside the block. */
  abortedAt = -1;
  /** Whether straight-line code is translated into JavaScript functions. */
  readonly compileBlocks: boolean;

  // ---------------------------------------------------------------- fault being raised
  #faultException = 0;
  #faultCfsr = 0;
  #faultHfsr = 0;
  #faultAddress = -1;
  readonly #aborted = new InstructionAborted();

  // ---------------------------------------------------------------- memory fast paths
  readonly #regions: FastRegion[];
  readonly #regionA: FastRegion;
  readonly #regionB: FastRegion;
  // The first two memories' views, flattened into fields for the load/store fast paths.
  readonly #aBase: number;
  readonly #aSize: number;
  readonly #aWritableSize: number;
  readonly #aBytes: Uint8Array;
  readonly #aHalfwords: Uint16Array;
  readonly #aWords: Uint32Array;
  readonly #aCodePages: Uint8Array;
  readonly #bBase: number;
  readonly #bSize: number;
  readonly #bWritableSize: number;
  readonly #bBytes: Uint8Array;
  readonly #bHalfwords: Uint16Array;
  readonly #bWords: Uint32Array;
  readonly #bCodePages: Uint8Array;

  constructor(options: CortexMCoreOptions) {
    this.variant = options.variant;
    this.isV7 = options.variant === CoreVariant.CortexM4;
    this.cycleTable = this.isV7 ? CORTEX_M4_CYCLES : CORTEX_M0PLUS_CYCLES;
    this.memory = options.memory;
    this.mpu = options.mpu;
    const priorityBits = options.priorityBits ?? (this.isV7 ? 3 : 2);
    if (!Number.isInteger(priorityBits) || priorityBits < 2 || priorityBits > 8) {
      throw new RangeError(`CortexMCore: priorityBits must be 2..8, got ${priorityBits}`);
    }
    const maximumInterrupts = this.isV7 ? 240 : 32;
    if (
      !Number.isInteger(options.externalInterrupts) ||
      options.externalInterrupts < 0 ||
      options.externalInterrupts > maximumInterrupts
    ) {
      throw new RangeError(`CortexMCore: externalInterrupts must be 0..${maximumInterrupts}`);
    }
    this.exceptions = new ExceptionState(options.externalInterrupts, priorityBits);
    this.exceptions.setChangeListener(() => this.requestAttention());
    this.vectorTable = (options.initialVectorTable ?? 0) >>> 0;
    this.compileBlocks = (options.compileBlocks ?? true) && canGenerateCode();
    this.ccr = this.#resetCcr();
    this.#regions = options.memory.memories.map((memory) => {
      const buffer = memory.bytes.buffer;
      if (memory.bytes.byteOffset % 4 !== 0) {
        throw new RangeError(
          `CortexMCore: memory ${memory.name} must start on a 4-byte boundary of its buffer`,
        );
      }
      return {
        base: memory.base,
        size: memory.bytes.length,
        writable: memory.writable,
        bytes: memory.bytes,
        halfwords: new Uint16Array(buffer, memory.bytes.byteOffset, memory.bytes.length >>> 1),
        words: new Uint32Array(buffer, memory.bytes.byteOffset, memory.bytes.length >>> 2),
        handlers: undefined,
        itHandlers: new Map(),
        codePages: new Uint8Array((memory.bytes.length >>> 8) + 1),
      };
    });
    this.#regionA = this.#regions[0] ?? emptyRegion();
    this.#regionB = this.#regions[1] ?? emptyRegion();
    const a = this.#regionA;
    const b = this.#regionB;
    this.#aBase = a.base;
    this.#aSize = a.size;
    this.#aWritableSize = a.writable ? a.size : 0;
    this.#aBytes = a.bytes;
    this.#aHalfwords = a.halfwords;
    this.#aWords = a.words;
    this.#aCodePages = a.codePages;
    this.#bBase = b.base;
    this.#bSize = b.size;
    this.#bWritableSize = b.writable ? b.size : 0;
    this.#bBytes = b.bytes;
    this.#bHalfwords = b.halfwords;
    this.#bWords = b.words;
    this.#bCodePages = b.codePages;
  }

  #resetCcr(): number {
    return this.isV7 ? Ccr.STKALIGN : Ccr.STKALIGN | Ccr.UNALIGN_TRP;
  }

  // =====================================================================================
  // Reset, run loop
  // =====================================================================================

  /** Resets the core: registers, exceptions and system registers; SP and PC from the vector table. */
  reset(): void {
    this.regs.fill(0);
    this.n = this.z = this.c = this.v = this.q = this.ge = 0;
    this.itState = 0;
    this.ipsr = 0;
    this.control = 0;
    this.primask = this.faultmask = this.basepri = 0;
    this.ccr = this.#resetCcr();
    this.shcsr = this.cfsr = this.hfsr = this.mmfar = this.bfar = this.scr = 0;
    this.locked = false;
    this.sleeping = false;
    this.#exclusiveAddress = -1;
    this.exceptions.reset();
    this.#updatePrivilege();
    const stack = this.memory.read(this.vectorTable, 4);
    const entry = this.memory.read((this.vectorTable + 4) >>> 0, 4);
    this.regs[13] = stack === BUS_ERROR ? 0 : stack & ~3;
    this.otherStackPointer = 0;
    this.regs[14] = 0xffff_ffff;
    if (entry === BUS_ERROR) {
      this.locked = true;
    } else {
      this.pc = (entry & ~1) >>> 0;
      this.thumb = entry & 1;
    }
    this.requestAttention();
  }

  /** Asks the run loop to look at interrupts, privilege and stop requests before the next instruction. */
  requestAttention(): void {
    this.attention = true;
    this.limit = 0;
  }

  /**
   * AIRCR.SYSRESETREQ: resets the core before the next instruction, after `beforeReset` (where a
   * chip resets its peripherals).
   */
  requestSystemReset(beforeReset: (() => void) | undefined): void {
    this.#resetRequest = beforeReset ?? (() => {});
    this.requestAttention();
  }

  #resetRequest: (() => void) | undefined;

  /** Makes `run` return `RunExit.Stopped` before the next instruction. */
  requestStop(): void {
    this.#stopRequested = true;
    this.requestAttention();
  }

  /** Arms the single cycle alarm (used by SysTick); `Infinity` disarms it. */
  setCycleAlarm(cycle: number, listener: () => void): void {
    this.cycleAlarm = cycle;
    this.#cycleAlarmListener = listener;
    this.requestAttention();
  }

  /** Executes instructions until `cycles >= untilCycle`, a stop request, sleep or lockup. */
  run(untilCycle: number): RunExit {
    this.#runLimit = untilCycle;
    // The MPU driver may have reprogrammed the MPU while the core was not running.
    if (this.mpu !== undefined && this.mpu.generation !== this.#mpuGenerationSeen) this.attention = true;
    for (;;) {
      if (this.cycles >= this.cycleAlarm) this.#fireCycleAlarm();
      if (this.attention) {
        const exit = this.#serviceAttention();
        if (exit !== undefined) return exit;
      }
      if (this.cycles >= this.#runLimit) return RunExit.CycleLimit;
      this.limit = this.#runLimit < this.cycleAlarm ? this.#runLimit : this.cycleAlarm;
      if (this.itState !== 0) this.#stepInItBlock();
      else if (this.#mpuActive) this.#runChecked();
      else this.#runFast();
    }
  }

  /** Fires the cycle alarm if the core has reached it (used when the host moves time). */
  fireCycleAlarmIfDue(): void {
    if (this.cycles >= this.cycleAlarm) this.#fireCycleAlarm();
  }

  #fireCycleAlarm(): void {
    this.cycleAlarm = Number.POSITIVE_INFINITY;
    this.#cycleAlarmListener?.();
  }

  /** Handles everything flagged by `attention`; returns an exit reason to stop `run`. */
  #serviceAttention(): RunExit | undefined {
    this.attention = false;
    const resetRequest = this.#resetRequest;
    if (resetRequest !== undefined) {
      this.#resetRequest = undefined;
      resetRequest();
      this.reset();
      this.attention = false;
    }
    if (this.locked) return RunExit.Lockup;
    if (this.#stopRequested) {
      this.#stopRequested = false;
      return RunExit.Stopped;
    }
    const mpu = this.mpu;
    if (mpu !== undefined && mpu.generation !== this.#mpuGenerationSeen) {
      this.#mpuGenerationSeen = mpu.generation;
      this.#mpuActive = (mpu.readRegister(4) & 1) !== 0;
      this.#forgetPermissions();
    }
    const executionPriority = this.executionPriority();
    if (this.executionPriorityNegative !== executionPriority < 0) {
      this.executionPriorityNegative = executionPriority < 0;
      this.#forgetPermissions();
    }
    const candidate = this.exceptions.highestPending();
    if (candidate !== 0) {
      const groupPriority = this.exceptions.groupPriority(this.exceptions.priority[candidate] ?? 0);
      if (groupPriority < executionPriority) {
        this.sleeping = false;
        this.pc = this.takeException(candidate, this.pc);
        // Look again before the handler's first instruction: a higher-priority exception, a stop.
        return this.#serviceAttention();
      }
      // WFI wakes on an interrupt that would preempt if PRIMASK were clear.
      if (this.sleeping && groupPriority < this.#executionPriorityIgnoringPrimask()) this.sleeping = false;
    }
    if (this.sleeping) {
      this.attention = true;
      return RunExit.Sleep;
    }
    if (this.thumb === 0) {
      // The stacked xPSR keeps T = 0 (fault reports show it); the handler's T comes from its vector.
      this.#faultException = ExceptionNumber.UsageFault;
      this.#faultCfsr = Cfsr.INVSTATE;
      this.#faultHfsr = 0;
      this.#faultAddress = -1;
      this.#takeRaisedFault(this.pc);
      return this.#serviceAttention();
    }
    return undefined;
  }

  /** The inner loop without MPU checks. */
  #runFast(): void {
    let pc = this.pc;
    let region = this.#regionA;
    let base = region.base;
    let size = region.size;
    let handlers = region.handlers ?? this.#createHandlers(region);
    let executed = 0;
    try {
      while (this.cycles < this.limit) {
        const offset = (pc - base) >>> 0;
        if (offset >= size) {
          region = this.#codeRegion(pc);
          base = region.base;
          size = region.size;
          handlers = region.handlers ?? this.#createHandlers(region);
          continue;
        }
        const handler = handlers[offset >>> 1] ?? this.#decode(region, offset);
        pc = handler();
        executed++;
      }
    } catch (signal) {
      this.instructions += executed;
      if (signal !== this.#aborted) throw signal;
      this.#takeRaisedFault(this.#faultingInstruction(pc));
      return;
    }
    this.instructions += executed;
    this.pc = pc;
  }

  /** The inner loop with an MPU execute check whenever the PC enters a new 32-byte block. */
  #runChecked(): void {
    const mpu = this.mpu;
    if (mpu === undefined) {
      this.#runFast();
      return;
    }
    let pc = this.pc;
    let region = this.#regionA;
    let base = region.base;
    let size = region.size;
    let handlers = region.handlers ?? this.#createHandlers(region);
    let checkedBlock = -1;
    let executed = 0;
    try {
      while (this.cycles < this.limit) {
        const block = pc >>> 5;
        if (block !== checkedBlock) {
          this.#checkExecute(mpu, pc);
          checkedBlock = block;
        }
        const offset = (pc - base) >>> 0;
        if (offset >= size) {
          region = this.#codeRegion(pc);
          base = region.base;
          size = region.size;
          handlers = region.handlers ?? this.#createHandlers(region);
          continue;
        }
        const handler = handlers[offset >>> 1] ?? this.#decode(region, offset);
        pc = handler();
        executed++;
      }
    } catch (signal) {
      this.instructions += executed;
      if (signal !== this.#aborted) throw signal;
      this.#takeRaisedFault(this.#faultingInstruction(pc));
      return;
    }
    this.instructions += executed;
    this.pc = pc;
  }

  /** Executes one instruction inside an IT block, with the condition check and IT advance. */
  #stepInItBlock(): void {
    const pc = this.pc;
    const state = this.itState;
    try {
      if (this.#mpuActive && this.mpu !== undefined) this.#checkExecute(this.mpu, pc);
      const region = this.#codeRegion(pc);
      const handler = this.#decodeInItBlock(region, (pc - region.base) >>> 0);
      this.itState = (state & 7) === 0 ? 0 : (state & 0xe0) | ((state << 1) & 0x1f);
      if (this.conditionPassed(state >>> 4)) {
        this.regs[15] = pc + 4;
        this.pc = handler();
        // Counted once it completed, as in the main loop (a faulting instruction is not counted).
        this.instructions++;
      } else {
        this.instructions++;
        this.cycles += this.cycleTable.alu;
        this.pc = (pc + this.#instructionSize(region, (pc - region.base) >>> 0)) >>> 0;
      }
    } catch (signal) {
      if (signal !== this.#aborted) throw signal;
      this.itState = state;
      this.#takeRaisedFault(pc);
    }
  }

  /** The faulting instruction's address: inside a compiled block, the block tells. */
  #faultingInstruction(pc: number): number {
    const inside = this.abortedAt;
    this.abortedAt = -1;
    return inside >= 0 ? inside : pc;
  }

  #instructionSize(region: FastRegion, offset: number): number {
    const first = region.halfwords[offset >>> 1] ?? 0;
    return first >>> 11 >= 0x1d ? 4 : 2;
  }

  // =====================================================================================
  // Instruction fetch and the decode cache
  // =====================================================================================

  #createHandlers(region: FastRegion): Array<InstructionHandler | undefined> {
    // Filled element by element so V8 keeps fast (not dictionary) elements for large memories.
    const handlers: Array<InstructionHandler | undefined> = [];
    for (let slot = region.size >>> 1; slot > 0; slot--) handlers.push(undefined);
    region.handlers = handlers;
    return handlers;
  }

  /** The memory holding `pc`, or a fetch fault. */
  #codeRegion(pc: number): FastRegion {
    if ((pc & 1) !== 0) this.#raiseUsage(Cfsr.INVSTATE);
    for (const region of this.#regions) {
      if ((pc - region.base) >>> 0 < region.size) {
        if (pc >= 0xe000_0000 || (pc >= 0x4000_0000 && pc < 0x6000_0000) || pc >= 0xa000_0000) {
          this.#raiseMemManage(Cfsr.IACCVIOL, undefined);
        }
        return region;
      }
    }
    if (pc >= 0xe000_0000 || (pc >= 0x4000_0000 && pc < 0x6000_0000) || pc >= 0xa000_0000) {
      this.#raiseMemManage(Cfsr.IACCVIOL, undefined);
    }
    return this.#raiseBus(Cfsr.IBUSERR, undefined);
  }

  #fetchHalfwords(region: FastRegion, offset: number): [number, number] {
    const first = region.halfwords[offset >>> 1] ?? 0;
    if (first >>> 11 < 0x1d) return [first, 0];
    if (offset + 2 >= region.size) this.#raiseBus(Cfsr.IBUSERR, undefined);
    return [first, region.halfwords[(offset >>> 1) + 1] ?? 0];
  }

  #decode(region: FastRegion, offset: number): InstructionHandler {
    const [first, second] = this.#fetchHalfwords(region, offset);
    const address = (region.base + offset) >>> 0;
    const handler = this.#checkSecondHalfword(
      first,
      address,
      (this.compileBlocks ? this.#compile(region, address) : undefined) ??
        decodeInstruction(this, first, second, address, false),
    );
    const handlers = region.handlers ?? this.#createHandlers(region);
    handlers[offset >>> 1] = handler;
    region.codePages[offset >>> 8] = 1;
    region.codePages[(offset + 2) >>> 8] = 1;
    return handler;
  }

  /**
   * The run loop checks execute permission when the PC enters a 32-byte block; a 32-bit
   * instruction whose second halfword lies in the next block gets that block checked too.
   */
  #checkSecondHalfword(first: number, address: number, handler: InstructionHandler): InstructionHandler {
    if ((address & 31) !== 30 || first >>> 11 < 0b11101) return handler;
    const second = (address + 2) >>> 0;
    return () => {
      if (this.#mpuActive && this.mpu !== undefined) this.#checkExecute(this.mpu, second);
      return handler();
    };
  }

  #compile(region: FastRegion, address: number): InstructionHandler | undefined {
    const halfwords = region.halfwords;
    const base = region.base;
    const size = region.size;
    return compileBlock(
      this,
      address,
      (at) => {
        const offset = at - base;
        return offset >= 0 && offset + 2 <= size ? halfwords[offset >>> 1] : undefined;
      },
      shiftWithCarry,
      reverseBytes,
    );
  }

  /** Instructions in IT blocks decode differently (16-bit data processing does not set flags): not cached. */
  #decodeInItBlock(region: FastRegion, offset: number): InstructionHandler {
    const cached = region.itHandlers.get(offset);
    if (cached !== undefined) return cached;
    const [first, second] = this.#fetchHalfwords(region, offset);
    const address = (region.base + offset) >>> 0;
    const handler = this.#checkSecondHalfword(
      first,
      address,
      decodeInstruction(this, first, second, address, true),
    );
    region.itHandlers.set(offset, handler);
    region.codePages[offset >>> 8] = 1;
    region.codePages[(offset + 2) >>> 8] = 1;
    return handler;
  }

  /**
   * Forgets decoded instructions overlapping `[offset, offset + size)` of a region: every slot of
   * the 32-byte blocks touched (compiled blocks never cross one), and a 32-bit instruction that
   * starts just before.
   */
  #invalidateCode(region: FastRegion, offset: number, size: number): void {
    if (region.itHandlers.size > 0) {
      for (let slot = (offset & ~1) - 2; slot < offset + size; slot += 2) region.itHandlers.delete(slot);
    }
    const handlers = region.handlers;
    if (handlers === undefined) return;
    const start = offset >= 2 ? offset - 2 : 0;
    const first = (start & ~31) >>> 1;
    const last = Math.min(handlers.length - 1, ((offset + size - 1) | 31) >>> 1);
    for (let slot = first; slot <= last; slot++) handlers[slot] = undefined;
  }

  /**
   * Drops decoded and translated instructions covering `[address, address + length)`. Writes
   * through the core do this themselves; a host that changes memory bytes directly (loading or
   * replacing an app in flash) calls it, or `invalidateAllCode`.
   */
  invalidateCode(address: number, length: number): void {
    for (const region of this.#regions) {
      const start = Math.max(address, region.base);
      const end = Math.min(address + length, region.base + region.size);
      if (start < end) this.#invalidateCode(region, start - region.base, end - start);
    }
  }

  /** Drops every decoded instruction (for example after the host rewrote code memory). */
  invalidateAllCode(): void {
    for (const region of this.#regions) {
      region.handlers = undefined;
      region.itHandlers.clear();
    }
  }

  // =====================================================================================
  // Data memory: the hot paths
  // =====================================================================================

  /** Loads a word (LDR): unaligned allowed on ARMv7-M unless CCR.UNALIGN_TRP. */
  read32(address: number): number {
    if (this.#mpuActive) this.#checkData(address, 4, AccessKind.Read);
    if ((address & 3) === 0) {
      let offset = (address - this.#aBase) >>> 0;
      if (offset < this.#aSize) return this.#aWords[offset >>> 2] ?? 0;
      offset = (address - this.#bBase) >>> 0;
      if (offset < this.#bSize) return this.#bWords[offset >>> 2] ?? 0;
      return this.#readSlow(address, 4);
    }
    this.#checkUnaligned();
    return (
      (this.read8Unchecked(address) |
        (this.read8Unchecked(address + 1) << 8) |
        (this.read8Unchecked(address + 2) << 16) |
        (this.read8Unchecked(address + 3) << 24)) >>>
      0
    );
  }

  /** Loads a word that must be aligned (LDM, LDRD, LDREX, POP, stacking). */
  read32Aligned(address: number): number {
    if ((address & 3) !== 0) this.#raiseUsage(Cfsr.UNALIGNED);
    return this.read32(address);
  }

  /** Loads a halfword (zero-extended). */
  read16(address: number): number {
    if (this.#mpuActive) this.#checkData(address, 2, AccessKind.Read);
    if ((address & 1) === 0) {
      let offset = (address - this.#aBase) >>> 0;
      if (offset < this.#aSize) return this.#aHalfwords[offset >>> 1] ?? 0;
      offset = (address - this.#bBase) >>> 0;
      if (offset < this.#bSize) return this.#bHalfwords[offset >>> 1] ?? 0;
      return this.#readSlow(address, 2);
    }
    this.#checkUnaligned();
    return this.read8Unchecked(address) | (this.read8Unchecked(address + 1) << 8);
  }

  /** Loads a byte (zero-extended). */
  read8(address: number): number {
    if (this.#mpuActive) this.#checkData(address, 1, AccessKind.Read);
    return this.read8Unchecked(address);
  }

  /** Loads a byte without an MPU check (the caller checked the whole access). */
  read8Unchecked(address: number): number {
    let offset = (address - this.#aBase) >>> 0;
    if (offset < this.#aSize) return this.#aBytes[offset] ?? 0;
    offset = (address - this.#bBase) >>> 0;
    if (offset < this.#bSize) return this.#bBytes[offset] ?? 0;
    return this.#readSlow(address >>> 0, 1);
  }

  /** Stores a word (STR). */
  write32(address: number, value: number): void {
    if (this.#mpuActive) this.#checkData(address, 4, AccessKind.Write);
    if ((address & 3) === 0) {
      let offset = (address - this.#aBase) >>> 0;
      if (offset < this.#aWritableSize) {
        this.#aWords[offset >>> 2] = value;
        if (this.#aCodePages[offset >>> 8] !== 0) this.#invalidateCode(this.#regionA, offset, 4);
        return;
      }
      offset = (address - this.#bBase) >>> 0;
      if (offset < this.#bWritableSize) {
        this.#bWords[offset >>> 2] = value;
        if (this.#bCodePages[offset >>> 8] !== 0) this.#invalidateCode(this.#regionB, offset, 4);
        return;
      }
      this.#writeSlow(address, 4, value);
      return;
    }
    this.#checkUnaligned();
    for (let index = 0; index < 4; index++) this.write8Unchecked(address + index, value >>> (8 * index));
  }

  /** Stores a word that must be aligned (STM, STRD, STREX, PUSH, stacking). */
  write32Aligned(address: number, value: number): void {
    if ((address & 3) !== 0) this.#raiseUsage(Cfsr.UNALIGNED);
    this.write32(address, value);
  }

  /** Stores a halfword. */
  write16(address: number, value: number): void {
    if (this.#mpuActive) this.#checkData(address, 2, AccessKind.Write);
    if ((address & 1) === 0) {
      let offset = (address - this.#aBase) >>> 0;
      if (offset < this.#aWritableSize) {
        this.#aHalfwords[offset >>> 1] = value;
        if (this.#aCodePages[offset >>> 8] !== 0) this.#invalidateCode(this.#regionA, offset, 2);
        return;
      }
      offset = (address - this.#bBase) >>> 0;
      if (offset < this.#bWritableSize) {
        this.#bHalfwords[offset >>> 1] = value;
        if (this.#bCodePages[offset >>> 8] !== 0) this.#invalidateCode(this.#regionB, offset, 2);
        return;
      }
      this.#writeSlow(address, 2, value);
      return;
    }
    this.#checkUnaligned();
    this.write8Unchecked(address, value);
    this.write8Unchecked(address + 1, value >>> 8);
  }

  /** Stores a byte. */
  write8(address: number, value: number): void {
    if (this.#mpuActive) this.#checkData(address, 1, AccessKind.Write);
    this.write8Unchecked(address, value);
  }

  /** Stores a byte without an MPU check. */
  write8Unchecked(address: number, value: number): void {
    let offset = (address - this.#aBase) >>> 0;
    if (offset < this.#aWritableSize) {
      this.#aBytes[offset] = value;
      if (this.#aCodePages[offset >>> 8] !== 0) this.#invalidateCode(this.#regionA, offset, 1);
      return;
    }
    offset = (address - this.#bBase) >>> 0;
    if (offset < this.#bWritableSize) {
      this.#bBytes[offset] = value;
      if (this.#bCodePages[offset >>> 8] !== 0) this.#invalidateCode(this.#regionB, offset, 1);
      return;
    }
    this.#writeSlow(address >>> 0, 1, value & 0xff);
  }

  #checkUnaligned(): void {
    if ((this.ccr & Ccr.UNALIGN_TRP) !== 0) this.#raiseUsage(Cfsr.UNALIGNED);
  }

  /**
   * Direct-mapped caches of 32-byte blocks recently permitted for reads, writes and instruction
   * fetches (index = block number mod 64). MPU permissions are constant within such a block, so
   * repeated accesses skip the region search. Forgotten whenever privilege, execution priority
   * or the MPU configuration may have changed.
   */
  readonly #permittedRead = new Float64Array(64).fill(-1);
  readonly #permittedWrite = new Float64Array(64).fill(-1);
  readonly #permittedExecute = new Float64Array(64).fill(-1);

  #forgetPermissions(): void {
    this.#permittedRead.fill(-1);
    this.#permittedWrite.fill(-1);
    this.#permittedExecute.fill(-1);
  }

  /** The MPU execute check of the fetch at `pc`, cached per 32-byte block. */
  #checkExecute(mpu: Pmsav7Mpu, pc: number): void {
    const block = pc >>> 5;
    if (this.#permittedExecute[block & 63] === block) return;
    if (!mpu.checkAccess(pc, 2, AccessKind.Execute, this.privileged, this.executionPriorityNegative)) {
      this.#raiseMemManage(Cfsr.IACCVIOL, undefined);
    }
    this.#permittedExecute[block & 63] = block;
  }

  #checkData(address: number, size: number, kind: AccessKind): void {
    const mpu = this.mpu;
    if (mpu === undefined) return;
    const block = address >>> 5;
    const singleBlock = (address + size - 1) >>> 5 === block;
    const cache = kind === AccessKind.Read ? this.#permittedRead : this.#permittedWrite;
    if (singleBlock && cache[block & 63] === block) return;
    if (mpu.checkAccess(address, size, kind, this.privileged, this.executionPriorityNegative)) {
      if (singleBlock) cache[block & 63] = block;
      return;
    }
    const denied = mpu.firstDeniedAddress(
      address,
      size,
      kind,
      this.privileged,
      this.executionPriorityNegative,
    );
    const faultAddress = denied < 0 ? address >>> 0 : denied;
    if (
      mpu.faultClass(address, size, kind, this.privileged, this.executionPriorityNegative) ===
      MpuFaultClass.BusFault
    ) {
      this.#raiseBus(Cfsr.PRECISERR, faultAddress);
    }
    this.#raiseMemManage(Cfsr.DACCVIOL, faultAddress);
  }

  #readSlow(address: number, size: 1 | 2 | 4): number {
    const masked = address >>> 0;
    for (const region of this.#regions) {
      const offset = (masked - region.base) >>> 0;
      if (offset < region.size) {
        if (size === 4) return region.words[offset >>> 2] ?? 0;
        if (size === 2) return region.halfwords[offset >>> 1] ?? 0;
        return region.bytes[offset] ?? 0;
      }
    }
    if (masked >= PPB_START && masked < PPB_END && !this.privileged) this.#raiseBus(Cfsr.PRECISERR, masked);
    const value = this.memory.read(masked, size);
    if (value === BUS_ERROR) return this.#raiseBus(Cfsr.PRECISERR, masked);
    return value;
  }

  #writeSlow(address: number, size: 1 | 2 | 4, value: number): void {
    const masked = address >>> 0;
    for (const region of this.#regions) {
      const offset = (masked - region.base) >>> 0;
      if (offset < region.size) {
        if (!region.writable) this.#raiseBus(Cfsr.PRECISERR, masked);
        if (size === 4) region.words[offset >>> 2] = value;
        else if (size === 2) region.halfwords[offset >>> 1] = value;
        else region.bytes[offset] = value;
        if (region.codePages[offset >>> 8] !== 0) this.#invalidateCode(region, offset, size);
        return;
      }
    }
    if (masked >= PPB_START && masked < PPB_END && !this.privileged) this.#raiseBus(Cfsr.PRECISERR, masked);
    if (!this.memory.write(masked, size, value >>> 0)) this.#raiseBus(Cfsr.PRECISERR, masked);
  }

  // =====================================================================================
  // Exclusive monitor
  // =====================================================================================

  /** Marks the address for LDREX. */
  setExclusive(address: number): void {
    this.#exclusiveAddress = address >>> 0;
  }

  /** STREX check: true (and clears the monitor) when the exclusive reservation holds. */
  claimExclusive(address: number): boolean {
    const held = this.#exclusiveAddress === address >>> 0;
    this.#exclusiveAddress = -1;
    return held;
  }

  /** Runs `access` with unprivileged permissions (LDRT/STRT). */
  withUnprivilegedAccess<T>(access: () => T): T {
    const privileged = this.privileged;
    const mpuActive = this.#mpuActive;
    this.privileged = false;
    this.#mpuActive = this.mpu !== undefined;
    this.#forgetPermissions();
    try {
      return access();
    } finally {
      this.privileged = privileged;
      this.#mpuActive = mpuActive;
      this.#forgetPermissions();
    }
  }

  /** CLREX. */
  clearExclusive(): void {
    this.#exclusiveAddress = -1;
  }

  // =====================================================================================
  // Faults raised by instructions
  // =====================================================================================

  #raise(exception: number, cfsr: number, hfsr: number, address: number | undefined): never {
    this.#faultException = exception;
    this.#faultCfsr = cfsr;
    this.#faultHfsr = hfsr;
    this.#faultAddress = address ?? -1;
    throw this.#aborted;
  }

  #raiseMemManage(bits: number, address: number | undefined): never {
    return this.#raise(ExceptionNumber.MemManage, bits, 0, address);
  }

  #raiseBus(bits: number, address: number | undefined): never {
    return this.#raise(ExceptionNumber.BusFault, bits, 0, address);
  }

  #raiseUsage(bits: number): never {
    return this.#raise(ExceptionNumber.UsageFault, bits, 0, undefined);
  }

  /** UNDEFINED instruction: UsageFault UNDEFINSTR (HardFault on ARMv6-M). */
  undefinedInstruction(): never {
    return this.#raiseUsage(Cfsr.UNDEFINSTR);
  }

  /** Coprocessor or floating-point instruction with the FPU off: UsageFault NOCP. */
  noCoprocessor(): never {
    if (!this.isV7) return this.#raiseUsage(Cfsr.UNDEFINSTR);
    return this.#raiseUsage(Cfsr.NOCP);
  }

  /** SDIV/UDIV by zero with CCR.DIV_0_TRP set. */
  divideByZero(): never {
    return this.#raiseUsage(Cfsr.DIVBYZERO);
  }

  /** Enters the fault recorded by `#raise`, returning to the faulting instruction at `pc`. */
  #takeRaisedFault(pc: number): void {
    let exception = this.#faultException;
    let cfsr = this.#faultCfsr;
    let hfsr = this.#faultHfsr;
    const address = this.#faultAddress < 0 ? undefined : this.#faultAddress;
    if (exception !== ExceptionNumber.HardFault) {
      if (address !== undefined && exception === ExceptionNumber.MemManage) cfsr |= Cfsr.MMARVALID;
      if (address !== undefined && exception === ExceptionNumber.BusFault) cfsr |= Cfsr.BFARVALID;
      if (this.isV7) {
        this.cfsr |= cfsr;
        if (address !== undefined && exception === ExceptionNumber.MemManage) this.mmfar = address;
        if (address !== undefined && exception === ExceptionNumber.BusFault) this.bfar = address;
      }
      if (!this.#canTakeConfigurableFault(exception)) {
        exception = ExceptionNumber.HardFault;
        hfsr |= Hfsr.FORCED;
      }
    }
    if (this.isV7) this.hfsr |= hfsr;
    this.lastFault = { exception, cfsrBits: cfsr, hfsrBits: hfsr, address, pc };
    if (exception === ExceptionNumber.HardFault && this.executionPriority() < 0) {
      this.locked = true;
      this.pc = pc;
      this.requestAttention();
      return;
    }
    this.pc = this.takeException(exception, pc);
    this.requestAttention();
  }

  /** Whether a MemManage/BusFault/UsageFault can be taken as itself rather than escalating. */
  #canTakeConfigurableFault(exception: number): boolean {
    if (!this.isV7) return false;
    const enable =
      exception === ExceptionNumber.MemManage
        ? Shcsr.MEMFAULTENA
        : exception === ExceptionNumber.BusFault
          ? Shcsr.BUSFAULTENA
          : Shcsr.USGFAULTENA;
    if ((this.shcsr & enable) === 0) return false;
    const priority = this.exceptions.groupPriority(this.exceptions.priority[exception] ?? 0);
    return priority < this.executionPriority();
  }

  // =====================================================================================
  // Exceptions: priorities, entry, return
  // =====================================================================================

  /** The current execution priority (ARMv7-M B1.5.4): active exceptions boosted by the masks. */
  executionPriority(): number {
    let priority = this.#executionPriorityIgnoringPrimask();
    if (this.primask !== 0 && priority > 0) priority = 0;
    return priority;
  }

  #executionPriorityIgnoringPrimask(): number {
    let priority = this.exceptions.activePriority();
    if (this.basepri !== 0) {
      const boosted = this.exceptions.groupPriority(this.basepri);
      if (boosted < priority) priority = boosted;
    }
    if (this.faultmask !== 0 && priority > -1) priority = -1;
    return priority;
  }

  /** True in Handler mode. */
  get handlerMode(): boolean {
    return this.ipsr !== 0;
  }

  /** True when r13 is the process stack pointer. */
  get usingProcessStack(): boolean {
    return this.ipsr === 0 && (this.control & Control.SPSEL) !== 0;
  }

  /** Main stack pointer value. */
  get mainStackPointer(): number {
    return this.usingProcessStack ? this.otherStackPointer : (this.regs[13] ?? 0);
  }

  set mainStackPointer(value: number) {
    if (this.usingProcessStack) this.otherStackPointer = value & ~3;
    else this.regs[13] = value & ~3;
  }

  /** Process stack pointer value. */
  get processStackPointer(): number {
    return this.usingProcessStack ? (this.regs[13] ?? 0) : this.otherStackPointer;
  }

  set processStackPointer(value: number) {
    if (this.usingProcessStack) this.regs[13] = value & ~3;
    else this.otherStackPointer = value & ~3;
  }

  /** Changes mode/CONTROL so that r13 becomes the right stack pointer. */
  #switchStacks(useProcessStackBefore: boolean): void {
    if (useProcessStackBefore !== this.usingProcessStack) {
      const current = this.regs[13] ?? 0;
      this.regs[13] = this.otherStackPointer;
      this.otherStackPointer = current;
    }
  }

  #updatePrivilege(): void {
    this.privileged = this.ipsr !== 0 || (this.control & Control.nPRIV) === 0;
    this.#forgetPermissions();
    this.requestAttention();
  }

  /** MSR CONTROL / CPS side: writes CONTROL (SPSEL is ignored in Handler mode). */
  writeControl(value: number): void {
    const before = this.usingProcessStack;
    const spsel = this.ipsr !== 0 ? this.control & Control.SPSEL : value & Control.SPSEL;
    this.control = (value & Control.nPRIV) | spsel;
    this.#switchStacks(before);
    this.#updatePrivilege();
  }

  /** The xPSR value as stacked: flags, Thumb bit, IT bits and IPSR. */
  xpsr(): number {
    const it = this.itState;
    return (
      ((this.n << 31) |
        (this.z << 30) |
        (this.c << 29) |
        (this.v << 28) |
        (this.q << 27) |
        ((it & 3) << 25) |
        (this.thumb << 24) |
        (this.ge << 16) |
        ((it >>> 2) << 10) |
        this.ipsr) >>>
      0
    );
  }

  /** Writes the APSR flags from a value (bits 31..27, and GE 19..16 when `includeGe`). */
  writeApsr(value: number, includeFlags: boolean, includeGe: boolean): void {
    if (includeFlags) {
      this.n = (value >>> 31) & 1;
      this.z = (value >>> 30) & 1;
      this.c = (value >>> 29) & 1;
      this.v = (value >>> 28) & 1;
      this.q = (value >>> 27) & 1;
    }
    if (includeGe) this.ge = (value >>> 16) & 0xf;
  }

  /**
   * Takes exception `exception`: stacks the 8-word frame on the current stack (checked with the
   * interrupted code's privilege), sets LR to EXC_RETURN, enters Handler mode and returns the
   * handler's address. A stacking fault makes the resulting fault the exception taken instead.
   */
  takeException(exception: number, returnAddress: number): number {
    this.cycles += this.cycleTable.exceptionEntry;
    const stackFault = this.#pushStack(returnAddress);
    let taken = exception;
    if (stackFault !== 0) {
      if (
        exception >= ExceptionNumber.FirstExternal ||
        exception === ExceptionNumber.PendSv ||
        exception === ExceptionNumber.SysTick
      ) {
        this.exceptions.pending[exception] = 1;
      }
      taken = stackFault;
    }
    const excReturn =
      this.ipsr !== 0
        ? ExcReturn.Handler
        : (this.control & Control.SPSEL) !== 0
          ? ExcReturn.ThreadProcessStack
          : ExcReturn.ThreadMainStack;
    const wasProcess = this.usingProcessStack;
    this.ipsr = taken;
    // Handler mode always uses the MSP, and CONTROL.SPSEL reads as zero there (B1.4.4).
    this.control &= ~Control.SPSEL;
    this.#switchStacks(wasProcess);
    this.regs[14] = excReturn;
    this.itState = 0;
    this.sleeping = false;
    this.#exclusiveAddress = -1;
    this.exceptions.activate(taken);
    this.#updatePrivilege();
    this.executionPriorityNegative = this.executionPriority() < 0;
    this.#forgetPermissions();
    // A host playing the handler (the userspace boundary) stops here, before the vector fetch.
    if (this.exceptionEntryHook?.(taken, returnAddress) === true) {
      this.requestStop();
      return returnAddress;
    }
    const vector = this.memory.read((this.vectorTable + 4 * taken) >>> 0, 4);
    let handler: number;
    if (vector === BUS_ERROR) {
      if (this.isV7) this.hfsr |= Hfsr.VECTTBL;
      this.lastFault = {
        exception: ExceptionNumber.HardFault,
        cfsrBits: 0,
        hfsrBits: Hfsr.VECTTBL,
        address: undefined,
        pc: returnAddress,
      };
      if (taken === ExceptionNumber.HardFault) {
        this.locked = true;
        return returnAddress;
      }
      this.exceptions.active[taken] = 0;
      this.ipsr = ExceptionNumber.HardFault;
      this.exceptions.activate(ExceptionNumber.HardFault);
      const hardFaultVector = this.memory.read((this.vectorTable + 4 * ExceptionNumber.HardFault) >>> 0, 4);
      if (hardFaultVector === BUS_ERROR) {
        this.locked = true;
        return returnAddress;
      }
      handler = hardFaultVector;
    } else {
      handler = vector;
    }
    this.thumb = handler & 1;
    if (this.thumb === 0) this.requestAttention();
    return (handler & ~1) >>> 0;
  }

  /** PushStack: returns 0, or the fault exception number a stacking error raised. */
  #pushStack(returnAddress: number): number {
    const regs = this.regs;
    const stackPointer = regs[13] ?? 0;
    const align = (this.ccr & Ccr.STKALIGN) !== 0 || !this.isV7;
    const realign = align && (stackPointer & 4) !== 0 ? 1 : 0;
    const frame = ((stackPointer - 32) & (align ? ~7 : ~3)) >>> 0;
    const xpsr = (this.xpsr() & ~(1 << 9)) | (realign << 9);
    const values = [regs[0], regs[1], regs[2], regs[3], regs[12], regs[14], returnAddress, xpsr];
    regs[13] = frame;
    let fault = 0;
    for (let index = 0; index < 8 && fault === 0; index++) {
      fault = this.#stackAccess(frame + 4 * index, values[index] ?? 0, true, returnAddress);
    }
    return fault;
  }

  /** One stacking or unstacking word access; returns 0 or the fault exception it raises. */
  #stackAccess(address: number, value: number, write: boolean, pc: number): number {
    try {
      if (write) this.write32Aligned(address, value);
      else this.#unstackValue = this.read32Aligned(address);
      return 0;
    } catch (signal) {
      if (signal !== this.#aborted) throw signal;
      const memManage = this.#faultException === ExceptionNumber.MemManage;
      const bits = write
        ? memManage
          ? Cfsr.MSTKERR
          : Cfsr.STKERR
        : memManage
          ? Cfsr.MUNSTKERR
          : Cfsr.UNSTKERR;
      let exception: number = memManage ? ExceptionNumber.MemManage : ExceptionNumber.BusFault;
      let hfsr = 0;
      if (this.isV7) this.cfsr |= bits;
      if (!this.#canTakeConfigurableFault(exception)) {
        exception = ExceptionNumber.HardFault;
        hfsr = Hfsr.FORCED;
        if (this.isV7) this.hfsr |= hfsr;
      }
      this.lastFault = { exception, cfsrBits: bits, hfsrBits: hfsr, address: undefined, pc };
      if (exception === ExceptionNumber.HardFault && this.executionPriority() < 0) this.locked = true;
      return exception;
    }
  }

  #unstackValue = 0;

  /**
   * Loads the PC from an interworking branch (BX, BLX, POP/LDM/LDR to PC): an EXC_RETURN value in
   * Handler mode returns from the exception; bit 0 clear leaves Thumb state (INVSTATE next).
   */
  interworkingBranch(target: number): number {
    if (this.ipsr !== 0 && target >>> 28 === 0xf) return this.exceptionReturn(target >>> 0);
    if ((target & 1) === 0) {
      this.thumb = 0;
      this.requestAttention();
    }
    return (target & ~1) >>> 0;
  }

  /** Exception return (ARMv7-M B1.5.8): deactivates, selects mode and stack, unstacks the frame. */
  exceptionReturn(excReturn: number): number {
    this.cycles += this.cycleTable.exceptionReturn;
    const returning = this.ipsr;
    const kind = excReturn & 0xf;
    const valid = (excReturn & 0x0fff_fff0) === 0x0fff_fff0 && (kind === 1 || kind === 9 || kind === 0xd);
    if (!valid || this.exceptions.active[returning] === 0) return this.#raiseUsage(Cfsr.INVPC);
    const nested = this.exceptions.activeCount();
    if (kind === 1 && nested <= 1) return this.#raiseUsage(Cfsr.INVPC);
    if (kind !== 1 && nested > 1 && (this.ccr & Ccr.NONBASETHRDENA) === 0)
      return this.#raiseUsage(Cfsr.INVPC);
    this.exceptions.deactivate(returning);
    if (returning !== ExceptionNumber.Nmi) this.faultmask = 0;
    const wasProcess = this.usingProcessStack;
    // While unstacking, a return to Handler mode runs as the innermost remaining exception.
    this.ipsr = kind === 1 ? this.#innermostActive() : 0;
    if (kind === 9) this.control &= ~Control.SPSEL;
    if (kind === 0xd) this.control |= Control.SPSEL;
    this.#switchStacks(wasProcess);
    this.#updatePrivilege();
    this.#exclusiveAddress = -1;
    this.executionPriorityNegative = this.executionPriority() < 0;
    this.#forgetPermissions();
    const regs = this.regs;
    const frame = regs[13] ?? 0;
    const words = this.#unstackFrame;
    for (let index = 0; index < 8; index++) {
      const fault = this.#stackAccess(frame + 4 * index, 0, false, this.regs[15] ?? this.pc);
      if (fault !== 0) {
        return this.takeException(fault, words[6] ?? frame);
      }
      words[index] = this.#unstackValue;
    }
    regs[0] = words[0] ?? 0;
    regs[1] = words[1] ?? 0;
    regs[2] = words[2] ?? 0;
    regs[3] = words[3] ?? 0;
    regs[12] = words[4] ?? 0;
    regs[14] = words[5] ?? 0;
    const xpsr = words[7] ?? 0;
    regs[13] = (frame + 32) | ((xpsr >>> 9) & 1 && ((this.ccr & Ccr.STKALIGN) !== 0 || !this.isV7) ? 4 : 0);
    this.writeApsr(xpsr, true, this.isV7);
    this.thumb = (xpsr >>> 24) & 1;
    this.itState = this.isV7 ? ((xpsr >>> 25) & 3) | (((xpsr >>> 10) & 0x3f) << 2) : 0;
    this.ipsr = kind === 1 ? xpsr & 0x1ff : 0;
    if (kind === 1 && this.ipsr === 0) this.ipsr = this.#innermostActive();
    this.#updatePrivilege();
    this.executionPriorityNegative = this.executionPriority() < 0;
    this.#forgetPermissions();
    if (this.thumb === 0) this.requestAttention();
    return (words[6] ?? 0) & ~1;
  }

  readonly #unstackFrame = new Uint32Array(8);

  /** The lowest-numbered active exception (used when a handler return finds IPSR unusable). */
  #innermostActive(): number {
    for (let index = 1; index < this.exceptions.count; index++)
      if (this.exceptions.active[index] !== 0) return index;
    return 0;
  }

  /** SVC: takes SVCall now, or escalates to HardFault when SVCall cannot preempt. */
  supervisorCall(returnAddress: number): number {
    const svcPriority = this.exceptions.groupPriority(this.exceptions.priority[ExceptionNumber.SvCall] ?? 0);
    this.requestAttention();
    if (svcPriority < this.executionPriority())
      return this.takeException(ExceptionNumber.SvCall, returnAddress);
    return this.#raise(ExceptionNumber.HardFault, 0, Hfsr.FORCED, undefined);
  }

  /** BKPT: the breakpoint hook may handle it; otherwise a debug event escalates to HardFault. */
  breakpoint(immediate: number, nextAddress: number): number {
    if (this.breakpointHook?.(immediate) === true) return nextAddress;
    return this.#raise(ExceptionNumber.HardFault, 0, Hfsr.DEBUGEVT, undefined);
  }

  /** WFI: sleeps until an interrupt would preempt (ignoring PRIMASK). */
  waitForInterrupt(): void {
    this.sleeping = true;
    this.requestAttention();
  }

  /** WFE: consumes the event register, or sleeps like WFI. */
  waitForEvent(): void {
    if (this.eventRegister !== 0) this.eventRegister = 0;
    else this.waitForInterrupt();
  }

  /** Writes PRIMASK / FAULTMASK / BASEPRI (privilege checked by the caller). */
  writeMask(which: 'primask' | 'faultmask' | 'basepri', value: number): void {
    if (which === 'primask') this.primask = value & 1;
    else if (which === 'faultmask') {
      if ((value & 1) === 0 || this.executionPriority() > -1) this.faultmask = value & 1;
    } else this.basepri = value & this.exceptions.priorityMask;
    this.requestAttention();
  }

  // =====================================================================================
  // Host-side control (used by the userspace boundary, which plays the kernel's handlers)
  // =====================================================================================

  /**
   * Stacks the current Thread-mode context as an interrupt would and returns to privileged Thread
   * mode on the main stack, so the host can preempt code that never traps. Returns false when the
   * stacking faulted (the fault is recorded in `lastFault`, nothing is taken).
   */
  preemptForHost(): boolean {
    const fault = this.#pushStack(this.pc);
    this.itState = 0;
    const wasProcess = this.usingProcessStack;
    this.control = 0;
    this.#switchStacks(wasProcess);
    this.#updatePrivilege();
    return fault === 0;
  }

  /**
   * Leaves the exception the host took over (what the kernel's handler would do before returning
   * to the kernel): deactivates it and continues in privileged Thread mode on the main stack.
   */
  returnToHostThread(): void {
    const wasProcess = this.usingProcessStack;
    if (this.ipsr !== 0) this.exceptions.deactivate(this.ipsr);
    this.ipsr = 0;
    this.control = 0;
    this.itState = 0;
    this.sleeping = false;
    this.#switchStacks(wasProcess);
    this.#updatePrivilege();
  }

  /**
   * Returns from exception `exception` (made active for the purpose) with `excReturn` after
   * setting CONTROL.nPRIV from `control`, as a kernel SVC handler does to start a process.
   * Unstacking faults are taken as usual.
   */
  exceptionReturnFromHost(exception: number, control: number, excReturn: number): void {
    const wasProcess = this.usingProcessStack;
    this.ipsr = exception;
    this.exceptions.activate(exception);
    this.#switchStacks(wasProcess);
    this.control = control & Control.nPRIV;
    this.#updatePrivilege();
    try {
      this.pc = this.exceptionReturn(excReturn);
    } catch (signal) {
      if (signal !== this.#aborted) throw signal;
      this.#takeRaisedFault(this.pc);
    }
  }

  /** Evaluates an ARM condition code against the flags. */
  conditionPassed(condition: number): boolean {
    switch (condition) {
      case 0:
        return this.z !== 0;
      case 1:
        return this.z === 0;
      case 2:
        return this.c !== 0;
      case 3:
        return this.c === 0;
      case 4:
        return this.n !== 0;
      case 5:
        return this.n === 0;
      case 6:
        return this.v !== 0;
      case 7:
        return this.v === 0;
      case 8:
        return this.c !== 0 && this.z === 0;
      case 9:
        return this.c === 0 || this.z !== 0;
      case 10:
        return this.n === this.v;
      case 11:
        return this.n !== this.v;
      case 12:
        return this.z === 0 && this.n === this.v;
      case 13:
        return this.z !== 0 || this.n !== this.v;
      default:
        return true;
    }
  }
}
