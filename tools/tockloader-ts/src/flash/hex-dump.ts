/**
 * Flash contents as tockloader's `read` and `dump-flash-page` print them: 16 bytes a line, the
 * address in 8 hex digits, the bytes in two groups of eight, then the printable ASCII
 * characters between bars (anything else as `.`).
 */

const HEX = '0123456789abcdef';

function printable(byte: number): string {
  // Python's string.printable without the whitespace other than the space.
  return byte >= 0x20 && byte <= 0x7e ? String.fromCharCode(byte) : '.';
}

/** One dump line for up to 16 bytes at `address`. */
function dumpLine(address: number, bytes: Uint8Array): string {
  let hex = '';
  let text = '';
  bytes.forEach((byte, index) => {
    if (index > 0) hex += index === 8 ? '  ' : ' ';
    hex += (HEX[byte >> 4] ?? '') + (HEX[byte & 15] ?? '');
    text += printable(byte);
  });
  return `${address.toString(16).padStart(8, '0')}  ${hex.padEnd(48)}  |${text}|\n`;
}

/** The dump of `bytes`, the first of which is at `address`; empty for no bytes. */
export function hexDump(address: number, bytes: Uint8Array): string {
  let out = '';
  for (let offset = 0; offset < bytes.length; offset += 16) {
    out += dumpLine(address + offset, bytes.subarray(offset, offset + 16));
  }
  return out;
}
