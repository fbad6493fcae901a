/* Cortex-M vector table and exception entry for the QEMU supervisor (ARMv6-M instructions). */
  .syntax unified
  .thumb

  .section .vectors, "a"
  .word _stack_top
  .word reset + 1
  .word fault + 1         /* NMI */
  .word fault + 1         /* HardFault */
  .word fault + 1         /* MemManage */
  .word fault + 1         /* BusFault */
  .word fault + 1         /* UsageFault */
  .word 0, 0, 0, 0
  .word svc + 1

  .text
  .thumb_func
reset:
  bl    arm_main
1:
  b     1b

/* start_process(frame): PSP = frame, then svc from the supervisor's own stack. */
  .global start_process
  .thumb_func
start_process:
  msr   psp, r0
  svc   #255

/* From the supervisor (EXC_RETURN bit 2 clear): drop to unprivileged thread mode on PSP.
 * From the app: hand the stacked frame to arm_svc and return to the app. */
  .thumb_func
svc:
  movs  r0, #4
  mov   r1, lr
  tst   r0, r1
  bne   2f
  movs  r0, #1
  msr   control, r0
  isb
  ldr   r0, =0xfffffffd
  bx    r0
2:
  push  {r4, lr}
  mrs   r0, psp
  bl    arm_svc
  pop   {r4, pc}

  .thumb_func
fault:
  mrs   r0, psp
  mov   r1, lr
  bl    arm_fault
3:
  b     3b
