/* UART output and exit for the arch-rv32 test programs (QEMU virt: 16550 at 0x10000000, sifive_test at 0x100000). */
#include <stdint.h>
#include "print.h"

#define UART0_THR ((volatile uint8_t *)0x10000000u)
#define FINISHER ((volatile uint32_t *)0x00100000u)

void platform_puts(const char *s)
{
    while (*s)
        *UART0_THR = (uint8_t)*s++;
}

void print_hex(uint32_t value)
{
    char text[9];
    for (int i = 7; i >= 0; i--) {
        uint32_t nibble = value & 15u;
        text[i] = (char)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
        value >>= 4;
    }
    text[8] = 0;
    platform_puts(text);
}

void print_field(const char *name, uint32_t value)
{
    platform_puts(" ");
    platform_puts(name);
    platform_puts("=");
    print_hex(value);
}

void platform_exit(int code)
{
    *FINISHER = code == 0 ? 0x5555u : (((uint32_t)code << 16) | 0x3333u);
    for (;;)
        ;
}
