/**
 * The options of `tock-ts run`, checked: numbers parsed, button presses decoded, the regular
 * expression compiled. Every problem is one line for the user.
 */
import { type FaultPolicyChoice, parseFaultPolicy } from '@tock-ts/kernel';
import type { Checked } from './app-flash.js';

/** The boards `--board` accepts. */
export const KNOWN_BOARDS = Object.freeze(['nrf52840dk', 'qemu_rv32_virt'] as const);

/** A scripted button press: `button` goes down at `atNanos` of virtual time. */
export interface ButtonPress {
  readonly button: number;
  readonly atNanos: number;
}

/** `tock-ts run` after checking. */
export interface RunOptions {
  readonly board: string;
  readonly files: readonly string[];
  readonly flashFile: string | undefined;
  readonly timeoutNanos: number | undefined;
  readonly until: RegExp | undefined;
  readonly presses: readonly ButtonPress[];
  readonly realtime: boolean;
  readonly faultPolicy: FaultPolicyChoice;
}

/** The option values as commander hands them over. */
export interface RawRunOptions {
  readonly board: string;
  readonly flashFile?: string;
  readonly timeout?: string;
  readonly until?: string;
  readonly press: readonly string[];
  readonly realtime?: boolean;
  readonly faultPolicy: string;
}

const NANOS_PER_SECOND = 1_000_000_000;

/** Seconds as a non-negative decimal, in nanoseconds; undefined when malformed. */
export function parseSeconds(text: string): number | undefined {
  if (!/^\d+(\.\d+)?$/.test(text)) return undefined;
  const nanos = Math.round(Number(text) * NANOS_PER_SECOND);
  return Number.isSafeInteger(nanos) ? nanos : undefined;
}

/** `B@S`: button B pressed at S seconds of virtual time. */
export function parsePress(text: string): ButtonPress | undefined {
  const match = /^(\d+)@(.+)$/.exec(text);
  if (match === null) return undefined;
  const atNanos = parseSeconds(match[2] ?? '');
  if (atNanos === undefined) return undefined;
  return { button: Number(match[1]), atNanos };
}

/** Checks the raw options and positional files. */
export function checkRunOptions(raw: RawRunOptions, files: readonly string[]): Checked<RunOptions> {
  if (!(KNOWN_BOARDS as readonly string[]).includes(raw.board))
    return { ok: false, error: `unknown board '${raw.board}' (known: ${KNOWN_BOARDS.join(', ')})` };
  if (raw.board === 'qemu_rv32_virt' && raw.press.length > 0)
    return { ok: false, error: '--press: qemu_rv32_virt has no buttons' };
  if (raw.flashFile !== undefined && files.length > 0) {
    return { ok: false, error: 'give either app files or --flash-file, not both' };
  }
  let timeoutNanos: number | undefined;
  if (raw.timeout !== undefined) {
    timeoutNanos = parseSeconds(raw.timeout);
    if (timeoutNanos === undefined)
      return { ok: false, error: `--timeout: '${raw.timeout}' is not a number of seconds` };
  }
  let until: RegExp | undefined;
  if (raw.until !== undefined) {
    try {
      until = new RegExp(raw.until);
    } catch {
      return { ok: false, error: `--until: '${raw.until}' is not a regular expression` };
    }
  }
  const presses: ButtonPress[] = [];
  for (const text of raw.press) {
    const press = parsePress(text);
    if (press === undefined || press.button > 3) {
      return { ok: false, error: `--press: '${text}' is not BUTTON@SECONDS with a button from 0 to 3` };
    }
    presses.push(press);
  }
  presses.sort((a, b) => a.atNanos - b.atNanos);
  const faultPolicy = parseFaultPolicy(raw.faultPolicy);
  if (faultPolicy === undefined) {
    return {
      ok: false,
      error: `--fault-policy: '${raw.faultPolicy}' is not panic, stop, restart, threshold-stop:N or threshold-panic:N`,
    };
  }
  return {
    ok: true,
    value: {
      board: raw.board,
      files,
      flashFile: raw.flashFile,
      timeoutNanos,
      until,
      presses,
      realtime: raw.realtime === true,
      faultPolicy,
    },
  };
}
