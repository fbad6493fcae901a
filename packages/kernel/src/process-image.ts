/**
 * What the kernel needs from a checked process binary to run it: where its TBF sits in flash,
 * its entry point, RAM needs, fixed addresses, permissions and name.
 *
 * The TBF parser builds these; the kernel never reads TBF headers itself. Offsets are from the
 * start of the TBF (the header), as in upstream `TbfHeader` getters.
 */
import type { CommandPermissions, WriteableFlashRegion } from '@tock-ts/tock-tbf';

export type { CommandPermissions, WriteableFlashRegion };

/** The parts of a checked process binary the kernel runs. */
export interface ProcessImage {
  /** Address of the TBF header in flash (upstream `flash_start`). */
  readonly flashStart: number;
  /** Bytes of flash the binary occupies (its TBF `total_size`). */
  readonly flashLength: number;
  /** The PackageName TLV, or `''` when absent. */
  readonly packageName: string;
  /** Offset of the entry point (`_start`): header size + the Main/Program `init_fn_offset`. */
  readonly initFunctionOffset: number;
  /** Offset of the app binary: header size + protected trailer (upstream `protected_size`). */
  readonly protectedSize: number;
  /** RAM the process asks for (Program or Main `minimum_ram_size`). */
  readonly minimumRamSize: number;
  /** FixedAddresses `start_process_ram`, or `undefined` when not fixed. */
  readonly fixedAddressRam: number | undefined;
  /** FixedAddresses `start_process_flash`, or `undefined` when not fixed. */
  readonly fixedAddressFlash: number | undefined;
  /** The WriteableFlashRegions the kernel keeps. */
  readonly writeableFlashRegions: readonly WriteableFlashRegion[];
  /** The Permissions TLV's answer for `driverNumber` at command offset `offset` (command / 64). */
  commandPermissions(driverNumber: number, offset: number): CommandPermissions;
}
