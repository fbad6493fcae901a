/* alarms: three periodic timers at once on the one alarm the alarm driver gives a process.
 *
 * A small user-space timer multiplexer: timers A, B and C have periods of 2, 3 and 5 units
 * (a unit is 1/32 s of alarm ticks: the frequency from command 1 shifted right by 5). The
 * app keeps each timer's next deadline, arms the hardware alarm for the earliest one
 * (command 6: reference, dt) and sleeps in yield-wait-for on the alarm upcall (driver 0x0,
 * upcall 0), whose second value is the expiration. Every timer due at that expiration then
 * fires in the order A, B, C and prints
 *   alarms: timer <name> period <p> fired at tick +<ticks since start> (unit <k>)
 * After the deadline at 12 units it prints `alarms: done` and exits-terminate 0; a failing
 * command exits with 1. */
#include <stdint.h>

#include "tock_line.h"
#include "tock_syscalls.h"

#define ALARM_DRIVER 0x0u
#define ALARM_FREQUENCY 1u
#define ALARM_NOW 2u
#define ALARM_SET_ABSOLUTE 6u
#define ALARM_FIRED 0u
#define TIMERS 3u
#define LAST_UNIT 12u

static const char timer_names[TIMERS] = {'A', 'B', 'C'};
static const uint32_t timer_periods[TIMERS] = {2u, 3u, 5u};

int main(void) {
  tock_line_t line;
  tock_return_t frequency = tock_command(ALARM_DRIVER, ALARM_FREQUENCY, 0, 0);
  tock_return_t now = tock_command(ALARM_DRIVER, ALARM_NOW, 0, 0);
  if (frequency.variant != TOCK_SUCCESS_U32 || now.variant != TOCK_SUCCESS_U32) return 1;
  uint32_t unit = frequency.value1 >> 5;
  uint32_t start = now.value1;
  /* Deadlines in units since start; the tick arithmetic wraps like the counter does. */
  uint32_t next_unit[TIMERS];
  for (uint32_t timer = 0; timer < TIMERS; timer++) next_unit[timer] = timer_periods[timer];

  tock_line_start(&line, "alarms: start, unit ");
  tock_line_decimal(&line, unit);
  tock_line_text(&line, " ticks\n");
  tock_line_write(&line);

  uint32_t reference = start;
  uint32_t reference_unit = 0;
  for (;;) {
    uint32_t earliest = next_unit[0];
    for (uint32_t timer = 1; timer < TIMERS; timer++) {
      if (next_unit[timer] < earliest) earliest = next_unit[timer];
    }
    if (earliest > LAST_UNIT) break;
    tock_return_t armed = tock_command(ALARM_DRIVER, ALARM_SET_ABSOLUTE, reference,
                                       (earliest - reference_unit) * unit);
    if (armed.variant != TOCK_SUCCESS_U32) return 1;
    /* The upcall's values come back raw: (now, expiration, 0). */
    tock_return_t fired = tock_yield_wait_for(ALARM_DRIVER, ALARM_FIRED);
    uint32_t expiration = fired.value1;
    reference = expiration;
    reference_unit = earliest;
    for (uint32_t timer = 0; timer < TIMERS; timer++) {
      if (next_unit[timer] != earliest) continue;
      tock_line_start(&line, "alarms: timer ");
      tock_line_char(&line, timer_names[timer]);
      tock_line_text(&line, " period ");
      tock_line_decimal(&line, timer_periods[timer]);
      tock_line_text(&line, " fired at tick +");
      tock_line_decimal(&line, expiration - start);
      tock_line_text(&line, " (unit ");
      tock_line_decimal(&line, earliest);
      tock_line_text(&line, ")\n");
      tock_line_write(&line);
      next_unit[timer] += timer_periods[timer];
    }
  }
  tock_line_start(&line, "alarms: done\n");
  tock_line_write(&line);
  return 0;
}
