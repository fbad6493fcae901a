/**
 * The RNG driver: processes fill a buffer with random bytes (upstream
 * `capsules/core/src/rng.rs`, driver 0x40001), and the adapters that turn entropy sources into
 * an `Rng` or a synchronous `Random`.
 *
 * A process allows a buffer read-write under number 0 and issues command 1 with a byte count.
 * Random words are written little-endian into the buffer, serving processes in grant order;
 * when a process's request is complete it gets upcall 0 with `(0, bytes filled, 0)`. A process
 * that swapped its buffer for a smaller one is served only what still fits.
 *
 * Commands:
 * - 0: exists → Success.
 * - 1: fill `arg0` bytes → Success; NOMEM when the process has no room for its grant.
 */
import {
  Continue,
  type Entropy8,
  type Entropy32,
  type EntropyClient8,
  type EntropyClient32,
  type EntropyValues,
  ErrorCode,
  type Random,
  type RandomWords,
  type Result,
  type Rng,
  type RngClient,
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

/** The RNG driver's syscall driver number. */
export const RNG_DRIVER_NUM = DriverNumber.Rng;

/** Command numbers of the RNG driver. */
export const RngCommand = Object.freeze({
  Exists: 0,
  Fill: 1,
});

/** Upcall numbers of the RNG driver. */
export const RngUpcall = Object.freeze({
  /** `(0, bytes filled, 0)`. */
  Done: 0,
  Count: 1,
});

/** Read-write allow numbers of the RNG driver. */
export const RngAllowReadWrite = Object.freeze({
  /** The buffer to fill. */
  Buffer: 0,
  Count: 1,
});

/** One process's request: bytes still wanted and where the next one goes (upstream `App`). */
export interface RngApp {
  remaining: number;
  index: number;
}

/** The RNG syscall driver (upstream `RngDriver`). Make it the client of `rng`. */
export class RngDriver implements SyscallDriver, RngClient {
  /** The driver number it is registered under. */
  static readonly DRIVER_NUM = RNG_DRIVER_NUM;
  readonly #rng: Rng;
  readonly #grant: Grant<RngApp>;
  #gettingRandomness = false;

  constructor(rng: Rng, grant: Grant<RngApp>) {
    this.#rng = rng;
    this.#grant = grant;
  }

  /** Creates the driver's grant (one upcall, one read-write allow) at board setup. */
  static createGrant(kernel: Kernel, capability: MemoryAllocationCapability): Grant<RngApp> {
    return kernel.createGrant<RngApp>(
      RNG_DRIVER_NUM,
      {
        upcallCount: RngUpcall.Count,
        allowReadOnlyCount: 0,
        allowReadWriteCount: RngAllowReadWrite.Count,
        dataSize: 8,
        dataAlignment: 4,
        createData: () => ({ remaining: 0, index: 0 }),
      },
      capability,
    );
  }

  command(commandNumber: number, arg0: number, _arg1: number, processId: ProcessId): CommandReturn {
    if (commandNumber === RngCommand.Exists) return CommandReturn.success();
    if (commandNumber !== RngCommand.Fill) return CommandReturn.failure(ErrorCode.NOSUPPORT);
    let needsGet = false;
    const entered = this.#grant.enter(processId, (app) => {
      app.remaining = arg0 >>> 0;
      app.index = 0;
      if (!this.#gettingRandomness) {
        this.#gettingRandomness = true;
        needsGet = true;
      }
    });
    if (!entered.ok) return CommandReturn.failure(processErrorToErrorCode(entered.error));
    if (needsGet) this.#rng.get();
    return CommandReturn.success();
  }

  allocateGrant(processId: ProcessId): Result<void, ProcessError> {
    return this.#grant.enter(processId, () => undefined);
  }

  /** Random words arrived: fill waiting processes in order; ask for more if one is still short. */
  randomnessAvailable(randomness: RandomWords, _status: Result<void, ErrorCode>): Continue {
    let done = true;
    for (const processGrant of this.#grant.iterate()) {
      processGrant.enter((app, kernelData) => {
        if (app.remaining === 0) return;
        const allowed = kernelData.getReadWriteProcessBuffer(RngAllowReadWrite.Buffer);
        const filled = allowed.ok
          ? allowed.value.mutEnter((slice): [number, number] => {
              let index = app.index;
              let remaining = app.remaining;
              // The process may have swapped in a smaller buffer: end or shorten the request.
              if (slice.length < index) return [0, 0];
              if (slice.length < index + remaining) remaining = slice.length - index;
              while (remaining > 0) {
                const word = randomness.next();
                if (word === undefined) break;
                for (let byte = 0; byte < 4 && remaining > 0; byte++) {
                  slice.set(index, (word >>> (8 * byte)) & 0xff);
                  index += 1;
                  remaining -= 1;
                }
              }
              return [index, remaining];
            })
          : undefined;
        // A dead process or a missing buffer ends the request.
        const [index, remaining] = filled?.ok === true ? filled.value : [0, 0];
        app.index = index;
        app.remaining = remaining;
        if (remaining > 0) done = false;
        else kernelData.scheduleUpcall(RngUpcall.Done, 0, index, 0);
      });
      // This process needs more, so there is none left for the next.
      if (!done) break;
    }
    if (done) {
      this.#gettingRandomness = false;
      return Continue.Done;
    }
    return Continue.More;
  }
}

