/*
 * Machine-mode traps and interrupts: each case prints mcause, mtval and where the trap was taken,
 * so the output can be compared line by line between this emulator and QEMU virt.
 */
#include <stdint.h>
#include "print.h"

#define CLINT_MSIP ((volatile uint32_t *)0x02000000u)
#define CLINT_MTIMECMP_LO ((volatile uint32_t *)0x02004000u)
#define CLINT_MTIMECMP_HI ((volatile uint32_t *)0x02004004u)
#define CLINT_MTIME_LO ((volatile uint32_t *)0x0200bff8u)
#define UNMAPPED ((volatile uint32_t *)0x08000000u)

static volatile uint32_t last_cause, last_epc, last_tval, last_vector, trap_count;

uint32_t trap_handler(uint32_t cause, uint32_t epc, uint32_t tval)
{
    last_cause = cause;
    last_epc = epc;
    last_tval = tval;
    last_vector = CSR_READ(mscratch);
    CSR_WRITE(mscratch, 0u);
    trap_count++;
    if (cause & 0x80000000u) {
        uint32_t code = cause & 0x7fffffffu;
        if (code == 3)
            *CLINT_MSIP = 0;
        if (code == 7) {
            *CLINT_MTIMECMP_LO = 0xffffffffu;
            *CLINT_MTIMECMP_HI = 0xffffffffu;
        }
        return epc;
    }
    uint16_t first = *(volatile uint16_t *)epc;
    return epc + ((first & 3u) == 3u ? 4u : 2u);
}

/* Interrupts arrive a few instructions late on QEMU (at a translation-block boundary): spin until one has. */
static void wait_for_trap(void)
{
    for (uint32_t spins = 0; spins < 100000u && trap_count == 0; spins++)
        __asm__ volatile("nop");
}

static void report(const char *name, uint32_t expected_epc)
{
    platform_puts(name);
    print_field("mcause", last_cause);
    print_field("mtval", last_tval);
    print_field("at-label", last_epc == expected_epc);
    print_field("vector", last_vector);
    platform_puts("\n");
    last_cause = last_tval = last_epc = last_vector = 0xeeeeeeeeu;
}

#define TRAP_AT(label, instruction) \
    __asm__ volatile(".globl " label "\n" label ":\n" instruction ::: "memory")

extern char at_illegal[], at_cillegal[], at_caddi4spn[], at_ecall[], at_ebreak[], at_cebreak[];
extern char at_load_fault[], at_store_fault[], at_amo_misaligned[], at_lr_misaligned[], at_csr_missing[];
extern char at_csr_readonly[], at_mret_reserved[];

