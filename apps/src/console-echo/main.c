/* console-echo: reads lines from the console and echoes each one back, prefixed.
 *
 * Prints `console-echo: ready`, then reads one byte at a time: the byte buffer is allowed
 * read-write to the console (driver 0x1, allow 1), command 2 asks for one byte, and
 * yield-wait-for on upcall 2 returns (status, bytes read, 0). Bytes gather into a line until
 * CR or LF; a non-empty line is printed back as `echo: <line>`. The line `quit` prints
 * `console-echo: bye` and exits-terminate 0; a failing allow or command exits with 1, a
 * failed read with 2. */
#include <stdint.h>

#include "tock_line.h"
#include "tock_syscalls.h"

#define CONSOLE_READ 2u
#define CONSOLE_ALLOW_READWRITE_READ 1u
#define CONSOLE_READ_DONE 2u
#define LINE_MAX 64u

static uint8_t received;

/* Reads one byte; returns it, or -1 (allow/command failed) or -2 (the read failed). */
static int32_t read_byte(void) {
  if (tock_allow_readwrite(TOCK_CONSOLE_DRIVER, CONSOLE_ALLOW_READWRITE_READ, &received, 1)
          .variant != TOCK_SUCCESS_U32_U32) {
    return -1;
  }
  if (tock_command(TOCK_CONSOLE_DRIVER, CONSOLE_READ, 1, 0).variant != TOCK_SUCCESS) return -1;
  /* Raw upcall values: (status code, bytes read, 0). */
  tock_return_t done = tock_yield_wait_for(TOCK_CONSOLE_DRIVER, CONSOLE_READ_DONE);
  tock_allow_readwrite(TOCK_CONSOLE_DRIVER, CONSOLE_ALLOW_READWRITE_READ, 0, 0);
  if (done.variant != 0u || done.value1 != 1u) return -2;
  return received;
}

static int is_quit(const char *text, uint32_t length) {
  return length == 4u && text[0] == 'q' && text[1] == 'u' && text[2] == 'i' && text[3] == 't';
}

int main(void) {
  tock_line_t line;
  char text[LINE_MAX];
  uint32_t length = 0;
  tock_line_start(&line, "console-echo: ready\n");
  tock_line_write(&line);
  for (;;) {
    int32_t byte = read_byte();
    if (byte == -1) return 1;
    if (byte == -2) return 2;
    if (byte != '\r' && byte != '\n') {
      if (length < LINE_MAX) text[length++] = (char)byte;
      continue;
    }
    if (length == 0u) continue;
    if (is_quit(text, length)) break;
    tock_line_start(&line, "echo: ");
    for (uint32_t index = 0; index < length; index++) tock_line_char(&line, text[index]);
    tock_line_char(&line, '\n');
    tock_line_write(&line);
    length = 0;
  }
  tock_line_start(&line, "console-echo: bye\n");
  tock_line_write(&line);
  return 0;
}
