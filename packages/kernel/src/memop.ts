/**
 * Memop (syscall class 5): the process's memory operations (upstream `kernel/src/memop.rs`).
 *
 * | op | meaning                              | success            | failure   |
 * |----|--------------------------------------|--------------------|-----------|
 * | 0  | brk(address)                         | Success            | NOMEM     |
 * | 1  | sbrk(signed increment) → old break   | SuccessU32         | NOMEM     |
 * | 2  | RAM start                            | SuccessU32         |           |
 * | 3  | RAM end (just past the block)        | SuccessU32         |           |
 * | 4  | flash start (the TBF header)         | SuccessU32         |           |
 * | 5  | flash end                            | SuccessU32         |           |
 * | 6  | grant region start (kernel break)    | SuccessU32         |           |
 * | 7  | number of writeable flash regions    | SuccessU32         |           |
 * | 8  | start of writeable flash region r1   | SuccessU32         | FAIL      |
 * | 9  | end of writeable flash region r1     | SuccessU32         | FAIL      |
 * | 10 | debug: stack start hint              | Success            |           |
 * | 11 | debug: heap start hint               | Success            |           |
 * | —  | anything else                        |                    | NOSUPPORT |
 */
import { ErrorCode } from '@tock-ts/hil';
import type { ProcessStandard } from './process-standard.js';
import { ReturnVariant, type SyscallReturn } from './syscall.js';

const SUCCESS: SyscallReturn = Object.freeze({ variant: ReturnVariant.Success });

function successU32(v0: number): SyscallReturn {
  return { variant: ReturnVariant.SuccessU32, v0: v0 >>> 0 };
}

function failure(error: ErrorCode): SyscallReturn {
  return { variant: ReturnVariant.Failure, error };
}

/** Runs memop `operand` with argument `arg0` for `process`. */
export function memop(process: ProcessStandard, operand: number, arg0: number): SyscallReturn {
  switch (operand) {
    case 0: {
      const result = process.brk(arg0 >>> 0);
      return result.ok ? SUCCESS : failure(ErrorCode.NOMEM);
    }
    case 1: {
      const result = process.sbrk(arg0 | 0);
      return result.ok ? successU32(result.value) : failure(ErrorCode.NOMEM);
    }
    case 2:
      return successU32(process.memoryStart);
    case 3:
      return successU32(process.memoryEnd);
    case 4:
      return successU32(process.flashStart);
    case 5:
      return successU32(process.flashEnd);
    case 6:
      return successU32(process.kernelMemoryBreak);
    case 7:
      return successU32(process.image.writeableFlashRegions.length);
    case 8:
    case 9: {
      const region = process.image.writeableFlashRegions[arg0];
      if (region === undefined || region.size === 0) return failure(ErrorCode.FAIL);
      const start = process.flashStart + region.offset;
      return successU32(operand === 8 ? start : start + region.size);
    }
    case 10:
      process.updateStackStartPointer(arg0 >>> 0);
      return SUCCESS;
    case 11:
      process.updateHeapStartPointer(arg0 >>> 0);
      return SUCCESS;
    default:
      return failure(ErrorCode.NOSUPPORT);
  }
}
