/* Process entry for Cortex-M (Thumb, ARMv6-M instructions only): position independent.
 *
 * The kernel calls _start with r0 = app binary start (our crt0 header), r1 = RAM start,
 * r2 = RAM length, r3 = current app break. The app is linked with flash at 0x80000000 and
 * RAM at 0, so every link-time address below 0x80000000 is a RAM offset and every address
 * with the top bit set is a flash offset. _start:
 *   1. asks for RAM up to the end of .bss with memop brk (moving sp first when the current
 *      break already covers the stack), then puts sp at the top of the stack area;
 *   2. tells the kernel where stack and heap start (memop 10 and 11, debug hints);
 *   3. copies the GOT from flash to RAM, fixing each entry up to its real address;
 *   4. copies .data, zeroes .bss;
 *   5. fixes up every word named by the relocation table elf2tab appends after the binary
 *      (u32 byte length, then Elf32_Rel entries whose r_offset is a RAM offset);
 *   6. sets r9 to the GOT in RAM (the PIC base) and calls main; main's return value
 *      becomes the completion code of exit-terminate.
 * If brk fails, the process exits-terminate with the ErrorCode as completion code.
 *
 * Crt0 header words (offsets from the app binary start, RAM offsets from RAM start):
 *   0 GOT in flash, 4 GOT in RAM, 8 GOT size, 12 .data in flash, 16 .data in RAM,
 *   20 .data size, 24 .bss in RAM, 28 .bss size, 32 relocation table in flash, 36 stack size.
 */
  .file "crt0_arm.S"
  .syntax unified
  .thumb

  .section .text.tock_start, "ax", %progbits
  .global _start
  .type _start, %function
  .thumb_func
_start:
  mov   r4, r0              /* r4 = app binary start = crt0 header, kept throughout */
  mov   r5, r1              /* r5 = RAM start, kept throughout */

  ldr   r6, [r4, #36]       /* r6 = stack top = (RAM start + stack size + 7) & ~7 */
  adds  r6, r6, r5
  adds  r6, r6, #7
  movs  r0, #7
  bics  r6, r6, r0

  ldr   r7, [r4, #24]       /* r7 = wanted break = RAM start + .bss offset + .bss size */
  ldr   r0, [r4, #28]
  adds  r7, r7, r0
  adds  r7, r7, r5

  cmp   r7, r3              /* sp may move before brk only if the current break covers it */
  bhi   1f
  mov   sp, r6
1:
  movs  r0, #0              /* memop brk(wanted break) */
  mov   r1, r7
  svc   #5
  cmp   r0, #128            /* Success? */
  bne   .Lbrk_failed
  mov   sp, r6

  movs  r0, #10             /* memop: stack starts at r6 */
  mov   r1, r6
  svc   #5
  movs  r0, #11             /* memop: heap starts at the break */
  mov   r1, r7
  svc   #5

  /* GOT: r0 = destination in RAM, r1 = source in flash, r2 = end of destination. */
  ldr   r0, [r4, #4]
  adds  r0, r0, r5
  ldr   r1, [r4, #0]
  adds  r1, r1, r4
  ldr   r2, [r4, #8]
  adds  r2, r2, r0
.Lgot_loop:
  cmp   r0, r2
  bhs   .Lgot_done
  ldr   r3, [r1]
  adds  r1, r1, #4
  bl    .Lfix_address
  str   r3, [r0]
  adds  r0, r0, #4
  b     .Lgot_loop
.Lgot_done:

  /* .data: copy words from flash to RAM. */
  ldr   r0, [r4, #16]
  adds  r0, r0, r5
  ldr   r1, [r4, #12]
  adds  r1, r1, r4
  ldr   r2, [r4, #20]
  adds  r2, r2, r0
.Ldata_loop:
  cmp   r0, r2
  bhs   .Ldata_done
  ldr   r3, [r1]
  adds  r1, r1, #4
  str   r3, [r0]
  adds  r0, r0, #4
  b     .Ldata_loop
.Ldata_done:

  /* .bss: zero words. */
  ldr   r0, [r4, #24]
  adds  r0, r0, r5
  ldr   r2, [r4, #28]
  adds  r2, r2, r0
  movs  r3, #0
.Lbss_loop:
  cmp   r0, r2
  bhs   .Lbss_done
  str   r3, [r0]
  adds  r0, r0, #4
  b     .Lbss_loop
.Lbss_done:

  /* Relocation table: r1 = first entry, r2 = end; each entry is 8 bytes, r_offset first. */
  ldr   r1, [r4, #32]
  adds  r1, r1, r4
  ldr   r2, [r1]
  adds  r1, r1, #4
  adds  r2, r2, r1
.Lrel_loop:
  cmp   r1, r2
  bhs   .Lrel_done
  ldr   r0, [r1]            /* r0 = RAM address of the word to fix */
  adds  r0, r0, r5
  adds  r1, r1, #8
  ldr   r3, [r0]
  bl    .Lfix_address
  str   r3, [r0]
  b     .Lrel_loop
.Lrel_done:

  ldr   r0, [r4, #4]        /* r9 = GOT in RAM: the PIC base every function uses */
  adds  r0, r0, r5
  mov   r9, r0

  bl    main
  mov   r1, r0              /* exit-terminate(main's return value) */
  movs  r0, #0
  svc   #6
  udf   #0                  /* exit never returns */

.Lbrk_failed:
  movs  r0, #0              /* exit-terminate(ErrorCode from brk); sp was never moved */
  svc   #6
  udf   #0

/* r3 = link-time address -> real address: top bit set means flash (clear it, add the app
 * binary start r4), clear means RAM (add the RAM start r5). Touches only r3 and flags. */
.Lfix_address:
  cmp   r3, #0
  blt   2f
  adds  r3, r3, r5
  bx    lr
2:
  lsls  r3, r3, #1
  lsrs  r3, r3, #1
  adds  r3, r3, r4
  bx    lr
  .size _start, . - _start
