/* A tiny Tock-style app for building test ELFs: code, read-only data, initialised data holding
 * pointers (so the linker emits .rel.data relocations), zeroed data, and a writeable flash region. */
#include <stdint.h>

extern void yield_forever(void);

static const char greeting[] = "hello from a test app";
const char *greeting_pointer = greeting;
uint32_t counter = 7;
uint32_t zeroed[16];
__attribute__((section(".app_state.wfr"), used)) uint8_t app_state[64] = {1, 2, 3};

int main(void) {
  counter += (uint32_t)greeting_pointer[0];
  zeroed[3] = counter;
  return (int)zeroed[3];
}

__attribute__((section(".start"), used, noreturn)) void _start(void) {
  main();
  for (;;) {
  }
}
