/**
 * TBF numbers: header TLV types, credential formats and flag bits (TOCK-MAP c.1–c.3).
 */

/** Header and footer TLV types. */
export const TlvType = {
  MAIN: 1,
  WRITEABLE_FLASH_REGIONS: 2,
  PACKAGE_NAME: 3,
  PIC_OPTION_1: 4,
  FIXED_ADDRESSES: 5,
  PERMISSIONS: 6,
  STORAGE_PERMISSIONS: 7,
  KERNEL_VERSION: 8,
  PROGRAM: 9,
  SHORT_ID: 10,
  CREDENTIALS: 128,
} as const;

/** Credential footer formats. */
export const CredentialFormat = {
  RESERVED: 0,
  RSA3072_KEY: 1,
  RSA4096_KEY: 2,
  SHA256: 3,
  SHA384: 4,
  SHA512: 5,
  ECDSA_NIST_P256: 6,
} as const;

/** Bits of the base header's `flags` word. */
export const TbfFlags = {
  /** The kernel starts the app at boot. */
  ENABLED: 0x1,
  /** tockloader keeps the app on ordinary erase and uninstall. */
  STICKY: 0x2,
} as const;

/** Size of the base header (version, header size, total size, flags, checksum). */
export const TBF_BASE_HEADER_SIZE = 16;
/** Size of a credential footer's TLV header plus its format word: the smallest footer. */
export const CREDENTIAL_HEADER_SIZE = 8;
/** The only TBF version. */
export const TBF_VERSION = 2;
