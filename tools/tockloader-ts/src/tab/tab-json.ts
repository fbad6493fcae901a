/**
 * `inspect-tab --json`: a TAB's metadata, architectures and each TBF's header and footers, the
 * fields `describeTab` prints.
 */
import { readU32 } from '../bytes.js';
import type { PublicKey } from '../crypto/public-keys.js';
import { readBaseHeader } from '../tbf/header-edit.js';
import { findTlv } from '../tbf/read-header.js';
import { type JsonObject, tbfFootersJson, tbfHeaderJson } from '../tbf/tbf-json.js';
import { TlvType } from '../tbf/tbf-types.js';
import { type Tab, tabArchitectures } from './tab-file.js';

/** The JSON object for `tab`; with `verifyWith`, credentials carry `verified`. */
export function tabJson(tab: Tab, verifyWith?: readonly PublicKey[]): JsonObject {
  const metadata: JsonObject = {};
  for (const key of Object.keys(tab.metadata).sort()) {
    const value = tab.metadata[key];
    if (value !== undefined) metadata[key] = value;
  }
  return {
    name: tab.metadata.name ?? '',
    metadata,
    architectures: tabArchitectures(tab),
    tbfs: tab.tbfs.map((tbf): JsonObject => {
      if (tbf.tbf.length < 16 || readBaseHeader(tbf.tbf).version !== 2) {
        return { name: tbf.name, architecture: tbf.architecture, error: 'not a TBF' };
      }
      const program = findTlv(tbf.tbf, TlvType.PROGRAM);
      const binaryEnd = program === undefined ? undefined : readU32(tbf.tbf, program + 12);
      return {
        name: tbf.name,
        architecture: tbf.architecture,
        header: tbfHeaderJson(tbf.tbf),
        footer: binaryEnd === undefined ? null : tbfFootersJson(tbf.tbf, binaryEnd, verifyWith),
      };
    }),
  };
}
