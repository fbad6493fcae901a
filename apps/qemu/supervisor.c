/* The syscall semantics of the QEMU supervisor (see supervisor.h), shared by both
 * architectures. Results follow TRD104: variant in register 0, unused registers untouched. */
#include "supervisor.h"

#define GRANT_BYTES 1024u
#define CONSOLE_DRIVER 1u
#define CONSOLE_UPCALLS 3u
#define CONSOLE_ALLOWS 2u

enum { FAILURE = 0, FAILURE_U32_U32 = 2, SUCCESS = 128, SUCCESS_U32 = 129, SUCCESS_U32_U32 = 130 };
enum { FAIL = 1, INVAL = 6, NOMEM = 9, NOSUPPORT = 10, NODEVICE = 11 };

struct supervisor_layout supervisor_app;

static struct {
  uint32_t app_break;
  uint32_t allow_high_water_mark;
  uint32_t upcall_function[CONSOLE_UPCALLS];
  uint32_t upcall_appdata[CONSOLE_UPCALLS];
  uint32_t readonly_address[CONSOLE_ALLOWS];
  uint32_t readonly_length[CONSOLE_ALLOWS];
  uint32_t readwrite_address[CONSOLE_ALLOWS];
  uint32_t readwrite_length[CONSOLE_ALLOWS];
  uint32_t write_done_pending;
  uint32_t write_done_count;
} state;

static void print(const char *text) {
  while (*text != '\0') {
    supervisor_output(*text++);
  }
}

void supervisor_report(const char *text, uint32_t value) {
  print("supervisor: ");
  print(text);
  print(" 0x");
  for (int shift = 28; shift >= 0; shift -= 4) {
    supervisor_output("0123456789abcdef"[(value >> shift) & 0xfu]);
  }
  print("\n");
}

void supervisor_fault(const char *kind, uint32_t pc, uint32_t address) {
  supervisor_report(kind, address);
  supervisor_report("fault pc", pc);
  supervisor_stop(1);
}

static uint32_t grant_start(void) {
  return supervisor_app.ram_start + supervisor_app.ram_size - GRANT_BYTES;
}

static int in_ram(uint32_t address, uint32_t length) {
  return address >= supervisor_app.ram_start && address + length >= address &&
         address + length <= state.app_break;
}

static int in_flash(uint32_t address, uint32_t length) {
  uint32_t end = supervisor_app.binary_start + supervisor_app.binary_size;
  return address >= supervisor_app.binary_start && address + length >= address &&
         address + length <= end;
}

static void set(uint32_t registers[4], uint32_t variant, uint32_t value1, uint32_t value2,
                uint32_t value3, int count) {
  registers[0] = variant;
  if (count > 0) registers[1] = value1;
  if (count > 1) registers[2] = value2;
  if (count > 2) registers[3] = value3;
}

static uint32_t yield(uint32_t registers[4]) {
  uint32_t kind = registers[0];
  uint32_t function = state.upcall_function[1];
  if (kind == 2) {
    /* yield-wait-for: only the console write-done upcall can ever become pending. */
    if (registers[1] == CONSOLE_DRIVER && registers[2] == 1 && state.write_done_pending) {
      state.write_done_pending = 0;
      registers[0] = state.write_done_count;
      registers[1] = 0;
      registers[2] = 0;
      return 0;
    }
    supervisor_report("yield-wait-for would never return; driver", registers[1]);
    supervisor_stop(0);
  }
  if (kind > 2) {
    supervisor_fault("invalid yield number", 0, kind);
  }
  int deliver = state.write_done_pending && function != 0;
  if (kind == 0 && in_ram(registers[1], 1)) {
    *(volatile uint8_t *)registers[1] = (uint8_t)deliver;
  }
  if (deliver) {
    state.write_done_pending = 0;
    registers[0] = state.write_done_count;
    registers[1] = 0;
    registers[2] = 0;
    registers[3] = state.upcall_appdata[1];
    return function;
  }
  if (kind == 1) {
    supervisor_report("yield-wait would never return; pending write-done", state.write_done_pending);
    supervisor_stop(0);
  }
  return 0;
}

static void subscribe(uint32_t registers[4]) {
  uint32_t number = registers[1], function = registers[2], appdata = registers[3];
  if (registers[0] != CONSOLE_DRIVER) {
    set(registers, FAILURE_U32_U32, NODEVICE, function, appdata, 3);
  } else if (number >= CONSOLE_UPCALLS) {
    set(registers, FAILURE_U32_U32, NOSUPPORT, function, appdata, 3);
  } else if (function != 0 && !in_flash(function & ~1u, 4)) {
    set(registers, FAILURE_U32_U32, INVAL, function, appdata, 3);
  } else {
    set(registers, SUCCESS_U32_U32, state.upcall_function[number], state.upcall_appdata[number], 0,
        2);
    state.upcall_function[number] = function;
    state.upcall_appdata[number] = appdata;
  }
}

