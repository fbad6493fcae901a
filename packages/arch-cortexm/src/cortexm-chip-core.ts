/**
 * The Cortex-M part of a chip, composed once: the core, its System Control Space (NVIC, SysTick,
 * SCB, MPU registers) on the chip's memory map, and the run loop that drives the board's
 * `SimulationClock` from the core's cycles.
 *
 * Virtual time and core cycles are tied by the core frequency: cycle `c` happens at
 * `floor(c * 1e9 / hz)` ns, computed exactly with integers. `runUntil` executes until the next
 * clock event is due, fires it, and continues, so peripheral events land between instructions at
 * the right cycle; `sleep` is WFI: time jumps to the next event (clock or SysTick).
 */
import { CycleTimebase, type InterruptLine, type MemoryMap, type SimulationClock } from '@tock-ts/silicon';
import { CoreVariant, ExceptionNumber } from './silicon/architecture.js';
import { CortexMCore, RunExit } from './silicon/cortexm-core.js';
import { Pmsav7Mpu } from './silicon/mpu.js';
import {
  SYSTEM_CONTROL_SPACE_BASE,
  SYSTEM_CONTROL_SPACE_SIZE,
  SystemControlSpace,
} from './silicon/system-control-space.js';

/** How to build the Cortex-M part of a chip. */
export interface CortexMChipCoreOptions {
  readonly variant: CoreVariant;
  /** The chip's bus with its RAM and flash already added; the System Control Space is added here. */
  readonly memory: MemoryMap;
  readonly clock: SimulationClock;
  /** Core clock in Hz (drives SysTick and virtual time). */
  readonly frequencyHz: number;
  readonly externalInterrupts: number;
  readonly priorityBits?: number;
  /** Whether the core has an MPU (default true): 8 regions, 32-byte minimum (256 on the M0+). */
  readonly mpu?: boolean;
  readonly initialVectorTable?: number;
  /** Translate straight-line code into JavaScript functions (default true; see `CortexMCoreOptions`). */
  readonly compileBlocks?: boolean;
}

/** Core + NVIC + SysTick + SCB + MPU on a memory map, driven by a simulation clock. */
export class CortexMChipCore {
  readonly core: CortexMCore;
  readonly systemControl: SystemControlSpace;
  readonly mpu: Pmsav7Mpu | undefined;
  readonly clock: SimulationClock;
  readonly frequencyHz: number;
  /** Called on a software system reset (AIRCR.SYSRESETREQ) so the chip can reset its peripherals. */
  onSystemReset: (() => void) | undefined;
  readonly #timebase: CycleTimebase;

  constructor(options: CortexMChipCoreOptions) {
    this.#timebase = new CycleTimebase(options.frequencyHz, 'CortexMChipCore');
    const hz = options.frequencyHz;
    this.frequencyHz = hz;
    this.clock = options.clock;
    const isV7 = options.variant === CoreVariant.CortexM4;
    this.mpu =
      options.mpu === false
        ? undefined
        : new Pmsav7Mpu({ regionCount: 8, minimumRegionSize: isV7 ? 32 : 256 });
    this.core = new CortexMCore({
      variant: options.variant,
      memory: options.memory,
      externalInterrupts: options.externalInterrupts,
      priorityBits: options.priorityBits,
      mpu: this.mpu,
      initialVectorTable: options.initialVectorTable,
      compileBlocks: options.compileBlocks,
    });
    // SYST_CALIB: NOREF, TENMS = cycles in 10 ms (upstream SysTick::new() takes hz = TENMS * 100).
    const tenMilliseconds = Math.min(0xff_ffff, Math.floor(hz / 100));
    this.systemControl = new SystemControlSpace(this.core, ((1 << 31) | tenMilliseconds) >>> 0);
    this.systemControl.onSystemResetRequest = () => {
      this.systemControl.sysTick.reset();
      this.onSystemReset?.();
    };
    options.memory.addPeripheral(
      'system-control-space',
      SYSTEM_CONTROL_SPACE_BASE,
      SYSTEM_CONTROL_SPACE_SIZE,
      this.systemControl,
    );
  }

  /** Virtual time of core cycle `cycles` (exact integer arithmetic). */
  nanosAtCycle(cycles: number): number {
    return this.#timebase.nanosAtCycle(cycles);
  }

  /** The first core cycle at or after virtual time `nanos`. */
  cycleAtNanos(nanos: number): number {
    return this.#timebase.cycleAtNanos(nanos);
  }

  /** The interrupt line of external interrupt `irq`, for peripherals. */
  interruptLine(irq: number): InterruptLine {
    const exceptions = this.core.exceptions;
    const exception = ExceptionNumber.FirstExternal + irq;
    if (!exceptions.exists(exception)) throw new RangeError(`CortexMChipCore: no external interrupt ${irq}`);
    return {
      raise: () => exceptions.setLine(exception, true),
      lower: () => exceptions.setLine(exception, false),
    };
  }

  /** Resets the core (SP and PC from the vector table). */
  reset(): void {
    this.systemControl.sysTick.reset();
    this.core.reset();
  }

  /**
   * Runs the core until virtual time `limitNanos`, firing clock events on the way; returns early
   * when the core stops, sleeps or locks up. Time never runs past the core: after the call, the
   * clock stands at the core's current cycle.
   */
  runUntil(limitNanos: number): RunExit {
    const core = this.core;
    const limitCycle = this.cycleAtNanos(limitNanos);
    for (;;) {
      const nextEvent = this.clock.nextEventNanos;
      const eventCycle = nextEvent === undefined ? Number.POSITIVE_INFINITY : this.cycleAtNanos(nextEvent);
      const target = eventCycle < limitCycle ? eventCycle : limitCycle;
      const exit = core.run(target);
      this.clock.advanceTo(this.nanosAtCycle(core.cycles));
      if (exit !== RunExit.CycleLimit) return exit;
      if (core.cycles >= limitCycle) return RunExit.CycleLimit;
    }
  }

  /**
   * WFI from the host's point of view: moves virtual time (and the core's cycle count) to the next
   * clock event or SysTick expiry and fires it. Returns false when nothing is scheduled.
   */
  sleep(): boolean {
    const core = this.core;
    const nextEvent = this.clock.nextEventNanos;
    const eventCycle = nextEvent === undefined ? Number.POSITIVE_INFINITY : this.cycleAtNanos(nextEvent);
    const wakeCycle = Math.min(eventCycle, core.cycleAlarm);
    if (!Number.isFinite(wakeCycle)) return false;
    if (wakeCycle > core.cycles) core.cycles = wakeCycle;
    core.fireCycleAlarmIfDue();
    this.clock.advanceTo(this.nanosAtCycle(core.cycles));
    return true;
  }

  /** Runs bare-metal code until it stops or locks up, sleeping through WFI; at most `limitNanos`. */
  runBareMetal(limitNanos: number): RunExit {
    for (;;) {
      const exit = this.runUntil(limitNanos);
      if (exit !== RunExit.Sleep) return exit;
      if (this.nanosAtCycle(this.core.cycles) >= limitNanos || !this.sleep()) return RunExit.Sleep;
    }
  }
}
