/* Shared declarations of the arch-rv32 test programs. */
#ifndef ARCH_RV32_TEST_PRINT_H
#define ARCH_RV32_TEST_PRINT_H
#include <stdint.h>
void platform_puts(const char *s);
void print_hex(uint32_t value);
void print_field(const char *name, uint32_t value);
void platform_exit(int code) __attribute__((noreturn));
int main(void);
uint32_t trap_handler(uint32_t cause, uint32_t epc, uint32_t tval);
uint32_t run_user(void (*entry)(void), uint32_t *stack, uint32_t a0);
extern uint32_t user_result;
extern char vector_table[];
extern char trap_entry[];
extern char user_return[];

#define CSR_READ(name) ({ uint32_t v_; __asm__ volatile("csrr %0, " #name : "=r"(v_)); v_; })
#define CSR_WRITE(name, value) __asm__ volatile("csrw " #name ", %0" : : "r"(value) : "memory")
#define CSR_SET(name, value) __asm__ volatile("csrs " #name ", %0" : : "r"(value) : "memory")
#define CSR_CLEAR(name, value) __asm__ volatile("csrc " #name ", %0" : : "r"(value) : "memory")
#endif
