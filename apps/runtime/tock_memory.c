/* memcpy and memset: the compiler may emit calls to them (struct copies, array
 * initialisers) even in freestanding code, and our apps link no C library. The build
 * passes -fno-tree-loop-distribute-patterns so these loops are not turned back into calls
 * to themselves. */
#include <stddef.h>
#include <stdint.h>

void *memcpy(void *destination, const void *source, size_t length);
void *memset(void *destination, int value, size_t length);

void *memcpy(void *destination, const void *source, size_t length) {
  uint8_t *to = destination;
  const uint8_t *from = source;
  for (size_t index = 0; index < length; index++) {
    to[index] = from[index];
  }
  return destination;
}

void *memset(void *destination, int value, size_t length) {
  uint8_t *to = destination;
  for (size_t index = 0; index < length; index++) {
    to[index] = (uint8_t)value;
  }
  return destination;
}
