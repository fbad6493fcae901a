/*
 * User mode under PMP: a user program runs through mret with MPP = U, and every trap it takes comes
 * back to machine mode, where mcause, mtval and the PC are printed. PMP entries are set up as TOR,
 * NA4 and NAPOT regions and the user program probes inside and outside them.
 */
#include <stdint.h>
#include "print.h"

static volatile uint32_t last_cause, last_epc, last_tval;
static uint32_t user_stack[256];
static volatile uint32_t probe_words[8] __attribute__((aligned(32)));

uint32_t trap_handler(uint32_t cause, uint32_t epc, uint32_t tval)
{
    last_cause = cause;
    last_epc = epc;
    last_tval = tval;
    uint32_t mpp = (CSR_READ(mstatus) >> 11) & 3u;
    if (mpp == 0) {
        /* From user mode: back to run_user's caller in machine mode. */
        user_result = cause;
        CSR_SET(mstatus, 0x1800u);
        return (uint32_t)user_return;
    }
    platform_puts("unexpected machine trap");
    print_field("mcause", cause);
    print_field("mepc", epc);
    platform_puts("\n");
    platform_exit(3);
}

static void report(const char *name, uint32_t expected_epc)
{
    platform_puts(name);
    print_field("mcause", last_cause);
    print_field("mtval", last_tval);
    print_field("at-label", last_epc == expected_epc);
    platform_puts("\n");
}

extern char u_ecall[], u_csr[], u_wfi[], u_cycle[], u_load_in[], u_load_out[], u_store_ro[], u_fetch_out[];
extern char u_na4_load[], u_na4_next[], u_napot_load[], u_mret[];

__asm__(".text\n.align 2\n"
        "u_ecall:\n li a4, 7\n ecall\n"
        "u_csr:\n csrr a0, mstatus\n"
        "u_wfi:\n wfi\n"
        "u_cycle:\n rdcycle a0\n"
        "u_mret:\n mret\n"
        "u_load_in:\n lw a0, 0(a0)\n ecall\n"
        "u_load_out:\n lw a0, 0(a0)\n ecall\n"
        "u_store_ro:\n sw a0, 0(a0)\n ecall\n"
        "u_fetch_out:\n jr a0\n"
        "u_na4_load:\n lw a1, 0(a0)\n"
        "u_na4_next:\n lw a1, 4(a0)\n ecall\n"
        "u_napot_load:\n lw a1, 28(a0)\n lw a1, 32(a0)\n ecall\n");

#define PMP_R 1u
#define PMP_W 2u
#define PMP_X 4u
#define PMP_TOR (1u << 3)
#define PMP_NA4 (2u << 3)
#define PMP_NAPOT (3u << 3)

static uint32_t run_with_a0(char *entry, uint32_t a0)
{
    return run_user((void (*)(void))entry, &user_stack[256], a0);
}

int main(void)
{
    platform_puts("user-mode: start\n");
    extern char __stack_top[];
    /* Entry 0-1: TOR over all of RAM the program uses, RWX for user mode. */
    CSR_WRITE(pmpaddr0, 0x80000000u >> 2);
    CSR_WRITE(pmpaddr1, (uint32_t)__stack_top >> 2);
    CSR_WRITE(pmpcfg0, (uint32_t)(PMP_TOR | PMP_R | PMP_W | PMP_X) << 8);

    run_user((void (*)(void))u_ecall, &user_stack[256], 0);
    report("ecall-u", (uint32_t)u_ecall + 2);
    run_user((void (*)(void))u_csr, &user_stack[256], 0);
    report("csr-from-u", (uint32_t)u_csr);
    run_user((void (*)(void))u_wfi, &user_stack[256], 0);
    report("wfi-from-u", (uint32_t)u_wfi);
    run_user((void (*)(void))u_cycle, &user_stack[256], 0);
    report("rdcycle-no-mcounteren", (uint32_t)u_cycle);
    run_user((void (*)(void))u_mret, &user_stack[256], 0);
    report("mret-from-u", (uint32_t)u_mret);

    run_with_a0(u_load_in, (uint32_t)&probe_words[0]);
    report("load-inside", (uint32_t)u_load_in + 2);
    run_with_a0(u_load_out, 0x10000000u);
    report("load-uart-denied", (uint32_t)u_load_out);

    /* Entries 2-3: probe_words read-only as TOR, placed before the RWX entry so they win. */
    uint32_t probe = (uint32_t)&probe_words[0];
    CSR_WRITE(pmpaddr2, probe >> 2);
    CSR_WRITE(pmpaddr3, (probe + 32) >> 2);
    CSR_WRITE(pmpaddr4, 0x80000000u >> 2);
    CSR_WRITE(pmpaddr5, (uint32_t)__stack_top >> 2);
    CSR_WRITE(pmpcfg0, ((uint32_t)(PMP_TOR | PMP_R) << 24));
    CSR_WRITE(pmpcfg1, ((uint32_t)(PMP_TOR | PMP_R | PMP_W | PMP_X) << 8));
    run_with_a0(u_store_ro, probe + 4);
    report("store-read-only", (uint32_t)u_store_ro);
    run_with_a0(u_fetch_out, probe);
    report("fetch-no-x", probe);

    /* NA4 on probe_words[1] without permissions: the word before is readable, this one not. */
    CSR_WRITE(pmpaddr0, (probe + 4) >> 2);
    CSR_WRITE(pmpcfg0, ((uint32_t)(PMP_TOR | PMP_R) << 24) | (PMP_NA4));
    run_with_a0(u_na4_load, probe);
    report("na4-deny", (uint32_t)u_na4_next);

    /* NAPOT over the 32 aligned bytes of probe_words, readable; the word after is in no entry but
       entry 4-5 (RWX), so both loads work; then shrink entry 4-5 to end at probe + 32. */
    CSR_WRITE(pmpaddr0, (probe >> 2) | 3u);
    CSR_WRITE(pmpcfg0, PMP_NAPOT | PMP_R);
    run_with_a0(u_napot_load, probe);
    report("napot-read", (uint32_t)u_napot_load + 4);
    CSR_WRITE(pmpaddr5, (probe + 32) >> 2);
    run_with_a0(u_napot_load, probe);
    report("napot-then-outside", (uint32_t)u_napot_load + 2);

    /* Locked entry: machine mode loses write access too; the entry ignores rewrites. */
    CSR_WRITE(pmpaddr6, (probe >> 2) | 3u);
    CSR_WRITE(pmpcfg1, ((uint32_t)(PMP_TOR | PMP_R | PMP_W | PMP_X) << 8) | ((uint32_t)(0x80u | PMP_NAPOT | PMP_R) << 16));
    CSR_WRITE(pmpaddr6, 0u);
    platform_puts("locked");
    print_field("pmpaddr6", CSR_READ(pmpaddr6) == ((probe >> 2) | 3u));
    print_field("pmpcfg1", CSR_READ(pmpcfg1));
    platform_puts("\n");
    platform_puts("user-mode: done\n");
    return 0;
}
