/**
 * TBF credential footers as elf2tab lays them out after `binary_end_offset`.
 *
 * Space is set aside for the hash credentials and an RSA-4096 signature, then for
 * `--minimum-footer-size` (at least 8 bytes and a multiple of 4, filled with a Reserved
 * credential), then the architecture's trailing padding. Padding of 8 bytes or more, or any
 * padding after a reservation, goes into the Reserved credential; smaller padding stays raw
 * zeros. An ECDSA signature is not counted in advance (as in elf2tab): it must fit in that space.
 */
import { p256 } from '@noble/curves/nist.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { err, ok, type Result } from '@tock-ts/hil';
import { alignUp, ByteWriter } from '../bytes.js';
import { readP256PrivateKey, readRsaPrivateKey } from '../crypto/private-keys.js';
import { bigintToBytes, signRsaPkcs1Sha512 } from '../crypto/rsa-signature.js';
import { ElfMachine } from '../elf/elf-constants.js';
import { CREDENTIAL_HEADER_SIZE, CredentialFormat, TlvType } from '../tbf/tbf-types.js';
import type { ElfToTbfOptions } from './options.js';

const RSA4096_CREDENTIAL_BYTES = 1024;
const RSA4096_MODULUS_BYTES = 512;
const ECDSA_P256_SIGNATURE_BYTES = 64;
const ARM_MINIMUM_SIZE = 512;

/** How the bytes after `binary_end_offset` are split. */
export interface FooterLayout {
  /** The TBF's `total_size`. */
  readonly totalSize: number;
  /** Raw zero bytes at the very end that no credential covers. */
  readonly rawPadding: number;
}

/** Trailing padding elf2tab adds to reach `size`'s architecture rule. */
export function trailingPadding(machine: number, size: number): number {
  if (machine === ElfMachine.ARM) {
    if (popCount(size) <= 1) return 0;
    return Math.max(2 ** Math.ceil(Math.log2(size + 1)), ARM_MINIMUM_SIZE) - size;
  }
  if (machine === ElfMachine.RISCV) return (4 - (size % 4)) % 4;
  if (machine === ElfMachine.I386) return (4096 - (size % 4096)) % 4096;
  return 0;
}

function popCount(value: number): number {
  let count = 0;
  for (let rest = value; rest > 0; rest = Math.floor(rest / 2)) count += rest % 2;
  return count;
}

/** Bytes the hash credentials and an RSA signature take (credential header included). */
function countedCredentialBytes(options: ElfToTbfOptions): number {
  let bytes = 0;
  if (options.sha256) bytes += CREDENTIAL_HEADER_SIZE + 32;
  if (options.sha384) bytes += CREDENTIAL_HEADER_SIZE + 48;
  if (options.sha512) bytes += CREDENTIAL_HEADER_SIZE + 64;
  if (options.rsa4096PrivateKey !== undefined) bytes += CREDENTIAL_HEADER_SIZE + RSA4096_CREDENTIAL_BYTES;
  return bytes;
}

/** Plans the footer region of a TBF whose integrity region ends at `binaryEnd`. */
export function planFooters(machine: number, binaryEnd: number, options: ElfToTbfOptions): FooterLayout {
  let size = binaryEnd + countedCredentialBytes(options);
  const initialFooters = size - binaryEnd;
  const minimumFooterSize = options.minimumFooterSize ?? 0;
  let reserved = false;
  if (minimumFooterSize > initialFooters) {
    size += alignUp(Math.max(minimumFooterSize - initialFooters, CREDENTIAL_HEADER_SIZE), 4);
    reserved = true;
  }
  const padding = trailingPadding(machine, size);
  size += padding;
  const rawPadding = reserved || padding >= CREDENTIAL_HEADER_SIZE ? 0 : padding;
  return { totalSize: size, rawPadding };
}

function credential(format: number, data: Uint8Array): Uint8Array {
  return new ByteWriter()
    .u16(TlvType.CREDENTIALS)
    .u16(4 + data.length)
    .u32(format)
    .bytes(data)
    .finish();
}

/**
 * The footer bytes for a TBF whose integrity region (header and binary) is `integrity`:
 * credentials in elf2tab's order (SHA-256, SHA-384, SHA-512, RSA-4096, ECDSA P-256), a Reserved
 * credential over the remaining space if it is at least 8 bytes, then raw padding.
 */
export function encodeFooters(
  integrity: Uint8Array,
  layout: FooterLayout,
  options: ElfToTbfOptions,
): Result<Uint8Array, string> {
  const out = new ByteWriter();
  if (options.sha256) out.bytes(credential(CredentialFormat.SHA256, sha256(integrity)));
  if (options.sha384) out.bytes(credential(CredentialFormat.SHA384, sha384(integrity)));
  if (options.sha512) out.bytes(credential(CredentialFormat.SHA512, sha512(integrity)));

  if (options.rsa4096PrivateKey !== undefined) {
    const key = readRsaPrivateKey(options.rsa4096PrivateKey);
    if (!key.ok) return err(`RSA4096 key: ${key.error}`);
    if (key.value.modulusBytes !== RSA4096_MODULUS_BYTES) {
      return err(`RSA4096 signature requested but the key is ${key.value.modulusBytes * 8} bits, not 4096`);
    }
    const data = new Uint8Array(RSA4096_CREDENTIAL_BYTES);
    data.set(bigintToBytes(key.value.modulus, RSA4096_MODULUS_BYTES), 0);
    data.set(signRsaPkcs1Sha512(key.value, integrity), RSA4096_MODULUS_BYTES);
    out.bytes(credential(CredentialFormat.RSA4096_KEY, data));
  }

  const footerSpace = layout.totalSize - integrity.length - layout.rawPadding;
  if (options.ecdsaP256PrivateKey !== undefined) {
    const secret = readP256PrivateKey(options.ecdsaP256PrivateKey);
    if (!secret.ok) return err(`ECDSA NIST P256 key: ${secret.error}`);
    const left = footerSpace - out.length;
    const needed = CREDENTIAL_HEADER_SIZE + ECDSA_P256_SIGNATURE_BYTES;
    if (left < needed) {
      return err(
        `the ECDSA NIST P256 signature needs ${needed} bytes of footer space but only ${left} are free; ` +
          'reserve room with --minimum-footer-size',
      );
    }
    const signature = p256.sign(integrity, secret.value, { prehash: true, format: 'compact' });
    out.bytes(credential(CredentialFormat.ECDSA_NIST_P256, signature));
  }

  const left = footerSpace - out.length;
  if (left >= CREDENTIAL_HEADER_SIZE) {
    out.bytes(credential(CredentialFormat.RESERVED, new Uint8Array(left - CREDENTIAL_HEADER_SIZE)));
  } else {
    // Only reachable after an ECDSA signature: elf2tab would leave these bytes out of the file.
    out.zeros(left);
  }
  out.zeros(layout.rawPadding);
  return ok(out.finish());
}
