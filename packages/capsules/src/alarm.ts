/**
 * The alarm driver: one alarm per process over one (usually virtual) hardware alarm (upstream
 * `capsules/core/src/alarm.rs`, driver 0x0).
 *
 * Userspace sees the counter left-justified to 32 bits — ticks shifted up by `32 − width` — and
 * a frequency scaled by the same shift, so its counter always wraps at 2^32. Values it passes
 * back are shifted down again, rounding so an alarm never fires before the requested time.
 * Each process keeps at most one `(reference, dt)` in its grant; the driver keeps the hardware
 * armed for the soonest of them and, when it fires, delivers upcall 0 to every process whose
 * time has passed with `(now, reference + dt, 0)`, both left-justified.
 *
 * Commands:
 * - 0: exists → Success.
 * - 1: frequency → SuccessU32(scaled Hz).
 * - 2: now → SuccessU32(left-justified ticks).
 * - 3: stop → Success, or Failure(ALREADY) when no alarm is set.
 * - 4: removed in Tock 2.0 → Failure(NOSUPPORT).
 * - 5: arm at now + arg0 → SuccessU32(expiration).
 * - 6: arm at reference arg0 + dt arg1 → SuccessU32(expiration).
 */
import {
  type Alarm,
  type AlarmClient,
  ErrorCode,
  leftJustifiedFrequency,
  type Result,
  type Ticks,
  type TicksWidth,
  ticks,
  ticksLeftJustified,
  ticksU32Padding,
  ticksWithinRange,
  ticksWrappingAdd,
  ticksWrappingSub,
} from '@tock-ts/hil';
import {
  CommandReturn,
  type Grant,
  type Kernel,
  type MemoryAllocationCapability,
  type ProcessError,
  type ProcessId,
  processErrorToErrorCode,
  type SyscallDriver,
} from '@tock-ts/kernel';
import { DriverNumber } from './driver-numbers.js';

/** The alarm driver's syscall driver number. */
export const ALARM_DRIVER_NUM = DriverNumber.Alarm;

/** Command numbers of the alarm driver. */
export const AlarmCommand = Object.freeze({
  Exists: 0,
  Frequency: 1,
  Now: 2,
  Stop: 3,
  /** Set an absolute expiration: removed in Tock 2.0. */
  Deprecated: 4,
  SetRelative: 5,
  SetAbsolute: 6,
});

/** Upcall numbers of the alarm driver. */
export const AlarmUpcall = Object.freeze({
  /** The alarm fired: `(now, reference + dt, 0)`, left-justified. */
  Fired: 0,
  /** Upcall slots in the grant. */
  Count: 1,
});

/** When a process's alarm fires, in the alarm's own (unshifted) ticks. */
export interface Expiration {
  readonly reference: Ticks;
  readonly dt: Ticks;
}

/** One process's alarm state (upstream `AlarmData`). */
export interface AlarmData {
  expiration: Expiration | undefined;
}

/**
 * Converts a userspace (left-justified) request into an expiration in the alarm's ticks
 * (upstream `rearm_u32_left_justified_expiration`). Without a `referenceU32` the reference is
 * `now`. The reference rounds down and the end rounds up, so the alarm never fires before the
 * time userspace asked for. Returns the expiration and its left-justified end.
 */
export function rearmLeftJustifiedExpiration(
  now: Ticks,
  referenceU32: number | undefined,
  dtU32: number,
  width: TicksWidth,
): { readonly expiration: Expiration; readonly leftJustifiedEnd: number } {
  const padding = ticksU32Padding(width);
  const lowBits = padding === 0 ? 0 : (1 << padding) - 1;
  const dt = dtU32 >>> 0;
  let dtUnshifted: number;
  let reference: Ticks;
  if (referenceU32 === undefined) {
    dtUnshifted = (dt & lowBits) !== 0 ? (dt >>> padding) + 1 : dt >>> padding;
    reference = now;
  } else {
    // Compute dt from the rounded-up end, not by rounding dt alone, which could fire early.
    const end = (referenceU32 + dt) >>> 0;
    const endUnshifted = (end & lowBits) !== 0 ? (end >>> padding) + 1 : end >>> padding;
    const referenceUnshifted = (referenceU32 >>> 0) >>> padding;
    dtUnshifted = (endUnshifted - referenceUnshifted) >>> 0;
    reference = ticks(referenceUnshifted, width);
  }
  const expiration = { reference, dt: ticks(dtUnshifted, width) };
  return {
    expiration,
    leftJustifiedEnd: ticksLeftJustified(ticksWrappingAdd(expiration.reference, expiration.dt, width), width),
  };
}

