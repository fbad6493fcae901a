/**
 * TBF numbering: TLV types, credential formats and the command-permission answer.
 *
 * The numbers are upstream's (`libraries/tock-tbf/src/types.rs`) and are part of the on-flash
 * format, so they never change.
 */

/** The type field of a TBF header TLV (and of a footer TLV, 128). */
export enum TbfHeaderType {
  /** Entry point, protected trailer and RAM size (12 bytes). */
  Main = 1,
  /** Flash regions the process may write, 8 bytes each. */
  WriteableFlashRegions = 2,
  /** The process name, UTF-8, not NUL-terminated. */
  PackageName = 3,
  /** Position-independent-code relocation data; known to the tools, ignored by the kernel. */
  PicOption1 = 4,
  /** RAM and flash addresses a non-PIC process was linked for (8 bytes). */
  FixedAddresses = 5,
  /** Which commands of which drivers the process may call. */
  Permissions = 6,
  /** Storage write id and the read and modify id lists. */
  StoragePermissions = 7,
  /** The kernel version the process needs: major, minor (4 bytes). */
  KernelVersion = 8,
  /** Like Main plus the binary end offset and a binary version (20 bytes). */
  Program = 9,
  /** A fixed ShortId for the process (4 bytes). */
  ShortId = 10,
  /** A credential footer (only after the binary, never in the header). */
  Credentials = 128,
}

/** The format field of a credential footer (`TbfFooterV2CredentialsType`). */
export enum TbfFooterV2CredentialsType {
  /** Reserved space; carries no data and the TLV length says how far to skip. */
  Reserved = 0,
  /** RSA-3072 public key and signature (768 bytes). */
  Rsa3072Key = 1,
  /** RSA-4096 public key and signature (1024 bytes). */
  Rsa4096Key = 2,
  /** SHA-256 of the integrity region (32 bytes). */
  SHA256 = 3,
  /** SHA-384 of the integrity region (48 bytes). */
  SHA384 = 4,
  /** SHA-512 of the integrity region (64 bytes). */
  SHA512 = 5,
  /** ECDSA NIST P-256 signature of the integrity region, raw r || s (64 bytes). */
  EcdsaNistP256 = 6,
}

/** How many data bytes the kernel reads from a credential of each format. */
export function credentialDataLength(format: TbfFooterV2CredentialsType): number {
  switch (format) {
    case TbfFooterV2CredentialsType.Reserved:
      return 0;
    case TbfFooterV2CredentialsType.Rsa3072Key:
      return 768;
    case TbfFooterV2CredentialsType.Rsa4096Key:
      return 1024;
    case TbfFooterV2CredentialsType.SHA256:
      return 32;
    case TbfFooterV2CredentialsType.SHA384:
      return 48;
    case TbfFooterV2CredentialsType.SHA512:
      return 64;
    case TbfFooterV2CredentialsType.EcdsaNistP256:
      return 64;
  }
}

/** The credential format with number `value`, or `undefined` if the kernel does not know it. */
export function credentialsTypeFromNumber(value: number): TbfFooterV2CredentialsType | undefined {
  return value >= 0 && value <= 6 && Number.isInteger(value)
    ? (value as TbfFooterV2CredentialsType)
    : undefined;
}

/**
 * What a TBF header says about one driver's commands (upstream `CommandPermissions`).
 *
 * `Mask` carries the 64-bit allowed-commands mask as two 32-bit words: bit k of the mask
 * for offset o allows command 64·o + k; `low` holds bits 0–31 and `high` bits 32–63.
 */
export type CommandPermissions =
  | { readonly kind: 'NoPermsAtAll' }
  | { readonly kind: 'NoPermsThisDriver' }
  | { readonly kind: 'Mask'; readonly low: number; readonly high: number };

/** One writeable flash region: offset from the start of the TBF and size, in bytes. */
export interface WriteableFlashRegion {
  readonly offset: number;
  readonly size: number;
}

/** The kernel version a process requires (compatible with major.x where x ≥ minor). */
export interface KernelVersion {
  readonly major: number;
  readonly minor: number;
}

/** Where one TLV sits in the header: its type, and its value's offset and length in bytes. */
export interface TbfTlvEntry {
  readonly type: number;
  readonly valueOffset: number;
  readonly length: number;
}
