/* Start-up and trap entry for the arch-rv32 bare-metal test programs (QEMU virt, -bios none). */
    .section .text.start, "ax"
    .globl _start
_start:
    .option push
    .option norelax
    la      gp, __global_pointer$
    .option pop
    la      sp, __stack_top
    .option push
    .option arch, +zicsr
    la      t0, trap_entry
    csrw    mtvec, t0
    .option pop
    la      t0, __bss_start
    la      t1, __bss_end
1:  bgeu    t0, t1, 2f
    sw      zero, 0(t0)
    addi    t0, t0, 4
    j       1b
2:  call    main
    call    platform_exit

    .option push
    .option arch, +zicsr
/* Saves the caller-saved registers, calls trap_handler(mcause, mepc, mtval), resumes at the PC it returns. */
    .text
    .align  2
    .globl  trap_entry
trap_entry:
    addi    sp, sp, -64
    sw      ra, 0(sp)
    sw      t0, 4(sp)
    sw      t1, 8(sp)
    sw      t2, 12(sp)
    sw      a0, 16(sp)
    sw      a1, 20(sp)
    sw      a2, 24(sp)
    sw      a3, 28(sp)
    sw      a4, 32(sp)
    sw      a5, 36(sp)
    sw      a6, 40(sp)
    sw      a7, 44(sp)
    sw      t3, 48(sp)
    sw      t4, 52(sp)
    sw      t5, 56(sp)
    sw      t6, 60(sp)
    csrr    a0, mcause
    csrr    a1, mepc
    csrr    a2, mtval
    call    trap_handler
    csrw    mepc, a0
    lw      ra, 0(sp)
    lw      t0, 4(sp)
    lw      t1, 8(sp)
    lw      t2, 12(sp)
    lw      a0, 16(sp)
    lw      a1, 20(sp)
    lw      a2, 24(sp)
    lw      a3, 28(sp)
    lw      a4, 32(sp)
    lw      a5, 36(sp)
    lw      a6, 40(sp)
    lw      a7, 44(sp)
    lw      t3, 48(sp)
    lw      t4, 52(sp)
    lw      t5, 56(sp)
    lw      t6, 60(sp)
    addi    sp, sp, 64
    mret

/* Vectored mtvec table: slots 3, 7 and 11 note their number in mscratch before the common entry. */
    .align  6
    .globl  vector_table
vector_table:
    .option push
    .option norvc
    j       trap_entry
    j       trap_entry
    j       trap_entry
    j       vector_3
    j       trap_entry
    j       trap_entry
    j       trap_entry
    j       vector_7
    j       trap_entry
    j       trap_entry
    j       trap_entry
    j       vector_11
    .option pop
vector_3:
    csrwi   mscratch, 3
    j       trap_entry
vector_7:
    csrwi   mscratch, 7
    j       trap_entry
vector_11:
    csrwi   mscratch, 11
    j       trap_entry

/*
 * run_user(entry, stack, a0): runs entry(a0) in user mode on `stack` until trap_handler sends it back
 * through user_return (mepc = user_return, MPP = M); returns the value trap_handler left in
 * user_result. Callee-saved registers and sp are kept in user_context.
 */
    .globl  run_user
run_user:
    la      t0, user_context
    sw      ra, 0(t0)
    sw      sp, 4(t0)
    sw      s0, 8(t0)
    sw      s1, 12(t0)
    sw      gp, 16(t0)
    sw      tp, 20(t0)
    csrw    mepc, a0
    li      t1, 0x1800
    csrc    mstatus, t1
    mv      sp, a1
    mv      a0, a2
    mret
    .globl  user_return
user_return:
    la      t0, user_context
    lw      ra, 0(t0)
    lw      sp, 4(t0)
    lw      s0, 8(t0)
    lw      s1, 12(t0)
    lw      gp, 16(t0)
    lw      tp, 20(t0)
    lw      a0, user_result
    ret
    .option pop

    .bss
    .align  2
user_context:
    .space  24
    .globl  user_result
user_result:
    .space  4
