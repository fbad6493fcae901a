/**
 * The `inspect-tab` text for a TAB: its metadata, the architectures it has TBFs for, then each
 * TBF's header and footers as tockloader prints them.
 */
import { readU32 } from '../bytes.js';
import type { PublicKey } from '../crypto/public-keys.js';
import { describeTbfFooters, describeTbfHeader } from '../tbf/describe.js';
import { readBaseHeader } from '../tbf/header-edit.js';
import { findTlv } from '../tbf/read-header.js';
import { TlvType } from '../tbf/tbf-types.js';
import { type Tab, tabArchitectures } from './tab-file.js';

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : `  ${line}`))
    .join('\n');
}

/**
 * The description of `tab`; with `verifyWith`, each credential is checked and marked.
 */
export function describeTab(tab: Tab, verifyWith?: readonly PublicKey[]): string {
  let out = `TAB: ${tab.metadata.name ?? ''}\n`;
  for (const key of Object.keys(tab.metadata).sort()) {
    if (key !== 'name') out += `  ${key}: ${tab.metadata[key]}\n`;
  }
  out += `  included architectures: ${tabArchitectures(tab).join(', ')}\n`;
  for (const tbf of tab.tbfs) {
    out += `\n${tbf.name}:\n`;
    if (tbf.tbf.length < 16 || readBaseHeader(tbf.tbf).version !== 2) {
      out += '  not a TBF\n';
      continue;
    }
    out += indent(describeTbfHeader(tbf.tbf));
    const program = findProgramEnd(tbf.tbf);
    if (program !== undefined)
      out += `TBF Footers\n${indent(describeTbfFooters(tbf.tbf, program, undefined, verifyWith))}`;
  }
  return out;
}

/** The Program TLV's binary end offset, or `undefined` without a Program TLV. */
function findProgramEnd(tbf: Uint8Array): number | undefined {
  const at = findTlv(tbf, TlvType.PROGRAM);
  return at === undefined ? undefined : readU32(tbf, at + 12);
}
