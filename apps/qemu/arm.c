/* Cortex-M side of the QEMU supervisor: semihosting output, MPU setup (when the core has
 * one), the SVC and fault handlers, and the first entry into the app.
 *
 * Build-time parameters (-D): APP_BINARY_START, APP_BINARY_SIZE, APP_ENTRY_OFFSET,
 * APP_RAM_START, APP_RAM_SIZE (a power of two, aligned to itself). */
#include "supervisor.h"

#define MPU_TYPE ((volatile uint32_t *)0xE000ED90u)
#define MPU_CTRL ((volatile uint32_t *)0xE000ED94u)
#define MPU_RNR ((volatile uint32_t *)0xE000ED98u)
#define MPU_RBAR ((volatile uint32_t *)0xE000ED9Cu)
#define MPU_RASR ((volatile uint32_t *)0xE000EDA0u)
#define SCB_SHCSR ((volatile uint32_t *)0xE000ED24u)
#define SCB_CFSR ((volatile uint32_t *)0xE000ED28u)
#define SCB_MMFAR ((volatile uint32_t *)0xE000ED34u)
#define SCB_BFAR ((volatile uint32_t *)0xE000ED38u)

static int semihost(int operation, const void *argument) {
  register int r0 __asm__("r0") = operation;
  register const void *r1 __asm__("r1") = argument;
  __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

void supervisor_output(char character) { semihost(0x03, &character); }

void supervisor_stop(int orderly) {
  /* SYS_EXIT: ADP_Stopped_ApplicationExit (QEMU exits 0) or RunTimeErrorUnknown (exits 1). */
  semihost(0x18, (const void *)(orderly ? 0x20026u : 0x20023u));
  for (;;) {
  }
}

static uint32_t log2_of(uint32_t power_of_two) {
  uint32_t result = 0;
  while ((1u << result) < power_of_two) {
    result++;
  }
  return result;
}

/* Region `number` at `base` of `size` bytes (power of two, aligned): RASR SIZE = log2 - 1. */
static void mpu_region(uint32_t number, uint32_t base, uint32_t size, uint32_t attributes) {
  *MPU_RNR = number;
  *MPU_RBAR = base;
  *MPU_RASR = attributes | ((log2_of(size) - 1u) << 1) | 1u;
}

void arm_svc(uint32_t *frame) {
  /* The class is the immediate of the svc just before the stacked pc. */
  uint32_t syscall_class = ((const uint16_t *)frame[6])[-1] & 0xffu;
  uint32_t upcall = supervisor_syscall(syscall_class, frame);
  if (upcall != 0) {
    frame[5] = frame[6] | 1u; /* lr: back to just after the svc */
    frame[6] = upcall & ~1u;  /* pc: the upcall */
  }
}

void arm_fault(const uint32_t *frame, uint32_t exception_return) {
  (void)exception_return;
  uint32_t status = *SCB_CFSR;
  uint32_t address = (status & 0x80u) ? *SCB_MMFAR : (status & 0x8000u) ? *SCB_BFAR : 0;
  supervisor_report("fault status", status);
  supervisor_fault("fault address", frame[6], address);
}

extern void start_process(uint32_t *frame);

void arm_main(void) {
  supervisor_app.flash_start = APP_BINARY_START;
  supervisor_app.binary_start = APP_BINARY_START;
  supervisor_app.binary_size = APP_BINARY_SIZE;
  supervisor_app.ram_start = APP_RAM_START;
  supervisor_app.ram_size = APP_RAM_SIZE;
  /* Fill the app's RAM with a pattern, so crt0 must zero .bss itself. */
  for (uint32_t offset = 0; offset < APP_RAM_SIZE; offset += 4) {
    *(volatile uint32_t *)(APP_RAM_START + offset) = 0xa5a5a5a5u;
  }
  if ((*MPU_TYPE >> 8) & 0xffu) {
    uint32_t flash_region = 32;
    while (flash_region < APP_BINARY_SIZE) {
      flash_region <<= 1;
    }
    mpu_region(0, APP_RAM_START, APP_RAM_SIZE, (3u << 24) | (1u << 28)); /* RW, no execute */
    mpu_region(1, APP_BINARY_START, flash_region, 2u << 24);            /* read, execute */
    *SCB_SHCSR |= 1u << 16;                                               /* MemManage on */
    *MPU_CTRL = 5u;                                                       /* on, PRIVDEFENA */
    supervisor_report("mpu regions", (*MPU_TYPE >> 8) & 0xffu);
  } else {
    supervisor_report("mpu regions", 0);
  }
  /* The first frame: r0-r3 as Tock passes them, pc = entry, xPSR = Thumb. The initial break
   * is 32 bytes past the RAM start, room for exactly this frame. */
  uint32_t initial_break = APP_RAM_START + 32u;
  uint32_t *frame = (uint32_t *)APP_RAM_START;
  frame[0] = APP_BINARY_START;
  frame[1] = APP_RAM_START;
  frame[2] = APP_RAM_SIZE;
  frame[3] = initial_break;
  frame[4] = 0;
  frame[5] = 0;
  frame[6] = (APP_BINARY_START + APP_ENTRY_OFFSET) & ~1u;
  frame[7] = 0x01000000u;
  supervisor_start(initial_break);
  start_process(frame);
}
