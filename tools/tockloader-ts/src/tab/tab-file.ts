/**
 * TAB files (Tock Application Bundles): a tar archive with `metadata.toml` first and one
 * `<architecture>.tbf` per build. Written as elf2tab writes them (deterministic-mode members:
 * mode 0644, owner 0, mtime 1153704088 for TBFs), read as tockloader reads them.
 */
import { err, ok, type Result } from '@tock-ts/hil';
import { decodeUtf8, encodeUtf8 } from '../text/utf8.js';
import {
  formatTabMetadata,
  parseTabMetadata,
  type TabMetadata,
  type TabMetadataOptions,
} from './metadata.js';
import { readTar, type TarMember, writeTar } from './tar.js';

/** The modification time the `tar` crate stamps on files in deterministic mode (23 July 2006). */
export const DETERMINISTIC_MTIME = 1153704088;
const FILE_MODE = 0o644;

/** One TBF in a bundle. */
export interface TabBinary {
  /** elf2tab's architecture: the ELF file stem or the name given after a comma. */
  readonly architecture: string;
  readonly tbf: Uint8Array;
}

/** Builds a TAB from its metadata and TBFs, byte for byte as elf2tab. */
export function writeTab(metadata: TabMetadataOptions, binaries: readonly TabBinary[]): Uint8Array {
  const members: TarMember[] = [
    { header: { name: 'metadata.toml', mode: FILE_MODE }, data: encodeUtf8(formatTabMetadata(metadata)) },
  ];
  for (const binary of binaries) {
    members.push({
      header: {
        name: `${binary.architecture}.tbf`,
        mode: FILE_MODE,
        uid: 0,
        gid: 0,
        mtime: DETERMINISTIC_MTIME,
        typeflag: '0',
        deviceMajor: 0,
        deviceMinor: 0,
      },
      data: binary.tbf,
    });
  }
  return writeTar(members);
}

/** A TBF member of a TAB. */
export interface TabTbf {
  /** Member name without `.tbf`, e.g. `rv32imac.0x80100080.0x80300000`. */
  readonly name: string;
  /** The part before the first dot: what tockloader matches against a board's architecture. */
  readonly architecture: string;
  readonly tbf: Uint8Array;
}

/** A TAB read back. */
export interface Tab {
  readonly metadata: TabMetadata;
  /** The TBF members, in archive order. */
  readonly tbfs: readonly TabTbf[];
}

/** Reads a TAB: its metadata and TBF members. */
export function readTab(bytes: Uint8Array): Result<Tab, string> {
  const entries = readTar(bytes);
  if (!entries.ok) return err(`not a TAB file: ${entries.error}`);
  const metadataEntry = entries.value.find((entry) => entry.name === 'metadata.toml');
  if (metadataEntry === undefined) return err('not a TAB file: no metadata.toml');
  const text = decodeUtf8(metadataEntry.data);
  if (text === undefined) return err('metadata.toml is not UTF-8');
  const metadata = parseTabMetadata(text);
  if (!metadata.ok) return metadata;
  const tbfs: TabTbf[] = [];
  for (const entry of entries.value) {
    const pieces = entry.name.split('.');
    if (pieces.length < 2 || pieces[pieces.length - 1] !== 'tbf') continue;
    tbfs.push({ name: entry.name.slice(0, -'.tbf'.length), architecture: pieces[0] ?? '', tbf: entry.data });
  }
  return ok({ metadata: metadata.value, tbfs });
}

/** The distinct architectures a TAB has TBFs for, sorted (tockloader's `get_supported_architectures`). */
export function tabArchitectures(tab: Tab): string[] {
  return [...new Set(tab.tbfs.map((tbf) => tbf.architecture))].sort();
}

/** The TBFs for `architecture` (tockloader's `extract_app`). */
export function tabTbfsFor(tab: Tab, architecture: string): TabTbf[] {
  return tab.tbfs.filter((tbf) => tbf.architecture === architecture);
}

/** True unless the TAB's `only-for-boards` list is set and does not name `board`. */
export function tabSupportsBoard(tab: Tab, board: string | undefined): boolean {
  const boards = (tab.metadata['only-for-boards'] ?? '').trim();
  if (boards === '') return true;
  return board !== undefined && boards.includes(board);
}
