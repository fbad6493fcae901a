/**
 * A process's upcall queue: a fixed ring of tasks (upstream `RingBuffer<Task>` of `CALLBACK_LEN`).
 */
import { UPCALL_QUEUE_LENGTH } from './process-memory.js';
import type { Task } from './process-types.js';

/** First-in first-out tasks, at most `UPCALL_QUEUE_LENGTH`. */
export class UpcallQueue {
  readonly #tasks: Task[] = [];

  /** Tasks waiting. */
  get length(): number {
    return this.#tasks.length;
  }

  /** Appends `task`; false when the queue is full. */
  enqueue(task: Task): boolean {
    if (this.#tasks.length >= UPCALL_QUEUE_LENGTH) return false;
    this.#tasks.push(task);
    return true;
  }

  /** Removes and returns the oldest task. */
  dequeue(): Task | undefined {
    return this.#tasks.shift();
  }

  /** Removes and returns the oldest task that `matches`; the others keep their order. */
  removeFirstMatching(matches: (task: Task) => boolean): Task | undefined {
    const index = this.#tasks.findIndex(matches);
    if (index < 0) return undefined;
    const [task] = this.#tasks.splice(index, 1);
    return task;
  }

  /** True when some task `matches`. */
  some(matches: (task: Task) => boolean): boolean {
    return this.#tasks.some(matches);
  }

  /** Keeps only the tasks `keep` accepts; returns how many were removed. */
  retain(keep: (task: Task) => boolean): number {
    const before = this.#tasks.length;
    const kept = this.#tasks.filter(keep);
    this.#tasks.length = 0;
    this.#tasks.push(...kept);
    return before - kept.length;
  }

  /** Drops every task. */
  empty(): void {
    this.#tasks.length = 0;
  }

  /** The queued tasks, oldest first (for the process console). */
  snapshot(): readonly Task[] {
    return [...this.#tasks];
  }
}
