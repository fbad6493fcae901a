/**
 * Reads the private keys elf2tab signs with: ECDSA NIST P-256 and RSA, from PKCS#8 DER (what
 * elf2tab takes) or PEM (`PRIVATE KEY`, `EC PRIVATE KEY`, `RSA PRIVATE KEY`).
 */
import { p256 } from '@noble/curves/nist.js';
import { err, ok, type Result } from '@tock-ts/hil';
import {
  type DerElement,
  DerTag,
  integerValue,
  objectIdentifierText,
  readDerElements,
  readDerSequence,
} from './der.js';
import { bytesToAscii, decodePem, looksLikePem } from './pem.js';

const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const OID_P256 = '1.2.840.10045.3.1.7';
const OID_RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const P256_SCALAR_BYTES = 32;

/** An RSA private key with its CRT parameters. */
export interface RsaPrivateKey {
  readonly modulus: bigint;
  readonly publicExponent: bigint;
  readonly privateExponent: bigint;
  readonly prime1: bigint;
  readonly prime2: bigint;
  readonly exponent1: bigint;
  readonly exponent2: bigint;
  readonly coefficient: bigint;
  /** The modulus length in bytes. */
  readonly modulusBytes: number;
}

/** The DER of a key file and, for PEM, its label (`undefined` for raw DER). */
function keyDer(file: Uint8Array): Result<{ label: string | undefined; der: Uint8Array }, string> {
  if (!looksLikePem(file)) return ok({ label: undefined, der: file });
  const pem = decodePem(bytesToAscii(file));
  if (pem === undefined) return err('bad PEM key file');
  return ok(pem);
}

/** The contents of the PKCS#8 `privateKey` field after checking the algorithm OID (and curve OID). */
function pkcs8PrivateKey(der: Uint8Array, algorithm: string, curve?: string): Result<Uint8Array, string> {
  const fields = readDerSequence(der);
  if (!fields.ok) return err(`not a PKCS#8 private key (${fields.error})`);
  const [version, algorithmIdentifier, privateKey] = fields.value;
  if (version?.tag !== DerTag.INTEGER || algorithmIdentifier?.tag !== DerTag.SEQUENCE) {
    return err('not a PKCS#8 private key');
  }
  if (privateKey?.tag !== DerTag.OCTET_STRING) return err('not a PKCS#8 private key');
  const identifier = readDerSequence(concatTag(DerTag.SEQUENCE, algorithmIdentifier.contents));
  if (!identifier.ok) return err('bad PKCS#8 algorithm identifier');
  const [algorithmOid, parameters] = identifier.value;
  if (
    algorithmOid?.tag !== DerTag.OBJECT_IDENTIFIER ||
    objectIdentifierText(algorithmOid.contents) !== algorithm
  ) {
    return err(`the key is not of the expected type (${algorithm === OID_RSA_ENCRYPTION ? 'RSA' : 'EC'})`);
  }
  if (curve !== undefined) {
    if (parameters?.tag !== DerTag.OBJECT_IDENTIFIER || objectIdentifierText(parameters.contents) !== curve) {
      return err('the EC key is not on the NIST P-256 curve');
    }
  }
  return ok(privateKey.contents);
}

/** Re-wraps `contents` with `tag` so it can be read as one element again. */
function concatTag(tag: number, contents: Uint8Array): Uint8Array {
  const length = contents.length;
  const lengthBytes =
    length < 0x80 ? [length] : length < 0x100 ? [0x81, length] : [0x82, (length >> 8) & 0xff, length & 0xff];
  const out = new Uint8Array(1 + lengthBytes.length + length);
  out[0] = tag;
  out.set(lengthBytes, 1);
  out.set(contents, 1 + lengthBytes.length);
  return out;
}

/** The 32-byte secret scalar of a SEC1 `ECPrivateKey`, checked against its public key if present. */
function sec1Scalar(der: Uint8Array): Result<Uint8Array, string> {
  const fields = readDerSequence(der);
  if (!fields.ok) return err(`bad EC private key (${fields.error})`);
  const [version, secret, ...rest] = fields.value;
  if (version?.tag !== DerTag.INTEGER || secret?.tag !== DerTag.OCTET_STRING)
    return err('bad EC private key');
  if (secret.contents.length !== P256_SCALAR_BYTES || !p256.utils.isValidSecretKey(secret.contents)) {
    return err('the EC private key is not a valid NIST P-256 scalar');
  }
  const publicKey = rest.find((element: DerElement) => element.tag === DerTag.CONTEXT_1);
  if (publicKey !== undefined) {
    const inner = readDerElements(publicKey.contents);
    const bitString = inner.ok ? inner.value[0] : undefined;
    if (bitString?.tag !== DerTag.BIT_STRING) return err('bad public key in the EC private key');
    // A BIT STRING starts with its count of unused bits (0 here), then the SEC1 point.
    const point = bitString.contents.subarray(1);
    const derived = p256.getPublicKey(secret.contents, false);
    if (point.length !== derived.length || point.some((byte, index) => byte !== derived[index])) {
      return err('the EC private key does not match the public key stored with it');
    }
  }
  return ok(secret.contents.slice());
}

/** Reads an ECDSA NIST P-256 private key file and returns its 32-byte secret scalar. */
export function readP256PrivateKey(file: Uint8Array): Result<Uint8Array, string> {
  const source = keyDer(file);
  if (!source.ok) return source;
  const { label, der } = source.value;
  if (label === 'EC PRIVATE KEY') return sec1Scalar(der);
  if (label !== undefined && label !== 'PRIVATE KEY') return err(`unexpected PEM block "${label}"`);
  const inner = pkcs8PrivateKey(der, OID_EC_PUBLIC_KEY, OID_P256);
  if (!inner.ok) return inner;
  return sec1Scalar(inner.value);
}

/** Reads an RSA private key file (PKCS#8, or PKCS#1 in PEM). */
export function readRsaPrivateKey(file: Uint8Array): Result<RsaPrivateKey, string> {
  const source = keyDer(file);
  if (!source.ok) return source;
  const { label, der } = source.value;
  let pkcs1 = der;
  if (label !== 'RSA PRIVATE KEY') {
    if (label !== undefined && label !== 'PRIVATE KEY') return err(`unexpected PEM block "${label}"`);
    const inner = pkcs8PrivateKey(der, OID_RSA_ENCRYPTION);
    if (!inner.ok) return inner;
    pkcs1 = inner.value;
  }
  const fields = readDerSequence(pkcs1);
  if (!fields.ok) return err(`bad RSA private key (${fields.error})`);
  const integers = fields.value.slice(0, 9);
  if (integers.length !== 9 || integers.some((element) => element.tag !== DerTag.INTEGER)) {
    return err('bad RSA private key');
  }
  const [, n, e, d, p, q, dp, dq, qinv] = integers.map((element) => integerValue(element.contents));
  if (
    n === undefined ||
    e === undefined ||
    d === undefined ||
    p === undefined ||
    q === undefined ||
    dp === undefined ||
    dq === undefined ||
    qinv === undefined ||
    p * q !== n
  ) {
    return err('bad RSA private key');
  }
  return ok({
    modulus: n,
    publicExponent: e,
    privateExponent: d,
    prime1: p,
    prime2: q,
    exponent1: dp,
    exponent2: dq,
    coefficient: qinv,
    modulusBytes: Math.ceil(n.toString(16).length / 2),
  });
}
