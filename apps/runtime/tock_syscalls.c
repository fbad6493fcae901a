/* Tock system call wrappers: the trap sequences for Cortex-M (Thumb) and RV32.
 *
 * All classes except yield return without running any userspace code, so their asm
 * statements only exchange r0-r3 / a0-a3 (plus a4 on RISC-V). During a yield the kernel
 * may run an upcall, which is an ordinary function call that returns to the instruction
 * after the trap; those statements therefore also clobber every caller-saved register
 * and the link register. r9, the PIC base on Cortex-M, is never written by our code.
 */
#include "tock_syscalls.h"

#if defined(__thumb__)

/* One trap with class `class_number` (the svc immediate); results land in `result`. */
#define TOCK_TRAP(result, class_number, argument0, argument1, argument2, argument3)           \
  do {                                                                                        \
    register uint32_t r0 __asm__("r0") = (uint32_t)(argument0);                               \
    register uint32_t r1 __asm__("r1") = (uint32_t)(argument1);                               \
    register uint32_t r2 __asm__("r2") = (uint32_t)(argument2);                               \
    register uint32_t r3 __asm__("r3") = (uint32_t)(argument3);                               \
    __asm__ volatile("svc %[class]"                                                           \
                     : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)                                 \
                     : [class] "i"(class_number)                                              \
                     : "memory");                                                             \
    (result).variant = r0;                                                                    \
    (result).value1 = r1;                                                                     \
    (result).value2 = r2;                                                                     \
    (result).value3 = r3;                                                                     \
  } while (0)

/* A yield trap: an upcall may run before it returns, clobbering caller-saved registers. */
#define TOCK_YIELD_TRAP(result, yield_kind, argument1, argument2)                             \
  do {                                                                                        \
    register uint32_t r0 __asm__("r0") = (uint32_t)(yield_kind);                              \
    register uint32_t r1 __asm__("r1") = (uint32_t)(argument1);                               \
    register uint32_t r2 __asm__("r2") = (uint32_t)(argument2);                               \
    register uint32_t r3 __asm__("r3") = 0;                                                   \
    __asm__ volatile("svc #0"                                                                 \
                     : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)                                 \
                     :                                                                        \
                     : "memory", "cc", "r12", "lr");                                          \
    (result).variant = r0;                                                                    \
    (result).value1 = r1;                                                                     \
    (result).value2 = r2;                                                                     \
    (result).value3 = r3;                                                                     \
  } while (0)

#elif defined(__riscv)

#define TOCK_TRAP(result, class_number, argument0, argument1, argument2, argument3)           \
  do {                                                                                        \
    register uint32_t a0 __asm__("a0") = (uint32_t)(argument0);                               \
    register uint32_t a1 __asm__("a1") = (uint32_t)(argument1);                               \
    register uint32_t a2 __asm__("a2") = (uint32_t)(argument2);                               \
    register uint32_t a3 __asm__("a3") = (uint32_t)(argument3);                               \
    register uint32_t a4 __asm__("a4") = (uint32_t)(class_number);                            \
    __asm__ volatile("ecall" : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3) : "r"(a4) : "memory");  \
    (result).variant = a0;                                                                    \
    (result).value1 = a1;                                                                     \
    (result).value2 = a2;                                                                     \
    (result).value3 = a3;                                                                     \
  } while (0)

#define TOCK_YIELD_TRAP(result, yield_kind, argument1, argument2)                             \
  do {                                                                                        \
    register uint32_t a0 __asm__("a0") = (uint32_t)(yield_kind);                              \
    register uint32_t a1 __asm__("a1") = (uint32_t)(argument1);                               \
    register uint32_t a2 __asm__("a2") = (uint32_t)(argument2);                               \
    register uint32_t a3 __asm__("a3") = 0;                                                   \
    register uint32_t a4 __asm__("a4") = TOCK_CLASS_YIELD;                                    \
    __asm__ volatile("ecall"                                                                  \
                     : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4)                       \
                     :                                                                        \
                     : "memory", "ra", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "a5", "a6",  \
                       "a7");                                                                 \
    (result).variant = a0;                                                                    \
    (result).value1 = a1;                                                                     \
    (result).value2 = a2;                                                                     \
    (result).value3 = a3;                                                                     \
  } while (0)

#else
#error "tock_syscalls.c supports Thumb (Cortex-M) and RISC-V only"
#endif

void tock_yield_no_wait(uint8_t *has_tasks) {
  tock_return_t ignored;
  TOCK_YIELD_TRAP(ignored, TOCK_YIELD_NO_WAIT, has_tasks, 0);
  (void)ignored;
}