int main(void)
{
    uint32_t value;
    platform_puts("traps: start\n");
    CSR_WRITE(mscratch, 0u);

    TRAP_AT("at_illegal", ".word 0xffffffff");
    report("illegal-32", (uint32_t)at_illegal);
    TRAP_AT("at_cillegal", ".2byte 0x0000");
    report("illegal-c.unimp", (uint32_t)at_cillegal);
    TRAP_AT("at_caddi4spn", ".2byte 0x0004");
    report("illegal-c.addi4spn0", (uint32_t)at_caddi4spn);
    TRAP_AT("at_ecall", "ecall");
    report("ecall-m", (uint32_t)at_ecall);
    TRAP_AT("at_ebreak", ".option push\n.option norvc\nebreak\n.option pop");
    report("ebreak", (uint32_t)at_ebreak);
    TRAP_AT("at_cebreak", ".2byte 0x9002");
    report("c.ebreak", (uint32_t)at_cebreak);

    __asm__ volatile("mv t0, %0\n.globl at_load_fault\nat_load_fault:\nlw t1, 0(t0)" ::"r"(UNMAPPED) : "t0", "t1", "memory");
    report("load-access-fault", (uint32_t)at_load_fault);
    __asm__ volatile("mv t0, %0\n.globl at_store_fault\nat_store_fault:\nsw t0, 4(t0)" ::"r"(UNMAPPED) : "t0", "memory");
    report("store-access-fault", (uint32_t)at_store_fault);

    static volatile uint32_t words[4] = {0x11223344u, 0x55667788u, 0x99aabbccu, 0xddeeff00u};
    uint32_t misaligned = (uint32_t)&words[0] + 1;
    __asm__ volatile("lw %0, 0(%1)" : "=r"(value) : "r"(misaligned) : "memory");
    platform_puts("misaligned-lw");
    print_field("value", value);
    platform_puts("\n");
    __asm__ volatile("sh %0, 0(%1)" ::"r"(0xabcdu), "r"(misaligned + 2) : "memory");
    platform_puts("misaligned-sh");
    print_field("word0", words[0]);
    print_field("word1", words[1]);
    platform_puts("\n");
    __asm__ volatile("mv t0, %0\n.globl at_amo_misaligned\nat_amo_misaligned:\namoadd.w t1, t0, (t0)" ::"r"(misaligned) : "t0", "t1", "memory");
    report("amo-misaligned", (uint32_t)at_amo_misaligned);
    __asm__ volatile("mv t0, %0\n.globl at_lr_misaligned\nat_lr_misaligned:\nlr.w t1, (t0)" ::"r"(misaligned) : "t0", "t1", "memory");
    report("lr-misaligned", (uint32_t)at_lr_misaligned);

    TRAP_AT("at_csr_missing", "csrr t0, 0x7c0");
    report("csr-missing", (uint32_t)at_csr_missing);
    TRAP_AT("at_csr_readonly", "csrw mhartid, zero");
    report("csr-readonly", (uint32_t)at_csr_readonly);

    /* Atomics: LR/SC pairs, AMOs. */
    uint32_t sc_result, old;
    __asm__ volatile("lr.w %0, (%2)\nsc.w %1, %3, (%2)" : "=&r"(old), "=&r"(sc_result) : "r"(&words[1]), "r"(0x12345678u) : "memory");
    platform_puts("lr-sc");
    print_field("old", old);
    print_field("sc", sc_result);
    print_field("now", words[1]);
    platform_puts("\n");
    __asm__ volatile("sc.w %0, %1, (%2)" : "=r"(sc_result) : "r"(1u), "r"(&words[2]) : "memory");
    platform_puts("sc-without-lr");
    print_field("sc", sc_result);
    print_field("now", words[2]);
    platform_puts("\n");
    __asm__ volatile("amomaxu.w %0, %1, (%2)" : "=r"(old) : "r"(0xf0000000u), "r"(&words[3]) : "memory");
    platform_puts("amomaxu");
    print_field("old", old);
    print_field("now", words[3]);
    platform_puts("\n");
    __asm__ volatile("amomin.w %0, %1, (%2)" : "=r"(old) : "r"(0xf0000000u), "r"(&words[3]) : "memory");
    platform_puts("amomin");
    print_field("old", old);
    print_field("now", words[3]);
    platform_puts("\n");

    /* Machine software interrupt through the vectored table (slot 3). */
    CSR_WRITE(mtvec, (uint32_t)vector_table | 1u);
    CSR_SET(mie, 1u << 3);
    trap_count = 0;
    CSR_SET(mstatus, 1u << 3);
    *CLINT_MSIP = 1;
    wait_for_trap();
    CSR_CLEAR(mstatus, 1u << 3);
    platform_puts("msi-vectored");
    print_field("mcause", last_cause);
    print_field("vector", last_vector);
    print_field("count", trap_count);
    print_field("mstatus", CSR_READ(mstatus) & 0x1888u);
    platform_puts("\n");

    /* Machine timer interrupt, woken from WFI with MIE clear (no trap), then taken with MIE set. */
    CSR_WRITE(mie, 1u << 7);
    trap_count = 0;
    uint32_t now = *CLINT_MTIME_LO;
    *CLINT_MTIMECMP_HI = 0;
    *CLINT_MTIMECMP_LO = now + 2000;
    __asm__ volatile("wfi");
    uint32_t pending = CSR_READ(mip) & (1u << 7);
    uint32_t elapsed_ok = (*CLINT_MTIME_LO - now) >= 2000u;
    platform_puts("wfi-mtip");
    print_field("mip.mtip", pending);
    print_field("waited", elapsed_ok);
    print_field("count", trap_count);
    platform_puts("\n");
    CSR_SET(mstatus, 1u << 3);
    wait_for_trap();
    CSR_CLEAR(mstatus, 1u << 3);
    platform_puts("mti-vectored");
    print_field("mcause", last_cause);
    print_field("vector", last_vector);
    print_field("count", trap_count);
    print_field("mip", CSR_READ(mip) & 0x888u);
    platform_puts("\n");

    /* Direct mode: every trap to the base. */
    CSR_WRITE(mtvec, (uint32_t)trap_entry);
    CSR_WRITE(mie, 1u << 3);
    trap_count = 0;
    CSR_SET(mstatus, 1u << 3);
    *CLINT_MSIP = 1;
    wait_for_trap();
    CSR_CLEAR(mstatus, 1u << 3);
    platform_puts("msi-direct");
    print_field("mcause", last_cause);
    print_field("vector", last_vector);
    platform_puts("\n");

    platform_puts("misa");
    print_field("mxl-imacu", CSR_READ(misa) & 0xc0101105u);
    platform_puts("\ntraps: done\n");
    return 0;
}
