/* restart: boots, says so, and asks the kernel to restart it, forever.
 *
 * A restarted process gets fresh RAM, so the app cannot count its own boots; it prints
 * `restart: boot` on every start, waits 1/128 s of alarm time (driver 0x0, command 5,
 * yield-wait-for upcall 0, so the boots are spaced out) and calls
 * exit-restart with completion code 0. Whoever watches the console (or the kernel's restart
 * count) counts the boots. A failing alarm command exits-terminate with code 1. */
#include <stdint.h>

#include "tock_line.h"
#include "tock_syscalls.h"

#define ALARM_DRIVER 0x0u
#define ALARM_FREQUENCY 1u
#define ALARM_SET_RELATIVE 5u
#define ALARM_FIRED 0u

int main(void) {
  tock_line_t line;
  tock_line_start(&line, "restart: boot\n");
  tock_line_write(&line);
  tock_return_t frequency = tock_command(ALARM_DRIVER, ALARM_FREQUENCY, 0, 0);
  if (frequency.variant != TOCK_SUCCESS_U32) return 1;
  if (tock_command(ALARM_DRIVER, ALARM_SET_RELATIVE, frequency.value1 >> 7, 0).variant !=
      TOCK_SUCCESS_U32) {
    return 1;
  }
  tock_yield_wait_for(ALARM_DRIVER, ALARM_FIRED);
  tock_exit_restart(0);
}