void tock_yield_wait(void) {
  tock_return_t ignored;
  TOCK_YIELD_TRAP(ignored, TOCK_YIELD_WAIT, 0, 0);
  (void)ignored;
}

tock_return_t tock_yield_wait_for(uint32_t driver, uint32_t subscribe_number) {
  tock_return_t result;
  TOCK_YIELD_TRAP(result, TOCK_YIELD_WAIT_FOR, driver, subscribe_number);
  return result;
}

tock_return_t tock_subscribe(uint32_t driver, uint32_t subscribe_number, tock_upcall_t upcall,
                             void *appdata) {
  tock_return_t result;
  TOCK_TRAP(result, TOCK_CLASS_SUBSCRIBE, driver, subscribe_number, upcall, appdata);
  return result;
}

tock_return_t tock_command(uint32_t driver, uint32_t command_number, uint32_t argument0,
                           uint32_t argument1) {
  tock_return_t result;
  TOCK_TRAP(result, TOCK_CLASS_COMMAND, driver, command_number, argument0, argument1);
  return result;
}

tock_return_t tock_allow_readwrite(uint32_t driver, uint32_t allow_number, void *address,
                                   uint32_t length) {
  tock_return_t result;
  TOCK_TRAP(result, TOCK_CLASS_ALLOW_READWRITE, driver, allow_number, address, length);
  return result;
}

tock_return_t tock_allow_readonly(uint32_t driver, uint32_t allow_number, const void *address,
                                  uint32_t length) {
  tock_return_t result;
  TOCK_TRAP(result, TOCK_CLASS_ALLOW_READONLY, driver, allow_number, address, length);
  return result;
}

tock_return_t tock_allow_userspace_readable(uint32_t driver, uint32_t allow_number, void *address,
                                            uint32_t length) {
  tock_return_t result;
  TOCK_TRAP(result, TOCK_CLASS_ALLOW_USERSPACE_READABLE, driver, allow_number, address, length);
  return result;
}

tock_return_t tock_memop(uint32_t operation, uint32_t argument) {
  tock_return_t result;
  TOCK_TRAP(result, TOCK_CLASS_MEMOP, operation, argument, 0, 0);
  return result;
}

tock_return_t tock_exit(uint32_t kind, uint32_t completion_code) {
  tock_return_t result;
  TOCK_TRAP(result, TOCK_CLASS_EXIT, kind, completion_code, 0, 0);
  return result;
}

void tock_exit_terminate(uint32_t completion_code) {
  tock_exit(TOCK_EXIT_TERMINATE, completion_code);
  /* A successful exit never returns; reaching this line is a kernel bug, so fault. */
  __builtin_trap();
}

void tock_exit_restart(uint32_t completion_code) {
  tock_exit(TOCK_EXIT_RESTART, completion_code);
  __builtin_trap();
}

tock_return_t tock_memop_brk(uint32_t address) { return tock_memop(TOCK_MEMOP_BRK, address); }

tock_return_t tock_memop_sbrk(int32_t increment) {
  return tock_memop(TOCK_MEMOP_SBRK, (uint32_t)increment);
}

tock_return_t tock_memop_memory_start(void) { return tock_memop(TOCK_MEMOP_MEMORY_START, 0); }

tock_return_t tock_memop_memory_end(void) { return tock_memop(TOCK_MEMOP_MEMORY_END, 0); }

tock_return_t tock_memop_flash_start(void) { return tock_memop(TOCK_MEMOP_FLASH_START, 0); }

tock_return_t tock_memop_flash_end(void) { return tock_memop(TOCK_MEMOP_FLASH_END, 0); }

tock_return_t tock_memop_grant_start(void) { return tock_memop(TOCK_MEMOP_GRANT_START, 0); }

tock_return_t tock_memop_writeable_flash_region_count(void) {
  return tock_memop(TOCK_MEMOP_WRITEABLE_FLASH_REGION_COUNT, 0);
}

tock_return_t tock_memop_writeable_flash_region_start(uint32_t region) {
  return tock_memop(TOCK_MEMOP_WRITEABLE_FLASH_REGION_START, region);
}

tock_return_t tock_memop_writeable_flash_region_end(uint32_t region) {
  return tock_memop(TOCK_MEMOP_WRITEABLE_FLASH_REGION_END, region);
}

tock_return_t tock_memop_debug_stack_start(uint32_t address) {
  return tock_memop(TOCK_MEMOP_DEBUG_STACK_START, address);
}

tock_return_t tock_memop_debug_heap_start(uint32_t address) {
  return tock_memop(TOCK_MEMOP_DEBUG_HEAP_START, address);
}
