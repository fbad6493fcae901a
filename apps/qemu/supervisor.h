/* A minimal stand-in for the Tock kernel, used only to run one test app under QEMU.
 *
 * It implements just enough of TRD104 for our apps: the console (driver 1: command 0/1,
 * read-only allow 1, read-write allow 1, subscribe 1), memop 0-11, exit, the three yields,
 * and the error results for missing drivers, numbers and bad buffers. A console write
 * completes at once; its upcall is then pending until the app yields. Everything it does is
 * reported as lines starting with "supervisor: ", so a test can read the app's console
 * output and its fate from QEMU's output alone. It is not the tock-ts kernel; it exists to
 * check that the runtime and apps run correctly on real instruction sets. */
#ifndef SUPERVISOR_H
#define SUPERVISOR_H

#include <stdint.h>

/* Where the app lives; filled in by the architecture code before the first syscall. */
struct supervisor_layout {
  uint32_t flash_start;  /* the TBF header would start here */
  uint32_t binary_start; /* the app binary: crt0 header, code, GOT and .data images */
  uint32_t binary_size;
  uint32_t ram_start;
  uint32_t ram_size;
};

/* Resets the supervisor's view of the app; called once before the app starts. */
void supervisor_start(uint32_t initial_break);

/* Handles one system call of `syscall_class` with r0-r3 / a0-a3 in `registers`, writing the
 * results back there. Returns 0, or the address of an upcall the architecture code must
 * start now (its four arguments are already in `registers`). */
uint32_t supervisor_syscall(uint32_t syscall_class, uint32_t registers[4]);

/* Reports a fault of the app and stops. */
__attribute__((noreturn)) void supervisor_fault(const char *kind, uint32_t pc, uint32_t address);

/* Writes a line prefixed with "supervisor: " and a hex value. */
void supervisor_report(const char *text, uint32_t value);

/* Provided by the architecture code. */
extern struct supervisor_layout supervisor_app;
void supervisor_output(char character);
__attribute__((noreturn)) void supervisor_stop(int orderly);

#endif
