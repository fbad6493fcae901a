/**
 * Options of the ELF → TBF conversion, one per elf2tab command-line flag.
 */

/** What to put in a TBF besides the ELF's contents. Omitted fields take elf2tab's defaults. */
export interface ElfToTbfOptions {
  /** PackageName TLV (`--package-name`); empty or absent: no TLV. */
  readonly packageName?: string;
  /** Stack bytes (`--stack`); default: the `.stack` section's size, else 2048. */
  readonly stackSize?: number;
  /** Application heap bytes (`--app-heap`); default 1024. */
  readonly appHeapSize?: number;
  /** Kernel heap (grant) bytes (`--kernel-heap`); default 1024. */
  readonly kernelHeapSize?: number;
  /**
   * Header plus protected trailer (`--protected-region-size`). A `tbf_protected_region_size`
   * symbol in the ELF takes precedence.
   */
  readonly protectedRegionSize?: number;
  /** (driver number, command number) pairs for the Permissions TLV (`--permissions`). */
  readonly permissions?: readonly (readonly [number, number])[];
  /** StoragePermissions write ID (`--write_id`). */
  readonly storageWriteId?: number;
  /** StoragePermissions read IDs (`--read_ids`). */
  readonly storageReadIds?: readonly number[];
  /** StoragePermissions modify IDs (`--access_ids`). */
  readonly storageAccessIds?: readonly number[];
  /** KernelVersion TLV (`--kernel-major`, `--kernel-minor`). */
  readonly kernelVersion?: { readonly major: number; readonly minor: number };
  /** ShortId TLV (`--short-id`). */
  readonly shortId?: number;
  /** Clear the enabled flag (`--disable`). */
  readonly disabled?: boolean;
  /** Bytes to reserve for footers (`--minimum-footer-size`); default 0. */
  readonly minimumFooterSize?: number;
  /** Program TLV version (`--app-version`); default 0. */
  readonly appVersion?: number;
  /** Add a SHA-256 credential (`--sha256`). */
  readonly sha256?: boolean;
  /** Add a SHA-384 credential (`--sha384`). */
  readonly sha384?: boolean;
  /** Add a SHA-512 credential (`--sha512`). */
  readonly sha512?: boolean;
  /** Contents of an RSA-4096 private key file to sign with (`--rsa4096-private`). */
  readonly rsa4096PrivateKey?: Uint8Array;
  /** Contents of an ECDSA P-256 private key file to sign with (`--ecdsa-nist-p256-private`). */
  readonly ecdsaP256PrivateKey?: Uint8Array;
  /** Receives warnings, and with `verbose` a description of the conversion. */
  readonly log?: (message: string) => void;
  /** Describe every step through `log` (`-v`). */
  readonly verbose?: boolean;
}

/** elf2tab's default application heap size. */
export const DEFAULT_APP_HEAP_SIZE = 1024;
/** elf2tab's default kernel heap size. */
export const DEFAULT_KERNEL_HEAP_SIZE = 1024;
/** elf2tab's stack size when neither the options nor a `.stack` section give one. */
export const DEFAULT_STACK_SIZE = 2048;
