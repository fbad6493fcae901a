/* ipc-ping: an IPC client (driver 0x10000) that bounces 20000 notifications off `ipc-pong`.
 *
 * Discovers the service `ipc-pong` (command 1 with the name allowed read-only in slot 0),
 * subscribes to its reply upcall (subscribe number = the service's index), then 20000 times
 * notifies the service (command 2) and yield-waits until the service has notified it back.
 * Every round is two switches between processes: to the service and back. Prints
 * `ipc-ping: done` and exits-terminate with code 0; a failed step ends it with code 1
 * (allow), 2 (discover), 3 (subscribe) or 4 (notify). */
#include "tock_console.h"
#include "tock_syscalls.h"

#define IPC_DRIVER 0x10000
#define IPC_DISCOVER 1
#define IPC_NOTIFY_SERVICE 2
#define ROUNDS 20000u

static const char service_name[] = "ipc-pong";
static volatile uint32_t replied;

static void on_reply(uint32_t from, uint32_t length, uint32_t address, void *appdata) {
  (void)from;
  (void)length;
  (void)address;
  (void)appdata;
  replied = 1;
}

int main(void) {
  tock_return_t allowed = tock_allow_readonly(IPC_DRIVER, 0, service_name, sizeof(service_name) - 1);
  if (allowed.variant != TOCK_SUCCESS_U32_U32) return 1;
  tock_return_t service = tock_command(IPC_DRIVER, IPC_DISCOVER, 0, 0);
  if (service.variant != TOCK_SUCCESS_U32) return 2;
  tock_return_t subscribed = tock_subscribe(IPC_DRIVER, service.value1, on_reply, 0);
  if (subscribed.variant != TOCK_SUCCESS_U32_U32) return 3;
  for (uint32_t round = 0; round < ROUNDS; round++) {
    replied = 0;
    tock_return_t sent = tock_command(IPC_DRIVER, IPC_NOTIFY_SERVICE, service.value1, 0);
    if (sent.variant != TOCK_SUCCESS) return 4;
    while (!replied) tock_yield_wait();
  }
  tock_console_print("ipc-ping: done\n");
  return 0;
}
