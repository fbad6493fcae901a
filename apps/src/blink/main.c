/* blink: toggles the board's LEDs in a walking pattern using the alarm for the pauses.
 *
 * Asks the LED driver (0x2) how many LEDs there are (command 0), then makes two passes over
 * LEDs 0..3 (or fewer if the board has fewer): each step toggles one LED (command 3), prints
 * `blink: LED <n> on|off` from its own record of the LEDs (all start off) and sleeps one
 * sixteenth of a second on the alarm (driver 0x0, command 5 relative, yield-wait-for its
 * upcall 0). The first pass turns the LEDs on one by one, the second turns them off in the
 * same order. It does not read the LEDs back (command 4): on the nRF52 an output pin's input
 * buffer is disconnected, so the driver cannot see the level it drives. Ends with
 * `blink: done`, exit-terminate 0; a failing command exits with 1 (LED) or 2 (alarm). */
#include <stdint.h>

#include "tock_line.h"
#include "tock_syscalls.h"

#define LED_DRIVER 0x2u
#define LED_COUNT 0u
#define LED_TOGGLE 3u
#define ALARM_DRIVER 0x0u
#define ALARM_FREQUENCY 1u
#define ALARM_SET_RELATIVE 5u
#define ALARM_FIRED 0u
#define PASSES 2u
#define MAX_LEDS 4u

/* Sleeps `ticks` alarm ticks; returns 0 on success. */
static int sleep_ticks(uint32_t ticks) {
  tock_return_t armed = tock_command(ALARM_DRIVER, ALARM_SET_RELATIVE, ticks, 0);
  if (armed.variant != TOCK_SUCCESS_U32) return -1;
  tock_yield_wait_for(ALARM_DRIVER, ALARM_FIRED);
  return 0;
}

int main(void) {
  tock_line_t line;
  tock_return_t count = tock_command(LED_DRIVER, LED_COUNT, 0, 0);
  if (count.variant != TOCK_SUCCESS_U32) return 1;
  tock_return_t frequency = tock_command(ALARM_DRIVER, ALARM_FREQUENCY, 0, 0);
  if (frequency.variant != TOCK_SUCCESS_U32) return 2;
  uint32_t leds = count.value1 < MAX_LEDS ? count.value1 : MAX_LEDS;
  int lit[MAX_LEDS] = {0, 0, 0, 0};
  tock_line_start(&line, "blink: ");
  tock_line_decimal(&line, count.value1);
  tock_line_text(&line, " LEDs\n");
  tock_line_write(&line);
  for (uint32_t pass = 0; pass < PASSES; pass++) {
    for (uint32_t led = 0; led < leds; led++) {
      if (tock_command(LED_DRIVER, LED_TOGGLE, led, 0).variant != TOCK_SUCCESS) return 1;
      lit[led] = !lit[led];
      tock_line_start(&line, "blink: LED ");
      tock_line_decimal(&line, led);
      tock_line_text(&line, lit[led] ? " on\n" : " off\n");
      tock_line_write(&line);
      if (sleep_ticks(frequency.value1 >> 4) != 0) return 2;
    }
  }
  tock_line_start(&line, "blink: done\n");
  tock_line_write(&line);
  return 0;
}
