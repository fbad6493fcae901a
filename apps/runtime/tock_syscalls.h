/* Tock system call wrappers for our test apps: one function per TRD104 call, raw results.
 *
 * Every wrapper issues exactly one system call and hands back the registers the kernel
 * wrote, without interpreting them, so that test apps can print and check the precise
 * return variant. On Cortex-M the class travels in the `svc` immediate; on RISC-V it is
 * put in a4 before `ecall`. Arguments go in r0-r3 / a0-a3 and results come back there.
 */
#ifndef TOCK_SYSCALLS_H
#define TOCK_SYSCALLS_H

#include <stddef.h>
#include <stdint.h>

/* System call class numbers (the `svc` immediate on Cortex-M, a4 on RISC-V). */
enum tock_syscall_class {
  TOCK_CLASS_YIELD = 0,
  TOCK_CLASS_SUBSCRIBE = 1,
  TOCK_CLASS_COMMAND = 2,
  TOCK_CLASS_ALLOW_READWRITE = 3,
  TOCK_CLASS_ALLOW_READONLY = 4,
  TOCK_CLASS_MEMOP = 5,
  TOCK_CLASS_EXIT = 6,
  TOCK_CLASS_ALLOW_USERSPACE_READABLE = 7,
};

/* Return variants the kernel places in r0 / a0. */
enum tock_return_variant {
  TOCK_FAILURE = 0,
  TOCK_FAILURE_U32 = 1,
  TOCK_FAILURE_U32_U32 = 2,
  TOCK_FAILURE_U64 = 3,
  TOCK_SUCCESS = 128,
  TOCK_SUCCESS_U32 = 129,
  TOCK_SUCCESS_U32_U32 = 130,
  TOCK_SUCCESS_U64 = 131,
  TOCK_SUCCESS_U32_U32_U32 = 132,
  TOCK_SUCCESS_U32_U64 = 133,
};

/* Kernel error codes carried in r1 / a1 of a failure variant. */
enum tock_error_code {
  TOCK_ERROR_FAIL = 1,
  TOCK_ERROR_BUSY = 2,
  TOCK_ERROR_ALREADY = 3,
  TOCK_ERROR_OFF = 4,
  TOCK_ERROR_RESERVE = 5,
  TOCK_ERROR_INVAL = 6,
  TOCK_ERROR_SIZE = 7,
  TOCK_ERROR_CANCEL = 8,
  TOCK_ERROR_NOMEM = 9,
  TOCK_ERROR_NOSUPPORT = 10,
  TOCK_ERROR_NODEVICE = 11,
  TOCK_ERROR_UNINSTALLED = 12,
  TOCK_ERROR_NOACK = 13,
};

/* Memop operation numbers (r0 / a0 of class 5). */
enum tock_memop_operation {
  TOCK_MEMOP_BRK = 0,
  TOCK_MEMOP_SBRK = 1,
  TOCK_MEMOP_MEMORY_START = 2,
  TOCK_MEMOP_MEMORY_END = 3,
  TOCK_MEMOP_FLASH_START = 4,
  TOCK_MEMOP_FLASH_END = 5,
  TOCK_MEMOP_GRANT_START = 6,
  TOCK_MEMOP_WRITEABLE_FLASH_REGION_COUNT = 7,
  TOCK_MEMOP_WRITEABLE_FLASH_REGION_START = 8,
  TOCK_MEMOP_WRITEABLE_FLASH_REGION_END = 9,
  TOCK_MEMOP_DEBUG_STACK_START = 10,
  TOCK_MEMOP_DEBUG_HEAP_START = 11,
};

/* Yield numbers (r0 / a0 of class 0). */
enum tock_yield_kind {
  TOCK_YIELD_NO_WAIT = 0,
  TOCK_YIELD_WAIT = 1,
  TOCK_YIELD_WAIT_FOR = 2,
};

/* Exit kinds (r0 / a0 of class 6). */
enum tock_exit_kind {
  TOCK_EXIT_TERMINATE = 0,
  TOCK_EXIT_RESTART = 1,
};

/* The four registers a system call returns: the variant and up to three values. */
typedef struct {
  uint32_t variant;
  uint32_t value1;
  uint32_t value2;
  uint32_t value3;
} tock_return_t;

/* An upcall: the driver's three values and the appdata given to subscribe. */
typedef void (*tock_upcall_t)(uint32_t argument0, uint32_t argument1, uint32_t argument2, void *appdata);

/* yield-no-wait: runs one pending upcall if there is one, otherwise returns at once.
 * The kernel writes 1 (a task was pending) or 0 into *has_tasks when it points into the
 * process's RAM; pass NULL to ignore it. */
void tock_yield_no_wait(uint8_t *has_tasks);

/* yield-wait: sleeps until one upcall has run. */
void tock_yield_wait(void);

/* yield-wait-for: sleeps until the upcall (driver, subscribe_number) is scheduled and
 * returns its three values raw in value1..value3 (variant is the first value: the kernel
 * writes the upcall's arguments straight into r0-r2). The upcall function is not run. */
tock_return_t tock_yield_wait_for(uint32_t driver, uint32_t subscribe_number);

/* subscribe: success is SuccessU32U32(previous upcall, previous appdata). */
tock_return_t tock_subscribe(uint32_t driver, uint32_t subscribe_number, tock_upcall_t upcall,
                             void *appdata);

/* command: any variant the driver chooses; a missing driver gives Failure(NODEVICE). */
tock_return_t tock_command(uint32_t driver, uint32_t command_number, uint32_t argument0,
                           uint32_t argument1);

/* read-write allow: success is SuccessU32U32(previous address, previous length). */
tock_return_t tock_allow_readwrite(uint32_t driver, uint32_t allow_number, void *address,
                                   uint32_t length);

/* read-only allow: success is SuccessU32U32(previous address, previous length). */
tock_return_t tock_allow_readonly(uint32_t driver, uint32_t allow_number, const void *address,
                                  uint32_t length);

/* userspace-readable allow: success is SuccessU32U32(previous address, previous length). */
tock_return_t tock_allow_userspace_readable(uint32_t driver, uint32_t allow_number, void *address,
                                            uint32_t length);

/* memop with any operation number and argument. */
tock_return_t tock_memop(uint32_t operation, uint32_t argument);

/* exit with any kind; returns only when the kernel rejects the kind (Failure(NOSUPPORT)). */
tock_return_t tock_exit(uint32_t kind, uint32_t completion_code);

/* exit-terminate: the process stops and keeps `completion_code` for the kernel. */
__attribute__((noreturn)) void tock_exit_terminate(uint32_t completion_code);

/* exit-restart: the process stops and the kernel starts it again from its entry point. */
__attribute__((noreturn)) void tock_exit_restart(uint32_t completion_code);

/* Memop conveniences: each returns the raw result of one memop call. */
tock_return_t tock_memop_brk(uint32_t address);
tock_return_t tock_memop_sbrk(int32_t increment);
tock_return_t tock_memop_memory_start(void);
tock_return_t tock_memop_memory_end(void);
tock_return_t tock_memop_flash_start(void);
tock_return_t tock_memop_flash_end(void);
tock_return_t tock_memop_grant_start(void);
tock_return_t tock_memop_writeable_flash_region_count(void);
tock_return_t tock_memop_writeable_flash_region_start(uint32_t region);
tock_return_t tock_memop_writeable_flash_region_end(uint32_t region);
tock_return_t tock_memop_debug_stack_start(uint32_t address);
tock_return_t tock_memop_debug_heap_start(uint32_t address);

#endif
