/**
 * The rotating list of process slots the round-robin and cooperative schedulers walk (upstream's
 * linked list of `ProcessSlot` nodes).
 */

/** Slot indices in turn order; the head is the process that ran or runs next. */
export class SlotRotation {
  readonly #order: number[];

  constructor(slotCount: number) {
    this.#order = Array.from({ length: slotCount }, (_, index) => index);
  }

  /** The slot at the head of the list. */
  get head(): number | undefined {
    return this.#order[0];
  }

  /** Moves the head to the tail. */
  rotate(): void {
    const head = this.#order.shift();
    if (head !== undefined) this.#order.push(head);
  }

  /**
   * Rotates until the head slot satisfies `ready`, trying each slot once; returns that slot, or
   * `undefined` (having gone all the way round) when none is ready.
   */
  findReady(ready: (slot: number) => boolean): number | undefined {
    for (let tried = 0; tried < this.#order.length; tried++) {
      const head = this.#order[0];
      if (head !== undefined && ready(head)) return head;
      this.rotate();
    }
    return undefined;
  }

  /** The slots in turn order. */
  snapshot(): readonly number[] {
    return [...this.#order];
  }
}