/** The alarm syscall driver (upstream `AlarmDriver`). Make it the client of `alarm`. */
export class AlarmDriver implements SyscallDriver, AlarmClient {
  /** The driver number it is registered under. */
  static readonly DRIVER_NUM = ALARM_DRIVER_NUM;
  readonly #alarm: Alarm;
  readonly #grant: Grant<AlarmData>;

  constructor(alarm: Alarm, grant: Grant<AlarmData>) {
    this.#alarm = alarm;
    this.#grant = grant;
  }

  /** Creates the driver's grant (one upcall, no allows) at board setup. */
  static createGrant(kernel: Kernel, capability: MemoryAllocationCapability): Grant<AlarmData> {
    return kernel.createGrant<AlarmData>(
      ALARM_DRIVER_NUM,
      {
        upcallCount: AlarmUpcall.Count,
        allowReadOnlyCount: 0,
        allowReadWriteCount: 0,
        // An optional (reference, dt) pair: a tag word and two tick words.
        dataSize: 12,
        dataAlignment: 4,
        createData: () => ({ expiration: undefined }),
      },
      capability,
    );
  }

  command(commandNumber: number, arg0: number, arg1: number, processId: ProcessId): CommandReturn {
    const width = this.#alarm.ticksWidth;
    const entered = this.#grant.enter(processId, (data): [CommandReturn, boolean] => {
      const now = this.#alarm.now();
      switch (commandNumber) {
        case AlarmCommand.Exists:
          return [CommandReturn.success(), false];
        case AlarmCommand.Frequency:
          return [CommandReturn.successU32(leftJustifiedFrequency(this.#alarm.frequency, width)), false];
        case AlarmCommand.Now:
          return [CommandReturn.successU32(ticksLeftJustified(now, width)), false];
        case AlarmCommand.Stop:
          if (data.expiration === undefined) return [CommandReturn.failure(ErrorCode.ALREADY), false];
          data.expiration = undefined;
          // Re-arming enters the grant again, so it happens after this closure returns.
          return [CommandReturn.success(), true];
        case AlarmCommand.SetRelative: {
          const armed = rearmLeftJustifiedExpiration(now, undefined, arg0, width);
          data.expiration = armed.expiration;
          return [CommandReturn.successU32(armed.leftJustifiedEnd), true];
        }
        case AlarmCommand.SetAbsolute: {
          const armed = rearmLeftJustifiedExpiration(now, arg0, arg1, width);
          data.expiration = armed.expiration;
          return [CommandReturn.successU32(armed.leftJustifiedEnd), true];
        }
        default:
          return [CommandReturn.failure(ErrorCode.NOSUPPORT), false];
      }
    });
    if (!entered.ok) return CommandReturn.failure(processErrorToErrorCode(entered.error));
    const [answer, rearm] = entered.value;
    if (rearm) this.#processRearmOrCallback();
    return answer;
  }

  allocateGrant(processId: ProcessId): Result<void, ProcessError> {
    return this.#grant.enter(processId, () => undefined);
  }

  /** The hardware alarm fired. */
  alarm(): void {
    this.#processRearmOrCallback();
  }

  /**
   * Delivers the upcall of every process whose alarm has passed (clearing it), then arms the
   * hardware for the soonest alarm left, or disarms it.
   */
  #processRearmOrCallback(): void {
    const width = this.#alarm.ticksWidth;
    const now = this.#alarm.now();
    let earliest: Expiration | undefined;
    let earliestRemaining = 0;
    for (const processGrant of this.#grant.iterate()) {
      const expiration = processGrant.enter((data) => data.expiration);
      if (expiration === undefined) continue;
      const end = ticksWrappingAdd(expiration.reference, expiration.dt, width);
      if (!ticksWithinRange(now, expiration.reference, end, width)) {
        this.#grant.enter(processGrant.processId, (data, kernelData) => {
          data.expiration = undefined;
          kernelData.scheduleUpcall(
            AlarmUpcall.Fired,
            ticksLeftJustified(now, width),
            ticksLeftJustified(end, width),
            0,
          );
        });
        continue;
      }
      const remaining = ticksWrappingSub(end, now, width);
      if (earliest === undefined || remaining < earliestRemaining) {
        earliest = expiration;
        earliestRemaining = remaining;
      }
    }
    if (earliest === undefined) this.#alarm.disarm();
    else this.#alarm.setAlarm(earliest.reference, earliest.dt);
  }
}
