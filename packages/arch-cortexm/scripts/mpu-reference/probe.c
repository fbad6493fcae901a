/*
 * PMSAv7 probe for QEMU's mps2-an386 (Cortex-M4): for each vector in vectors.h, program MPU
 * regions 0-6 and MPU_CTRL, make one access, and print the MMFSR byte it produced ("00" when the
 * access was permitted), 64 vectors per line, through semihosting.
 *
 * Region 7 covers this program ([0, 512 KiB): code, data, stack), privileged-only. Unprivileged
 * probes use LDRT/STRT from privileged code; execute probes branch to a BX LR planted in the
 * target areas. The MemManage handler records CFSR and resumes after the faulting access.
 */
#include <stdint.h>
#include "vectors.h"

#define REG(address) (*(volatile uint32_t *)(address))
#define SCB_SHCSR REG(0xE000ED24u)
#define SCB_CFSR REG(0xE000ED28u)
#define MPU_CTRL REG(0xE000ED94u)
#define MPU_RNR REG(0xE000ED98u)
#define MPU_RBAR REG(0xE000ED9Cu)
#define MPU_RASR REG(0xE000EDA0u)
#define SHCSR_MEMFAULTENA (1u << 16)
#define BX_LR_TWICE 0x47704770u

extern uint32_t __stack_top[];
void reset_handler(void) __attribute__((noreturn));
void unexpected_fault(void) __attribute__((noreturn));
void memmanage_entry(void);

typedef void (*vector_t)(void);
__attribute__((section(".vectors"), used)) const vector_t vector_table[16] = {
    (vector_t)__stack_top, reset_handler, unexpected_fault, unexpected_fault,
    memmanage_entry, unexpected_fault, unexpected_fault, 0, 0, 0, 0,
    unexpected_fault, unexpected_fault, 0, unexpected_fault, unexpected_fault,
};

static uint32_t semihost(uint32_t operation, uint32_t argument)
{
    register uint32_t r0 __asm__("r0") = operation;
    register uint32_t r1 __asm__("r1") = argument;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

static void print(const char *text) { semihost(0x04u, (uint32_t)(uintptr_t)text); }

static void __attribute__((noreturn)) finish(int ok)
{
    semihost(0x18u, ok ? 0x20026u : 0x20023u);
    for (;;) {
    }
}

void unexpected_fault(void)
{
    print("\nunexpected fault\n");
    finish(0);
}

/* Set by the probes: how many bytes the faulting access instruction has. */
volatile uint32_t skip_bytes;
volatile uint32_t recorded_cfsr;

void memmanage_handler(uint32_t *frame)
{
    uint32_t cfsr = SCB_CFSR;
    recorded_cfsr = cfsr;
    SCB_CFSR = cfsr;
    if (cfsr & 1u) {
        frame[6] = frame[5] & ~1u; /* instruction fetch: return to the branch's caller */
    } else {
        frame[6] += skip_bytes;
    }
}

__attribute__((naked)) void memmanage_entry(void)
{
    __asm__ volatile("mrs r0, msp\n b memmanage_handler\n");
}

__attribute__((naked, noinline)) void probe_read(uint32_t address)
{
    __asm__ volatile("ldr r1, [r0]\n bx lr\n");
}
__attribute__((naked, noinline)) void probe_write(uint32_t address, uint32_t value)
{
    __asm__ volatile("str r1, [r0]\n bx lr\n");
}
__attribute__((naked, noinline)) void probe_read_unprivileged(uint32_t address)
{
    __asm__ volatile("ldrt r1, [r0]\n bx lr\n");
}
__attribute__((naked, noinline)) void probe_write_unprivileged(uint32_t address, uint32_t value)
{
    __asm__ volatile("strt r1, [r0]\n bx lr\n");
}
__attribute__((naked, noinline)) void probe_execute(uint32_t address)
{
    __asm__ volatile("push {lr}\n orr r0, r0, #1\n blx r0\n pop {pc}\n");
}

static const char hex_digits[] = "0123456789abcdef";

void reset_handler(void)
{
    static const uint32_t areas[2] = {0x00080000u, 0x20000000u};
    for (int area = 0; area < 2; area++) {
        for (uint32_t offset = 0; offset < 0x40000u; offset += 4) {
            REG(areas[area] + offset) = BX_LR_TWICE;
        }
    }
    SCB_SHCSR |= SHCSR_MEMFAULTENA;
    static char line[2 * 64 + 2];
    uint32_t column = 0;
    for (uint32_t index = 0; index < VECTOR_COUNT; index++) {
        const unsigned int *vector = vectors[index];
        MPU_CTRL = 0;
        __asm__ volatile("dsb\n isb\n");
        for (uint32_t region = 0; region < 7; region++) {
            MPU_RNR = region;
            MPU_RBAR = vector[2 * region];
            MPU_RASR = vector[2 * region + 1];
        }
        MPU_RNR = 7;
        MPU_RBAR = 0x00000000u;
        MPU_RASR = 0x01000025u;
        recorded_cfsr = 0;
        MPU_CTRL = vector[14];
        __asm__ volatile("dsb\n isb\n");
        uint32_t address = vector[15];
        uint32_t kind = vector[16];
        uint32_t privileged = vector[17];
        if (kind == 2) {
            probe_execute(address);
        } else if (privileged) {
            skip_bytes = 2;
            if (kind == 0) probe_read(address); else probe_write(address, BX_LR_TWICE);
        } else {
            skip_bytes = 4;
            if (kind == 0) probe_read_unprivileged(address); else probe_write_unprivileged(address, BX_LR_TWICE);
        }
        MPU_CTRL = 0;
        __asm__ volatile("dsb\n isb\n");
        uint32_t status = recorded_cfsr & 0xffu;
        line[2 * column] = hex_digits[status >> 4];
        line[2 * column + 1] = hex_digits[status & 15u];
        column++;
        if (column == 64 || index + 1 == VECTOR_COUNT) {
            line[2 * column] = '\n';
            line[2 * column + 1] = 0;
            print(line);
            column = 0;
        }
    }
    finish(1);
}
