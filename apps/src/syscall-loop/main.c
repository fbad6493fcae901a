/* syscall-loop: command round trips in a tight loop (the syscall benchmark).
 *
 * Asks the console driver (0x1) whether it exists (command 0) 100000 times, checking that
 * every answer is Success, then prints `syscall-loop: done` and exits-terminate with code 0.
 * A board without a console driver, or any other answer, ends it with code 1 at once. Each
 * iteration is one system call: a trap into the kernel, the driver lookup and the command,
 * and the return to the process. */
#include "tock_console.h"
#include "tock_syscalls.h"

#define CONSOLE_DRIVER 1
#define CONSOLE_EXISTS 0
#define ROUNDS 100000u

int main(void) {
  for (uint32_t round = 0; round < ROUNDS; round++) {
    tock_return_t exists = tock_command(CONSOLE_DRIVER, CONSOLE_EXISTS, 0, 0);
    if (exists.variant != TOCK_SUCCESS) return 1;
  }
  tock_console_print("syscall-loop: done\n");
  return 0;
}
