// 32-bit Thumb-2 and DSP instructions on the Cortex-M4. Encodings come from arm-none-eabi-as
// (-mcpu=cortex-m4), quoted beside each one.
import { beforeEach, describe, expect, it } from 'vitest';
import { ThumbAssembler } from '../testing/thumb-assembler.js';
import {
  CODE_ADDRESS,
  createThumbMachine,
  DATA_ADDRESS,
  END,
  type ThumbMachine,
} from '../testing/thumb-machine.js';
import { Ccr, Cfsr, CoreVariant, ExceptionNumber } from './architecture.js';

type Encoding = readonly [number, number];

/** Set per run of the suite: both the interpreter and translated blocks must give the same results. */
let compileBlocks = true;

function execute(
  encodings: ReadonlyArray<Encoding | number>,
  registers: Readonly<Record<number, number>> = {},
  variant = CoreVariant.CortexM4,
): ThumbMachine {
  // Two MOV r8, r8 first, so that translated blocks start before the encodings under test.
  const assembler = new ThumbAssembler(CODE_ADDRESS).mov(8, 8).mov(8, 8);
  for (const encoding of encodings) {
    if (typeof encoding === 'number') assembler.hw(encoding);
    else assembler.wide(encoding[0], encoding[1]);
  }
  assembler.bkpt(END);
  const machine = createThumbMachine(variant, assembler.bytes(), {}, compileBlocks);
  for (const [register, value] of Object.entries(registers)) machine.core.regs[Number(register)] = value;
  return machine;
}

function run(
  encodings: ReadonlyArray<Encoding | number>,
  registers: Readonly<Record<number, number>> = {},
): ThumbMachine {
  const machine = execute(encodings, registers);
  expect(machine.run()).toBe(END);
  return machine;
}

function result(encoding: Encoding, registers: Readonly<Record<number, number>>, register = 0): number {
  return run([encoding], registers).core.regs[register] ?? -1;
}

