/**
 * `metadata.toml`, the first member of a TAB: written with exactly elf2tab's keys and layout,
 * read with a TOML parser.
 */
import { err, ok, type Result } from '@tock-ts/hil';
import { parse } from 'smol-toml';

/** What elf2tab records about a bundle. */
export interface TabMetadataOptions {
  /** Package name (`name`); elf2tab writes it even when empty. */
  readonly name: string;
  /** `minimum-tock-kernel-version = "M.m"`. */
  readonly minimumKernelVersion?: { readonly major: number; readonly minor: number };
  /** `only-for-boards`, elf2tab's `--supported-boards` text as given. */
  readonly onlyForBoards?: string;
  /** `build-date` (RFC 3339, whole seconds, UTC); omit for a deterministic TAB. */
  readonly buildDate?: Date;
}

/** TOML basic-string quoting (elf2tab does not escape; for ordinary names the result is the same). */
function tomlString(value: string): string {
  let quoted = '"';
  for (const character of value) {
    const code = character.charCodeAt(0);
    if (character === '"' || character === '\\') quoted += `\\${character}`;
    else if (code < 0x20 || code === 0x7f) quoted += `\\u${code.toString(16).padStart(4, '0')}`;
    else quoted += character;
  }
  return `${quoted}"`;
}

/** `date` as elf2tab's chrono prints it: `2024-05-01T12:34:56Z`. */
export function rfc3339Seconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** The text of `metadata.toml`. */
export function formatTabMetadata(options: TabMetadataOptions): string {
  let text = 'tab-version = 1\n';
  text += `name = ${tomlString(options.name)}\n`;
  if (options.minimumKernelVersion !== undefined) {
    const { major, minor } = options.minimumKernelVersion;
    text += `minimum-tock-kernel-version = "${major}.${minor}"\n`;
  }
  if (options.onlyForBoards !== undefined) text += `only-for-boards = ${tomlString(options.onlyForBoards)}\n`;
  if (options.buildDate !== undefined) text += `build-date = ${rfc3339Seconds(options.buildDate)}\n`;
  return text;
}

/** A metadata value as text (TOML dates and numbers included), for display and comparison. */
export type TabMetadata = Readonly<Record<string, string>>;

/** Parses `metadata.toml`; every value is returned as text. */
export function parseTabMetadata(text: string): Result<TabMetadata, string> {
  let table: Record<string, unknown>;
  try {
    table = parse(text);
  } catch (error) {
    return err(`bad metadata.toml: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(table)) {
    metadata[key] = value instanceof Date ? rfc3339Seconds(value) : String(value);
  }
  if (metadata['tab-version'] === undefined) return err('metadata.toml has no tab-version');
  return ok(metadata);
}
