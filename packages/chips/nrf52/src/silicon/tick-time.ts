/**
 * Exact conversions between virtual nanoseconds and the edges of a clock whose frequency divides
 * into nanoseconds as a ratio of integers: the 32 768 Hz LFCLK (64 edges every 1 953 125 ns) and
 * the 16 MHz HFCLK (2 edges every 125 ns).
 *
 * Edge n (n ≥ 1) of a clock happens at the first whole nanosecond at or after n periods; edges are
 * counted from virtual time 0. Everything stays in exact integer arithmetic for any time a
 * `SimulationClock` can hold.
 */

/** A clock frequency as `edges` edges per `nanos` nanoseconds (a reduced fraction). */
export interface EdgeRatio {
  readonly edges: number;
  readonly nanos: number;
}

/** The 32 768 Hz low-frequency clock. */
export const LFCLK_RATIO: EdgeRatio = { edges: 64, nanos: 1_953_125 };
/** The 16 MHz high-frequency peripheral clock. */
export const HFCLK_16MHZ_RATIO: EdgeRatio = { edges: 2, nanos: 125 };

/** The number of clock edges in (0, `nanos`]. */
export function edgesAt(ratio: EdgeRatio, nanos: number): number {
  const whole = Math.floor(nanos / ratio.nanos);
  const rest = nanos - whole * ratio.nanos;
  return whole * ratio.edges + Math.floor((rest * ratio.edges) / ratio.nanos);
}

/** The virtual time of edge `edge` (the first whole nanosecond at or after it). */
export function nanosOfEdge(ratio: EdgeRatio, edge: number): number {
  const whole = Math.floor(edge / ratio.edges);
  const rest = edge - whole * ratio.edges;
  return whole * ratio.nanos + Math.ceil((rest * ratio.nanos) / ratio.edges);
}
