// IPC: discovery by package name, service and client notification, shared buffers mapped by the MPU.
import { ErrorCode } from '@tock-ts/hil';
import { describe, expect, it } from 'vitest';
import { IPC_DRIVER_NUMBER, Ipc } from './ipc.js';
import { Permissions } from './platform/mpu.js';
import { ReturnVariant } from './syscall.js';
import { allowReadOnly, allowReadWrite, command, FakeBoard, memop, subscribe } from './testing/index.js';

const IPC = IPC_DRIVER_NUMBER;
const UPCALL_FN = 0x0004_0100;
const SERVICE_UPCALL_FN = 0x0004_0500;
const SERVICE_NAME = 'org.tock.ipc.rot13';

function setup() {
  const board = new FakeBoard();
  const ipc = new Ipc(board.kernel, board.capabilities.memoryAllocation);
  board.addDriver(IPC, ipc);
  board.ipc = ipc;
  const client = board.createProcess({ packageName: 'client' });
  const service = board.createProcess({ packageName: SERVICE_NAME, flashStart: 0x0004_0400 });
  const nameAddress = client.memoryStart + 0x100;
  const name = Uint8Array.from(SERVICE_NAME, (character) => character.charCodeAt(0));
  board.runScript(client, memop(0, client.memoryStart + 0x400));
  board.chip.ram.bytes.set(name, nameAddress - board.chip.ram.start);
  board.runScript(service, memop(0, service.memoryStart + 0x400));
  return { board, client, service, nameAddress, nameLength: name.length };
}

describe('IPC', () => {
  it('discovers a service by package name', () => {
    const { board, client, nameAddress, nameLength } = setup();
    board.runScript(client, allowReadOnly(IPC, 0, nameAddress, nameLength), command(IPC, 1));
    expect(client.storedState.lastReturn).toEqual({ variant: ReturnVariant.SuccessU32, v0: 1 });
    board.runScript(client, allowReadOnly(IPC, 0, nameAddress, nameLength - 1), command(IPC, 1));
    expect(client.storedState.lastReturn).toEqual({
      variant: ReturnVariant.Failure,
      error: ErrorCode.NODEVICE,
    });
  });

  it('notifies a service with the client’s shared buffer, mapped into the service’s MPU config', () => {
    const { board, client, service } = setup();
    const shared = client.memoryStart + 0x200;
    board.runScript(service, subscribe(IPC, 1, SERVICE_UPCALL_FN, 0x55));
    board.runScript(client, allowReadWrite(IPC, 1, shared, 64), command(IPC, 2, 1));
    expect(client.storedState.lastReturn).toEqual({ variant: ReturnVariant.Success });
    expect(service.storedState.lastFunctionCall).toEqual({
      pc: SERVICE_UPCALL_FN,
      argument0: 0,
      argument1: 64,
      argument2: shared,
      argument3: 0x55,
    });
    expect(service.extraMpuRegions()).toEqual([{ startAddress: shared, size: 64 }]);
    expect(service.mpuConfig.regions.map((entry) => entry.permissions)).toContain(Permissions.ReadWriteOnly);
  });

  it('notifies a client on the upcall numbered by the service, with no buffer when none is shared', () => {
    const { board, client, service } = setup();
    board.runScript(client, subscribe(IPC, 1, UPCALL_FN + 8, 7));
    board.runScript(service, command(IPC, 3, 0));
    expect(client.storedState.lastFunctionCall).toEqual({
      pc: UPCALL_FN + 8,
      argument0: 1,
      argument1: 0,
      argument2: 0,
      argument3: 7,
    });
  });

  it('refuses a notification to a slot without a process, and unknown commands', () => {
    const { board, client } = setup();
    board.runScript(client, command(IPC, 2, 3), command(IPC, 9), command(IPC, 0));
    expect(client.storedState.returns.slice(-3)).toEqual([
      { variant: ReturnVariant.Failure, error: ErrorCode.INVAL },
      { variant: ReturnVariant.Failure, error: ErrorCode.NOSUPPORT },
      { variant: ReturnVariant.Success },
    ]);
  });
});
