/* ipc-client: asks the ipc-service app to uppercase a text over IPC and prints the answer.
 *
 * Discovers the service's process index by its package name `ipc-service` (IPC driver
 * 0x10000: the name allowed read-only in slot 0, command 1), subscribes to upcall number
 * <service index>, shares a 64-byte buffer holding `hello over ipc` with the service
 * (read-write allow number <service index>; the buffer is aligned to its size so the MPU
 * can map it into the service) and notifies the service (command 2). When the service
 * notifies back, it withdraws the buffer and prints `ipc-client: service answered: <text>`,
 * then exits-terminate 0. It exits with 1 if the service is not found (NODEVICE) or an IPC
 * call fails. */
#include <stdint.h>

#include "tock_line.h"
#include "tock_syscalls.h"

#define IPC_DRIVER 0x10000u
#define IPC_DISCOVER 1u
#define IPC_NOTIFY_SERVICE 2u
#define IPC_ALLOW_SEARCH 0u
#define SHARED_SIZE 64u

static const char service_name[] = "ipc-service";
static const char request[] = "hello over ipc";

static char shared[SHARED_SIZE] __attribute__((aligned(SHARED_SIZE)));
static volatile uint32_t answered;

static void service_answered(uint32_t service, uint32_t length, uint32_t address, void *appdata) {
  (void)service;
  (void)length;
  (void)address;
  (void)appdata;
  answered = 1;
}

int main(void) {
  tock_line_t line;
  tock_allow_readonly(IPC_DRIVER, IPC_ALLOW_SEARCH, service_name, sizeof(service_name) - 1u);
  tock_return_t found = tock_command(IPC_DRIVER, IPC_DISCOVER, 0, 0);
  tock_allow_readonly(IPC_DRIVER, IPC_ALLOW_SEARCH, 0, 0);
  if (found.variant != TOCK_SUCCESS_U32) return 1;
  uint32_t service = found.value1;
  tock_line_start(&line, "ipc-client: found ipc-service as process ");
  tock_line_decimal(&line, service);
  tock_line_char(&line, '\n');
  tock_line_write(&line);

  for (uint32_t index = 0; index < sizeof(request); index++) shared[index] = request[index];
  if (tock_subscribe(IPC_DRIVER, service, service_answered, 0).variant != TOCK_SUCCESS_U32_U32 ||
      tock_allow_readwrite(IPC_DRIVER, service, shared, SHARED_SIZE).variant !=
          TOCK_SUCCESS_U32_U32 ||
      tock_command(IPC_DRIVER, IPC_NOTIFY_SERVICE, service, 0).variant != TOCK_SUCCESS) {
    return 1;
  }
  while (!answered) tock_yield_wait();
  tock_allow_readwrite(IPC_DRIVER, service, 0, 0);

  tock_line_start(&line, "ipc-client: service answered: ");
  tock_line_text(&line, shared);
  tock_line_char(&line, '\n');
  tock_line_write(&line);
  return 0;
}
