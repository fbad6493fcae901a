/**
 * @tock-ts/tock-tbf: the Tock Binary Format parser.
 *
 * Reads what the kernel reads from flash (upstream `libraries/tock-tbf`): the lengths at the
 * start of each TBF object, the full header with all its TLVs, and the credential footers.
 * Portable and dependency-free; every malformed input is an error value, never an exception.
 */
export {
  describeInitialTbfParseError,
  describeTbfParseError,
  type InitialTbfParseError,
  type TbfParseError,
} from './errors.js';
export {
  parseTbfFooter,
  parseTbfFooters,
  type TbfFooter,
  type TbfFooterList,
  type TbfFooterV2Credentials,
} from './footer.js';
export {
  NUM_STORAGE_PERMISSIONS,
  type StorageIds,
  TbfHeader,
  type TbfHeaderV2Base,
  type TbfHeaderV2Fields,
  type TbfHeaderV2FixedAddresses,
  type TbfHeaderV2Main,
  type TbfHeaderV2Program,
} from './header.js';
export {
  computeTbfChecksum,
  parseTbfHeader,
  parseTbfHeaderLengths,
  TBF_BASE_HEADER_SIZE,
  TBF_HEADER_VERSION,
  TBF_TLV_HEADER_SIZE,
  type TbfHeaderLengths,
} from './parse.js';
export { failure, success, type TbfResult } from './result.js';
export {
  type CommandPermissions,
  credentialDataLength,
  credentialsTypeFromNumber,
  type KernelVersion,
  TbfFooterV2CredentialsType,
  TbfHeaderType,
  type TbfTlvEntry,
  type WriteableFlashRegion,
} from './types.js';
