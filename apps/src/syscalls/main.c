/* syscalls: issues every system call class and every memop operation, including the
 * documented error cases, and prints each raw result. It starts by printing a few numbers
 * with the console helpers (decimal and hex), so their formatting is checked too.
 *
 * Every result line has the form
 *   <label>: <variant name> <value1> <value2> <value3>
 * with the values as 0x-prefixed hex (the registers r1-r3 / a1-a3 the kernel returned).
 * Checks the app can make itself (a swap handing back what was stored before, an upcall
 * running) are printed as `<label>: yes` or `<label>: no`. The run starts with
 * "syscalls: start", ends with "syscalls: done" and exits-terminate with code 0.
 */
#include <stdint.h>

#include "tock_console.h"
#include "tock_syscalls.h"

/* A driver number no board registers. */
#define MISSING_DRIVER 0xdead0u
/* A command, subscribe and allow number the console does not have. */
#define MISSING_NUMBER 99u
/* A memop operation and an exit kind the kernel does not have. */
#define MISSING_MEMOP 99u
#define MISSING_EXIT_KIND 2u
/* How many yield-no-wait calls to make while waiting for the write-done upcall. */
#define YIELD_NO_WAIT_LIMIT 1000000u

/* What the recording upcall saw: how often it ran, its arguments and appdata. */
static volatile uint32_t upcall_runs;
static volatile uint32_t upcall_argument0;
static volatile uint32_t upcall_appdata;

/* A RAM buffer to share with read-write allow. */
static uint8_t readwrite_buffer[16];

static const char flash_text[] = "flash";

/* Initialised pointers in .data: crt0 must relocate both (a RAM and a flash target). */
static uint32_t relocation_target;
static uint32_t *volatile ram_pointer = &relocation_target;
static const char *volatile flash_pointer = flash_text;

static const char *variant_name(uint32_t variant) {
  switch (variant) {
    case TOCK_FAILURE: return "Failure";
    case TOCK_FAILURE_U32: return "FailureU32";
    case TOCK_FAILURE_U32_U32: return "FailureU32U32";
    case TOCK_FAILURE_U64: return "FailureU64";
    case TOCK_SUCCESS: return "Success";
    case TOCK_SUCCESS_U32: return "SuccessU32";
    case TOCK_SUCCESS_U32_U32: return "SuccessU32U32";
    case TOCK_SUCCESS_U64: return "SuccessU64";
    case TOCK_SUCCESS_U32_U32_U32: return "SuccessU32U32U32";
    case TOCK_SUCCESS_U32_U64: return "SuccessU32U64";
    default: return "Unknown";
  }
}

static void report(const char *label, tock_return_t result) {
  tock_console_print(label);
  tock_console_print(": ");
  tock_console_print(variant_name(result.variant));
  tock_console_print(" ");
  tock_console_print_hex(result.value1);
  tock_console_print(" ");
  tock_console_print_hex(result.value2);
  tock_console_print(" ");
  tock_console_print_hex(result.value3);
  tock_console_print("\n");
}

static void report_check(const char *label, int passed) {
  tock_console_print(label);
  tock_console_print(passed ? ": yes\n" : ": no\n");
}

static void report_value(const char *label, uint32_t value) {
  tock_console_print(label);
  tock_console_print(": ");
  tock_console_print_hex(value);
  tock_console_print("\n");
}

static void record_upcall(uint32_t argument0, uint32_t argument1, uint32_t argument2,
                          void *appdata) {
  (void)argument1;
  (void)argument2;
  upcall_argument0 = argument0;
  upcall_appdata = (uint32_t)appdata;
  upcall_runs = upcall_runs + 1;
}

static void other_upcall(uint32_t argument0, uint32_t argument1, uint32_t argument2,
                         void *appdata) {
  (void)argument0;
  (void)argument1;
  (void)argument2;
  (void)appdata;
}

static void exercise_relocation(uint32_t memory_start, uint32_t flash_start) {
  report_check("data pointer to ram relocated", ram_pointer == &relocation_target &&
                                                    (uint32_t)ram_pointer >= memory_start);
  report_check("data pointer to flash relocated", flash_pointer == flash_text &&
                                                      (uint32_t)flash_pointer >= flash_start);
}

static void exercise_command(void) {
  report("command console exists", tock_command(TOCK_CONSOLE_DRIVER, 0, 0, 0));
  report("command missing driver", tock_command(MISSING_DRIVER, 0, 0, 0));
  report("command console missing number", tock_command(TOCK_CONSOLE_DRIVER, MISSING_NUMBER, 0, 0));
}

