/* Blocking console output: allow, command, yield-wait-for, un-allow; number formatting
 * without division, so it needs no libgcc helpers on ARMv6-M. */
#include "tock_console.h"

#include "tock_syscalls.h"

int32_t tock_console_write(const void *bytes, uint32_t length) {
  tock_return_t allowed =
      tock_allow_readonly(TOCK_CONSOLE_DRIVER, TOCK_CONSOLE_ALLOW_READONLY_WRITE, bytes, length);
  if (allowed.variant != TOCK_SUCCESS_U32_U32) {
    return -(int32_t)allowed.value1;
  }
  tock_return_t started =
      tock_command(TOCK_CONSOLE_DRIVER, TOCK_CONSOLE_COMMAND_WRITE, length, 0);
  int32_t written;
  if (started.variant == TOCK_SUCCESS) {
    tock_return_t done =
        tock_yield_wait_for(TOCK_CONSOLE_DRIVER, TOCK_CONSOLE_SUBSCRIBE_WRITE_DONE);
    /* yield-wait-for returns the upcall's values raw: the first is the byte count. */
    written = (int32_t)done.variant;
  } else {
    written = -(int32_t)started.value1;
  }
  tock_allow_readonly(TOCK_CONSOLE_DRIVER, TOCK_CONSOLE_ALLOW_READONLY_WRITE, 0, 0);
  return written;
}

void tock_console_print(const char *text) {
  uint32_t length = 0;
  while (text[length] != '\0') {
    length++;
  }
  tock_console_write(text, length);
}

void tock_console_print_hex(uint32_t value) {
  char digits[10];
  digits[0] = '0';
  digits[1] = 'x';
  for (int index = 9; index >= 2; index--) {
    uint32_t nibble = value & 0xfu;
    digits[index] = (char)(nibble < 10u ? '0' + nibble : 'a' + (nibble - 10u));
    value >>= 4;
  }
  tock_console_write(digits, sizeof(digits));
}

void tock_console_print_decimal(uint32_t value) {
  static const uint32_t powers_of_ten[] = {
      1000000000u, 100000000u, 10000000u, 1000000u, 100000u, 10000u, 1000u, 100u, 10u, 1u,
  };
  char digits[10];
  uint32_t length = 0;
  for (uint32_t index = 0; index < sizeof(powers_of_ten) / sizeof(powers_of_ten[0]); index++) {
    uint32_t power = powers_of_ten[index];
    char digit = '0';
    while (value >= power) {
      value -= power;
      digit++;
    }
    /* Skip leading zeros, but always keep the last digit. */
    if (length > 0 || digit != '0' || power == 1u) {
      digits[length++] = digit;
    }
  }
  tock_console_write(digits, length);
}
