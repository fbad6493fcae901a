/* Whole-line console output for our test apps: text and numbers are gathered in a small
 * buffer and written with one console write, so lines from several processes sharing the
 * console never interleave inside a line.
 *
 * Header only (static functions), so apps that do not include it are unchanged. Usage:
 *   tock_line_t line;
 *   tock_line_start(&line, "blink: LED ");
 *   tock_line_decimal(&line, 2);
 *   tock_line_text(&line, " on\n");
 *   tock_line_write(&line);
 * Text past the buffer's end is dropped. */
#ifndef TOCK_LINE_H
#define TOCK_LINE_H

#include <stdint.h>

#include "tock_console.h"

#define TOCK_LINE_CAPACITY 120u

typedef struct {
  char bytes[TOCK_LINE_CAPACITY];
  uint32_t length;
} tock_line_t;

static inline void tock_line_char(tock_line_t *line, char character) {
  if (line->length < TOCK_LINE_CAPACITY) {
    line->bytes[line->length] = character;
    line->length++;
  }
}

static inline void tock_line_text(tock_line_t *line, const char *text) {
  while (*text != '\0') {
    tock_line_char(line, *text);
    text++;
  }
}

static inline void tock_line_start(tock_line_t *line, const char *text) {
  line->length = 0;
  tock_line_text(line, text);
}

/* Unsigned decimal without leading zeros, by repeated subtraction (no division helpers). */
static inline void tock_line_decimal(tock_line_t *line, uint32_t value) {
  static const uint32_t powers_of_ten[] = {
      1000000000u, 100000000u, 10000000u, 1000000u, 100000u, 10000u, 1000u, 100u, 10u, 1u,
  };
  int started = 0;
  for (uint32_t index = 0; index < sizeof(powers_of_ten) / sizeof(powers_of_ten[0]); index++) {
    char digit = '0';
    while (value >= powers_of_ten[index]) {
      value -= powers_of_ten[index];
      digit++;
    }
    if (digit != '0' || started || index == 9u) {
      tock_line_char(line, digit);
      started = 1;
    }
  }
}

/* Signed decimal: a minus sign, then the magnitude. */
static inline void tock_line_signed(tock_line_t *line, int32_t value) {
  if (value < 0) {
    tock_line_char(line, '-');
    tock_line_decimal(line, 0u - (uint32_t)value);
  } else {
    tock_line_decimal(line, (uint32_t)value);
  }
}

/* `digits` lowercase hex digits of `value`, most significant first, no prefix. */
static inline void tock_line_hex_digits(tock_line_t *line, uint32_t value, uint32_t digits) {
  for (uint32_t index = digits; index > 0u; index--) {
    uint32_t nibble = (value >> (4u * (index - 1u))) & 0xfu;
    tock_line_char(line, (char)(nibble < 10u ? '0' + nibble : 'a' + (nibble - 10u)));
  }
}

/* 0x and eight hex digits. */
static inline void tock_line_hex(tock_line_t *line, uint32_t value) {
  tock_line_text(line, "0x");
  tock_line_hex_digits(line, value, 8u);
}

/* Writes the gathered bytes with one console write and empties the line. */
static inline void tock_line_write(tock_line_t *line) {
  tock_console_write(line->bytes, line->length);
  line->length = 0;
}

#endif
