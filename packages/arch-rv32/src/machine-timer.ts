/**
 * The machine-timer alarm over the CLINT (upstream `arch/rv32i/src/machine_timer.rs` with the
 * `time::Alarm` of `chips/sifive/src/clint.rs`), at 10 MHz on QEMU virt.
 *
 * The hardware counter is 64 bits wide and `now64`/`setAlarm64` use all of it, with upstream's
 * register protocol: `mtime` is read low, high, low (re-reading high when low wrapped), and a new
 * compare value is written low = 0xFFFF_FFFF first, then high, then low, so the comparator never
 * sees a value below the one intended. The `hil` Alarm presents the low 32 bits (as the alarm
 * capsule passes them to userspace) and extends a 32-bit reference to the 64-bit tick it names,
 * at most 2^32 ticks (about 7 minutes) in the past. Disarming writes all ones to both halves.
 * The bottom half (`handleInterrupt`) disarms and calls the client.
 */
import {
  type Alarm,
  type AlarmClient,
  type ErrorCode,
  Frequency,
  OK,
  type Result,
  TICKS32,
  type Ticks,
  ticks,
} from '@tock-ts/hil';
import type { RegisterBus } from './ports.js';
import { CLINT_BASE, ClintRegister } from './silicon/clint.js';

const TWO_32 = 0x1_0000_0000;

/** The CLINT machine-timer driver. */
export class MachineTimer implements Alarm {
  readonly frequency = Frequency.Freq10MHz;
  readonly ticksWidth = TICKS32;
  readonly #bus: RegisterBus;
  readonly #base: number;
  #client: AlarmClient | undefined;

  constructor(bus: RegisterBus, base: number = CLINT_BASE) {
    this.#bus = bus;
    this.#base = base >>> 0;
  }

  #get(offset: number): number {
    const value = this.#bus.read((this.#base + offset) >>> 0, 4);
    return value < 0 ? 0 : value >>> 0;
  }

  #set(offset: number, value: number): void {
    this.#bus.write((this.#base + offset) >>> 0, 4, value >>> 0);
  }

  /** The 64-bit counter. */
  now64(): number {
    const firstLow = this.#get(ClintRegister.MTIME_LOW);
    let high = this.#get(ClintRegister.MTIME_HIGH);
    const secondLow = this.#get(ClintRegister.MTIME_LOW);
    if (secondLow < firstLow) high = this.#get(ClintRegister.MTIME_HIGH);
    return high * TWO_32 + secondLow;
  }

  /** The 64-bit compare value. */
  getAlarm64(): number {
    return this.#get(ClintRegister.MTIMECMP_HIGH) * TWO_32 + this.#get(ClintRegister.MTIMECMP_LOW);
  }

  /**
   * Arms the comparator for `reference + dt` (64-bit ticks); a moment not within
   * `[reference, reference + dt)` counting from now fires at once (compare = now).
   */
  setAlarm64(reference: number, dt: number): void {
    const now = this.now64();
    let expire = reference + dt;
    if (!(now - reference < expire - reference && now >= reference)) expire = now;
    this.#set(ClintRegister.MTIMECMP_LOW, 0xffff_ffff);
    this.#set(ClintRegister.MTIMECMP_HIGH, Math.floor(expire / TWO_32));
    this.#set(ClintRegister.MTIMECMP_LOW, expire % TWO_32);
  }

  /** Disables the comparator (both halves all ones). */
  disableMachineTimer(): void {
    this.#set(ClintRegister.MTIMECMP_HIGH, 0xffff_ffff);
    this.#set(ClintRegister.MTIMECMP_LOW, 0xffff_ffff);
  }

  /** The bottom half of the machine-timer interrupt. */
  handleInterrupt(): void {
    this.disableMachineTimer();
    this.#client?.alarm();
  }

  now(): Ticks {
    return ticks(this.now64() % TWO_32);
  }

  setAlarmClient(client: AlarmClient): void {
    this.#client = client;
  }

  setAlarm(reference: Ticks, dt: Ticks): void {
    const now = this.now64();
    const back = ((now % TWO_32) - reference + TWO_32) % TWO_32;
    this.setAlarm64(now - back, dt);
  }

  getAlarm(): Ticks {
    return ticks(this.getAlarm64() % TWO_32);
  }

  disarm(): Result<void, ErrorCode> {
    this.disableMachineTimer();
    return OK;
  }

  isArmed(): boolean {
    return (
      this.#get(ClintRegister.MTIMECMP_HIGH) !== 0xffff_ffff ||
      this.#get(ClintRegister.MTIMECMP_LOW) !== 0xffff_ffff
    );
  }

  minimumDt(): Ticks {
    return ticks(1);
  }
}
