/**
 * Reads public keys for checking TBF credentials: NIST P-256 points and RSA moduli, from PEM or
 * DER SubjectPublicKeyInfo, or (P-256) a raw 64-byte x‖y or 65-byte SEC1 point.
 */
import { DerTag, integerValue, objectIdentifierText, readDerElements, readDerSequence } from './der.js';
import { bytesToAscii, decodePem, looksLikePem } from './pem.js';

const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const OID_RSA_ENCRYPTION = '1.2.840.113549.1.1.1';

/** A public key usable for one credential format. */
export type PublicKey =
  | { readonly kind: 'p256'; readonly point: Uint8Array }
  | { readonly kind: 'rsa'; readonly modulus: bigint; readonly exponent: bigint };

/** The key in `file`, or `undefined` if it is not a P-256 or RSA public key. */
export function readPublicKey(file: Uint8Array): PublicKey | undefined {
  let der = file;
  if (looksLikePem(file)) {
    const pem = decodePem(bytesToAscii(file));
    if (pem === undefined) return undefined;
    der = pem.der;
  } else if (file.length === 64) {
    return { kind: 'p256', point: Uint8Array.of(4, ...file) };
  } else if (file.length === 65 && file[0] === 4) {
    return { kind: 'p256', point: file.slice() };
  }
  const fields = readDerSequence(der);
  if (!fields.ok) return undefined;
  const [algorithm, key] = fields.value;
  if (algorithm?.tag !== DerTag.SEQUENCE || key?.tag !== DerTag.BIT_STRING) return undefined;
  const identifier = readDerElements(algorithm.contents);
  const oid = identifier.ok ? identifier.value[0] : undefined;
  if (oid?.tag !== DerTag.OBJECT_IDENTIFIER) return undefined;
  const bits = key.contents.subarray(1);
  const type = objectIdentifierText(oid.contents);
  if (type === OID_EC_PUBLIC_KEY)
    return bits.length === 65 ? { kind: 'p256', point: bits.slice() } : undefined;
  if (type !== OID_RSA_ENCRYPTION) return undefined;
  const rsa = readDerSequence(bits);
  if (!rsa.ok) return undefined;
  const [modulus, exponent] = rsa.value;
  if (modulus?.tag !== DerTag.INTEGER || exponent?.tag !== DerTag.INTEGER) return undefined;
  return { kind: 'rsa', modulus: integerValue(modulus.contents), exponent: integerValue(exponent.contents) };
}
