// Syscall dispatch cost: 1,000 commands through the whole kernel loop (trap, filter, driver
// lookup, grant entry, return-value write) against the same 1,000 driver calls made directly,
// plus upcall round trips. Run with `pnpm --filter @tock-ts/kernel bench`.
import { bench, describe } from 'vitest';
import { TbfHeaderFilterDefaultAllow } from './syscall-filter.js';
import { command, FakeBoard, FakeDriver, subscribe, yieldWait } from './testing/index.js';

const DRIVER = 0x42;
const COUNT = 1000;

function setup() {
  const board = new FakeBoard({ syscallFilter: new TbfHeaderFilterDefaultAllow(), hostBudgetUs: 1e12 });
  const driver = new FakeDriver(board.kernel, DRIVER, board.capabilities.memoryAllocation);
  board.addDriver(DRIVER, driver);
  const process = board.createProcess();
  board.run();
  return { board, driver, process };
}

describe(`${COUNT} commands`, () => {
  const kernel = setup();
  const commands = Array.from({ length: COUNT }, (_, index) => command(DRIVER, 1, index, 1));
  bench('through the kernel loop', () => {
    kernel.board.runScript(kernel.process, ...commands);
    kernel.process.storedState.returns.length = 0;
  });

  const direct = setup();
  bench('direct driver calls (peer)', () => {
    for (let index = 0; index < COUNT; index++) direct.driver.command(1, index, 1, direct.process.processId);
  });
});

describe(`${COUNT} upcall round trips`, () => {
  const kernel = setup();
  kernel.board.runScript(kernel.process, subscribe(DRIVER, 0, 0x0004_0100, 0));
  const roundTrip = [command(DRIVER, 2, 0, 7), yieldWait()];
  const steps = Array.from({ length: COUNT }, () => roundTrip).flat();
  bench('command → upcall → yield-wait delivery', () => {
    kernel.board.runScript(kernel.process, ...steps);
    kernel.process.storedState.returns.length = 0;
    kernel.process.storedState.functionCalls.length = 0;
  });
});
