/**
 * The ways parsing a TBF can fail, as upstream's `InitialTbfParseError` and `TbfParseError`.
 *
 * Each variant is a plain value with a `kind`; `describeTbfParseError` turns one into the
 * sentence the kernel prints when it skips a binary.
 */

/**
 * Failure reading the first eight bytes of a TBF object (`parse_tbf_header_lengths`).
 *
 * - `UnableToParse`: not a version-2 header (erased flash, end of the app list). Stop walking.
 * - `InvalidHeader`: the sizes are inconsistent, but `totalSize` is trusted: skip that many bytes.
 */
export type InitialTbfParseError =
  | { readonly kind: 'UnableToParse' }
  | { readonly kind: 'InvalidHeader'; readonly totalSize: number };

/** Failure parsing a full TBF header or a footer (`TbfParseError`). */
export type TbfParseError =
  /** The buffer ends before a field the header or a TLV says is there. */
  | { readonly kind: 'NotEnoughFlash' }
  /** The header version is not 2. */
  | { readonly kind: 'UnsupportedVersion'; readonly version: number }
  /** The checksum stored in the header (`required`) differs from the one computed (`calculated`). */
  | { readonly kind: 'ChecksumMismatch'; readonly required: number; readonly calculated: number }
  /** A TLV of type `tlvType` has a length its type does not allow, or a footer is not a credential. */
  | { readonly kind: 'BadTlvEntry'; readonly tlvType: number }
  /** The package name is not valid UTF-8. */
  | { readonly kind: 'BadProcessName' }
  /** A bug in this library. */
  | { readonly kind: 'InternalError' }
  /** A TLV lists more variable-length entries than the kernel supports. */
  | { readonly kind: 'TooManyEntries'; readonly tlvType: number };

function hex(value: number): string {
  return `0x${(value >>> 0).toString(16)}`;
}

/** A one-line description of `error`, in the words upstream's `Debug` output uses. */
export function describeTbfParseError(error: TbfParseError): string {
  switch (error.kind) {
    case 'NotEnoughFlash':
      return 'Buffer too short to parse TBF header';
    case 'UnsupportedVersion':
      return `TBF version ${error.version} unsupported`;
    case 'ChecksumMismatch':
      return `Checksum verification failed: app:${hex(error.required)}, calc:${hex(error.calculated)}`;
    case 'BadTlvEntry':
      return `TLV entry type ${error.tlvType} is invalid`;
    case 'BadProcessName':
      return 'Process name not UTF-8';
    case 'InternalError':
      return 'Internal error in the TBF parser (a bug)';
    case 'TooManyEntries':
      return `There are too many variable entries of ${error.tlvType} to parse`;
  }
}

/** A one-line description of an `InitialTbfParseError`. */
export function describeInitialTbfParseError(error: InitialTbfParseError): string {
  switch (error.kind) {
    case 'UnableToParse':
      return 'No TBF header (not version 2): end of the app list';
    case 'InvalidHeader':
      return `Invalid TBF header sizes; skipping ${error.totalSize} bytes`;
  }
}
