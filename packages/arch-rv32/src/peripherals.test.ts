// The CLINT (mtime from virtual time, mtimecmp interrupts, msip) with the machine-timer alarm
// driver, the PLIC gateway and claim/complete with its driver, and the 16550 UART silicon with
// the UART driver, all on the QEMU virt silicon and driven through their registers.
import { type AlarmClient, ErrorCode, Parity, StopBits, ticks, UartError, Width } from '@tock-ts/hil';
import { describe, expect, it } from 'vitest';
import { maskInterruptForBottomHalf } from './interrupt-masking.js';
import { MachineTimer } from './machine-timer.js';
import { MachineTimerSchedulerTimer } from './machine-timer-scheduler-timer.js';
import { PlicDriver } from './plic-driver.js';
import type { RegisterBus } from './ports.js';
import { Csr, InterruptBit } from './silicon/architecture.js';
import { CLINT_BASE, ClintRegister } from './silicon/clint.js';
import { PLIC_BASE, PlicRegister } from './silicon/plic.js';
import { QemuVirtSilicon } from './silicon/qemu-virt.js';
import { SIFIVE_TEST_BASE } from './silicon/sifive-test.js';
import { Lsr, UART0_BASE, UART0_IRQ, UartRegister } from './silicon/uart16550.js';
import { Uart16550Driver } from './uart16550-driver.js';

/** Latin-1 bytes of `text`. */
function bytesOf(text: string): Uint8Array {
  return Uint8Array.from(text, (character) => character.charCodeAt(0));
}

/** A bus that records every write, to check register protocols. */
function recordingBus(machine: QemuVirtSilicon): { bus: RegisterBus; writes: Array<[number, number]> } {
  const writes: Array<[number, number]> = [];
  return {
    writes,
    bus: {
      read: (address, size) => machine.memory.read(address, size),
      write: (address, size, value) => {
        writes.push([address, value >>> 0]);
        return machine.memory.write(address, size, value);
      },
    },
  };
}

describe('CLINT and the machine-timer alarm', () => {
  it('counts mtime at 10 MHz of virtual time and raises MTIP when mtime reaches mtimecmp', () => {
    const machine = new QemuVirtSilicon();
    const hart = machine.chipCore.hart;
    hart.cycles = 100_000_000; // one second at 100 MHz
    expect(machine.memory.read(CLINT_BASE + ClintRegister.MTIME_LOW, 4)).toBe(10_000_000);
    machine.memory.write(CLINT_BASE + ClintRegister.MTIMECMP_HIGH, 4, 0);
    machine.memory.write(CLINT_BASE + ClintRegister.MTIMECMP_LOW, 4, 10_000_500);
    expect(hart.mip & InterruptBit.MTI).toBe(0);
    expect(machine.chipCore.sleep()).toBe(true);
    expect(hart.mip & InterruptBit.MTI).toBe(InterruptBit.MTI);
    expect(machine.chipCore.clint.mtime()).toBe(10_000_500);
    machine.memory.write(CLINT_BASE + ClintRegister.MTIMECMP_LOW, 4, 0xffff_ffff);
    expect(hart.mip & InterruptBit.MTI).toBe(0);
  });

  it('drives MSIP from msip bit 0', () => {
    const machine = new QemuVirtSilicon();
    machine.memory.write(CLINT_BASE, 4, 1);
    expect(machine.chipCore.hart.mip & InterruptBit.MSI).toBe(InterruptBit.MSI);
    machine.memory.write(CLINT_BASE, 4, 0);
    expect(machine.chipCore.hart.mip).toBe(0);
  });

  it('writes a compare value low = all ones, high, low, and calls the client from the bottom half', () => {
    const machine = new QemuVirtSilicon();
    const { bus, writes } = recordingBus(machine);
    const timer = new MachineTimer(bus);
    let fired = 0;
    const client: AlarmClient = { alarm: () => fired++ };
    timer.setAlarmClient(client);
    machine.chipCore.hart.cycles = 1000; // mtime 100
    timer.setAlarm(timer.now(), ticks(2_000));
    expect(writes).toEqual([
      [CLINT_BASE + ClintRegister.MTIMECMP_LOW, 0xffff_ffff],
      [CLINT_BASE + ClintRegister.MTIMECMP_HIGH, 0],
      [CLINT_BASE + ClintRegister.MTIMECMP_LOW, 2_100],
    ]);
    expect(timer.isArmed()).toBe(true);
    expect(timer.getAlarm()).toBe(2_100);
    machine.chipCore.sleep();
    expect(machine.chipCore.hart.mip & InterruptBit.MTI).toBe(InterruptBit.MTI);
    timer.handleInterrupt();
    expect(fired).toBe(1);
    expect(timer.isArmed()).toBe(false);
    expect(machine.chipCore.hart.mip & InterruptBit.MTI).toBe(0);
  });

  it('extends a 32-bit reference across a wrap of the low word and fires at once for a passed alarm', () => {
    const machine = new QemuVirtSilicon();
    const timer = new MachineTimer(machine.memory);
    machine.chipCore.clint.write32(ClintRegister.MTIME_HIGH, 1);
    machine.chipCore.clint.write32(ClintRegister.MTIME_LOW, 5);
    timer.setAlarm(ticks(0xffff_fff0), ticks(0x100)); // reference before the wrap, still ahead
    expect(timer.getAlarm64()).toBe(0x1_0000_00f0);
    timer.setAlarm(ticks(0xffff_fff0), ticks(8)); // already passed
    expect(timer.getAlarm64()).toBe(timer.now64());
    expect(machine.chipCore.hart.mip & InterruptBit.MTI).toBe(InterruptBit.MTI);
  });
});

