/* rng: asks the random number driver for 16 bytes and prints them in hex.
 *
 * Allows a 16-byte buffer read-write to the RNG driver (0x40001, allow 0), asks for 16
 * bytes (command 1) and sleeps in yield-wait-for on its upcall 0, which returns
 * (0, bytes filled, 0). Prints `rng: <count> bytes: <hex pairs separated by spaces>` and
 * exits-terminate 0; a failing allow or command exits with 1, a short fill with 2. */
#include <stdint.h>

#include "tock_line.h"
#include "tock_syscalls.h"

#define RNG_DRIVER 0x40001u
#define RNG_GET 1u
#define RNG_ALLOW_BUFFER 0u
#define RNG_DONE 0u
#define RANDOM_BYTES 16u

static uint8_t random_bytes[RANDOM_BYTES];

int main(void) {
  tock_line_t line;
  if (tock_allow_readwrite(RNG_DRIVER, RNG_ALLOW_BUFFER, random_bytes, RANDOM_BYTES).variant !=
      TOCK_SUCCESS_U32_U32) {
    return 1;
  }
  if (tock_command(RNG_DRIVER, RNG_GET, RANDOM_BYTES, 0).variant != TOCK_SUCCESS) return 1;
  tock_return_t done = tock_yield_wait_for(RNG_DRIVER, RNG_DONE);
  tock_allow_readwrite(RNG_DRIVER, RNG_ALLOW_BUFFER, 0, 0);
  uint32_t filled = done.value1;
  tock_line_start(&line, "rng: ");
  tock_line_decimal(&line, filled);
  tock_line_text(&line, " bytes:");
  for (uint32_t index = 0; index < filled && index < RANDOM_BYTES; index++) {
    tock_line_char(&line, ' ');
    tock_line_hex_digits(&line, random_bytes[index], 2u);
  }
  tock_line_char(&line, '\n');
  tock_line_write(&line);
  return filled == RANDOM_BYTES ? 0 : 2;
}
