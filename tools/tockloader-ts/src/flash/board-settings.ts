/**
 * What tockloader needs to know about a board to place apps: architecture, where apps start,
 * how flash-image addresses map to file offsets, and the MPU's size and alignment rules.
 *
 * Values come from tockloader's `KNOWN_BOARDS` and `TOCKLOADER_APP_SETTINGS` (default app start
 * 0x30000; Cortex-M: largest app first, power-of-two sizes, aligned to their size), overridden
 * by explicit options.
 */
import { err, ok, type Result } from '@tock-ts/hil';

/** Placement rules and addresses for one board. */
export interface BoardSettings {
  readonly board: string | undefined;
  readonly architecture: string;
  /** Address of the first app. */
  readonly appAddress: number;
  /** Address that file offset 0 of a flash image corresponds to. */
  readonly flashAddress: number;
  /** Reads and writes beyond this many bytes of the image are cut off. */
  readonly maxSize: number;
  /** Install the largest app first (Cortex-M). */
  readonly sizeDescending: boolean;
  /** Round app sizes up to powers of two (Cortex-M). */
  readonly powerOfTwoSizes: boolean;
  /** Place each app at a multiple of its size (Cortex-M). */
  readonly alignToSize: boolean;
  /** Start of app RAM, used to filter fixed-address TBFs; `undefined` if unknown. */
  readonly appRamAddress: number | undefined;
  /** Bytes in a flash page (`dump-flash-page`); `undefined` if unknown. */
  readonly pageSize?: number | undefined;
}

/** A built-in board: its architecture and, where tockloader has them, its addresses. */
export interface KnownBoard {
  readonly architecture: string;
  readonly appAddress?: number;
  readonly flashAddress?: number;
  readonly maxSize?: number;
  readonly appRamAddress?: number;
  readonly pageSize?: number;
}

/** The boards tock-ts emulates, with tockloader's settings for them. */
export const KNOWN_BOARDS: Readonly<Record<string, KnownBoard>> = {
  hail: { architecture: 'cortex-m4', pageSize: 512 },
  imix: { architecture: 'cortex-m4', pageSize: 512 },
  nrf52dk: { architecture: 'cortex-m4', appAddress: 0x40000, appRamAddress: 0x20008000, pageSize: 4096 },
  nrf52840dk: {
    architecture: 'cortex-m4',
    appAddress: 0x40000,
    appRamAddress: 0x20008000,
    pageSize: 4096,
  },
  microbit_v2: { architecture: 'cortex-m4', appAddress: 0x40000, pageSize: 4096 },
  raspberry_pi_pico: { architecture: 'cortex-m0', appAddress: 0x10020000, pageSize: 4096 },
  qemu_rv32_virt: {
    architecture: 'rv32imac',
    appAddress: 0x80100000,
    flashAddress: 0x80000000,
    maxSize: 0x200000,
  },
};

/** Where tockloader looks for apps when nothing says otherwise. */
export const DEFAULT_APP_ADDRESS = 0x30000;
const DEFAULT_MAX_SIZE = 0x8000000;

/** Explicit settings; each overrides the known board's value. */
export interface BoardOptions {
  readonly board?: string;
  readonly architecture?: string;
  readonly appAddress?: number;
  readonly flashAddress?: number;
  readonly maxSize?: number;
  readonly appRamAddress?: number;
  readonly pageSize?: number;
}

/** Resolves the settings for `options.board` with explicit overrides. */
export function resolveBoardSettings(options: BoardOptions): Result<BoardSettings, string> {
  const known = options.board === undefined ? undefined : KNOWN_BOARDS[options.board];
  const architecture = options.architecture ?? known?.architecture;
  if (architecture === undefined) {
    return err(
      options.board === undefined
        ? 'need a board or an architecture: pass --board or --arch'
        : `unknown board "${options.board}": pass --arch and --app-address`,
    );
  }
  const cortexM = architecture.startsWith('cortex-m');
  return ok({
    board: options.board,
    architecture,
    appAddress: options.appAddress ?? known?.appAddress ?? DEFAULT_APP_ADDRESS,
    flashAddress: options.flashAddress ?? known?.flashAddress ?? 0,
    maxSize: options.maxSize ?? known?.maxSize ?? DEFAULT_MAX_SIZE,
    sizeDescending: cortexM,
    powerOfTwoSizes: cortexM,
    alignToSize: cortexM,
    appRamAddress: options.appRamAddress ?? known?.appRamAddress,
    pageSize: options.pageSize ?? known?.pageSize,
  });
}