describe('the machine timer as scheduler timer', () => {
  it('counts a timeslice down in virtual time and reports expiry', () => {
    const machine = new QemuVirtSilicon();
    const timer = new MachineTimerSchedulerTimer(new MachineTimer(machine.memory));
    timer.start(10_000);
    expect(timer.getRemainingUs()).toBe(10_000);
    machine.chipCore.hart.cycles += 400_000; // 4 ms at 100 MHz
    expect(timer.getRemainingUs()).toBe(6_000);
    expect(machine.chipCore.sleep()).toBe(true);
    expect(machine.chipCore.hart.mip & InterruptBit.MTI).toBe(InterruptBit.MTI);
    expect(timer.getRemainingUs()).toBeUndefined();
    timer.reset();
    expect(machine.chipCore.hart.mip & InterruptBit.MTI).toBe(0);
  });
});

describe('PLIC', () => {
  it('pends raised sources, claims the highest priority above the threshold, and re-pends on completion', () => {
    const machine = new QemuVirtSilicon();
    const plic = new PlicDriver(machine.memory);
    const hart = machine.chipCore.hart;
    plic.enableSpecificInterrupts([3, 5]);
    machine.memory.write(PLIC_BASE + PlicRegister.PRIORITY + 4 * 5, 4, 6);
    const three = machine.chipCore.interruptLine(3);
    const five = machine.chipCore.interruptLine(5);
    three.raise();
    five.raise();
    expect(hart.mip & InterruptBit.MEI).toBe(InterruptBit.MEI);
    expect(machine.memory.read(PLIC_BASE + PlicRegister.PENDING, 4)).toBe((1 << 3) | (1 << 5));
    expect(plic.nextPending()).toBe(5);
    five.lower();
    expect(plic.nextPending()).toBe(3);
    expect(plic.nextPending()).toBeUndefined();
    expect(hart.mip & InterruptBit.MEI).toBe(0);
    plic.complete(3); // line 3 is still high: pending again
    expect(hart.mip & InterruptBit.MEI).toBe(InterruptBit.MEI);
    plic.complete(5);
    expect(plic.nextPending()).toBe(3);
  });

  it('masks MEI and saves claimed sources for the bottom half, as the trap handler does', () => {
    const machine = new QemuVirtSilicon();
    const hart = machine.chipCore.hart;
    const plic = new PlicDriver(machine.memory);
    plic.enableAll();
    hart.writeCsr(Csr.mie, InterruptBit.MEI | InterruptBit.MTI);
    machine.chipCore.interruptLine(7).raise();
    machine.chipCore.interruptLine(40).raise();
    expect(maskInterruptForBottomHalf(hart, plic, 0x8000_000b)).toBe(true);
    expect(hart.mie).toBe(InterruptBit.MEI | InterruptBit.MTI);
    expect(plic.getSavedInterrupts()).toBe(7);
    plic.complete(7);
    expect(plic.getSavedInterrupts()).toBe(40);
    expect(maskInterruptForBottomHalf(hart, plic, 0x8000_0007)).toBe(true);
    expect(hart.mie).toBe(InterruptBit.MEI);
  });
});

