/* RV32 machine-mode entry and trap handler for the QEMU supervisor. The app's registers
 * live in process_registers: index 0 holds the pc, index n holds xn. */
  .section .text.start, "ax", @progbits
  .global _start
_start:
  la    sp, _stack_top
  la    t0, trap
  csrw  mtvec, t0
  call  riscv_main
1:
  j     1b

/* Restores the app's registers and returns to it in user mode. */
  .global enter_process
enter_process:
  la    t0, process_registers
  lw    t1, 0(t0)
  csrw  mepc, t1
  li    t1, 0x1800
  csrc  mstatus, t1         /* MPP = user */
  .irp  n, 1,2,3,4,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
  lw    x\n, (\n * 4)(t0)
  .endr
  lw    x5, 20(t0)
  mret

  .balign 4
trap:
  csrw  mscratch, t0
  la    t0, process_registers
  .irp  n, 1,2,3,4,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
  sw    x\n, (\n * 4)(t0)
  .endr
  csrr  t1, mscratch
  sw    t1, 20(t0)
  csrr  t1, mepc
  sw    t1, 0(t0)
  la    sp, _stack_top
  csrr  a0, mcause
  csrr  a1, mtval
  call  riscv_trap
  j     enter_process
