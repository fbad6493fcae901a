/* sleep: sleeps on the alarm (driver 0x0) forever, waking once a second of alarm time.
 *
 * Reads the alarm frequency (command 1) and the current tick count (command 2), subscribes
 * to the alarm upcall (subscribe 0), then arms an absolute alarm one second after the last
 * expiration (command 6: reference, dt) and yield-waits for it, again and again, so the
 * wake-ups do not drift. The frequency and ticks are left-justified to 32 bits by the
 * driver, so they can be added without knowing the hardware counter width.
 *
 * It never prints while sleeping: a board running it is idle almost all of the time. If
 * the board has no alarm driver, or a command fails, it exits-terminate with a non-zero
 * completion code (1: frequency, 2: now, 3: subscribe, 4: set). */
#include "tock_syscalls.h"

#define ALARM_DRIVER 0
#define ALARM_FREQUENCY 1
#define ALARM_NOW 2
#define ALARM_SET_ABSOLUTE 6
#define ALARM_FIRED 0

static volatile uint32_t wakeups;

static void fired(uint32_t now, uint32_t expiration, uint32_t unused, void *appdata) {
  (void)now;
  (void)expiration;
  (void)unused;
  (void)appdata;
  wakeups++;
}

int main(void) {
  tock_return_t frequency = tock_command(ALARM_DRIVER, ALARM_FREQUENCY, 0, 0);
  if (frequency.variant != TOCK_SUCCESS_U32 || frequency.value1 == 0) return 1;
  tock_return_t now = tock_command(ALARM_DRIVER, ALARM_NOW, 0, 0);
  if (now.variant != TOCK_SUCCESS_U32) return 2;
  tock_return_t subscribed = tock_subscribe(ALARM_DRIVER, ALARM_FIRED, fired, 0);
  if (subscribed.variant != TOCK_SUCCESS_U32_U32) return 3;
  uint32_t reference = now.value1;
  for (;;) {
    tock_return_t armed = tock_command(ALARM_DRIVER, ALARM_SET_ABSOLUTE, reference, frequency.value1);
    if (armed.variant != TOCK_SUCCESS_U32) return 4;
    reference = armed.value1;
    uint32_t before = wakeups;
    while (wakeups == before) tock_yield_wait();
  }
}
