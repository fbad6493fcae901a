/* compute: a compute-bound app that never makes a system call after start-up.
 *
 * It prints `compute: start` once, then mixes a 64-word table with an xorshift generator
 * and a rotate-and-add hash forever (loads, stores, shifts, multiplies, branches), so a
 * board running it spends all its time executing this process's instructions, in
 * timeslices, as a busy app on real hardware would. The table lives in .bss and the
 * running hash is stored to a volatile word so the compiler keeps every step. */
#include "tock_console.h"

#define TABLE_WORDS 64

static uint32_t table[TABLE_WORDS];
static volatile uint32_t sink;

int main(void) {
  tock_console_print("compute: start\n");
  uint32_t state = 0x2545f491u;
  uint32_t hash = 0;
  for (;;) {
    for (uint32_t index = 0; index < TABLE_WORDS; index++) {
      state ^= state << 13;
      state ^= state >> 17;
      state ^= state << 5;
      uint32_t mixed = table[index] * 0x9e3779b1u + state;
      table[index] = mixed;
      hash = ((hash << 5) | (hash >> 27)) + (mixed ^ index);
    }
    sink = hash;
  }
}
