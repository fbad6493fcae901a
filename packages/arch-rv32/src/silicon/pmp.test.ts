// The PMP matrix: TOR, NA4 and NAPOT matching, priority and partial matches, user versus machine
// mode, the lock bit, and Smepmp (the MML truth table, MMWP, RLB, sticky bits, refused rules);
// and the same rules enforced on running code.
import { describe, expect, it } from 'vitest';
import { Reg, RvAssembler } from '../testing/rv-assembler.js';
import { CODE_ADDRESS, createRvMachine, DATA_ADDRESS } from '../testing/rv-machine.js';
import { ExceptionCause, Mseccfg, Privilege } from './architecture.js';
import { AccessKind, Pmp } from './pmp.js';

const R = AccessKind.Read;
const W = AccessKind.Write;
const X = AccessKind.Execute;
const TOR = 1 << 3;
const NA4 = 2 << 3;
const NAPOT = 3 << 3;
const LOCK = 0x80;

/** Sets entry `entry`'s octet (other octets of its pmpcfg kept). */
function setConfig(pmp: Pmp, entry: number, octet: number): void {
  const index = entry >>> 2;
  const shift = (entry & 3) * 8;
  pmp.writeConfig(index, ((pmp.readConfig(index) & ~(0xff << shift)) | (octet << shift)) >>> 0);
}

function allowed(pmp: Pmp, address: number, size: number, machine: boolean): string {
  return [R, W, X]
    .map((kind) => (pmp.check(address, size, kind, machine) ? 'rwx'[Math.log2(kind)] : '-'))
    .join('');
}

describe('PMP address matching', () => {
  it('matches TOR from the previous address (0 for entry 0) up to, not including, its own', () => {
    const pmp = new Pmp();
    pmp.writeAddress(0, 0x1000 >>> 2);
    pmp.writeAddress(1, 0x2000 >>> 2);
    setConfig(pmp, 1, TOR | 7);
    expect(allowed(pmp, 0x0ffc, 4, false)).toBe('---');
    expect(allowed(pmp, 0x1000, 4, false)).toBe('rwx');
    expect(allowed(pmp, 0x1ffc, 4, false)).toBe('rwx');
    expect(allowed(pmp, 0x2000, 4, false)).toBe('---');
    setConfig(pmp, 0, TOR | R);
    expect(allowed(pmp, 0x0, 4, false)).toBe('r--');
  });

  it('matches NA4 on four bytes and NAPOT on a naturally aligned power of two', () => {
    const pmp = new Pmp();
    pmp.writeAddress(0, 0x8000_0010 >>> 2);
    setConfig(pmp, 0, NA4 | R);
    pmp.writeAddress(1, (0x8000_0000 >>> 2) | 0x3ff); // 8 KiB at 0x8000_0000
    setConfig(pmp, 1, NAPOT | R | W);
    expect(allowed(pmp, 0x8000_0010, 4, false)).toBe('r--');
    expect(allowed(pmp, 0x8000_0014, 4, false)).toBe('rw-');
    expect(allowed(pmp, 0x8000_1ffc, 4, false)).toBe('rw-');
    expect(allowed(pmp, 0x8000_2000, 4, false)).toBe('---');
  });

  it('lets the lowest-numbered entry decide, and fails accesses it matches only in part', () => {
    const pmp = new Pmp();
    pmp.writeAddress(0, 0x1004 >>> 2);
    setConfig(pmp, 0, NA4 | R);
    pmp.writeAddress(1, (0x1000 >>> 2) | 1); // 16 bytes at 0x1000
    setConfig(pmp, 1, NAPOT | R | W);
    expect(allowed(pmp, 0x1004, 4, false)).toBe('r--');
    expect(allowed(pmp, 0x1002, 4, false)).toBe('---'); // straddles entries 1 and 0
    expect(allowed(pmp, 0x100e, 4, false)).toBe('---'); // straddles entry 1 and nothing
  });
});

describe('PMP privilege rules without Smepmp', () => {
  it('restricts user mode by unlocked entries and leaves machine mode alone; no match denies user mode', () => {
    const pmp = new Pmp();
    expect(allowed(pmp, 0x8000_0000, 4, true)).toBe('rwx');
    expect(allowed(pmp, 0x8000_0000, 4, false)).toBe('---');
    pmp.writeAddress(0, 0xffff_ffff);
    setConfig(pmp, 0, NAPOT | R);
    expect(allowed(pmp, 0x8000_0000, 4, true)).toBe('rwx');
    expect(allowed(pmp, 0x8000_0000, 4, false)).toBe('r--');
    expect(pmp.machineEnforced).toBe(false);
  });

  it('applies locked entries to machine mode and ignores writes to them and the address below a locked TOR', () => {
    const pmp = new Pmp();
    pmp.writeAddress(0, 0x1000 >>> 2);
    pmp.writeAddress(1, 0x2000 >>> 2);
    setConfig(pmp, 1, LOCK | TOR | R);
    expect(pmp.machineEnforced).toBe(true);
    expect(allowed(pmp, 0x1000, 4, true)).toBe('r--');
    pmp.writeAddress(1, 0x3000 >>> 2);
    pmp.writeAddress(0, 0);
    setConfig(pmp, 1, TOR | 7);
    expect(pmp.readAddress(1)).toBe(0x2000 >>> 2);
    expect(pmp.readAddress(0)).toBe(0x1000 >>> 2);
    expect((pmp.readConfig(0) >>> 8) & 0xff).toBe(LOCK | TOR | R);
  });
});

