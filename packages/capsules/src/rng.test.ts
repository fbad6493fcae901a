// The RNG driver through the kernel's syscall path over an entropy source the test feeds,
// and the byte-to-word entropy adapter.
import {
  Continue,
  type Entropy8,
  type Entropy32,
  type EntropyClient8,
  type EntropyClient32,
  type EntropyValues,
  type ErrorCode,
  OK,
  type Result,
} from '@tock-ts/hil';
import { ReturnVariant } from '@tock-ts/kernel';
import {
  allowReadWrite,
  command,
  FakeBoard,
  type FakeProcess,
  memop,
  subscribe,
} from '@tock-ts/kernel/testing';
import { describe, expect, it } from 'vitest';
import {
  Entropy8To32,
  Entropy32To8,
  Entropy32ToRandom,
  RNG_DRIVER_NUM,
  RngDriver,
  SynchronousRandom,
} from './rng.js';
import { deliveredUpcalls, runSteps } from './testing/process-harness.js';

const FLASH = 0x0004_0000;
const RNG = RNG_DRIVER_NUM;

function values(list: readonly number[]): EntropyValues & { taken: number } {
  let index = 0;
  return {
    taken: 0,
    next() {
      const value = list[index];
      if (value !== undefined) {
        index += 1;
        this.taken += 1;
      }
      return value;
    },
  };
}

class FakeEntropy32 implements Entropy32 {
  client: EntropyClient32 | undefined;
  gets = 0;
  get(): Result<void, ErrorCode> {
    this.gets += 1;
    return OK;
  }
  cancel(): Result<void, ErrorCode> {
    return OK;
  }
  setClient(client: EntropyClient32): void {
    this.client = client;
  }
  deliver(words: readonly number[]): Continue | undefined {
    return this.client?.entropyAvailable(values(words), OK);
  }
}

function setup() {
  const board = new FakeBoard();
  const entropy = new FakeEntropy32();
  const rng = new Entropy32ToRandom(entropy);
  const driver = new RngDriver(rng, RngDriver.createGrant(board.kernel, board.capabilities.memoryAllocation));
  rng.setClient(driver);
  board.addDriver(RNG, driver);
  return { board, entropy };
}

function withBuffer(board: FakeBoard, process: FakeProcess, length: number): number {
  runSteps(board, process, memop(1, 256));
  const address = process.memoryStart + 0x40;
  runSteps(board, process, allowReadWrite(RNG, 0, address, length));
  return address;
}

function peek(board: FakeBoard, address: number, length: number): number[] {
  const offset = address - board.chip.ram.start;
  return [...board.chip.ram.bytes.subarray(offset, offset + length)];
}

describe('RngDriver (driver 0x40001)', () => {
  it('fills the buffer little-endian, asking for more until done, then reports (0, count)', () => {
    const { board, entropy } = setup();
    const process = board.createProcess();
    const buffer = withBuffer(board, process, 10);
    expect(runSteps(board, process, subscribe(RNG, 0, FLASH + 0x100, 6), command(RNG, 1, 10)).at(-1)).toEqual(
      {
        variant: ReturnVariant.Success,
      },
    );
    expect(entropy.gets).toBe(1);
    expect(entropy.deliver([0x0403_0201, 0x0807_0605])).toBe(Continue.More);
    board.run();
    expect(deliveredUpcalls(process, FLASH + 0x100)).toEqual([]);
    expect(entropy.deliver([0x0c0b_0a09, 0xdead_beef])).toBe(Continue.Done);
    board.run();
    expect(peek(board, buffer, 12)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0, 0]);
    expect(deliveredUpcalls(process, FLASH + 0x100)).toEqual([[0, 10, 0, 6]]);
  });

  it('serves processes in turn from one stream of randomness', () => {
    const { board, entropy } = setup();
    const first = board.createProcess();
    const second = board.createProcess({ packageName: 'second', flashStart: FLASH + 0x400 });
    const firstBuffer = withBuffer(board, first, 4);
    const secondBuffer = withBuffer(board, second, 4);
    runSteps(board, first, subscribe(RNG, 0, FLASH + 0x100, 0), command(RNG, 1, 4));
    runSteps(board, second, subscribe(RNG, 0, FLASH + 0x500, 0), command(RNG, 1, 4));
    expect(entropy.gets).toBe(1);
    expect(entropy.deliver([0x1111_1111, 0x2222_2222])).toBe(Continue.Done);
    board.run();
    expect(peek(board, firstBuffer, 4)).toEqual([0x11, 0x11, 0x11, 0x11]);
    expect(peek(board, secondBuffer, 4)).toEqual([0x22, 0x22, 0x22, 0x22]);
  });

  it('fills only what the allowed buffer holds', () => {
    const { board, entropy } = setup();
    const process = board.createProcess();
    withBuffer(board, process, 3);
    runSteps(board, process, subscribe(RNG, 0, FLASH + 0x100, 0), command(RNG, 1, 100));
    expect(entropy.deliver([0xffff_ffff])).toBe(Continue.Done);
    board.run();
    expect(deliveredUpcalls(process, FLASH + 0x100)).toEqual([[0, 3, 0, 0]]);
  });
});

describe('Entropy8To32', () => {
  it('packs four bytes little-endian into each word', () => {
    let client: EntropyClient8 | undefined;
    const bytes: Entropy8 = {
      get: () => OK,
      cancel: () => OK,
      setClient: (c) => {
        client = c;
      },
    };
    const adapter = new Entropy8To32(bytes);
    const words: number[] = [];
    adapter.setClient({
      entropyAvailable: (entropy) => {
        for (let word = entropy.next(); word !== undefined; word = entropy.next()) words.push(word);
        return Continue.Done;
      },
    });
    expect(client?.entropyAvailable(values([0x01, 0x02]), OK)).toBe(Continue.More);
    expect(client?.entropyAvailable(values([0x03, 0x04, 0x05]), OK)).toBe(Continue.Done);
    expect(words).toEqual([0x0403_0201]);
  });
});

describe('Entropy32To8', () => {
  it('splits each word into bytes, low byte first', () => {
    const source = new FakeEntropy32();
    const adapter = new Entropy32To8(source);
    const bytes: number[] = [];
    adapter.setClient({
      entropyAvailable: (entropy) => {
        for (let byte = entropy.next(); byte !== undefined; byte = entropy.next()) bytes.push(byte);
        return bytes.length < 8 ? Continue.More : Continue.Done;
      },
    });
    expect(source.deliver([0x4433_2211])).toBe(Continue.More);
    expect(source.deliver([])).toBe(Continue.More);
    expect(source.deliver([0x8877_6655])).toBe(Continue.Done);
    expect(bytes).toEqual([0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88]);
  });
});

describe('SynchronousRandom', () => {
  it('seeds from the RNG and steps upstream’s linear congruential generator', () => {
    const source = new FakeEntropy32();
    const random = new SynchronousRandom(new Entropy32ToRandom(source));
    random.initialize();
    expect(source.gets).toBe(1);
    expect(source.deliver([1])).toBe(Continue.Done);
    expect(random.random()).toBe(1_644_525 + 1_013_904_223);
    random.reseed(0xffff_ffff);
    expect(random.random()).toBe((1_013_904_223 - 1_644_525) >>> 0);
  });
});
