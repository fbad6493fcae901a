/* RV32 side of the QEMU supervisor on the `virt` machine: UART output, the test device to
 * stop QEMU, PMP regions for the app, and the ecall / fault trap path.
 *
 * Build-time parameters (-D): APP_BINARY_START, APP_BINARY_SIZE, APP_ENTRY_OFFSET,
 * APP_RAM_START, APP_RAM_SIZE (a power of two, aligned to itself). */
#include "supervisor.h"

#define UART_TRANSMIT ((volatile uint8_t *)0x10000000u)
#define UART_LINE_STATUS ((volatile uint8_t *)0x10000005u)
#define UART_TRANSMIT_EMPTY 0x20u
#define TEST_DEVICE ((volatile uint32_t *)0x00100000u)
#define TBF_HEADER_BYTES 0x80u
#define CAUSE_USER_ECALL 8u

/* Index 0: pc; index n: register xn. */
uint32_t process_registers[32];

void supervisor_output(char character) {
  /* Wait for the transmit holding register: QEMU drops bytes written while it is full. */
  while ((*UART_LINE_STATUS & UART_TRANSMIT_EMPTY) == 0) {
  }
  *UART_TRANSMIT = (uint8_t)character;
}

void supervisor_stop(int orderly) {
  /* 0x5555 = pass (QEMU exits 0); (1 << 16) | 0x3333 = fail with status 1. */
  *TEST_DEVICE = orderly ? 0x5555u : 0x13333u;
  for (;;) {
  }
}

void riscv_trap(uint32_t cause, uint32_t value) {
  if (cause != CAUSE_USER_ECALL) {
    supervisor_report("fault cause", cause);
    supervisor_fault("fault address", process_registers[0], value);
  }
  process_registers[0] += 4;
  uint32_t *arguments = &process_registers[10];
  uint32_t syscall_class = process_registers[14];
  uint32_t upcall = supervisor_syscall(syscall_class, arguments);
  if (upcall != 0) {
    process_registers[1] = process_registers[0]; /* ra: back to just after the ecall */
    process_registers[0] = upcall;
  }
}

/* NAPOT encoding of a power-of-two region aligned to its size. */
static uint32_t napot(uint32_t base, uint32_t size) { return (base >> 2) | ((size >> 3) - 1u); }

extern void enter_process(void);

void riscv_main(void) {
  supervisor_app.flash_start = APP_BINARY_START - TBF_HEADER_BYTES;
  supervisor_app.binary_start = APP_BINARY_START;
  supervisor_app.binary_size = APP_BINARY_SIZE;
  supervisor_app.ram_start = APP_RAM_START;
  supervisor_app.ram_size = APP_RAM_SIZE;
  for (uint32_t offset = 0; offset < APP_RAM_SIZE; offset += 4) {
    *(volatile uint32_t *)(APP_RAM_START + offset) = 0xa5a5a5a5u;
  }
  /* Entry 0: the app's 64 KiB flash slot, read + execute; entry 1: its RAM, read + write.
   * Everything else is out of reach in user mode. */
  uint32_t flash_slot = APP_BINARY_START & ~0xffffu;
  __asm__ volatile("csrw pmpaddr0, %0" ::"r"(napot(flash_slot, 0x10000u)));
  __asm__ volatile("csrw pmpaddr1, %0" ::"r"(napot(APP_RAM_START, APP_RAM_SIZE)));
  __asm__ volatile("csrw pmpcfg0, %0" ::"r"((0x1bu << 8) | 0x1du));
  supervisor_report("pmp regions", 2);
  /* Tock's initial break on RISC-V is the RAM start: no stack until brk. */
  process_registers[0] = APP_BINARY_START + APP_ENTRY_OFFSET;
  process_registers[10] = APP_BINARY_START;
  process_registers[11] = APP_RAM_START;
  process_registers[12] = APP_RAM_SIZE;
  process_registers[13] = APP_RAM_START;
  supervisor_start(APP_RAM_START);
  enter_process();
}
