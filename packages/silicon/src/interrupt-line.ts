/**
 * The port a peripheral uses to drive one interrupt request into its interrupt controller.
 *
 * Lines are level-sensitive: a peripheral raises its line while its interrupt condition holds and
 * lowers it when the condition clears (for example when software acknowledges the event). The
 * controller behind the port (NVIC, PLIC) decides what pending means.
 */

/** One interrupt request line. */
export interface InterruptLine {
  /** Asserts the request. Raising an already raised line does nothing. */
  raise(): void;
  /** Deasserts the request. */
  lower(): void;
}

/** Drives `line` to `level`: raises it when true, lowers it when false. */
export function setInterruptLevel(line: InterruptLine, level: boolean): void {
  if (level) line.raise();
  else line.lower();
}
