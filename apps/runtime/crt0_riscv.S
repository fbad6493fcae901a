/* Process entry for RV32 apps linked at fixed flash and RAM addresses.
 *
 * The kernel calls _start with a0 = app binary start (our crt0 header), a1 = RAM start,
 * a2 = RAM length, a3 = current app break (RAM start on RISC-V, so there is no usable stack
 * until brk succeeds; nothing here touches the stack before that). The kernel places the
 * process at the addresses it was linked for (FixedAddresses TLV), so no address needs
 * fixing: _start asks for RAM up to the end of .bss with memop brk, sets sp to the top of
 * the stack area, gives the kernel the stack and heap hints (memop 10 and 11), copies the
 * GOT and .data from flash, zeroes .bss and calls main; main's return value becomes the
 * completion code of exit-terminate. If brk fails, the process exits-terminate with the
 * ErrorCode as completion code. The crt0 header has the same ten words as on Cortex-M.
 */
  .file "crt0_riscv.S"
  .section .text.tock_start, "ax", @progbits
  .global _start
  .type _start, @function
_start:
  mv    s0, a0              /* s0 = app binary start = crt0 header */
  mv    s1, a1              /* s1 = RAM start */

  lw    s2, 36(s0)          /* s2 = stack top = (RAM start + stack size + 7) & ~7 */
  add   s2, s2, s1
  addi  s2, s2, 7
  andi  s2, s2, -8

  lw    s3, 24(s0)          /* s3 = wanted break = RAM start + .bss offset + .bss size */
  lw    t0, 28(s0)
  add   s3, s3, t0
  add   s3, s3, s1

  li    a4, 5               /* memop brk(wanted break) */
  li    a0, 0
  mv    a1, s3
  ecall
  li    t0, 128             /* Success? */
  bne   a0, t0, .Lbrk_failed
  mv    sp, s2

  li    a4, 5               /* memop: stack starts at s2 */
  li    a0, 10
  mv    a1, s2
  ecall
  li    a4, 5               /* memop: heap starts at the break */
  li    a0, 11
  mv    a1, s3
  ecall

  lw    a0, 4(s0)           /* GOT: copy words from flash to RAM */
  add   a0, a0, s1
  lw    a1, 0(s0)
  add   a1, a1, s0
  lw    a2, 8(s0)
  call  .Lcopy_words

  lw    a0, 16(s0)          /* .data: copy words from flash to RAM */
  add   a0, a0, s1
  lw    a1, 12(s0)
  add   a1, a1, s0
  lw    a2, 20(s0)
  call  .Lcopy_words

  lw    a0, 24(s0)          /* .bss: zero words */
  add   a0, a0, s1
  lw    a2, 28(s0)
  add   a2, a2, a0
.Lbss_loop:
  bgeu  a0, a2, .Lbss_done
  sw    zero, 0(a0)
  addi  a0, a0, 4
  j     .Lbss_loop
.Lbss_done:

  call  main
  mv    a1, a0              /* exit-terminate(main's return value) */
  li    a0, 0
  li    a4, 6
  ecall
  unimp                     /* exit never returns */

.Lbrk_failed:
  li    a0, 0               /* exit-terminate(ErrorCode from brk) */
  li    a4, 6
  ecall
  unimp

/* Copies a2 bytes (a multiple of 4) from a1 to a0. */
.Lcopy_words:
  add   a2, a2, a0
1:
  bgeu  a0, a2, 2f
  lw    t0, 0(a1)
  sw    t0, 0(a0)
  addi  a0, a0, 4
  addi  a1, a1, 4
  j     1b
2:
  ret
  .size _start, . - _start
