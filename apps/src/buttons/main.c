/* buttons: reports every button press and release.
 *
 * Asks the button driver (0x3) how many buttons there are (command 0), subscribes a
 * function to its upcall 0, enables the interrupt of every button (command 1) and prints
 * `buttons: watching <n> buttons`. The upcall only records (button, pressed) in a small
 * queue; the main loop yield-waits and prints `button <n> pressed` or `button <n> released`
 * for each recorded event, in order. It runs until the board stops; a failing command exits
 * with code 1. */
#include <stdint.h>

#include "tock_line.h"
#include "tock_syscalls.h"

#define BUTTON_DRIVER 0x3u
#define BUTTON_COUNT 0u
#define BUTTON_ENABLE_INTERRUPT 1u
#define BUTTON_CHANGED 0u
#define QUEUE_LENGTH 16u

/* Events the upcall recorded and the main loop has not printed yet (a ring). */
static volatile uint32_t queued_button[QUEUE_LENGTH];
static volatile uint32_t queued_pressed[QUEUE_LENGTH];
static volatile uint32_t queue_head;
static volatile uint32_t queue_tail;

static void button_changed(uint32_t button, uint32_t pressed, uint32_t unused, void *appdata) {
  (void)unused;
  (void)appdata;
  uint32_t slot = queue_tail & (QUEUE_LENGTH - 1u);
  queued_button[slot] = button;
  queued_pressed[slot] = pressed;
  queue_tail = queue_tail + 1u;
}

int main(void) {
  tock_line_t line;
  tock_return_t count = tock_command(BUTTON_DRIVER, BUTTON_COUNT, 0, 0);
  if (count.variant != TOCK_SUCCESS_U32) return 1;
  if (tock_subscribe(BUTTON_DRIVER, BUTTON_CHANGED, button_changed, 0).variant !=
      TOCK_SUCCESS_U32_U32) {
    return 1;
  }
  for (uint32_t button = 0; button < count.value1; button++) {
    if (tock_command(BUTTON_DRIVER, BUTTON_ENABLE_INTERRUPT, button, 0).variant != TOCK_SUCCESS) {
      return 1;
    }
  }
  tock_line_start(&line, "buttons: watching ");
  tock_line_decimal(&line, count.value1);
  tock_line_text(&line, " buttons\n");
  tock_line_write(&line);
  for (;;) {
    while (queue_head != queue_tail) {
      uint32_t slot = queue_head & (QUEUE_LENGTH - 1u);
      tock_line_start(&line, "button ");
      tock_line_decimal(&line, queued_button[slot]);
      tock_line_text(&line, queued_pressed[slot] != 0u ? " pressed\n" : " released\n");
      queue_head = queue_head + 1u;
      tock_line_write(&line);
    }
    tock_yield_wait();
  }
}