describe.each([true, false])('32-bit instructions (compiled blocks: %s)', (compile) => {
  beforeEach(() => {
    compileBlocks = compile;
  });

  describe('data processing', () => {
    it('modified immediates, with the carry from the rotation', () => {
      const machine = run([[0xf111, 0x4000]], { 1: 0x8000_0000 }); // adds.w r0, r1, #0x80000000
      expect(machine.core.regs[0]).toBe(0);
      expect([machine.core.z, machine.core.c, machine.core.v]).toEqual([1, 1, 1]);
      expect(result([0xf081, 0x20ff], { 1: 0x1234_5678 })).toBe(0xed34_a978); // eor.w r0, r1, #0xff00ff00
      expect(result([0xf06f, 0x0000], {})).toBe(0xffff_ffff); // mvn.w r0, #0
      expect(result([0xf1c1, 0x000a], { 1: 3 })).toBe(7); // rsb.w r0, r1, #10
      const tst = run([[0xf010, 0x0f01]], { 0: 2 }); // tst.w r0, #1
      expect(tst.core.z).toBe(1);
      const cmp = run([[0xf5b0, 0x7f80]], { 0: 256 }); // cmp.w r0, #256
      expect([cmp.core.z, cmp.core.c]).toEqual([1, 1]);
    });

    it('shifted registers and register shifts', () => {
      const orrs = run([[0xea51, 0x0052]], { 1: 0xf0, 2: 0x3 }); // orrs.w r0, r1, r2, lsr #1
      expect(orrs.core.regs[0]).toBe(0xf1);
      expect(orrs.core.c).toBe(1);
      expect(result([0xea21, 0x1032], { 1: 0xffff_ffff, 2: 0xf })).toBe(0x0fff_ffff); // bic.w r0, r1, r2, ror #4
      expect(result([0xfa01, 0xf002], { 1: 1, 2: 31 })).toBe(0x8000_0000); // lsl.w r0, r1, r2
      const asrs = run([[0xfa51, 0xf002]], { 1: 0x8000_0000, 2: 40 }); // asrs.w r0, r1, r2
      expect(asrs.core.regs[0]).toBe(0xffff_ffff);
      expect(asrs.core.c).toBe(1);
      expect(result([0xea61, 0x0002], { 1: 0xf0, 2: 0xffff_fff0 })).toBe(0xff); // orn r0, r1, r2
      const sbcs = run([[0xeb71, 0x0002]], { 1: 5, 2: 5 }); // sbcs.w r0, r1, r2 with C = 0: 5 - 5 - 1
      expect(sbcs.core.regs[0]).toBe(0xffff_ffff);
    });

    it('MOVW/MOVT, ADDW/SUBW, bit fields and saturation', () => {
      const machine = run([
        [0xf241, 0x2234], // movw r2, #0x1234
        [0xf6ca, 0x32cd], // movt r2, #0xabcd
      ]);
      expect(machine.core.regs[2]).toBe(0xabcd_1234);
      expect(result([0xf601, 0x70ff], { 1: 1 })).toBe(0x1000); // addw r0, r1, #0xfff
      expect(result([0xf6a1, 0x70ff], { 1: 0x1000 })).toBe(1); // subw r0, r1, #0xfff
      expect(result([0xf361, 0x100b], { 0: 0xffff_ffff, 1: 0x12 })).toBe(0xffff_f12f); // bfi r0, r1, #4, #8
      expect(result([0xf36f, 0x0003], { 0: 0xff })).toBe(0xf0); // bfc r0, #0, #4
      expect(result([0xf3c1, 0x1007], { 1: 0xabc })).toBe(0xab); // ubfx r0, r1, #4, #8
      expect(result([0xf341, 0x1007], { 1: 0xf80 })).toBe(0xffff_fff8); // sbfx r0, r1, #4, #8
      const ssat = run([[0xf301, 0x0007]], { 1: 1000 }); // ssat r0, #8, r1
      expect(ssat.core.regs[0]).toBe(127);
      expect(ssat.core.q).toBe(1);
      expect(result([0xf381, 0x0008], { 1: 0xffff_fff0 })).toBe(0); // usat r0, #8, r1
      expect(result([0xf321, 0x0007], { 1: 0x7fff_8000 })).toBe(0x007f_ff80); // ssat16 r0, #8, r1
      expect(result([0xf3a1, 0x0008], { 1: 0x0100_ffff })).toBe(0x00ff_0000); // usat16 r0, #8, r1
    });

    it('CLZ, RBIT, REV16.W, REVSH.W, PKHBT/PKHTB, extends', () => {
      expect(result([0xfab1, 0xf081], { 1: 0x0001_0000 })).toBe(15); // clz r0, r1
      expect(result([0xfa91, 0xf0a1], { 1: 1 })).toBe(0x8000_0000); // rbit r0, r1
      expect(result([0xfa91, 0xf091], { 1: 0x1122_3344 })).toBe(0x2211_4433); // rev16.w r0, r1
      expect(result([0xfa91, 0xf0b1], { 1: 0x0000_0080 })).toBe(0xffff_8000); // revsh.w r0, r1
      expect(result([0xeac1, 0x4002], { 1: 0x1111_2222, 2: 0x3333_4444 })).toBe(0x4444_2222); // pkhbt r0, r1, r2, lsl #16
      expect(result([0xeac1, 0x4022], { 1: 0x1111_2222, 2: 0x8000_4444 })).toBe(0x1111_8000); // pkhtb r0, r1, r2, asr #16
      expect(result([0xfa3f, 0xf081], { 1: 0x1234_5678 })).toBe(0x0034_0078); // uxtb16 r0, r1
      expect(result([0xfa2f, 0xf081], { 1: 0x0080_00ff })).toBe(0xff80_ffff); // sxtb16 r0, r1
      expect(result([0xfa41, 0xf092], { 1: 10, 2: 0x0000_ff00 })).toBe(9); // sxtab r0, r1, r2, ror #8
      expect(result([0xfa11, 0xf082], { 1: 1, 2: 0x1234_ffff })).toBe(0x1_0000); // uxtah r0, r1, r2
    });
  });

  describe('multiply and divide', () => {
    it('MLA, MLS and the 64-bit multiplies', () => {
      const registers = { 1: 7, 2: 6, 3: 100 };
      expect(result([0xfb01, 0x3002], registers)).toBe(142); // mla r0, r1, r2, r3
      expect(result([0xfb01, 0x3012], registers)).toBe(58); // mls r0, r1, r2, r3
      const umull = run([[0xfba2, 0x0103]], { 2: 0xffff_ffff, 3: 0xffff_ffff }); // umull r0, r1, r2, r3
      expect([umull.core.regs[0], umull.core.regs[1]]).toEqual([1, 0xffff_fffe]);
      const smull = run([[0xfb82, 0x0103]], { 2: 0xffff_ffff, 3: 5 }); // smull: -1 * 5
      expect([smull.core.regs[0], smull.core.regs[1]]).toEqual([0xffff_fffb, 0xffff_ffff]);
      const umlal = run([[0xfbe2, 0x0103]], { 0: 0xffff_ffff, 1: 1, 2: 2, 3: 3 }); // umlal
      expect([umlal.core.regs[0], umlal.core.regs[1]]).toEqual([5, 2]);
      const smlal = run([[0xfbc2, 0x0103]], { 0: 0, 1: 0, 2: 0xffff_fffe, 3: 3 }); // smlal: -6
      expect([smlal.core.regs[0], smlal.core.regs[1]]).toEqual([0xffff_fffa, 0xffff_ffff]);
      const umaal = run([[0xfbe2, 0x0163]], {
        0: 0xffff_ffff,
        1: 0xffff_ffff,
        2: 0xffff_ffff,
        3: 0xffff_ffff,
      });
      expect([umaal.core.regs[0], umaal.core.regs[1]]).toEqual([0xffff_ffff, 0xffff_ffff]); // max UMAAL
    });

    it('SDIV/UDIV, divide by zero gives 0 or UsageFault with DIV_0_TRP', () => {
      expect(result([0xfb91, 0xf0f2], { 1: 0xffff_fff9, 2: 2 })).toBe(0xffff_fffd); // sdiv: -7 / 2 = -3
      expect(result([0xfb91, 0xf0f2], { 1: 0x8000_0000, 2: 0xffff_ffff })).toBe(0x8000_0000); // overflow
      expect(result([0xfbb1, 0xf0f2], { 1: 0xffff_fff9, 2: 2 })).toBe(0x7fff_fffc); // udiv
      expect(result([0xfbb1, 0xf0f2], { 0: 9, 1: 5, 2: 0 })).toBe(0);
      const trap = execute([[0xfbb1, 0xf0f2]], { 1: 5, 2: 0 });
      trap.core.ccr |= Ccr.DIV_0_TRP;
      trap.core.shcsr |= 1 << 18; // USGFAULTENA
      trap.core.exceptions.setEnabled(ExceptionNumber.UsageFault, true);
      expect(trap.run()).toBe(ExceptionNumber.UsageFault);
      expect(trap.core.cfsr & Cfsr.DIVBYZERO).toBe(Cfsr.DIVBYZERO);
    });

    it('DSP halfword and most-significant-word multiplies', () => {
      const r = { 1: 0x0003_fffe, 2: 0x0004_0005, 3: 10 }; // r1 = (3, -2), r2 = (4, 5)
      expect(result([0xfb11, 0x3002], r)).toBe(0); // smlabb: -2*5 + 10
      expect(result([0xfb11, 0xf002], r)).toBe(0xffff_fff6); // smulbb: -10
      expect(result([0xfb21, 0x3002], r)).toBe(12); // smlad: -10 + 12 + 10
      expect(result([0xfb21, 0xf002], r)).toBe(2); // smuad
      expect(result([0xfb41, 0x3002], r)).toBe(0xffff_fff4); // smlsd: -10 - 12 + 10 = -12
      expect(result([0xfb41, 0xf002], r)).toBe(0xffff_ffea); // smusd: -22
      expect(result([0xfb31, 0xf002], { 1: 0x0001_0000, 2: 5 })).toBe(5); // smulwb: (65536 * 5) >> 16
      expect(result([0xfb31, 0x3002], { 1: 0x0001_0000, 2: 5, 3: 1 })).toBe(6); // smlawb
      expect(result([0xfb51, 0xf002], { 1: 0x4000_0000, 2: 8 })).toBe(2); // smmul
      expect(result([0xfb51, 0x3002], { 1: 0x4000_0000, 2: 8, 3: 1 })).toBe(3); // smmla
      expect(result([0xfb61, 0x3002], { 1: 0x4000_0000, 2: 8, 3: 5 })).toBe(3); // smmls
      expect(result([0xfb71, 0xf002], { 1: 0x0102_0304, 2: 0x0401_0503 })).toBe(3 + 1 + 2 + 1); // usad8
      expect(result([0xfb71, 0x3002], { 1: 0x0102_0304, 2: 0x0401_0503, 3: 100 })).toBe(107); // usada8
      const smlalbb = run([[0xfbc2, 0x0183]], { 0: 1, 1: 0, 2: 0xffff, 3: 2 }); // smlalbb: 1 + (-1 * 2)
      expect([smlalbb.core.regs[0], smlalbb.core.regs[1]]).toEqual([0xffff_ffff, 0xffff_ffff]);
      const smlald = run([[0xfbc2, 0x01c3]], { 0: 0, 1: 0, 2: 0x0002_0003, 3: 0x0004_0005 }); // smlald: 15 + 8
      expect([smlald.core.regs[0], smlald.core.regs[1]]).toEqual([23, 0]);
    });
  });

  describe('saturating and parallel arithmetic', () => {
    it('QADD/QSUB/QDADD/QDSUB saturate and set Q', () => {
      const qadd = run([[0xfa82, 0xf081]], { 1: 0x7fff_ffff, 2: 1 }); // qadd r0, r1, r2
      expect(qadd.core.regs[0]).toBe(0x7fff_ffff);
      expect(qadd.core.q).toBe(1);
      expect(result([0xfa82, 0xf0a1], { 1: 0x8000_0000, 2: 1 })).toBe(0x8000_0000); // qsub
      expect(result([0xfa82, 0xf091], { 1: 1, 2: 0x4000_0000 })).toBe(0x7fff_ffff); // qdadd
      expect(result([0xfa82, 0xf0b1], { 1: 10, 2: 3 })).toBe(4); // qdsub: 10 - 6
    });

    it('SADD16/UADD8 set GE and SEL picks bytes by GE', () => {
      const sadd16 = run([[0xfa91, 0xf002]], { 1: 0x0001_8000, 2: 0x0001_ffff }); // sadd16
      expect(sadd16.core.regs[0]).toBe(0x0002_7fff); // low lane -32769 wraps; GE only for the high lane
      expect(sadd16.core.ge).toBe(0b1100);
      const uadd8 = run(
        [
          [0xfa81, 0xf042], // uadd8 r0, r1, r2
          [0xfaa1, 0xf082], // sel r0, r1, r2
        ],
        { 1: 0xff01_ff01, 2: 0x0201_0101 },
      );
      expect(uadd8.core.ge).toBe(0b1010);
      expect(uadd8.core.regs[0]).toBe(0xff01_ff01); // bytes 3 and 1 from r1, 2 and 0 from r2
    });

    it('UQSUB8, SHADD8, SSUB16, UHSUB16, QASX', () => {
      expect(result([0xfac1, 0xf052], { 1: 0x1005_ff00, 2: 0x2001_0f01 })).toBe(0x0004_f000); // uqsub8
      expect(result([0xfa81, 0xf022], { 1: 0x7f80_0204, 2: 0x7f80_0202 })).toBe(0x7f80_0203); // shadd8
      const ssub16 = run([[0xfad1, 0xf002]], { 1: 0x0005_0001, 2: 0x0003_0002 });
      expect(ssub16.core.regs[0]).toBe(0x0002_ffff);
      expect(ssub16.core.ge).toBe(0b1100);
      expect(result([0xfad1, 0xf062], { 1: 0x0001_0010, 2: 0x0003_0002 })).toBe(0xffff_0007); // uhsub16
      expect(result([0xfaa1, 0xf012], { 1: 0x7fff_0000, 2: 0x0001_0010 })).toBe(0x7fff_ffff); // qasx
    });
  });

  describe('loads and stores', () => {
    it('indexed LDR/STR with write-back, LDRD/STRD, LDM/STM.W', () => {
      const machine = run(
        [
          [0xf841, 0x0d04], // str r0, [r1, #-4]!
          [0xf851, 0x0904], // ldr r0, [r1], #-4 -> loads the word just stored
          [0xe962, 0x0102], // strd r0, r1, [r2, #-8]!
        ],
        { 0: 0xcafe_f00d, 1: DATA_ADDRESS + 0x10, 2: DATA_ADDRESS + 0x40 },
      );
      const r = machine.core.regs;
      expect(machine.readWord(DATA_ADDRESS + 0x0c)).toBe(0xcafe_f00d);
      expect(r[0]).toBe(0xcafe_f00d);
      expect(r[1]).toBe(DATA_ADDRESS + 0x08);
      expect(r[2]).toBe(DATA_ADDRESS + 0x38);
      expect(machine.readWord(DATA_ADDRESS + 0x38)).toBe(0xcafe_f00d);
      expect(machine.readWord(DATA_ADDRESS + 0x3c)).toBe(DATA_ADDRESS + 0x08);
      const ldrd = execute([[0xe9d2, 0x0102]], { 2: DATA_ADDRESS }); // ldrd r0, r1, [r2, #8]
      ldrd.writeWord(DATA_ADDRESS + 8, 1);
      ldrd.writeWord(DATA_ADDRESS + 12, 2);
      expect(ldrd.run()).toBe(END);
      expect([ldrd.core.regs[0], ldrd.core.regs[1]]).toEqual([1, 2]);
      const multiple = run(
        [
          [0xe920, 0x000e], // stmdb r0!, {r1, r2, r3}
          [0xe8b0, 0x0070], // ldmia.w r0!, {r4, r5, r6}
        ],
        { 0: DATA_ADDRESS + 0x100, 1: 1, 2: 2, 3: 3 },
      );
      expect([multiple.core.regs[4], multiple.core.regs[5], multiple.core.regs[6]]).toEqual([1, 2, 3]);
      expect(multiple.core.regs[0]).toBe(DATA_ADDRESS + 0x100);
      expect(ldrd.core.regs[2]).toBe(DATA_ADDRESS);
    });

    it('LDRSB/LDRSH/STRH/LDRB with the 32-bit addressing forms', () => {
      const machine = execute(
        [
          [0xf911, 0x0012], // ldrsb.w r0, [r1, r2, lsl #1]
          [0xf931, 0x3c02], // ldrsh.w r3, [r1, #-2]
          [0xf8a1, 0x3064], // strh.w r3, [r1, #100]
          [0xf891, 0x4064], // ldrb.w r4, [r1, #100]
        ],
        { 1: DATA_ADDRESS + 8, 2: 2 },
      );
      machine.writeWord(DATA_ADDRESS + 4, 0x8001_0000);
      machine.writeWord(DATA_ADDRESS + 12, 0x0000_0080);
      expect(machine.run()).toBe(END);
      const r = machine.core.regs;
      expect(r[0]).toBe(0xffff_ff80);
      expect(r[3]).toBe(0xffff_8001);
      expect(r[4]).toBe(0x01);
    });

    it('LDREX/STREX succeed once, CLREX breaks the reservation', () => {
      const machine = run(
        [
          [0xe851, 0x0f00], // ldrex r0, [r1]
          [0xe841, 0x3200], // strex r2, r3, [r1]
          [0xe841, 0x3400], // strex r4, r3, [r1]  (no reservation any more)
          [0xe851, 0x0f00], // ldrex r0, [r1]
          [0xf3bf, 0x8f2f], // clrex
          [0xe841, 0x3500], // strex r5, r3, [r1]
        ],
        { 1: DATA_ADDRESS, 3: 77 },
      );
      const r = machine.core.regs;
      expect([r[2], r[4], r[5]]).toEqual([0, 1, 1]);
      expect(machine.readWord(DATA_ADDRESS)).toBe(77);
    });

    it('TBB and TBH branch through tables after the instruction', () => {
      const tbb = new ThumbAssembler(CODE_ADDRESS)
        .wide(0xe8df, 0xf000) // tbb [pc, r0]
        .hw(0x0301) // byte table: entry 0 = 1 halfword, entry 1 = 3 halfwords past the table
        .movs(1, 1)
        .bkpt(END)
        .movs(1, 2)
        .bkpt(END);
      const machine = createThumbMachine(CoreVariant.CortexM4, tbb.bytes(), {}, compileBlocks);
      machine.core.regs[0] = 1;
      expect(machine.run()).toBe(END);
      expect(machine.core.regs[1]).toBe(2);
      const tbh = new ThumbAssembler(CODE_ADDRESS)
        .wide(0xe8df, 0xf010) // tbh [pc, r0, lsl #1]
        .hw(2) // entry 0: +4 bytes
        .hw(4) // entry 1: +8 bytes
        .movs(1, 1)
        .bkpt(END)
        .movs(1, 2)
        .bkpt(END);
      const second = createThumbMachine(CoreVariant.CortexM4, tbh.bytes(), {}, compileBlocks);
      second.core.regs[0] = 0;
      expect(second.run()).toBe(END);
      expect(second.core.regs[1]).toBe(1);
    });
  });

  describe('system and unsupported encodings', () => {
    it('MSR/MRS on PSP, BASEPRI and APSR; barriers and hints execute', () => {
      const machine = run(
        [
          [0xf380, 0x8809], // msr psp, r0
          [0xf3ef, 0x8109], // mrs r1, psp
          [0xf380, 0x8811], // msr basepri, r0 (only implemented bits kept)
          [0xf3ef, 0x8211], // mrs r2, basepri
          [0xf380, 0x8800], // msr apsr_nzcvq, r0
          [0xf3ef, 0x8300], // mrs r3, apsr
          [0xf3bf, 0x8f5f], // dmb
          [0xf3bf, 0x8f4f], // dsb
          [0xf3bf, 0x8f6f], // isb
          0xbf10, // yield
          0xbf40, // sev
        ],
        { 0: 0xf000_00ff },
      );
      const r = machine.core.regs;
      expect(r[1]).toBe(0xf000_00fc);
      expect(r[2]).toBe(0xe0);
      expect(r[3]).toBe(0xf000_0000);
    });

    it('floating point with the FPU off raises NOCP (escalated to HardFault FORCED when disabled)', () => {
      const machine = execute([[0xee30, 0x0a81]]); // vadd.f32 s0, s1, s2
      expect(machine.run()).toBe(ExceptionNumber.HardFault);
      expect(machine.core.cfsr & Cfsr.NOCP).toBe(Cfsr.NOCP);
      expect(machine.core.hfsr >>> 30).toBe(1);
    });

    it('UDF.W is UNDEFINSTR', () => {
      const machine = execute([[0xf7f0, 0xa000]]);
      machine.core.shcsr |= 1 << 18;
      machine.core.exceptions.setEnabled(ExceptionNumber.UsageFault, true);
      expect(machine.run()).toBe(ExceptionNumber.UsageFault);
      expect(machine.core.cfsr).toBe(Cfsr.UNDEFINSTR);
    });

    it('the Cortex-M0+ accepts BL/MRS/MSR/DMB but rejects other 32-bit encodings', () => {
      const ok = execute(
        [
          [0xf3ef, 0x8010],
          [0xf3bf, 0x8f5f],
        ],
        {},
        CoreVariant.CortexM0Plus,
      ); // mrs r0, primask; dmb
      expect(ok.run()).toBe(END);
      const rejected = execute([[0xf241, 0x2234]], {}, CoreVariant.CortexM0Plus); // movw
      expect(rejected.run()).toBe(ExceptionNumber.HardFault);
    });
  });
});
