// Low-level debug through the kernel's syscall path: the exact upstream line formats, queueing
// while the UART is busy, and drop counts.
import { ErrorCode } from '@tock-ts/hil';
import { ReturnVariant } from '@tock-ts/kernel';
import { command, FakeBoard } from '@tock-ts/kernel/testing';
import { describe, expect, it } from 'vitest';
import { formatDebugEntry, LOW_LEVEL_DEBUG_BUFFER_LENGTH, LowLevelDebug } from './low-level-debug.js';
import { FakeUart } from './testing/fake-uart.js';
import { runSteps } from './testing/process-harness.js';

const LLD = 8;

function setup() {
  const board = new FakeBoard();
  const uart = new FakeUart();
  const driver = new LowLevelDebug(
    new Uint8Array(LOW_LEVEL_DEBUG_BUFFER_LENGTH),
    uart,
    LowLevelDebug.createGrant(board.kernel, board.capabilities.memoryAllocation),
  );
  uart.setTransmitClient(driver);
  board.addDriver(LLD, driver);
  // Process identifiers start at 0; make this one 0x1f to see the hex formatting.
  for (let identifier = 0; identifier < 0x1f; identifier++) board.kernel.createProcessIdentifier();
  return { board, uart, process: board.createProcess() };
}

describe('formatDebugEntry', () => {
  it('writes upstream’s lines in lowercase hex with 0x prefixes', () => {
    expect(formatDebugEntry(0x1f, { kind: 'AlertCode', code: 1 })).toBe(
      'LowLevelDebug: App 0x1f alert code 0x1\n',
    );
    expect(formatDebugEntry(2, { kind: 'Print1', value: 0xdeadbeef })).toBe(
      'LowLevelDebug: App 0x2 prints 0xdeadbeef\n',
    );
    expect(formatDebugEntry(2, { kind: 'Print2', first: 0, second: 0xffff_ffff })).toBe(
      'LowLevelDebug: App 0x2 prints 0x0 0xffffffff\n',
    );
    expect(formatDebugEntry(10, { kind: 'Dropped', count: 3 })).toBe(
      'LowLevelDebug: Dropped 0x3 entries for app 0xa\n',
    );
  });

  it('fits the longest line in the buffer', () => {
    const longest = formatDebugEntry(0xffff_ffff, {
      kind: 'Print2',
      first: 0xffff_ffff,
      second: 0xffff_ffff,
    });
    expect(longest.length).toBeLessThanOrEqual(LOW_LEVEL_DEBUG_BUFFER_LENGTH);
  });
});

describe('LowLevelDebug (driver 0x8)', () => {
  it('prints at once and queues while the UART is busy', () => {
    const { board, uart, process } = setup();
    expect(
      runSteps(
        board,
        process,
        command(LLD, 0),
        command(LLD, 1, 1),
        command(LLD, 2, 0x42),
        command(LLD, 3, 1, 2),
      ),
    ).toEqual([
      { variant: ReturnVariant.Success },
      { variant: ReturnVariant.Success },
      { variant: ReturnVariant.Success },
      { variant: ReturnVariant.Success },
    ]);
    uart.drain();
    expect(uart.text).toBe(
      'LowLevelDebug: App 0x1f alert code 0x1\nLowLevelDebug: App 0x1f prints 0x42\nLowLevelDebug: App 0x1f prints 0x1 0x2\n',
    );
  });

  it('turns overflow into a drop count in the last queue slot', () => {
    const { board, uart, process } = setup();
    runSteps(board, process, ...Array.from({ length: 8 }, (_, index) => command(LLD, 2, index)));
    uart.drain();
    expect(uart.text.split('\n').filter((line) => line !== '')).toEqual([
      'LowLevelDebug: App 0x1f prints 0x0',
      'LowLevelDebug: App 0x1f prints 0x1',
      'LowLevelDebug: App 0x1f prints 0x2',
      'LowLevelDebug: App 0x1f prints 0x3',
      'LowLevelDebug: Dropped 0x4 entries for app 0x1f',
    ]);
  });

  it('answers NOSUPPORT for unknown commands', () => {
    const { board, process } = setup();
    expect(runSteps(board, process, command(LLD, 4))).toEqual([
      { variant: ReturnVariant.Failure, error: ErrorCode.NOSUPPORT },
    ]);
  });
});
