/* stack-overflow: recurses until its stack runs out of the process's memory.
 *
 * The runtime puts the 1 KiB stack at the bottom of the process's RAM, growing down, so
 * every frame beyond it lands below the process's memory start, where the MPU (PMP on
 * RISC-V) lets the process neither read nor write: the kernel faults the process. The app
 * prints `stack-overflow: memory starts at 0x…, recursing`, then recurses with 64-byte
 * frames. If the recursion ever comes back (it stops at a depth far beyond the stack) it
 * prints `stack-overflow: the stack did not overflow` and exits with code 1. */
#include <stdint.h>

#include "tock_line.h"
#include "tock_syscalls.h"

/* Far deeper than a 1 KiB stack allows; volatile so the recursion is not bounded at build time. */
static volatile uint32_t depth_limit = 100000u;

__attribute__((noinline)) static uint32_t recurse(uint32_t depth) {
  volatile uint8_t frame[64];
  frame[0] = (uint8_t)depth;
  frame[63] = (uint8_t)(depth >> 8);
  if (depth >= depth_limit) return depth;
  /* Using the frame after the call keeps it alive and the call out of tail position. */
  return recurse(depth + 1u) + frame[0] + frame[63];
}

int main(void) {
  tock_line_t line;
  tock_line_start(&line, "stack-overflow: memory starts at ");
  tock_line_hex(&line, tock_memop_memory_start().value1);
  tock_line_text(&line, ", recursing\n");
  tock_line_write(&line);
  recurse(0);
  tock_line_start(&line, "stack-overflow: the stack did not overflow\n");
  tock_line_write(&line);
  return 1;
}
