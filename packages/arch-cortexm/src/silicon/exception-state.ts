/**
 * The pending, active, enabled and priority state of every exception: what the NVIC and the SCB's
 * SHPR/SHCSR/ICSR registers show, and what the core consults to decide which exception to take.
 *
 * Priorities are stored as the register byte with unimplemented low bits cleared; the fixed
 * priorities of Reset, NMI and HardFault are -3, -2 and -1. Every change calls `onChange` so the
 * core re-evaluates interrupts only when something changed.
 */
import { ExceptionNumber } from './architecture.js';

/** Lower than any real priority: the execution priority of Thread mode with nothing boosting it. */
export const THREAD_PRIORITY = 256;

/** Exception bookkeeping for one core. */
export class ExceptionState {
  /** Number of exception numbers, 16 + external interrupts. */
  readonly count: number;
  readonly pending: Uint8Array;
  readonly active: Uint8Array;
  readonly enabled: Uint8Array;
  /** Level of each external interrupt line (index = exception number). */
  readonly lineLevel: Uint8Array;
  readonly priority: Int16Array;
  /** Mask of implemented priority bits within a byte (0xC0 for 2 bits, 0xE0 for 3 bits). */
  readonly priorityMask: number;
  /** AIRCR.PRIGROUP: priority bits [PRIGROUP:0] are subpriority. */
  priorityGroup = 0;
  #onChange: () => void = () => {};

  constructor(externalInterruptCount: number, priorityBits: number) {
    this.count = ExceptionNumber.FirstExternal + externalInterruptCount;
    this.pending = new Uint8Array(this.count);
    this.active = new Uint8Array(this.count);
    this.enabled = new Uint8Array(this.count);
    this.lineLevel = new Uint8Array(this.count);
    this.priority = new Int16Array(this.count);
    this.priorityMask = (0xff << (8 - priorityBits)) & 0xff;
    this.reset();
  }

  /** Sets the callback run after every change (the core's interrupt re-check). */
  setChangeListener(listener: () => void): void {
    this.#onChange = listener;
  }

  /** Back to the reset state: nothing pending or active, system exceptions enabled, priority 0. */
  reset(): void {
    this.pending.fill(0);
    this.active.fill(0);
    this.enabled.fill(0);
    this.priority.fill(0);
    this.priority[ExceptionNumber.Reset] = -3;
    this.priority[ExceptionNumber.Nmi] = -2;
    this.priority[ExceptionNumber.HardFault] = -1;
    for (const always of [
      ExceptionNumber.Nmi,
      ExceptionNumber.HardFault,
      ExceptionNumber.SvCall,
      ExceptionNumber.DebugMonitor,
      ExceptionNumber.PendSv,
      ExceptionNumber.SysTick,
    ]) {
      this.enabled[always] = 1;
    }
    for (let index = ExceptionNumber.FirstExternal; index < this.count; index++) {
      if (this.lineLevel[index] !== 0) this.pending[index] = 1;
    }
    this.priorityGroup = 0;
    this.#onChange();
  }

  /** True when `exception` names an implemented exception. */
  exists(exception: number): boolean {
    return exception > 0 && exception < this.count;
  }

  setPending(exception: number, value: boolean): void {
    if (!this.exists(exception)) return;
    this.pending[exception] = value ? 1 : 0;
    this.#onChange();
  }

  setEnabled(exception: number, value: boolean): void {
    if (!this.exists(exception)) return;
    this.enabled[exception] = value ? 1 : 0;
    this.#onChange();
  }

  /** Sets a configurable priority from a register byte (unimplemented bits read as zero). */
  setPriority(exception: number, byte: number): void {
    if (exception <= ExceptionNumber.HardFault || !this.exists(exception)) return;
    this.priority[exception] = byte & this.priorityMask;
    this.#onChange();
  }

  /** The priority byte as registers show it (0 for fixed-priority exceptions). */
  priorityByte(exception: number): number {
    const value = this.priority[exception] ?? 0;
    return value < 0 ? 0 : value;
  }

  /** The group priority used for preemption decisions. */
  groupPriority(priority: number): number {
    if (priority < 0) return priority;
    const subpriorityMask = (2 << this.priorityGroup) - 1;
    return priority & ~subpriorityMask & 0xff;
  }

  /** Drives an external interrupt line: a rising level makes the interrupt pending. */
  setLine(exception: number, level: boolean): void {
    if (!this.exists(exception)) return;
    const before = this.lineLevel[exception] !== 0;
    this.lineLevel[exception] = level ? 1 : 0;
    if (level && !before) this.setPending(exception, true);
  }

  /** Marks an exception active (on entry) and clears its pending bit. */
  activate(exception: number): void {
    this.active[exception] = 1;
    this.pending[exception] = 0;
    this.#onChange();
  }

  /** Marks an exception inactive (on return); a still-asserted line pends it again. */
  deactivate(exception: number): void {
    this.active[exception] = 0;
    if (exception >= ExceptionNumber.FirstExternal && this.lineLevel[exception] !== 0) {
      this.pending[exception] = 1;
    }
    this.#onChange();
  }

  /** Number of active exceptions. */
  activeCount(): number {
    let count = 0;
    for (let index = 1; index < this.count; index++) count += this.active[index] ?? 0;
    return count;
  }

  /** The lowest group priority among active exceptions, or `THREAD_PRIORITY` when none is active. */
  activePriority(): number {
    let best = THREAD_PRIORITY;
    for (let index = 1; index < this.count; index++) {
      if (this.active[index] === 0) continue;
      const group = this.groupPriority(this.priority[index] ?? 0);
      if (group < best) best = group;
    }
    return best;
  }

  /**
   * The pending, enabled exception that would be taken first (lowest priority value, then lowest
   * number), or 0 when none is pending.
   */
  highestPending(): number {
    let best = 0;
    let bestPriority = THREAD_PRIORITY + 1;
    for (let index = 1; index < this.count; index++) {
      if (this.pending[index] === 0 || this.enabled[index] === 0) continue;
      const value = this.priority[index] ?? 0;
      if (value < bestPriority) {
        best = index;
        bestPriority = value;
      }
    }
    return best;
  }
}
