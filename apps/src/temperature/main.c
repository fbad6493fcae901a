/* temperature: reads the temperature sensor once and prints the value.
 *
 * Starts a reading on the temperature driver (0x60000, command 1) and sleeps in
 * yield-wait-for on its upcall 0, whose first value is the temperature in hundredths of a
 * degree Celsius (a signed 32-bit number). Prints `temperature: <value> hundredths of a
 * degree C` and exits-terminate 0; a failing command exits with 1. */
#include <stdint.h>

#include "tock_line.h"
#include "tock_syscalls.h"

#define TEMPERATURE_DRIVER 0x60000u
#define TEMPERATURE_READ 1u
#define TEMPERATURE_READING 0u

int main(void) {
  tock_line_t line;
  if (tock_command(TEMPERATURE_DRIVER, TEMPERATURE_READ, 0, 0).variant != TOCK_SUCCESS) return 1;
  tock_return_t reading = tock_yield_wait_for(TEMPERATURE_DRIVER, TEMPERATURE_READING);
  tock_line_start(&line, "temperature: ");
  tock_line_signed(&line, (int32_t)reading.variant);
  tock_line_text(&line, " hundredths of a degree C\n");
  tock_line_write(&line);
  return 0;
}
