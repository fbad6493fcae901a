/**
 * Number arguments as elf2tab's command line reads them: plain decimal for sizes, decimal or
 * `0x` hexadecimal for IDs. Invalid input throws commander's InvalidArgumentError, which the
 * command line reports as one line.
 */
import { InvalidArgumentError } from 'commander';

const U32_MAX = 0xffffffff;

function checkRange(text: string, value: number, maximum: number): number {
  if (!Number.isSafeInteger(value) || value > maximum) {
    throw new InvalidArgumentError(`"${text}" is out of range (0..=${maximum})`);
  }
  return value;
}

function decimal(text: string, maximum: number): number {
  if (!/^\+?\d+$/.test(text)) throw new InvalidArgumentError(`"${text}" is not a decimal number`);
  return checkRange(text, Number(text), maximum);
}

/** An unsigned 32-bit decimal number. (One parameter: commander passes the previous value second.) */
export function parseDecimal(text: string): number {
  return decimal(text, U32_MAX);
}

/** An unsigned 16-bit decimal number. */
export function parseDecimalU16(text: string): number {
  return decimal(text, 0xffff);
}

/** An unsigned 32-bit number, decimal or `0x` hexadecimal. */
export function parseDecimalOrHex(text: string): number {
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) return checkRange(text, Number.parseInt(text.slice(2), 16), U32_MAX);
  return parseDecimal(text);
}

/** A `driver,command` pair for `--permissions`. */
export function parsePermission(text: string): [number, number] {
  const comma = text.indexOf(',');
  if (comma < 0) throw new InvalidArgumentError(`invalid number,option: no \`,\` found in \`${text}\``);
  return [parseDecimal(text.slice(0, comma)), parseDecimal(text.slice(comma + 1))];
}

/** Commander collector for variadic options: parses each value and appends it. */
export function collect<T>(parse: (text: string) => T): (text: string, previous: T[] | undefined) => T[] {
  return (text, previous) => [...(previous ?? []), parse(text)];
}
