/**
 * QEMU's `sifive_test` device at 0x10_0000 on `virt`: a word written to offset 0 ends the
 * simulation (0x5555 passes, `code << 16 | 0x3333` fails with `code`) or asks for a reset
 * (0x7777). Bare-metal programs use it to exit.
 */
import type { Peripheral } from '@tock-ts/silicon';

/** Base on QEMU virt. */
export const SIFIVE_TEST_BASE = 0x0010_0000;
/** Size of the mapped block. */
export const SIFIVE_TEST_SIZE = 0x1000;

/** Values the guest writes. */
export const FinisherCommand = {
  FAIL: 0x3333,
  PASS: 0x5555,
  RESET: 0x7777,
} as const;

/** The finisher. */
export class SifiveTest implements Peripheral {
  /** Called with the exit status (0 for PASS) when the guest finishes. */
  onFinish: ((status: number) => void) | undefined;
  /** Called when the guest asks for a reset. */
  onReset: (() => void) | undefined;
  /** The status of the last finish, or undefined. */
  exitStatus: number | undefined;

  read32(): number {
    return 0;
  }

  write32(offset: number, value: number): void {
    if (offset !== 0) return;
    const command = value & 0xffff;
    if (command === FinisherCommand.PASS || command === FinisherCommand.FAIL) {
      this.exitStatus = command === FinisherCommand.PASS ? 0 : value >>> 16;
      this.onFinish?.(this.exitStatus);
    } else if (command === FinisherCommand.RESET) {
      this.onReset?.();
    }
  }
}
