/**
 * Kernel panics: the one way kernel code stops on a broken invariant (upstream `panic!`).
 *
 * Expected failures are `Result` values; a panic means the kernel or a capsule has a bug, or a
 * fault policy asked for one. It throws `KernelPanic`, which a board's run loop reports.
 */

/** The error a kernel panic throws. */
export class KernelPanic extends Error {
  override readonly name = 'KernelPanic';
}

/** Stops the kernel with `message`. Never returns. */
export function kernelPanic(message: string): never {
  throw new KernelPanic(message);
}
