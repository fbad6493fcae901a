/* fault: prints a line, then stores to the kernel's RAM, which the MPU (Cortex-M) or PMP
 * (RISC-V) must refuse, so the kernel faults this process. If the store ever succeeds, the
 * app says so and exits-terminate with completion code 1. */
#include <stdint.h>

#include "tock_console.h"
#include "tock_syscalls.h"

#if defined(__thumb__)
/* The first word of RAM on every Cortex-M board we mirror: the kernel's own memory. */
#define KERNEL_RAM_ADDRESS 0x20000000u
#else
/* The first word of RAM on qemu_rv32_virt: the kernel's own memory. */
#define KERNEL_RAM_ADDRESS 0x80200000u
#endif

int main(void) {
  tock_console_print("fault: storing to kernel RAM at ");
  tock_console_print_hex(KERNEL_RAM_ADDRESS);
  tock_console_print("\n");
  *(volatile uint32_t *)KERNEL_RAM_ADDRESS = 0xdeadbeefu;
  tock_console_print("fault: the store did not fault\n");
  return 1;
}
