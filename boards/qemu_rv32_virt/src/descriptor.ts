/**
 * What tools need to know about the qemu_rv32_virt board, as plain data (no code runs): its name,
 * the architecture of its apps, where app flash is, and the name tockloader knows it by. Its apps
 * are fixed-address: each TBF goes where its FixedAddresses TLV says.
 */

/** A board as tools see it. */
export interface BoardDescriptor {
  /** The board's name (`--board`). */
  readonly name: string;
  /** The TAB architecture of its apps. */
  readonly arch: string;
  /** First address of app flash (upstream `_sapps`). */
  readonly appFlashAddress: number;
  /** Bytes of app flash. */
  readonly appFlashSize: number;
  /** Flash page size in bytes. */
  readonly pageSize: number;
  /** The board name tockloader uses for it. */
  readonly tockloaderName: string;
}

/** QEMU's RV32 virt machine (upstream `boards/qemu_rv32_virt`, tockloader `qemu_rv32_virt`). */
export const descriptor: BoardDescriptor = Object.freeze({
  name: 'qemu_rv32_virt',
  arch: 'rv32imac',
  appFlashAddress: 0x8010_0000,
  appFlashSize: 0x0010_0000,
  pageSize: 512,
  tockloaderName: 'qemu_rv32_virt',
});
