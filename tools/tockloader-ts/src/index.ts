/**
 * @tock-ts/tockloader-ts: build Tock app bundles from ELF files and manage apps in flash.
 *
 * Portable: everything here works on `Uint8Array`s and runs in browsers as well as Node; the
 * `tockloader-ts` command line lives in `src/cli`.
 */

export {
  type BoardOperation,
  changeBoardApps,
  RecordingFlash,
  readBoardApps,
  replayOnBoard,
} from './bootloader/board.js';
export { type BootloaderAttribute, BootloaderClient, type ByteTransport } from './bootloader/client.js';
export {
  Command as BootloaderCommand,
  crc32,
  encodeCommand,
  escapeBytes,
  PAGE_SIZE as BOOTLOADER_PAGE_SIZE,
  Response as BootloaderResponse,
  unescapeBytes,
} from './bootloader/protocol.js';
export { type PublicKey, readPublicKey } from './crypto/public-keys.js';
export { type ElfFile, type ProgramHeader, parseElf, type SectionHeader } from './elf/elf-file.js';
export { type ConvertedTbf, elfToTbf } from './elf2tab/convert.js';
export type { ElfToTbfOptions } from './elf2tab/options.js';
export { type AppFlag, setAppFlag } from './flash/app-flags.js';
export type { AppFlash } from './flash/app-flash.js';
export { installedAppsJson, installedObjectJson, kernelAttributesJson } from './flash/apps-json.js';
export {
  type BoardOptions,
  type BoardSettings,
  DEFAULT_APP_ADDRESS,
  KNOWN_BOARDS,
  type KnownBoard,
  resolveBoardSettings,
} from './flash/board-settings.js';
export { describeInstalledApps, describeObject } from './flash/describe-apps.js';
export { FlashImage } from './flash/flash-image.js';
export { hexDump } from './flash/hex-dump.js';
export { type InstallOptions, installTabs, type ReplaceMode } from './flash/install.js';
export { findInstalledObjects, type InstalledObject, readObjectAt } from './flash/installed-apps.js';
export {
  appMemoryRegion,
  describeKernelAttributes,
  KERNEL_ATTRIBUTES_READ_LENGTH,
  type KernelAttribute,
  type KernelAttributes,
  KernelAttributeType,
  parseKernelAttributes,
} from './flash/kernel-attributes.js';
export { type LayoutOptions, layOutApps } from './flash/layout.js';
export { eraseApps, type UninstallOptions, uninstallApps } from './flash/remove.js';
export { describeTab } from './tab/describe-tab.js';
export {
  formatTabMetadata,
  parseTabMetadata,
  type TabMetadata,
  type TabMetadataOptions,
} from './tab/metadata.js';
export {
  DETERMINISTIC_MTIME,
  readTab,
  type Tab,
  type TabBinary,
  type TabTbf,
  tabArchitectures,
  tabSupportsBoard,
  tabTbfsFor,
  writeTab,
} from './tab/tab-file.js';
export { tabJson } from './tab/tab-json.js';
export { readTar, type TarEntry, type TarMember, type TarMemberHeader, writeTar } from './tab/tar.js';
export { tbfChecksum } from './tbf/checksum.js';
export { describeTbfFooters, describeTbfHeader } from './tbf/describe.js';
export {
  fixedFlashAddress,
  paddingHeader,
  placeFixedAddressTbf,
  readBaseHeader,
  withFlags,
  withTotalSize,
} from './tbf/header-edit.js';
export {
  type DriverPermission,
  encodeTbfHeader,
  groupPermissions,
  type StoragePermissions,
  type TbfHeaderFields,
  type WriteableFlashRegion,
} from './tbf/header-writer.js';
export { findTlv, type LenientTbfHeader, readTbfHeader } from './tbf/read-header.js';
export { type JsonObject, type JsonValue, tbfFootersJson, tbfHeaderJson } from './tbf/tbf-json.js';
export { CredentialFormat, TbfFlags, TlvType } from './tbf/tbf-types.js';
export { type CredentialCheck, checkCredential } from './tbf/verify-credentials.js';
