/* ipc-service: an IPC service that uppercases the text a client shares with it.
 *
 * IPC (driver 0x10000) names processes by index. The service finds its own index by
 * discovering its own package name (the name allowed read-only in slot 0, command 1) and
 * subscribes a function to the upcall of that number, before anything can yield. When a
 * client notifies it (the client's command 2), the upcall brings (client index, length,
 * address) of the buffer the client shared with it, which the kernel has made accessible
 * to the service. The service uppercases the ASCII letters there up to the first NUL,
 * notifies the client (command 3) and prints
 *   ipc-service: uppercased <n> bytes for process <client>
 * It serves forever; if it cannot find itself or subscribe it exits-terminate with 1. */
#include <stdint.h>

#include "tock_line.h"
#include "tock_syscalls.h"

#define IPC_DRIVER 0x10000u
#define IPC_DISCOVER 1u
#define IPC_NOTIFY_CLIENT 3u
#define IPC_ALLOW_SEARCH 0u
#define REQUESTS 8u

static const char own_name[] = "ipc-service";

/* Requests the upcall recorded and the main loop has not answered yet (a ring). */
static volatile uint32_t request_client[REQUESTS];
static volatile uint32_t request_length[REQUESTS];
static volatile uint32_t request_head;
static volatile uint32_t request_tail;

static void client_request(uint32_t client, uint32_t length, uint32_t address, void *appdata) {
  (void)appdata;
  uint32_t changed = 0;
  volatile char *text = (volatile char *)address;
  for (uint32_t index = 0; index < length && text[index] != '\0'; index++) {
    char character = text[index];
    if (character >= 'a' && character <= 'z') text[index] = (char)(character - 'a' + 'A');
    changed++;
  }
  uint32_t slot = request_tail & (REQUESTS - 1u);
  request_client[slot] = client;
  request_length[slot] = changed;
  request_tail = request_tail + 1u;
}

int main(void) {
  tock_line_t line;
  tock_allow_readonly(IPC_DRIVER, IPC_ALLOW_SEARCH, own_name, sizeof(own_name) - 1u);
  tock_return_t found = tock_command(IPC_DRIVER, IPC_DISCOVER, 0, 0);
  tock_allow_readonly(IPC_DRIVER, IPC_ALLOW_SEARCH, 0, 0);
  if (found.variant != TOCK_SUCCESS_U32) return 1;
  uint32_t own_index = found.value1;
  if (tock_subscribe(IPC_DRIVER, own_index, client_request, 0).variant != TOCK_SUCCESS_U32_U32) {
    return 1;
  }
  tock_line_start(&line, "ipc-service: ready as process ");
  tock_line_decimal(&line, own_index);
  tock_line_char(&line, '\n');
  tock_line_write(&line);
  for (;;) {
    while (request_head != request_tail) {
      uint32_t slot = request_head & (REQUESTS - 1u);
      uint32_t client = request_client[slot];
      uint32_t length = request_length[slot];
      request_head = request_head + 1u;
      tock_command(IPC_DRIVER, IPC_NOTIFY_CLIENT, client, 0);
      tock_line_start(&line, "ipc-service: uppercased ");
      tock_line_decimal(&line, length);
      tock_line_text(&line, " bytes for process ");
      tock_line_decimal(&line, client);
      tock_line_char(&line, '\n');
      tock_line_write(&line);
    }
    tock_yield_wait();
  }
}
