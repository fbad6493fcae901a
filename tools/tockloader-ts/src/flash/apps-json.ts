/**
 * `list` and `info` as JSON (`--json`): the installed apps and padding objects, and the
 * kernel attributes, with the fields their text shows. Apps carry tockloader's JSON keys
 * (`name`, `enabled`, `sticky`, `size`, `address`, `header`, `footer`).
 */
import { readU16, readU32 } from '../bytes.js';
import type { PublicKey } from '../crypto/public-keys.js';
import { type JsonObject, type JsonValue, tbfFootersJson, tbfHeaderJson } from '../tbf/tbf-json.js';
import type { AppFlash } from './app-flash.js';
import type { InstalledObject } from './installed-apps.js';
import {
  type KernelAttribute,
  type KernelAttributes,
  KernelAttributeType,
  kernelVersionText,
  keyAlgorithmName,
} from './kernel-attributes.js';

/** One app or padding object. */
export function installedObjectJson(
  flash: AppFlash,
  object: InstalledObject,
  verifyWith?: readonly PublicKey[],
): JsonObject {
  if (!object.isApp) return { padding: true, size: object.totalSize, address: object.address };
  const program = object.header?.getProgram();
  const tbf = flash.read(object.address, object.totalSize);
  return {
    name: object.name,
    version: object.header?.getBinaryVersion() ?? 0,
    enabled: (object.flags & 1) !== 0,
    sticky: (object.flags & 2) !== 0,
    size: object.totalSize,
    address: object.address,
    checksum_valid: object.checksumValid,
    header: tbfHeaderJson(object.headerBytes),
    footer: program === undefined ? null : tbfFootersJson(tbf, program.binaryEndOffset, verifyWith),
  };
}

/** The `list --json` document: `{ "apps": [...] }`. */
export function installedAppsJson(
  flash: AppFlash,
  objects: readonly InstalledObject[],
  verifyWith?: readonly PublicKey[],
): JsonObject {
  return { apps: objects.map((object) => installedObjectJson(flash, object, verifyWith)) };
}

function attributeJson(attribute: KernelAttribute, appAddress: number): JsonObject {
  const { data, type } = attribute;
  const at = { id: type, offset: attribute.offset, address: appAddress + attribute.offset };
  switch (type) {
    case KernelAttributeType.APP_MEMORY:
      return {
        type: 'app_memory',
        ...at,
        app_memory_start: readU32(data, 0),
        app_memory_len: readU32(data, 4),
      };
    case KernelAttributeType.KERNEL_BINARY:
      return {
        type: 'kernel_binary',
        ...at,
        kernel_binary_start: readU32(data, 0),
        kernel_binary_len: readU32(data, 4),
      };
    case KernelAttributeType.KERNEL_VERSION:
      return { type: 'kernel_version', ...at, kernel_version: kernelVersionText(data) };
    default: {
      const algorithm = data.length >= 8 ? readU16(data, data.length - 2) : 0;
      return {
        type: 'public_key',
        ...at,
        algorithm: keyAlgorithmName(algorithm),
        metadata: data.length >= 8 ? readU32(data, data.length - 8) : 0,
        key_len: algorithm === 6 && data.length - 8 === 64 ? 64 : 0,
      };
    }
  }
}

/** Kernel attributes ending at `appAddress`, or `null` when there are none. */
export function kernelAttributesJson(
  attributes: KernelAttributes | undefined,
  appAddress: number,
): JsonValue {
  if (attributes === undefined) return null;
  return {
    sentinel: 'TOCK',
    version: attributes.version,
    attributes: attributes.attributes.map((attribute) => attributeJson(attribute, appAddress)),
  };
}