/** An `Rng` over a 32-bit entropy source (upstream `Entropy32ToRandom`). */
export class Entropy32ToRandom implements Rng, EntropyClient32 {
  readonly #source: Entropy32;
  #client: RngClient | undefined;

  constructor(source: Entropy32) {
    this.#source = source;
  }

  get(): Result<void, ErrorCode> {
    return this.#source.get();
  }

  cancel(): Result<void, ErrorCode> {
    return this.#source.cancel();
  }

  /** Sets the client and becomes the source's client. */
  setClient(client: RngClient): void {
    this.#source.setClient(this);
    this.#client = client;
  }

  entropyAvailable(entropy: EntropyValues, status: Result<void, ErrorCode>): Continue {
    return this.#client?.randomnessAvailable(entropy, status) ?? Continue.Done;
  }
}

/** A 32-bit entropy source over a byte source, packing bytes little-endian (upstream `Entropy8To32`). */
export class Entropy8To32 implements Entropy32, EntropyClient8 {
  readonly #source: Entropy8;
  #client: EntropyClient32 | undefined;
  #count = 0;
  #word = 0;

  constructor(source: Entropy8) {
    this.#source = source;
  }

  get(): Result<void, ErrorCode> {
    return this.#source.get();
  }

  cancel(): Result<void, ErrorCode> {
    return this.#source.cancel();
  }

  /** Sets the client and becomes the source's client. */
  setClient(client: EntropyClient32): void {
    this.#source.setClient(this);
    this.#client = client;
  }

  entropyAvailable(entropy: EntropyValues, status: Result<void, ErrorCode>): Continue {
    const client = this.#client;
    if (client === undefined) return Continue.Done;
    const words: EntropyValues = {
      next: () => {
        if (this.#count !== 4) return undefined;
        this.#count = 0;
        return this.#word;
      },
    };
    if (!status.ok) return client.entropyAvailable(words, status);
    while (this.#count < 4) {
      const byte = entropy.next();
      if (byte === undefined) return Continue.More;
      this.#word = (this.#word | ((byte & 0xff) << (8 * this.#count))) >>> 0;
      this.#count += 1;
    }
    const answer = client.entropyAvailable(words, status);
    this.#word = 0;
    return answer;
  }
}

/** A byte entropy source over a 32-bit one, taking bytes low first (upstream `Entropy32To8`). */
export class Entropy32To8 implements Entropy8, EntropyClient32 {
  readonly #source: Entropy32;
  #client: EntropyClient8 | undefined;
  #word = 0;
  #bytesConsumed = 4;

  constructor(source: Entropy32) {
    this.#source = source;
  }

  get(): Result<void, ErrorCode> {
    return this.#source.get();
  }

  cancel(): Result<void, ErrorCode> {
    return this.#source.cancel();
  }

  /** Sets the client and becomes the source's client. */
  setClient(client: EntropyClient8): void {
    this.#source.setClient(this);
    this.#client = client;
  }

  entropyAvailable(entropy: EntropyValues, status: Result<void, ErrorCode>): Continue {
    const client = this.#client;
    if (client === undefined) return Continue.Done;
    if (status.ok) {
      const word = entropy.next();
      if (word === undefined) return Continue.More;
      this.#word = word >>> 0;
      this.#bytesConsumed = 0;
    }
    const bytes: EntropyValues = {
      next: () => {
        if (this.#bytesConsumed >= 4) return undefined;
        const byte = this.#word & 0xff;
        this.#word >>>= 8;
        this.#bytesConsumed += 1;
        return byte;
      },
    };
    return client.entropyAvailable(bytes, status);
  }
}

/**
 * A synchronous generator seeded from an `Rng` (upstream `SynchronousRandom`): a linear
 * congruential generator with upstream's constants (multiplier 1 644 525, increment
 * 1 013 904 223), so a seed gives the same sequence as on upstream. Not for secrets.
 */
export class SynchronousRandom implements Random, RngClient {
  readonly #rng: Rng;
  #seed = 0;

  constructor(rng: Rng) {
    this.#rng = rng;
  }

  /** Becomes the RNG's client and asks it for a seed. */
  initialize(): void {
    this.#rng.setClient(this);
    this.#rng.get();
  }

  reseed(seed: number): void {
    this.#seed = seed >>> 0;
  }

  random(): number {
    this.#seed = (Math.imul(this.#seed, 1_644_525) + 1_013_904_223) >>> 0;
    return this.#seed;
  }

  /** Takes one word as the seed. */
  randomnessAvailable(randomness: RandomWords, _status: Result<void, ErrorCode>): Continue {
    const word = randomness.next();
    if (word === undefined) return Continue.More;
    this.#seed = word >>> 0;
    return Continue.Done;
  }
}
