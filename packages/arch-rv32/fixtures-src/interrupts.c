/*
 * External interrupts through the PLIC: the 16550's transmitter-empty interrupt raised on PLIC
 * source 10, taken as a machine external interrupt, claimed, identified in IIR and completed; the
 * UART's idle register values; and PLIC priorities against the threshold.
 */
#include <stdint.h>
#include "print.h"

#define UART ((volatile uint8_t *)0x10000000u)
#define PLIC_PRIORITY ((volatile uint32_t *)0x0c000000u)
#define PLIC_PENDING ((volatile uint32_t *)0x0c001000u)
#define PLIC_ENABLE ((volatile uint32_t *)0x0c002000u)
#define PLIC_THRESHOLD ((volatile uint32_t *)0x0c200000u)
#define PLIC_CLAIM ((volatile uint32_t *)0x0c200004u)
#define UART_IRQ 10u

static volatile uint32_t last_cause, claimed, iir_seen, trap_count;

uint32_t trap_handler(uint32_t cause, uint32_t epc, uint32_t tval)
{
    (void)tval;
    last_cause = cause;
    trap_count++;
    if (cause == 0x8000000bu) {
        claimed = *PLIC_CLAIM;
        iir_seen = UART[2];
        UART[1] = 0; /* IER: transmitter interrupt off */
        *PLIC_CLAIM = claimed;
        return epc;
    }
    platform_puts("unexpected trap\n");
    platform_exit(2);
}

static void wait_for_trap(void)
{
    for (uint32_t spins = 0; spins < 100000u && trap_count == 0; spins++)
        __asm__ volatile("nop");
}

int main(void)
{
    platform_puts("interrupts: start\n");
    platform_puts("uart-idle");
    print_field("lsr", UART[5]);
    print_field("iir", UART[2]);
    print_field("msr", UART[6]);
    UART[7] = 0x5a;
    print_field("scr", UART[7]);
    UART[2] = 0x01; /* FIFO on */
    print_field("iir-fifo", UART[2]);
    UART[2] = 0x00;
    platform_puts("\n");

    PLIC_PRIORITY[UART_IRQ] = 1;
    *PLIC_THRESHOLD = 1; /* priority 1 is not above the threshold: masked */
    PLIC_ENABLE[0] = 1u << UART_IRQ;
    CSR_WRITE(mie, 1u << 11);
    CSR_SET(mstatus, 1u << 3);
    UART[1] = 0x02; /* IER: transmitter empty */
    wait_for_trap();
    platform_puts("below-threshold");
    print_field("count", trap_count);
    print_field("mip.meip", CSR_READ(mip) & (1u << 11));
    print_field("pending", *PLIC_PENDING & (1u << UART_IRQ));
    platform_puts("\n");

    *PLIC_THRESHOLD = 0;
    wait_for_trap();
    CSR_CLEAR(mstatus, 1u << 3);
    platform_puts("uart-thre");
    print_field("mcause", last_cause);
    print_field("count", trap_count);
    print_field("claimed", claimed);
    print_field("iir", iir_seen);
    print_field("iir-after", UART[2]);
    print_field("claim-again", *PLIC_CLAIM);
    platform_puts("\ninterrupts: done\n");
    return 0;
}
