/**
 * `ProcessId`: how capsules and the kernel name a process (upstream `ProcessId` in
 * `kernel/src/process.rs`).
 *
 * It pairs the slot index with a unique identifier the kernel hands out at every creation and
 * restart, so an id kept across a restart no longer resolves: lookups compare both halves.
 */

/** A process slot index plus the identifier of one incarnation of that process. */
export class ProcessId {
  /** The slot in the kernel's process array (what IPC calls the process's id). */
  readonly index: number;
  /** The kernel-unique identifier of this incarnation (the console's "PID"). */
  readonly identifier: number;

  /** @internal The kernel creates ids; others receive them. */
  constructor(index: number, identifier: number) {
    this.index = index;
    this.identifier = identifier;
  }

  /** True when both name the same incarnation. */
  equals(other: ProcessId): boolean {
    return this.index === other.index && this.identifier === other.identifier;
  }

  /** `ProcessId(index, identifier)`, for logs. */
  toString(): string {
    return `ProcessId(${this.index}, ${this.identifier})`;
  }
}
