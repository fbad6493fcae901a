/**
 * The QEMU `virt` machine's silicon for one RV32 hart, at QEMU's addresses: RAM at 0x8000_0000,
 * the CLINT at 0x0200_0000, the PLIC at 0x0C00_0000, NS16550A UART0 at 0x1000_0000 on PLIC
 * source 10, and the `sifive_test` finisher at 0x10_0000.
 *
 * Knows nothing of Tock: bare-metal programs built for `qemu-system-riscv32 -M virt -bios none`
 * run on it. A Tock chip for `qemu_rv32_virt` composes its drivers over these registers.
 */
import { MemoryMap, SimulationClock } from '@tock-ts/silicon';
import { RiscvChipCore } from '../riscv-chip-core.js';
import { SIFIVE_TEST_BASE, SIFIVE_TEST_SIZE, SifiveTest } from './sifive-test.js';
import { UART0_BASE, UART0_IRQ, UART0_SIZE, Uart16550 } from './uart16550.js';

/** RAM base on QEMU virt. */
export const VIRT_RAM_BASE = 0x8000_0000;
/** Default RAM size (QEMU's default is 128 MiB; programs here need far less). */
export const VIRT_DEFAULT_RAM_SIZE = 0x80_0000;
/** Default hart frequency: a choice of this model (QEMU's virt hart has no fixed clock). */
export const VIRT_DEFAULT_FREQUENCY_HZ = 100_000_000;

/** Options for building the machine. */
export interface QemuVirtOptions {
  readonly clock?: SimulationClock;
  readonly ramSize?: number;
  readonly frequencyHz?: number;
  /** Translate basic blocks into JavaScript functions (default: when the host allows it). */
  readonly compileBlocks?: boolean;
}

/** The machine: hart, CLINT, PLIC, UART0, finisher and RAM. */
export class QemuVirtSilicon {
  readonly clock: SimulationClock;
  readonly memory: MemoryMap;
  readonly ram: Uint8Array;
  readonly chipCore: RiscvChipCore;
  readonly uart0: Uart16550;
  readonly finisher: SifiveTest;

  constructor(options: QemuVirtOptions = {}) {
    this.clock = options.clock ?? new SimulationClock();
    this.memory = new MemoryMap();
    this.ram = new Uint8Array(options.ramSize ?? VIRT_DEFAULT_RAM_SIZE);
    this.memory.addMemory('ram', VIRT_RAM_BASE, this.ram, true);
    this.chipCore = new RiscvChipCore({
      memory: this.memory,
      clock: this.clock,
      frequencyHz: options.frequencyHz ?? VIRT_DEFAULT_FREQUENCY_HZ,
      resetVector: VIRT_RAM_BASE,
      compileBlocks: options.compileBlocks,
    });
    this.uart0 = new Uart16550(this.chipCore.interruptLine(UART0_IRQ));
    this.finisher = new SifiveTest();
    this.memory.addPeripheral('sifive-test', SIFIVE_TEST_BASE, SIFIVE_TEST_SIZE, this.finisher);
    this.memory.addPeripheral('uart0', UART0_BASE, UART0_SIZE, this.uart0);
  }

  /** Resets the hart and peripherals (RAM keeps its contents). */
  reset(): void {
    this.chipCore.reset();
    this.uart0.reset();
  }
}
