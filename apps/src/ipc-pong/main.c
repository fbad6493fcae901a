/* ipc-pong: an IPC service (driver 0x10000) that answers every notification at once.
 *
 * Finds its own process index by discovering its package name `ipc-pong` (command 1 with
 * the name allowed read-only in slot 0), subscribes to the service upcall (subscribe number
 * = its own index), then forever yield-waits for a client's notification and notifies that
 * client back (command 3). With `ipc-ping` it makes two processes that hand control to each
 * other (the context-switch benchmark). It never prints; a failed set-up step ends it with
 * exit-terminate and code 1 (allow), 2 (discover) or 3 (subscribe). */
#include "tock_syscalls.h"

#define IPC_DRIVER 0x10000
#define IPC_DISCOVER 1
#define IPC_NOTIFY_CLIENT 3

static const char service_name[] = "ipc-pong";
static volatile uint32_t client;
static volatile uint32_t notified;

static void on_notify(uint32_t from, uint32_t length, uint32_t address, void *appdata) {
  (void)length;
  (void)address;
  (void)appdata;
  client = from;
  notified = 1;
}

int main(void) {
  tock_return_t allowed = tock_allow_readonly(IPC_DRIVER, 0, service_name, sizeof(service_name) - 1);
  if (allowed.variant != TOCK_SUCCESS_U32_U32) return 1;
  tock_return_t self = tock_command(IPC_DRIVER, IPC_DISCOVER, 0, 0);
  if (self.variant != TOCK_SUCCESS_U32) return 2;
  tock_return_t subscribed = tock_subscribe(IPC_DRIVER, self.value1, on_notify, 0);
  if (subscribed.variant != TOCK_SUCCESS_U32_U32) return 3;
  for (;;) {
    while (!notified) tock_yield_wait();
    notified = 0;
    tock_command(IPC_DRIVER, IPC_NOTIFY_CLIENT, client, 0);
  }
}
