/**
 * Physical memory protection: 16 PMP entries (OFF, TOR, NA4, NAPOT; the lock bit) with the Smepmp
 * extension's `mseccfg` (machine-mode lockdown MML, whitelist policy MMWP, rule-lock bypass RLB).
 *
 * The entries are compiled after every change into a flat map of address intervals, each with the
 * entry that owns it (the lowest-numbered matching entry) and the permissions that result for
 * machine and user mode. A check finds the interval of the first byte; an access that spans
 * intervals owned by different entries fails, as the lowest-numbered entry matching any byte must
 * match every byte. Granularity is 4 bytes (G = 0), as on QEMU.
 *
 * Rules modelled (RISC-V Privileged 1.12 section 3.7, Smepmp 1.0):
 * - without MML: an unlocked entry restricts user mode only; a locked entry restricts both modes;
 *   R = 0 with W = 1 is reserved and grants nothing;
 * - with MML: the Smepmp truth table (unlocked entries are user-only except the shared-data
 *   encodings, locked entries are machine-only except the shared-code and shared-read-only ones);
 *   new locked executable rules are ignored unless RLB is set;
 * - no match: machine mode gets everything (only R/W under MML, nothing under MMWP); user mode
 *   gets nothing;
 * - a locked entry ignores writes to its configuration and address (and so does the address below
 *   a locked TOR entry) unless RLB is set; MML and MMWP stick once set; RLB can no longer be set
 *   once it is clear while an entry is locked.
 */
import { Mseccfg } from './architecture.js';

/** Access kinds, as permission bits. */
export enum AccessKind {
  Read = 1,
  Write = 2,
  Execute = 4,
}

/** The address-matching mode of an entry (pmpcfg bits 3-4). */
export enum PmpMode {
  Off = 0,
  Tor = 1,
  Na4 = 2,
  Napot = 3,
}

/** pmpcfg octet bits. */
export const PmpCfg = {
  R: 1,
  W: 2,
  X: 4,
  A_SHIFT: 3,
  L: 0x80,
} as const;

/** Number of entries. */
export const PMP_ENTRIES = 16;

const ADDRESS_SPACE = 0x1_0000_0000;

/** Permissions of one entry for (machine, user) given its octet and MML. */
function entryPermissions(cfg: number, machineModeLockdown: boolean): [number, number] {
  const locked = (cfg & PmpCfg.L) !== 0;
  const rwx = cfg & 7;
  if (!machineModeLockdown) {
    const effective = (rwx & 3) === PmpCfg.W ? rwx & PmpCfg.X : rwx;
    return [locked ? effective : 7, effective];
  }
  const r = PmpCfg.R;
  const w = PmpCfg.W;
  const x = PmpCfg.X;
  switch ((locked ? 8 : 0) | ((rwx & 1) << 2) | (rwx & 2) | ((rwx & 4) >> 2)) {
    // L R W X -> machine, user
    case 0b0010:
      return [r | w, r];
    case 0b0011:
      return [r | w, r | w];
    case 0b1010:
      return [x, x];
    case 0b1011:
      return [r | x, x];
    case 0b1111:
      return [r, r];
    default:
      return locked ? [rwx, 0] : [0, rwx];
  }
}

/** The PMP of one hart. */
export class Pmp {
  readonly #cfg = new Uint8Array(PMP_ENTRIES);
  readonly #addr = new Uint32Array(PMP_ENTRIES);
  #mseccfg = 0;
  /** True when some rule restricts machine mode (a locked entry, MML or MMWP). */
  machineEnforced = false;

  // The compiled interval map.
  #intervalCount = 0;
  readonly #starts = new Float64Array(2 * PMP_ENTRIES + 2);
  readonly #ends = new Float64Array(2 * PMP_ENTRIES + 2);
  readonly #owners = new Int8Array(2 * PMP_ENTRIES + 2);
  readonly #machine = new Uint8Array(2 * PMP_ENTRIES + 2);
  readonly #user = new Uint8Array(2 * PMP_ENTRIES + 2);

  constructor() {
    this.#compile();
  }

  /** Clears every entry and `mseccfg` (hart reset). */
  reset(): void {
    this.#cfg.fill(0);
    this.#addr.fill(0);
    this.#mseccfg = 0;
    this.#compile();
  }