static void exercise_subscribe(void) {
  void *first_appdata = (void *)0x1111u;
  void *second_appdata = (void *)0x2222u;
  report("subscribe console first",
         tock_subscribe(TOCK_CONSOLE_DRIVER, 1, record_upcall, first_appdata));
  tock_return_t swapped = tock_subscribe(TOCK_CONSOLE_DRIVER, 1, other_upcall, second_appdata);
  report("subscribe console swap", swapped);
  report_check("subscribe swap returned the first upcall",
               swapped.value1 == (uint32_t)record_upcall && swapped.value2 == 0x1111u);
  tock_return_t cleared = tock_subscribe(TOCK_CONSOLE_DRIVER, 1, 0, 0);
  report("subscribe console null", cleared);
  report_check("subscribe null returned the second upcall",
               cleared.value1 == (uint32_t)other_upcall && cleared.value2 == 0x2222u);
  report("subscribe missing driver",
         tock_subscribe(MISSING_DRIVER, 1, record_upcall, first_appdata));
  report("subscribe console missing number",
         tock_subscribe(TOCK_CONSOLE_DRIVER, MISSING_NUMBER, record_upcall, first_appdata));
}

static void exercise_allow(uint32_t outside_address) {
  /* Printing shares its own read-only buffer, so the three read-only allows run back to
   * back and are reported afterwards. */
  tock_return_t readonly_first =
      tock_allow_readonly(TOCK_CONSOLE_DRIVER, 1, flash_text, sizeof(flash_text) - 1);
  tock_return_t readonly_swapped =
      tock_allow_readonly(TOCK_CONSOLE_DRIVER, 1, readwrite_buffer, 4);
  tock_return_t readonly_cleared = tock_allow_readonly(TOCK_CONSOLE_DRIVER, 1, 0, 0);
  report("allow-ro console flash", readonly_first);
  report("allow-ro console swap", readonly_swapped);
  report_check("allow-ro swap returned the flash buffer",
               readonly_swapped.value1 == (uint32_t)flash_text &&
                   readonly_swapped.value2 == sizeof(flash_text) - 1);
  report("allow-ro console clear", readonly_cleared);
  report_check("allow-ro clear returned the ram buffer",
               readonly_cleared.value1 == (uint32_t)readwrite_buffer &&
                   readonly_cleared.value2 == 4);
  tock_return_t zero_length =
      tock_allow_readonly(TOCK_CONSOLE_DRIVER, 1, (const void *)outside_address, 0);
  tock_return_t zero_length_cleared = tock_allow_readonly(TOCK_CONSOLE_DRIVER, 1, 0, 0);
  report("allow-ro console zero length outside", zero_length);
  report("allow-ro console clear again", zero_length_cleared);
  report_check("allow-ro kept the zero-length address",
               zero_length_cleared.value1 == outside_address && zero_length_cleared.value2 == 0);
  report("allow-ro missing driver", tock_allow_readonly(MISSING_DRIVER, 1, flash_text, 1));

  report("allow-rw console ram",
         tock_allow_readwrite(TOCK_CONSOLE_DRIVER, 1, readwrite_buffer, sizeof(readwrite_buffer)));
  report("allow-rw console outside",
         tock_allow_readwrite(TOCK_CONSOLE_DRIVER, 1, (void *)outside_address, 16));
  report("allow-rw console flash",
         tock_allow_readwrite(TOCK_CONSOLE_DRIVER, 1, (void *)flash_text, 4));
  tock_return_t cleared = tock_allow_readwrite(TOCK_CONSOLE_DRIVER, 1, 0, 0);
  report("allow-rw console clear", cleared);
  report_check("allow-rw clear returned the ram buffer",
               cleared.value1 == (uint32_t)readwrite_buffer &&
                   cleared.value2 == sizeof(readwrite_buffer));
  report("allow-rw console missing number",
         tock_allow_readwrite(TOCK_CONSOLE_DRIVER, MISSING_NUMBER, readwrite_buffer, 4));
  report("allow-rw missing driver", tock_allow_readwrite(MISSING_DRIVER, 1, readwrite_buffer, 4));

  report("allow-ur console",
         tock_allow_userspace_readable(TOCK_CONSOLE_DRIVER, 1, readwrite_buffer, 4));
  report("allow-ur missing driver",
         tock_allow_userspace_readable(MISSING_DRIVER, 1, readwrite_buffer, 4));
}

static void exercise_memop(void) {
  report("memop memory start", tock_memop_memory_start());
  tock_return_t memory_end = tock_memop_memory_end();
  report("memop memory end", memory_end);
  report("memop flash start", tock_memop_flash_start());
  report("memop flash end", tock_memop_flash_end());
  report("memop grant start", tock_memop_grant_start());
  report("memop writeable flash regions", tock_memop_writeable_flash_region_count());
  report("memop writeable flash region 0 start", tock_memop_writeable_flash_region_start(0));
  report("memop writeable flash region 0 end", tock_memop_writeable_flash_region_end(0));

  tock_return_t initial = tock_memop_sbrk(0);
  report("memop sbrk 0", initial);
  tock_return_t grown = tock_memop_sbrk(256);
  report("memop sbrk +256", grown);
  report_check("sbrk +256 returned the old break", grown.value1 == initial.value1);
  tock_return_t shrunk = tock_memop_sbrk(-256);
  report("memop sbrk -256", shrunk);
  report_check("sbrk -256 returned the grown break", shrunk.value1 == initial.value1 + 256u);
  report("memop brk initial break", tock_memop_brk(initial.value1));
  report("memop brk past memory end", tock_memop_brk(memory_end.value1 + 0x10000u));
  report("memop brk zero", tock_memop_brk(0));
  report("memop debug stack start", tock_memop_debug_stack_start(initial.value1));
  report("memop debug heap start", tock_memop_debug_heap_start(initial.value1));
  report("memop missing operation", tock_memop(MISSING_MEMOP, 0));
}

