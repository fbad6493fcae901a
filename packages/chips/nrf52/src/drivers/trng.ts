/**
 * The TRNG driver (upstream `chips/nrf5x/src/trng.rs`): `entropy::Entropy32` from the RNG
 * peripheral, assembling four VALRDY bytes into one 32-bit word (first byte least significant).
 */
import {
  Continue,
  type Entropy32,
  type EntropyClient32,
  type EntropyValues,
  ErrorCode,
  err,
  OK,
  type Result,
} from '@tock-ts/hil';
import type { RegisterBus } from '../silicon/nrf52840-silicon.js';
import { RegisterBlock } from './registers.js';

/** RNG's base address. */
export const RNG_BASE = 0x4000_d000;

const Register = {
  TASKS_START: 0x000,
  TASKS_STOP: 0x004,
  EVENTS_VALRDY: 0x100,
  INTENSET: 0x304,
  INTENCLR: 0x308,
  VALUE: 0x508,
} as const;
const INTERRUPT_VALRDY = 1 << 0;
const BYTES_PER_WORD = 4;

/** The TRNG driver. */
export class Trng implements Entropy32 {
  readonly #registers: RegisterBlock;
  #client: EntropyClient32 | undefined;
  /** Bytes collected into `#randomness` so far (4 means a word is ready). */
  #index = 0;
  #randomness = 0;
  readonly #values: EntropyValues = {
    next: () => {
      if (this.#index !== BYTES_PER_WORD) return undefined;
      const word = this.#randomness >>> 0;
      this.#index = 0;
      this.#randomness = 0;
      return word;
    },
  };

  constructor(bus: RegisterBus, base: number = RNG_BASE) {
    this.#registers = new RegisterBlock(bus, base);
  }

  setClient(client: EntropyClient32): void {
    this.#client = client;
  }

  get(): Result<void, ErrorCode> {
    this.#startRng();
    return OK;
  }

  cancel(): Result<void, ErrorCode> {
    return err(ErrorCode.FAIL);
  }

  /** The bottom half of the RNG interrupt. */
  handleInterrupt(): void {
    this.#registers.set(Register.INTENCLR, INTERRUPT_VALRDY);
    if (this.#index < BYTES_PER_WORD) {
      const byte = this.#registers.get(Register.VALUE) & 0xff;
      this.#randomness = (this.#randomness | (byte << (8 * this.#index))) >>> 0;
      this.#index++;
      this.#startRng();
      return;
    }
    const client = this.#client;
    if (client === undefined) return;
    if (client.entropyAvailable(this.#values, OK) === Continue.Done) {
      // The client has enough: stop the generator, as upstream does, so the chip can idle.
      this.#registers.trigger(Register.TASKS_STOP);
      return;
    }
    this.#startRng();
  }

  #startRng(): void {
    this.#registers.clearEvent(Register.EVENTS_VALRDY);
    this.#registers.set(Register.INTENSET, INTERRUPT_VALRDY);
    this.#registers.trigger(Register.TASKS_START);
  }
}
