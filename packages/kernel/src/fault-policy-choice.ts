/**
 * Fault policies by name, for boards and tools that let a user choose one: the choice as data,
 * its parser (`panic`, `stop`, `restart`, `threshold-stop:N`, `threshold-panic:N`) and the kernel
 * policy object it stands for.
 */
import {
  PanicFaultPolicy,
  type ProcessFaultPolicy,
  RestartFaultPolicy,
  StopFaultPolicy,
  ThresholdRestartFaultPolicy,
  ThresholdRestartThenPanicFaultPolicy,
} from './fault-policies.js';

/** A fault policy by name; the threshold policies restart up to `restarts` times first. */
export type FaultPolicyChoice =
  | { readonly kind: 'panic' }
  | { readonly kind: 'stop' }
  | { readonly kind: 'restart' }
  | { readonly kind: 'threshold-stop'; readonly restarts: number }
  | { readonly kind: 'threshold-panic'; readonly restarts: number };

/** The kernel policy object for a choice. */
export function createFaultPolicy(choice: FaultPolicyChoice): ProcessFaultPolicy {
  switch (choice.kind) {
    case 'panic':
      return new PanicFaultPolicy();
    case 'stop':
      return new StopFaultPolicy();
    case 'restart':
      return new RestartFaultPolicy();
    case 'threshold-stop':
      return new ThresholdRestartFaultPolicy(choice.restarts);
    case 'threshold-panic':
      return new ThresholdRestartThenPanicFaultPolicy(choice.restarts);
  }
}

/**
 * Parses `panic`, `stop`, `restart`, `threshold-stop:N` or `threshold-panic:N`; `undefined` when
 * the text names no policy.
 */
export function parseFaultPolicy(text: string): FaultPolicyChoice | undefined {
  if (text === 'panic' || text === 'stop' || text === 'restart') return { kind: text };
  const match = /^(threshold-stop|threshold-panic):(\d{1,6})$/.exec(text);
  if (match === null) return undefined;
  const restarts = Number(match[2]);
  return match[1] === 'threshold-stop'
    ? { kind: 'threshold-stop', restarts }
    : { kind: 'threshold-panic', restarts };
}
