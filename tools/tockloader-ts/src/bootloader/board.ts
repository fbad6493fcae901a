/**
 * tockloader's app commands on a real board through its serial bootloader.
 *
 * The app region is read into an in-memory copy (headers walked 200 bytes at a time, as
 * tockloader does, then the apps and the kernel attributes below them read whole); the same
 * placement code that edits flash images plans the change on that copy, recording every flash
 * operation; the recorded operations are then sent as tockloader sends them: `flash_binary`
 * writes (0xFF-padded whole pages, all-zero pages skipped, CRC-checked) and `clear_bytes` (erase
 * the page, or rewrite it with 8 bytes of 0xFF when the address is inside a page).
 */
import { err, ok, type Result } from '@tock-ts/hil';
import type { AppFlash } from '../flash/app-flash.js';
import type { BoardSettings } from '../flash/board-settings.js';
import { FlashImage } from '../flash/flash-image.js';
import { HEADER_READ_LENGTH, readObjectAt } from '../flash/installed-apps.js';
import { KERNEL_ATTRIBUTES_READ_LENGTH } from '../flash/kernel-attributes.js';
import type { BootloaderClient } from './client.js';
import { PAGE_SIZE } from './protocol.js';

/** One flash operation to replay on the board. */
export type BoardOperation =
  | { readonly kind: 'write'; readonly address: number; readonly bytes: Uint8Array }
  | { readonly kind: 'clear'; readonly address: number };

/** An `AppFlash` over a copy of the board's flash that records what would be written. */
export class RecordingFlash implements AppFlash {
  readonly #copy: FlashImage;
  readonly operations: BoardOperation[] = [];

  constructor(copy: FlashImage) {
    this.#copy = copy;
  }

  read(address: number, length: number): Uint8Array {
    return this.#copy.read(address, length);
  }

  write(address: number, data: Uint8Array): void {
    this.#copy.write(address, data);
    this.operations.push({ kind: 'write', address, bytes: data.slice() });
  }

  writeZeroPadded(address: number, head: Uint8Array, length: number): void {
    this.#copy.writeZeroPadded(address, head, length);
    const bytes = new Uint8Array(length);
    bytes.set(head.subarray(0, length));
    this.operations.push({ kind: 'write', address, bytes });
  }

  clearBytes(address: number): void {
    // On the board the page is erased (0xFF); what the copy holds there no longer matters.
    this.operations.push({ kind: 'clear', address });
  }
}

/** The largest app region read from a board (tockloader assumes no board has more than 2 MiB). */
const MAX_APP_REGION = 0x200000;

/**
 * Reads the board's app region (and the kernel attributes below it) into a flash image whose
 * addresses are the board's.
 */
export async function readBoardApps(
  client: BootloaderClient,
  settings: BoardSettings,
): Promise<Result<FlashImage, string>> {
  let end = settings.appAddress;
  for (;;) {
    const probe = await client.readRange(end, HEADER_READ_LENGTH);
    if (!probe.ok) return probe;
    const object = readObjectAt(new FlashImage(probe.value, end, HEADER_READ_LENGTH), end);
    if (object === undefined || object.totalSize === 0) break;
    end += object.totalSize;
    if (end - settings.appAddress > MAX_APP_REGION) return err('the apps on the board run past 2 MiB');
  }
  const start = Math.max(settings.appAddress - KERNEL_ATTRIBUTES_READ_LENGTH, 0);
  const region = await client.readRange(start, end + HEADER_READ_LENGTH - start);
  if (!region.ok) return region;
  return ok(new FlashImage(region.value, start, region.value.length));
}

/** Sends `operations` to the board in order. */
export async function replayOnBoard(
  client: BootloaderClient,
  operations: readonly BoardOperation[],
): Promise<Result<void, string>> {
  for (const operation of operations) {
    if (operation.address % PAGE_SIZE !== 0 && operation.kind === 'write') {
      return err(
        `the bootloader writes whole pages; 0x${operation.address.toString(16)} is not page-aligned`,
      );
    }
    let result: Result<void, string>;
    if (operation.kind === 'write') {
      result = await client.flashBinary(operation.address, operation.bytes);
    } else if (operation.address % PAGE_SIZE === 0) {
      result = await client.erasePage(operation.address);
    } else {
      const pageAddress = operation.address - (operation.address % PAGE_SIZE);
      const page = await client.readRange(pageAddress, PAGE_SIZE);
      if (!page.ok) return page;
      const stretched = page.value.slice();
      stretched.fill(0xff, operation.address - pageAddress, operation.address - pageAddress + 8);
      result = await client.flashBinary(pageAddress, stretched);
    }
    if (!result.ok) return result;
  }
  return ok(undefined);
}

/**
 * Runs `change` (any of the flash-image app operations) against the board: on a copy of its app
 * region first, and only if that succeeds, on the board itself.
 */
export async function changeBoardApps<T>(
  client: BootloaderClient,
  settings: BoardSettings,
  change: (flash: AppFlash) => Result<T, string>,
): Promise<Result<T, string>> {
  const copy = await readBoardApps(client, settings);
  if (!copy.ok) return copy;
  const recording = new RecordingFlash(copy.value);
  const planned = change(recording);
  if (!planned.ok) return planned;
  const sent = await replayOnBoard(client, recording.operations);
  return sent.ok ? planned : sent;
}
