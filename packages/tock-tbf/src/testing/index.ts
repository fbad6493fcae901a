/**
 * @tock-ts/tock-tbf/testing: builders for hand-made TBF objects in tests.
 */
export {
  ByteWriter,
  buildPaddingTbf,
  buildTbf,
  buildTbfHeader,
  credentialFooter,
  encodeTlvs,
  encodeUtf8,
  fixedAddressesTlv,
  kernelVersionTlv,
  mainTlv,
  packageNameTlv,
  permissionsTlv,
  programTlv,
  type RawTlv,
  reservedFooter,
  shortIdTlv,
  storagePermissionsTlv,
  type TbfAppSpec,
  type TbfHeaderSpec,
  writeableFlashRegionsTlv,
} from './tbf-builder.js';
