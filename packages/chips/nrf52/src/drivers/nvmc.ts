/**
 * The NVMC driver (upstream `chips/nrf52/src/nvmc.rs`): the `flash::Flash` HIL over the NVMC
 * registers, with 4096-byte pages.
 *
 * Flash operations block the CPU on the chip, so the driver polls READY (in virtual time, through
 * a `BusyWait` port) and reports completion from a deferred call, never from inside the call.
 * A page write erases the page first unless it is already blank, then programs it word by word.
 * Also the UICR helpers the nRF startup code uses (`eraseUicr`, `configureWriteable`, `isReady`).
 */
import {
  type BufferError,
  ErrorCode,
  err,
  type Flash,
  type FlashClient,
  OK,
  type Result,
} from '@tock-ts/hil';
import type { DeferredCall, DeferredCallClient, DeferredCallRegistry } from '@tock-ts/kernel';
import type { RegisterBus } from '../silicon/nrf52840-silicon.js';
import { copyFromRam, RegisterBlock } from './registers.js';

/** NVMC's base address. */
export const NVMC_BASE = 0x4001_e000;
/** Flash page size. */
export const NRF52_PAGE_SIZE = 4096;
/** Pages of the nRF52840's 1 MB flash. */
export const NRF52840_PAGE_COUNT = 256;
/** The UICR's address (what ERASEPAGE takes to erase it). */
export const UICR_ADDRESS = 0x1000_1000;

const Register = {
  READY: 0x400,
  CONFIG: 0x504,
  ERASEPAGE: 0x508,
} as const;
const CONFIG_READ_ONLY = 0;
const CONFIG_WRITE_ENABLE = 1;
const CONFIG_ERASE_ENABLE = 2;

/** Lets time pass until a condition holds (the CPU spinning on a status bit). */
export interface BusyWait {
  /** Returns false when the condition can never become true. */
  waitUntil(condition: () => boolean): boolean;
}

enum FlashState {
  Ready = 'Ready',
  Read = 'Read',
  Write = 'Write',
  Erase = 'Erase',
}

/** The NVMC driver. */
export class Nvmc implements Flash, DeferredCallClient {
  readonly pageSize = NRF52_PAGE_SIZE;
  readonly #bus: RegisterBus;
  readonly #registers: RegisterBlock;
  readonly #busyWait: BusyWait;
  readonly #deferredCall: DeferredCall;
  readonly #pageCount: number;
  #client: FlashClient | undefined;
  #buffer: Uint8Array | undefined;
  #state = FlashState.Ready;

  constructor(
    bus: RegisterBus,
    busyWait: BusyWait,
    deferredCalls: DeferredCallRegistry,
    pageCount: number = NRF52840_PAGE_COUNT,
    base: number = NVMC_BASE,
  ) {
    this.#bus = bus;
    this.#registers = new RegisterBlock(bus, base);
    this.#busyWait = busyWait;
    this.#pageCount = pageCount;
    this.#deferredCall = deferredCalls.register(this);
  }

  setClient(client: FlashClient): void {
    this.#client = client;
  }

  /** True when no write or erase is in progress. */
  isReady(): boolean {
    return (this.#registers.get(Register.READY) & 1) === 1;
  }

  /** Puts the NVMC in write mode. */
  configureWriteable(): void {
    this.#registers.set(Register.CONFIG, CONFIG_WRITE_ENABLE);
  }

  /** Puts the NVMC in erase mode. */
  configureEraseable(): void {
    this.#registers.set(Register.CONFIG, CONFIG_ERASE_ENABLE);
  }

  /** Erases the UICR (ERASEPAGE with the UICR's address), waiting until done. */
  eraseUicr(): void {
    this.configureEraseable();
    this.#waitReady();
    this.#registers.set(Register.ERASEPAGE, UICR_ADDRESS);
    this.#waitReady();
  }

  readPage(pageNumber: number, buffer: Uint8Array): Result<void, BufferError> {
    const problem = this.#checkPage(pageNumber, buffer);
    if (problem !== undefined) return err({ code: problem, buffer });
    copyFromRam(this.#bus, pageNumber * NRF52_PAGE_SIZE, buffer, 0, NRF52_PAGE_SIZE);
    this.#finishLater(FlashState.Read, buffer);
    return OK;
  }

  writePage(pageNumber: number, buffer: Uint8Array): Result<void, BufferError> {
    const problem = this.#checkPage(pageNumber, buffer);
    if (problem !== undefined) return err({ code: problem, buffer });
    const address = pageNumber * NRF52_PAGE_SIZE;
    if (!this.#isPageBlank(address)) this.#erasePageAt(address);
    this.configureWriteable();
    for (let offset = 0; offset < NRF52_PAGE_SIZE; offset += 4) {
      const word =
        (buffer[offset] ?? 0) |
        ((buffer[offset + 1] ?? 0) << 8) |
        ((buffer[offset + 2] ?? 0) << 16) |
        ((buffer[offset + 3] ?? 0) << 24);
      this.#bus.write(address + offset, 4, word >>> 0);
      this.#waitReady();
    }
    this.#registers.set(Register.CONFIG, CONFIG_READ_ONLY);
    this.#finishLater(FlashState.Write, buffer);
    return OK;
  }

  erasePage(pageNumber: number): Result<void, ErrorCode> {
    if (this.#state !== FlashState.Ready) return err(ErrorCode.BUSY);
    if (!Number.isInteger(pageNumber) || pageNumber < 0 || pageNumber >= this.#pageCount) {
      return err(ErrorCode.INVAL);
    }
    const address = pageNumber * NRF52_PAGE_SIZE;
    if (!this.#isPageBlank(address)) this.#erasePageAt(address);
    this.#finishLater(FlashState.Erase, undefined);
    return OK;
  }

  /** Runs from the kernel loop after an operation: hands the result to the client. */
  handleDeferredCall(): void {
    const state = this.#state;
    const buffer = this.#buffer;
    this.#state = FlashState.Ready;
    this.#buffer = undefined;
    const client = this.#client;
    if (client === undefined) return;
    if (state === FlashState.Read && buffer !== undefined) client.readComplete(buffer, OK);
    else if (state === FlashState.Write && buffer !== undefined) client.writeComplete(buffer, OK);
    else if (state === FlashState.Erase) client.eraseComplete(OK);
  }

  #checkPage(pageNumber: number, buffer: Uint8Array): ErrorCode | undefined {
    if (this.#state !== FlashState.Ready) return ErrorCode.BUSY;
    if (!Number.isInteger(pageNumber) || pageNumber < 0 || pageNumber >= this.#pageCount) {
      return ErrorCode.INVAL;
    }
    if (buffer.length < NRF52_PAGE_SIZE) return ErrorCode.SIZE;
    return undefined;
  }

  #isPageBlank(address: number): boolean {
    for (let offset = 0; offset < NRF52_PAGE_SIZE; offset += 4) {
      if (this.#bus.read(address + offset, 4) !== 0xffff_ffff) return false;
    }
    return true;
  }

  #erasePageAt(address: number): void {
    this.configureEraseable();
    this.#registers.set(Register.ERASEPAGE, address);
    this.#waitReady();
  }

  #waitReady(): void {
    this.#busyWait.waitUntil(() => this.isReady());
  }

  #finishLater(state: FlashState, buffer: Uint8Array | undefined): void {
    this.#state = state;
    this.#buffer = buffer;
    this.#deferredCall.set();
  }
}
