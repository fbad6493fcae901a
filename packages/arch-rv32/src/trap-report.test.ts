// Trap reports as upstream prints them: mcause names, the machine-state dump read through CSRs,
// and the process context.
import { describe, expect, it } from 'vitest';
import { Csr, InterruptBit } from './silicon/architecture.js';
import { QemuVirtSilicon } from './silicon/qemu-virt.js';
import { describeMcause, formatProcessContext, formatRiscvState } from './trap-report.js';

describe('trap reports', () => {
  it('names every standard cause and marks unknown ones', () => {
    expect(describeMcause(2)).toBe('Illegal instruction');
    expect(describeMcause(7)).toBe('Store/AMO access fault');
    expect(describeMcause(8)).toBe('Environment call from U-mode');
    expect(describeMcause(0x8000_0007)).toBe('Machine timer interrupt');
    expect(describeMcause(0x8000_000b)).toBe('Machine external interrupt');
    expect(describeMcause(10)).toBe('Reserved');
    expect(describeMcause(0x8000_0002)).toBe('Reserved/Unknown');
  });

  it('dumps the machine state read from the CSRs', () => {
    const hart = new QemuVirtSilicon().chipCore.hart;
    hart.writeCsr(Csr.mcause, 0x8000_0007);
    hart.writeCsr(Csr.mtval, 0x1234);
    hart.writeCsr(Csr.mepc, 0x8000_0100);
    hart.writeCsr(Csr.mtvec, 0x8000_0004);
    hart.writeCsr(Csr.mstatus, 0x1888);
    hart.writeCsr(Csr.mie, InterruptBit.MTI | InterruptBit.MEI);
    hart.setInterruptPending(InterruptBit.MTI, true);
    const text = formatRiscvState(hart);
    expect(text).toBe(
      [
        '\r\n---| RISC-V Machine State |---\r\n',
        'Last cause (mcause): Machine timer interrupt (interrupt=1, exception code=0x00000007)',
        '\r\nLast value (mtval):  0x00001234\r\n\r\nSystem register dump:',
        '\r\n mepc:    0x80000100    mstatus:     0x00001888',
        '\r\n mcycle:  0x00000000    minstret:    0x00000000',
        '\r\n mtvec:   0x80000004',
        '\r\n mstatus: 0x00001888',
        '\r\n  uie:    false    upie:   false',
        '\r\n  sie:    false    spie:   false',
        '\r\n  mie:    true     mpie:   true ',
        '\r\n  spp:    false',
        '\r\n mie:     0x00000880    mip:         0x00000080',
        '\r\n  usoft:  false                      false',
        '\r\n  ssoft:  false                      false',
        '\r\n  msoft:  false                      false',
        '\r\n  utimer: false                      false',
        '\r\n  stimer: false                      false',
        '\r\n  mtimer: true                       true ',
        '\r\n  uext:   false                      false',
        '\r\n  sext:   false                      false',
        '\r\n  mext:   true                       false',
        '\r\n',
      ].join(''),
    );
  });

  it('prints a process context with x0 first and the PC, mcause and mtval', () => {
    const regs = new Uint32Array(31);
    regs.forEach((_, index) => {
      regs[index] = index + 1;
    });
    const text = formatProcessContext({ regs, pc: 0x8010_0040, mcause: 5, mtval: 0x8000_0000 });
    expect(
      text.startsWith('\r\n R0 : 0x00000000    R16: 0x00000010\r\n R1 : 0x00000001    R17: 0x00000011'),
    ).toBe(true);
    expect(text).toContain('\r\n R15: 0x0000000F    R31: 0x0000001F');
    expect(
      text.endsWith(
        '\r\n PC : 0x80100040\r\n\r\n mcause: 0x00000005 (Load access fault)\r\n mtval:  0x80000000\r\n\r\n',
      ),
    ).toBe(true);
  });
});