describe('16550 UART', () => {
  function setup() {
    const machine = new QemuVirtSilicon();
    const output: number[] = [];
    machine.uart0.onTransmit = (byte) => output.push(byte);
    const plic = new PlicDriver(machine.memory);
    plic.enableAll();
    const driver = new Uart16550Driver(machine.memory);
    /** The chip's bottom half: claim, service, complete. */
    const service = (): number => {
      let serviced = 0;
      for (let source = plic.nextPending(); source !== undefined; source = plic.nextPending()) {
        expect(source).toBe(UART0_IRQ);
        driver.handleInterrupt();
        plic.complete(source);
        serviced++;
      }
      return serviced;
    };
    return { machine, output, driver, service };
  }

  it('transmits a buffer and answers in the transmitter-empty interrupt, never synchronously', () => {
    const { output, driver, service } = setup();
    const done: Array<[number, boolean]> = [];
    driver.setTransmitClient({
      transmittedBuffer: (_buffer, length, status) => done.push([length, status.ok]),
    });
    const message = bytesOf('hello, rv32');
    expect(driver.transmitBuffer(message, 5).ok).toBe(true);
    expect(done).toEqual([]);
    expect(driver.transmitBuffer(message, 5)).toMatchObject({ ok: false, error: { code: ErrorCode.BUSY } });
    expect(String.fromCharCode(...output)).toBe('hello');
    expect(service()).toBe(1);
    expect(done).toEqual([[5, true]]);
    expect(service()).toBe(0); // THRI disabled again: no further interrupts
  });

  it('receives bytes the host sends, in the received-data interrupt', () => {
    const { machine, driver, service } = setup();
    const received: Array<[string, UartError]> = [];
    driver.setReceiveClient({
      receivedBuffer: (buffer, length, _status, error) =>
        received.push([String.fromCharCode(...buffer.subarray(0, length)), error]),
    });
    const buffer = new Uint8Array(3);
    expect(driver.receiveBuffer(buffer, 3).ok).toBe(true);
    for (const byte of bytesOf('abc')) {
      machine.uart0.receive([byte]);
      service();
    }
    expect(received).toEqual([['abc', UartError.None]]);
  });

  it('programs the divisor and line control, and reports an empty transmitter and received data in LSR', () => {
    const { machine, driver } = setup();
    const result = driver.configure({
      baudRate: 9600,
      width: Width.Seven,
      parity: Parity.Even,
      stopBits: StopBits.One,
      hardwareFlowControl: false,
    });
    expect(result.ok).toBe(true);
    expect(machine.uart0.divisor).toBe(12);
    expect(machine.uart0.lineControl & 0x0b).toBe(0x0a);
    expect(machine.memory.read(UART0_BASE + UartRegister.LSR, 1) & Lsr.THRE).toBe(Lsr.THRE);
    machine.uart0.receive([0x41]);
    expect(machine.memory.read(UART0_BASE + UartRegister.LSR, 1) & Lsr.DR).toBe(Lsr.DR);
  });

  it('reports the receive room a host paces its input by: 1 byte without the FIFO, 16 with it', () => {
    const machine = new QemuVirtSilicon();
    expect(machine.uart0.receiveRoom).toBe(1);
    machine.uart0.receive([0x41]);
    expect(machine.uart0.receiveRoom).toBe(0);
    expect(machine.memory.read(UART0_BASE + UartRegister.RBR_THR_DLL, 1)).toBe(0x41);
    expect(machine.uart0.receiveRoom).toBe(1);
    machine.memory.write(UART0_BASE + UartRegister.IIR_FCR, 1, 0x01);
    machine.uart0.receive([1, 2, 3]);
    expect(machine.uart0.receiveRoom).toBe(13);
  });
});

describe('sifive_test finisher', () => {
  it('reports pass as 0, fail with its code, and asks the host to reset', () => {
    const machine = new QemuVirtSilicon();
    const finished: number[] = [];
    let resets = 0;
    machine.finisher.onFinish = (status) => finished.push(status);
    machine.finisher.onReset = () => resets++;
    machine.memory.write(SIFIVE_TEST_BASE, 4, 0x0002_3333);
    machine.memory.write(SIFIVE_TEST_BASE, 4, 0x5555);
    machine.memory.write(SIFIVE_TEST_BASE, 4, 0x7777);
    machine.memory.write(SIFIVE_TEST_BASE, 4, 0x1234);
    expect(finished).toEqual([2, 0]);
    expect(resets).toBe(1);
    expect(machine.finisher.exitStatus).toBe(0);
  });
});