static void exercise_yield(void) {
  /* Nothing is pending yet: the kernel writes 0 and returns at once. */
  uint8_t has_tasks = 0xaa;
  tock_yield_no_wait(&has_tasks);
  report_value("yield-no-wait idle has_tasks", has_tasks);

  /* Nothing may be printed between starting a write and its completion: printing shares
   * another buffer with the console, so each block below reports only afterwards. */

  /* yield-wait-for on a write with the Null Upcall: the upcall's values come back raw. */
  static const char wait_for_text[] = "wait-for\n";
  tock_allow_readonly(TOCK_CONSOLE_DRIVER, 1, wait_for_text, sizeof(wait_for_text) - 1);
  tock_return_t started = tock_command(TOCK_CONSOLE_DRIVER, 1, 100, 0);
  tock_return_t done = tock_yield_wait_for(TOCK_CONSOLE_DRIVER, 1);
  tock_allow_readonly(TOCK_CONSOLE_DRIVER, 1, 0, 0);
  report("yield-wait-for write started", started);
  report_value("yield-wait-for upcall value 0", done.variant);
  report_value("yield-wait-for upcall value 1", done.value1);
  report_value("yield-wait-for upcall value 2", done.value2);

  /* yield-wait runs the subscribed upcall before returning. */
  static const char wait_text[] = "wait\n";
  upcall_runs = 0;
  tock_subscribe(TOCK_CONSOLE_DRIVER, 1, record_upcall, (void *)0x3333u);
  tock_allow_readonly(TOCK_CONSOLE_DRIVER, 1, wait_text, sizeof(wait_text) - 1);
  started = tock_command(TOCK_CONSOLE_DRIVER, 1, 100, 0);
  tock_yield_wait();
  tock_subscribe(TOCK_CONSOLE_DRIVER, 1, 0, 0);
  tock_allow_readonly(TOCK_CONSOLE_DRIVER, 1, 0, 0);
  report("yield-wait write started", started);
  report_value("yield-wait upcall runs", upcall_runs);
  report_value("yield-wait upcall bytes written", upcall_argument0);
  report_value("yield-wait upcall appdata", upcall_appdata);

  /* yield-no-wait runs the upcall once it is pending and reports that through the byte. */
  static const char no_wait_text[] = "no-wait\n";
  upcall_runs = 0;
  tock_subscribe(TOCK_CONSOLE_DRIVER, 1, record_upcall, (void *)0x4444u);
  tock_allow_readonly(TOCK_CONSOLE_DRIVER, 1, no_wait_text, sizeof(no_wait_text) - 1);
  started = tock_command(TOCK_CONSOLE_DRIVER, 1, 100, 0);
  for (uint32_t attempt = 0; attempt < YIELD_NO_WAIT_LIMIT && upcall_runs == 0; attempt++) {
    has_tasks = 0xaa;
    tock_yield_no_wait(&has_tasks);
  }
  tock_subscribe(TOCK_CONSOLE_DRIVER, 1, 0, 0);
  tock_allow_readonly(TOCK_CONSOLE_DRIVER, 1, 0, 0);
  report("yield-no-wait write started", started);
  report_value("yield-no-wait delivered has_tasks", has_tasks);
  report_value("yield-no-wait upcall runs", upcall_runs);
  report_value("yield-no-wait upcall bytes written", upcall_argument0);
  report_value("yield-no-wait upcall appdata", upcall_appdata);
}

static void exercise_console_numbers(void) {
  static const uint32_t values[] = {0u, 7u, 42u, 1000000000u, 4294967295u};
  tock_console_print("console decimal:");
  for (uint32_t index = 0; index < sizeof(values) / sizeof(values[0]); index++) {
    tock_console_print(" ");
    tock_console_print_decimal(values[index]);
  }
  tock_console_print("\nconsole hex: ");
  tock_console_print_hex(0x0123abcdu);
  tock_console_print("\n");
}

int main(void) {
  tock_console_print("syscalls: start\n");
  exercise_console_numbers();
  /* The grant region is process RAM the process may not touch: a good "outside" address. */
  uint32_t outside_address = tock_memop_grant_start().value1;
  exercise_relocation(tock_memop_memory_start().value1, tock_memop_flash_start().value1);
  exercise_command();
  exercise_subscribe();
  exercise_allow(outside_address);
  exercise_memop();
  exercise_yield();
  report("exit missing kind", tock_exit(MISSING_EXIT_KIND, 0));
  tock_console_print("syscalls: done\n");
  return 0;
}
