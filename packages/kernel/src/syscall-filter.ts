/**
 * Syscall filters: a board's veto over subscribe, command and allow before the kernel runs them
 * (upstream `SyscallFilter` and `capsules/system/src/syscall_filter/tbf_header_filter.rs`).
 * Yield, memop and exit are never filtered.
 */
import { ErrorCode, err, OK, type Result } from '@tock-ts/hil';
import type { ProcessStandard } from './process-standard.js';
import { type Syscall, SyscallClass } from './syscall.js';

/** Decides whether `process` may make `syscall`; an error is returned to the process as `Failure`. */
export interface SyscallFilter {
  filterSyscall(process: ProcessStandard, syscall: Syscall): Result<void, ErrorCode>;
}

/** Allows everything (upstream `()`). */
export class AllowAllSyscallFilter implements SyscallFilter {
  filterSyscall(): Result<void, ErrorCode> {
    return OK;
  }
}

/**
 * Applies the TBF Permissions TLV: no TLV allows everything; a TLV without this driver answers
 * NODEVICE; a command needs its bit in the mask; subscribe and allows need only an entry.
 */
export class TbfHeaderFilterDefaultAllow implements SyscallFilter {
  filterSyscall(process: ProcessStandard, syscall: Syscall): Result<void, ErrorCode> {
    switch (syscall.class) {
      case SyscallClass.Yield:
      case SyscallClass.Memop:
      case SyscallClass.Exit:
        return OK;
      case SyscallClass.Command: {
        const permissions = process.commandPermissions(
          syscall.driverNumber,
          Math.floor(syscall.subdriverNumber / 64),
        );
        if (permissions.kind === 'NoPermsAtAll') return OK;
        if (permissions.kind === 'NoPermsThisDriver') return err(ErrorCode.NODEVICE);
        const bit = syscall.subdriverNumber % 64;
        const word = bit < 32 ? permissions.low : permissions.high;
        return ((word >>> (bit % 32)) & 1) === 1 ? OK : err(ErrorCode.NODEVICE);
      }
      default: {
        const permissions = process.commandPermissions(syscall.driverNumber, 0);
        return permissions.kind === 'NoPermsThisDriver' ? err(ErrorCode.NODEVICE) : OK;
      }
    }
  }
}
