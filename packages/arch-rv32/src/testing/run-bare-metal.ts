/**
 * Runs a bare-metal RV32 ELF on the QEMU `virt` silicon as `qemu-system-riscv32 -M virt -bios
 * none -kernel` does: segments loaded into RAM, the PC at the entry point with a0 = hart ID,
 * UART0 output collected, until the program writes the finisher, or the time limit. For tests and
 * benchmarks of the silicon on its own.
 */
import { QemuVirtSilicon, VIRT_RAM_BASE } from '../silicon/qemu-virt.js';
import type { RunExit } from '../silicon/rv32-hart.js';
import { parseElf32 } from './elf.js';

/** What to run. */
export interface BareMetalOptions {
  readonly elf: Uint8Array;
  /** RAM size; default 8 MiB. */
  readonly ramSize?: number;
  /** Virtual-time limit in ns; default 60 s. */
  readonly limitNanos?: number;
  /** Bytes the host sends to UART0 before the program starts. */
  readonly uartInput?: Iterable<number>;
}

/** How the run ended. */
export interface BareMetalResult {
  /** Finisher status (0 = pass), or undefined when the program never finished. */
  readonly exitStatus: number | undefined;
  /** UART0 output, as Latin-1 text. */
  readonly output: string;
  readonly exit: RunExit;
  readonly instructions: number;
  readonly cycles: number;
  readonly machine: QemuVirtSilicon;
}

/** Builds the machine with the ELF loaded, UART output collected and the finisher stopping it. */
export function createBareMetal(options: BareMetalOptions): {
  machine: QemuVirtSilicon;
  output: () => string;
} {
  const machine = new QemuVirtSilicon({ ramSize: options.ramSize });
  const image = parseElf32(options.elf);
  for (const segment of image.segments) {
    const offset = segment.physicalAddress - VIRT_RAM_BASE;
    if (offset < 0 || offset + segment.memorySize > machine.ram.length) {
      throw new RangeError(
        `createBareMetal: segment at 0x${segment.physicalAddress.toString(16)} is outside RAM`,
      );
    }
    machine.ram.set(segment.fileBytes, offset);
  }
  const hart = machine.chipCore.hart;
  hart.pc = image.entry;
  hart.x[10] = hart.hartId;
  const chunks: string[] = [];
  machine.uart0.onTransmit = (byte) => chunks.push(String.fromCharCode(byte));
  machine.finisher.onFinish = () => hart.requestStop();
  if (options.uartInput !== undefined) machine.uart0.receive(options.uartInput);
  return { machine, output: () => chunks.join('') };
}

/** Loads and runs an ELF; see `BareMetalOptions`. */
export function runBareMetal(options: BareMetalOptions): BareMetalResult {
  const { machine, output } = createBareMetal(options);
  const exit = machine.chipCore.runBareMetal(options.limitNanos ?? 60_000_000_000);
  const hart = machine.chipCore.hart;
  return {
    exitStatus: machine.finisher.exitStatus,
    output: output(),
    exit,
    instructions: hart.instret,
    cycles: hart.cycles,
    machine,
  };
}
