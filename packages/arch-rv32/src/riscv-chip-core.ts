/**
 * The RISC-V part of a chip, composed once: the hart, its CLINT and PLIC on the chip's memory map,
 * and the run loop that drives the board's `SimulationClock` from the hart's cycles.
 *
 * Virtual time and cycles are tied by the hart frequency: cycle `c` happens at
 * `floor(c * 1e9 / hz)` ns, computed exactly with integers. `runUntil` executes until the next
 * clock event is due, fires it and continues, so peripheral events (the CLINT's compare match, a
 * UART byte) land between instructions at the right cycle; `sleep` is WFI from the host's side:
 * time jumps to the next event. A chip (such as QEMU virt) adds its memories and peripherals
 * around this core; the CLINT's mtime also feeds the hart's `time` CSR.
 */
import { CycleTimebase, type InterruptLine, type MemoryMap, type SimulationClock } from '@tock-ts/silicon';
import { InterruptBit } from './silicon/architecture.js';
import { CLINT_BASE, CLINT_SIZE, Clint } from './silicon/clint.js';
import { PLIC_BASE, PLIC_SIZE, Plic } from './silicon/plic.js';
import { RiscvHart, RunExit } from './silicon/rv32-hart.js';

/** How to build the RISC-V part of a chip. */
export interface RiscvChipCoreOptions {
  /** The chip's bus with its RAM (first) and other memories already added. */
  readonly memory: MemoryMap;
  readonly clock: SimulationClock;
  /** Hart clock in Hz (drives virtual time). */
  readonly frequencyHz: number;
  /** PC after reset (default 0x8000_0000). */
  readonly resetVector?: number;
  readonly hartId?: number;
  /** Where the CLINT and PLIC go (QEMU virt's addresses by default). */
  readonly clintBase?: number;
  readonly plicBase?: number;
  /** Translate basic blocks into JavaScript functions (default: when the host allows it). */
  readonly compileBlocks?: boolean;
}

/** Hart + CLINT + PLIC on a memory map, driven by a simulation clock. */
export class RiscvChipCore {
  readonly hart: RiscvHart;
  readonly clint: Clint;
  readonly plic: Plic;
  readonly clock: SimulationClock;
  readonly frequencyHz: number;
  readonly #timebase: CycleTimebase;

  constructor(options: RiscvChipCoreOptions) {
    this.#timebase = new CycleTimebase(options.frequencyHz, 'RiscvChipCore');
    this.frequencyHz = options.frequencyHz;
    this.clock = options.clock;
    const hart = new RiscvHart({
      memory: options.memory,
      resetVector: options.resetVector,
      hartId: options.hartId,
      compileBlocks: options.compileBlocks,
    });
    this.hart = hart;
    this.clint = new Clint(options.clock, () => this.nanosAtCycle(hart.cycles), {
      setSoftwareInterrupt: (level) => hart.setInterruptPending(InterruptBit.MSI, level),
      setTimerInterrupt: (level) => hart.setInterruptPending(InterruptBit.MTI, level),
    });
    this.plic = new Plic((level) => hart.setInterruptPending(InterruptBit.MEI, level));
    hart.timeSource = () => this.clint.mtime();
    options.memory.addPeripheral('clint', options.clintBase ?? CLINT_BASE, CLINT_SIZE, this.clint);
    options.memory.addPeripheral('plic', options.plicBase ?? PLIC_BASE, PLIC_SIZE, this.plic);
  }

  /** Virtual time of hart cycle `cycles` (exact integer arithmetic). */
  nanosAtCycle(cycles: number): number {
    return this.#timebase.nanosAtCycle(cycles);
  }

  /** The first hart cycle at or after virtual time `nanos`. */
  cycleAtNanos(nanos: number): number {
    return this.#timebase.cycleAtNanos(nanos);
  }

  /** The interrupt line of PLIC source `id`, for peripherals. */
  interruptLine(id: number): InterruptLine {
    return this.plic.interruptLine(id);
  }

  /** Resets the hart, CLINT and PLIC. */
  reset(): void {
    this.hart.reset();
    this.clint.reset();
    this.plic.reset();
  }

  /**
   * Runs the hart until virtual time `limitNanos`, firing clock events on the way; returns early
   * when the hart stops or sleeps. After the call the clock stands at the hart's current cycle.
   */
  runUntil(limitNanos: number): RunExit {
    const hart = this.hart;
    const limitCycle = this.cycleAtNanos(limitNanos);
    for (;;) {
      const nextEvent = this.clock.nextEventNanos;
      const eventCycle = nextEvent === undefined ? Number.POSITIVE_INFINITY : this.cycleAtNanos(nextEvent);
      const target = eventCycle < limitCycle ? eventCycle : limitCycle;
      const exit = hart.run(target);
      this.clock.advanceTo(this.nanosAtCycle(hart.cycles));
      if (exit !== RunExit.CycleLimit) return exit;
      if (hart.cycles >= limitCycle) return RunExit.CycleLimit;
    }
  }

  /**
   * WFI from the host's point of view: moves virtual time (and the hart's cycle count) to the next
   * clock event and fires it. Returns false when nothing is scheduled.
   */
  sleep(): boolean {
    const nextEvent = this.clock.nextEventNanos;
    if (nextEvent === undefined) return false;
    const wakeCycle = this.cycleAtNanos(nextEvent);
    if (wakeCycle > this.hart.cycles) this.hart.cycles = wakeCycle;
    this.clock.advanceTo(Math.max(nextEvent, this.nanosAtCycle(this.hart.cycles)));
    return true;
  }

  /** Runs bare-metal code until it stops, sleeping through WFI; at most until `limitNanos`. */
  runBareMetal(limitNanos: number): RunExit {
    for (;;) {
      const exit = this.runUntil(limitNanos);
      if (exit !== RunExit.Sleep) return exit;
      if (this.nanosAtCycle(this.hart.cycles) >= limitNanos || !this.sleep()) return RunExit.Sleep;
    }
  }
}