static void command(uint32_t registers[4]) {
  if (registers[0] != CONSOLE_DRIVER) {
    set(registers, FAILURE, NODEVICE, 0, 0, 1);
  } else if (registers[1] == 0) {
    set(registers, SUCCESS, 0, 0, 0, 0);
  } else if (registers[1] == 1) {
    uint32_t length = registers[2] < state.readonly_length[1] ? registers[2] : state.readonly_length[1];
    const char *bytes = (const char *)state.readonly_address[1];
    for (uint32_t index = 0; index < length; index++) {
      supervisor_output(bytes[index]);
    }
    state.write_done_pending = 1;
    state.write_done_count = length;
    set(registers, SUCCESS, 0, 0, 0, 0);
  } else {
    set(registers, FAILURE, NOSUPPORT, 0, 0, 1);
  }
}

static void allow(uint32_t syscall_class, uint32_t registers[4]) {
  uint32_t number = registers[1], address = registers[2], length = registers[3];
  int readonly = syscall_class == 4;
  if (registers[0] != CONSOLE_DRIVER) {
    set(registers, FAILURE_U32_U32, NODEVICE, address, length, 3);
  } else if (syscall_class == 7 || number >= CONSOLE_ALLOWS) {
    set(registers, FAILURE_U32_U32, NOSUPPORT, address, length, 3);
  } else if (length != 0 && !in_ram(address, length) && !(readonly && in_flash(address, length))) {
    set(registers, FAILURE_U32_U32, INVAL, address, length, 3);
  } else {
    uint32_t *addresses = readonly ? state.readonly_address : state.readwrite_address;
    uint32_t *lengths = readonly ? state.readonly_length : state.readwrite_length;
    set(registers, SUCCESS_U32_U32, addresses[number], lengths[number], 0, 2);
    addresses[number] = address;
    lengths[number] = length;
    if (length != 0 && in_ram(address, length) && address + length > state.allow_high_water_mark) {
      state.allow_high_water_mark = address + length;
    }
  }
}

static void set_break(uint32_t registers[4], uint32_t new_break, uint32_t variant, uint32_t value) {
  if (new_break < state.allow_high_water_mark || new_break > grant_start()) {
    set(registers, FAILURE, NOMEM, 0, 0, 1);
  } else {
    state.app_break = new_break;
    set(registers, variant, value, 0, 0, variant == SUCCESS_U32 ? 1 : 0);
  }
}

static void memop(uint32_t registers[4]) {
  uint32_t argument = registers[1];
  switch (registers[0]) {
    case 0: set_break(registers, argument, SUCCESS, 0); return;
    case 1: set_break(registers, state.app_break + argument, SUCCESS_U32, state.app_break); return;
    case 2: set(registers, SUCCESS_U32, supervisor_app.ram_start, 0, 0, 1); return;
    case 3:
      set(registers, SUCCESS_U32, supervisor_app.ram_start + supervisor_app.ram_size, 0, 0, 1);
      return;
    case 4: set(registers, SUCCESS_U32, supervisor_app.flash_start, 0, 0, 1); return;
    case 5:
      set(registers, SUCCESS_U32, supervisor_app.binary_start + supervisor_app.binary_size, 0, 0, 1);
      return;
    case 6: set(registers, SUCCESS_U32, grant_start(), 0, 0, 1); return;
    case 7: set(registers, SUCCESS_U32, 0, 0, 0, 1); return;
    case 8:
    case 9: set(registers, FAILURE, FAIL, 0, 0, 1); return;
    case 10:
    case 11: set(registers, SUCCESS, 0, 0, 0, 0); return;
    default: set(registers, FAILURE, NOSUPPORT, 0, 0, 1); return;
  }
}

void supervisor_start(uint32_t initial_break) {
  state.app_break = initial_break;
  state.allow_high_water_mark = supervisor_app.ram_start;
}

uint32_t supervisor_syscall(uint32_t syscall_class, uint32_t registers[4]) {
  switch (syscall_class) {
    case 0: return yield(registers);
    case 1: subscribe(registers); return 0;
    case 2: command(registers); return 0;
    case 3:
    case 4:
    case 7: allow(syscall_class, registers); return 0;
    case 5: memop(registers); return 0;
    case 6:
      if (registers[0] <= 1) {
        supervisor_report(registers[0] == 0 ? "exit-terminate" : "exit-restart", registers[1]);
        supervisor_stop(1);
      }
      set(registers, FAILURE, NOSUPPORT, 0, 0, 1);
      return 0;
    default: supervisor_fault("invalid syscall class", 0, syscall_class);
  }
}
