/* hello: prints one line on the console, then exits-terminate with completion code 0.
 *
 * The greeting is reached through an initialised pointer in .data, so on Cortex-M the
 * line only appears if crt0 applied the relocation table elf2tab appends. */
#include "tock_console.h"

static const char *volatile greeting = "Hello from tock-ts!\n";

int main(void) {
  tock_console_print(greeting);
  return 0;
}
