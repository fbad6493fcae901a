/* Blocking console output for our test apps, without printf.
 *
 * Each call shares the bytes with the console driver (read-only allow 1), starts a write
 * (command 1), sleeps in yield-wait-for on the write-done upcall (subscribe 1), then
 * withdraws the buffer. Nothing is buffered in the app: one call, one console write.
 */
#ifndef TOCK_CONSOLE_H
#define TOCK_CONSOLE_H

#include <stdint.h>

/* The console driver number and the numbers it uses for writing. */
#define TOCK_CONSOLE_DRIVER 0x1u
#define TOCK_CONSOLE_COMMAND_EXISTS 0u
#define TOCK_CONSOLE_COMMAND_WRITE 1u
#define TOCK_CONSOLE_ALLOW_READONLY_WRITE 1u
#define TOCK_CONSOLE_SUBSCRIBE_WRITE_DONE 1u

/* Writes `length` bytes. Returns the number of bytes the driver reports written, or the
 * negated ErrorCode of the allow or command that failed. */
int32_t tock_console_write(const void *bytes, uint32_t length);

/* Writes a NUL-terminated string. */
void tock_console_print(const char *text);

/* Writes `value` as 0x followed by eight lowercase hex digits. */
void tock_console_print_hex(uint32_t value);

/* Writes `value` in unsigned decimal, without leading zeros. */
void tock_console_print_decimal(uint32_t value);

#endif