  /** Reads pmpcfg`index` (0-3): four octets. */
  readConfig(index: number): number {
    const base = index * 4;
    return (
      ((this.#cfg[base] ?? 0) |
        ((this.#cfg[base + 1] ?? 0) << 8) |
        ((this.#cfg[base + 2] ?? 0) << 16) |
        ((this.#cfg[base + 3] ?? 0) << 24)) >>>
      0
    );
  }

  /** Writes pmpcfg`index` (0-3), skipping locked octets and (under MML) forbidden rules. */
  writeConfig(index: number, value: number): void {
    const ruleLockBypass = (this.#mseccfg & Mseccfg.RLB) !== 0;
    const lockdown = (this.#mseccfg & Mseccfg.MML) !== 0;
    for (let lane = 0; lane < 4; lane++) {
      const entry = index * 4 + lane;
      if (this.#isLocked(entry)) continue;
      const octet = (value >>> (8 * lane)) & 0x9f;
      if (lockdown && !ruleLockBypass && (octet & PmpCfg.L) !== 0) {
        const rwx = octet & 7;
        const executable = (rwx & PmpCfg.X) !== 0 && rwx !== 7;
        const sharedCode = (rwx & 3) === PmpCfg.W;
        if (executable || sharedCode) continue;
      }
      this.#cfg[entry] = octet;
    }
    this.#compile();
  }

  /** Reads pmpaddr`entry`. */
  readAddress(entry: number): number {
    return this.#addr[entry] ?? 0;
  }

  /** Writes pmpaddr`entry` unless the entry, or a TOR entry above it, is locked. */
  writeAddress(entry: number, value: number): void {
    if (this.#isLocked(entry)) return;
    const above = entry + 1;
    if (above < PMP_ENTRIES && this.#isLocked(above) && this.mode(above) === PmpMode.Tor) return;
    this.#addr[entry] = value >>> 0;
    this.#compile();
  }

  /** Reads `mseccfg`. */
  readMseccfg(): number {
    return this.#mseccfg;
  }

  /** Writes `mseccfg`: MML and MMWP only set; RLB only while no entry is locked or it is set. */
  writeMseccfg(value: number): void {
    let next = this.#mseccfg | (value & (Mseccfg.MML | Mseccfg.MMWP));
    const anyLocked = this.#cfg.some((cfg) => (cfg & PmpCfg.L) !== 0);
    if ((this.#mseccfg & Mseccfg.RLB) !== 0 || !anyLocked) {
      next = (next & ~Mseccfg.RLB) | (value & Mseccfg.RLB);
    }
    this.#mseccfg = next;
    this.#compile();
  }

  /** The address mode of `entry`. */
  mode(entry: number): PmpMode {
    return ((this.#cfg[entry] ?? 0) >>> PmpCfg.A_SHIFT) & 3;
  }

  /**
   * Whether an access of `size` bytes at `address` of `kind` is allowed in machine mode
   * (`machine` true) or user mode.
   */
  check(address: number, size: number, kind: AccessKind, machine: boolean): boolean {
    const index = this.intervalIndex(address);
    const end = address + size;
    const owner = this.#owners[index];
    let next = index;
    while (end > (this.#ends[next] ?? ADDRESS_SPACE)) {
      next++;
      if (next >= this.#intervalCount || this.#owners[next] !== owner) return false;
    }
    const permissions = machine ? this.#machine[index] : this.#user[index];
    return ((permissions ?? 0) & kind) !== 0;
  }

  /** The interval holding `address`. */
  intervalIndex(address: number): number {
    let low = 0;
    let high = this.#intervalCount - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if ((this.#starts[middle] ?? 0) <= address) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  /** Start of interval `index`. */
  intervalStart(index: number): number {
    return this.#starts[index] ?? 0;
  }

  /** End (exclusive) of interval `index`. */
  intervalEnd(index: number): number {
    return this.#ends[index] ?? ADDRESS_SPACE;
  }

  /** Permissions of interval `index` for the mode. */
  intervalPermissions(index: number, machine: boolean): number {
    return (machine ? this.#machine[index] : this.#user[index]) ?? 0;
  }

  #isLocked(entry: number): boolean {
    return ((this.#cfg[entry] ?? 0) & PmpCfg.L) !== 0 && (this.#mseccfg & Mseccfg.RLB) === 0;
  }

  /** `[start, end)` matched by `entry`, or undefined when it matches nothing. */
  #range(entry: number): [number, number] | undefined {
    const address = this.#addr[entry] ?? 0;
    switch (this.mode(entry)) {
      case PmpMode.Off:
        return undefined;
      case PmpMode.Tor: {
        const start = entry === 0 ? 0 : (this.#addr[entry - 1] ?? 0) * 4;
        const end = address * 4;
        return start < end ? [start, end] : undefined;
      }
      case PmpMode.Na4:
        return [address * 4, address * 4 + 4];
      default: {
        let ones = 0;
        while (ones < 32 && ((address >>> ones) & 1) === 1) ones++;
        const size = 2 ** (ones + 3);
        const base = (ones === 32 ? 0 : Math.floor(address / 2 ** ones) * 2 ** ones) * 4;
        return [base, base + size];
      }
    }
  }

  #compile(): void {
    const lockdown = (this.#mseccfg & Mseccfg.MML) !== 0;
    const whitelist = (this.#mseccfg & Mseccfg.MMWP) !== 0;
    const ranges: Array<[number, number] | undefined> = [];
    const points = new Set<number>([0, ADDRESS_SPACE]);
    let machineEnforced = lockdown || whitelist;
    for (let entry = 0; entry < PMP_ENTRIES; entry++) {
      const range = this.#range(entry);
      ranges.push(range);
      if (range === undefined) continue;
      const start = Math.min(range[0], ADDRESS_SPACE);
      const end = Math.min(range[1], ADDRESS_SPACE);
      if (start >= end) {
        ranges[entry] = undefined;
        continue;
      }
      ranges[entry] = [start, end];
      points.add(start);
      points.add(end);
      if (((this.#cfg[entry] ?? 0) & PmpCfg.L) !== 0) machineEnforced = true;
    }
    const sorted = [...points].sort((a, b) => a - b);
    const defaultMachine = whitelist ? 0 : lockdown ? PmpCfg.R | PmpCfg.W : 7;
    let count = 0;
    for (let index = 0; index + 1 < sorted.length; index++) {
      const start = sorted[index] ?? 0;
      const end = sorted[index + 1] ?? ADDRESS_SPACE;
      let owner = -1;
      for (let entry = 0; entry < PMP_ENTRIES; entry++) {
        const range = ranges[entry];
        if (range !== undefined && range[0] <= start && end <= range[1]) {
          owner = entry;
          break;
        }
      }
      const [machine, user] =
        owner < 0 ? [defaultMachine, 0] : entryPermissions(this.#cfg[owner] ?? 0, lockdown);
      this.#starts[count] = start;
      this.#ends[count] = end;
      this.#owners[count] = owner;
      this.#machine[count] = machine;
      this.#user[count] = user;
      count++;
    }
    this.#intervalCount = count;
    this.machineEnforced = machineEnforced;
  }
}