describe('Smepmp', () => {
  /** The permissions (machine, user) an entry with octet `lrwx` gives under MML. */
  function mmlPermissions(octet: number): [string, string] {
    const pmp = new Pmp();
    pmp.writeMseccfg(Mseccfg.RLB); // allows adding any rule after MML
    pmp.writeMseccfg(Mseccfg.RLB | Mseccfg.MML);
    pmp.writeAddress(0, 0xffff_ffff);
    setConfig(pmp, 0, NAPOT | octet);
    return [allowed(pmp, 0x8000_0000, 4, true), allowed(pmp, 0x8000_0000, 4, false)];
  }

  it('follows the MML truth table', () => {
    const table: Array<[number, string, string]> = [
      [0, '---', '---'],
      [X, '---', '--x'],
      [W, 'rw-', 'r--'],
      [W | X, 'rw-', 'rw-'],
      [R, '---', 'r--'],
      [R | X, '---', 'r-x'],
      [R | W, '---', 'rw-'],
      [R | W | X, '---', 'rwx'],
      [LOCK, '---', '---'],
      [LOCK | X, '--x', '---'],
      [LOCK | W, '--x', '--x'],
      [LOCK | W | X, 'r-x', '--x'],
      [LOCK | R, 'r--', '---'],
      [LOCK | R | X, 'r-x', '---'],
      [LOCK | R | W, 'rw-', '---'],
      [LOCK | R | W | X, 'r--', 'r--'],
    ];
    for (const [octet, machine, user] of table) {
      expect([octet, ...mmlPermissions(octet)]).toEqual([octet, machine, user]);
    }
  });

  it('denies machine mode where nothing matches under MMWP, and execution there under MML', () => {
    const whitelist = new Pmp();
    whitelist.writeMseccfg(Mseccfg.MMWP);
    expect(allowed(whitelist, 0x8000_0000, 4, true)).toBe('---');
    const lockdown = new Pmp();
    lockdown.writeMseccfg(Mseccfg.MML);
    expect(allowed(lockdown, 0x8000_0000, 4, true)).toBe('rw-');
  });

  it('keeps MML and MMWP once set, and RLB only while no entry is locked', () => {
    const pmp = new Pmp();
    pmp.writeMseccfg(Mseccfg.MML | Mseccfg.MMWP);
    pmp.writeMseccfg(0);
    expect(pmp.readMseccfg()).toBe(Mseccfg.MML | Mseccfg.MMWP);
    const rlb = new Pmp();
    setConfig(rlb, 0, LOCK | NA4 | R);
    rlb.writeMseccfg(Mseccfg.RLB);
    expect(rlb.readMseccfg() & Mseccfg.RLB).toBe(0);
  });

  it('refuses new locked executable rules under MML unless RLB is set', () => {
    const pmp = new Pmp();
    pmp.writeMseccfg(Mseccfg.MML);
    setConfig(pmp, 0, LOCK | NAPOT | R | X);
    setConfig(pmp, 1, LOCK | NAPOT | W);
    setConfig(pmp, 2, LOCK | NAPOT | R | W);
    expect(pmp.readConfig(0) & 0xffffff).toBe((LOCK | NAPOT | R | W) << 16);
  });
});

describe('PMP on running code', () => {
  it('faults user loads, stores and fetches outside their regions with the address as mtval', () => {
    const { t0, a0 } = Reg;
    const code = new RvAssembler().li(t0, DATA_ADDRESS).lw(a0, t0, 0).sw(a0, t0, 0).bytes();
    const machine = createRvMachine(code);
    const hart = machine.hart;
    hart.privilege = Privilege.User;
    // Code RAM: RX; the data word: R only.
    hart.pmp.writeAddress(0, (DATA_ADDRESS >>> 2) | 0); // NA4 at DATA_ADDRESS
    hart.pmp.writeAddress(1, (0x8000_0000 >>> 2) | 0x7ff); // 16 KiB at RAM base
    setConfig(hart.pmp, 0, NA4 | R);
    setConfig(hart.pmp, 1, NAPOT | R | X);
    expect(machine.run()).toBe(ExceptionCause.StoreAccessFault);
    expect(hart.mtval).toBe(DATA_ADDRESS);
    hart.privilege = Privilege.User;
    hart.pc = DATA_ADDRESS;
    expect(machine.run()).toBe(ExceptionCause.InstructionAccessFault);
    expect(hart.mtval).toBe(DATA_ADDRESS);
  });

  it('faults a fetch past the end of the executable region, even inside straight-line code', () => {
    const { a0 } = Reg;
    const code = new RvAssembler()
      .addi(a0, a0, 1)
      .addi(a0, a0, 1)
      .addi(a0, a0, 1)
      .addi(a0, a0, 1)
      .ecall()
      .bytes();
    const machine = createRvMachine(code);
    const hart = machine.hart;
    hart.privilege = Privilege.User;
    hart.pmp.writeAddress(0, CODE_ADDRESS >>> 2);
    hart.pmp.writeAddress(1, (CODE_ADDRESS + 8) >>> 2);
    setConfig(hart.pmp, 1, TOR | R | X);
    expect(machine.run()).toBe(ExceptionCause.InstructionAccessFault);
    expect(hart.mepc).toBe(CODE_ADDRESS + 8);
    expect(hart.x[a0]).toBe(2);
    expect(hart.instret).toBe(2);
  });
});
