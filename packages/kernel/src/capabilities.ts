/**
 * Capabilities: unforgeable tokens that guard privileged kernel operations (upstream
 * `kernel/src/capabilities.rs`).
 *
 * Each capability is a class with a private constructor and an ECMAScript private brand, so no
 * object literal or subclass can stand in for one. A board mints the capabilities it needs with
 * `mintCapabilities()` during setup and hands each only to the code that may use it; capsules and
 * chips never import this module (the linter keeps them out). Every guarded kernel entry point
 * checks its token at run time with `assertCapability`, so even an `as` cast cannot forge one.
 */
import { kernelPanic } from './kernel-panic.js';

/** The minting key. It never leaves this module, so only `mintCapabilities` can build tokens. */
const MINT_KEY = Symbol('tock-ts capability mint');
/** Creating, stopping, restarting and inspecting processes (loading, the process console, the priority scheduler, introspection). */
export class ProcessManagementCapability {
  readonly #brand = 'ProcessManagementCapability';
  /** Only `mintCapabilities` holds the key; any other caller panics. */
  constructor(key: symbol) {
    if (key !== MINT_KEY) kernelPanic('capabilities are minted only by mintCapabilities');
  }
  /** True when `value` is a real token of this capability. */
  static isToken(value: unknown): value is ProcessManagementCapability {
    return typeof value === 'object' && value !== null && #brand in value;
  }
  /** The capability's name, for diagnostics. */
  get kind(): string {
    return this.#brand;
  }
}
/** Starting a terminated process again (the process console `boot` command). */
export class ProcessStartCapability {
  readonly #brand = 'ProcessStartCapability';
  /** Only `mintCapabilities` holds the key; any other caller panics. */
  constructor(key: symbol) {
    if (key !== MINT_KEY) kernelPanic('capabilities are minted only by mintCapabilities');
  }
  /** True when `value` is a real token of this capability. */
  static isToken(value: unknown): value is ProcessStartCapability {
    return typeof value === 'object' && value !== null && #brand in value;
  }
  /** The capability's name, for diagnostics. */
  get kind(): string {
    return this.#brand;
  }
}
/** Running the kernel loop (`kernelLoop`, `kernelLoopOperation`). */
export class MainLoopCapability {
  readonly #brand = 'MainLoopCapability';
  /** Only `mintCapabilities` holds the key; any other caller panics. */
  constructor(key: symbol) {
    if (key !== MINT_KEY) kernelPanic('capabilities are minted only by mintCapabilities');
  }
  /** True when `value` is a real token of this capability. */
  static isToken(value: unknown): value is MainLoopCapability {
    return typeof value === 'object' && value !== null && #brand in value;
  }
  /** The capability's name, for diagnostics. */
  get kind(): string {
    return this.#brand;
  }
}
/** Creating grants and the IPC driver at board setup. */
export class MemoryAllocationCapability {
  readonly #brand = 'MemoryAllocationCapability';
  /** Only `mintCapabilities` holds the key; any other caller panics. */
  constructor(key: symbol) {
    if (key !== MINT_KEY) kernelPanic('capabilities are minted only by mintCapabilities');
  }
  /** True when `value` is a real token of this capability. */
  static isToken(value: unknown): value is MemoryAllocationCapability {
    return typeof value === 'object' && value !== null && #brand in value;
  }
  /** The capability's name, for diagnostics. */
  get kind(): string {
    return this.#brand;
  }
}
/** Building process identifiers and process buffers outside the kernel package. */
export class ExternalProcessCapability {
  readonly #brand = 'ExternalProcessCapability';
  /** Only `mintCapabilities` holds the key; any other caller panics. */
  constructor(key: symbol) {
    if (key !== MINT_KEY) kernelPanic('capabilities are minted only by mintCapabilities');
  }
  /** True when `value` is a real token of this capability. */
  static isToken(value: unknown): value is ExternalProcessCapability {
    return typeof value === 'object' && value !== null && #brand in value;
  }
  /** The capability's name, for diagnostics. */
  get kind(): string {
    return this.#brand;
  }
}
/** Storage permissions for the kernel itself. */
export class KerneluserStorageCapability {
  readonly #brand = 'KerneluserStorageCapability';
  /** Only `mintCapabilities` holds the key; any other caller panics. */
  constructor(key: symbol) {
    if (key !== MINT_KEY) kernelPanic('capabilities are minted only by mintCapabilities');
  }
  /** True when `value` is a real token of this capability. */
  static isToken(value: unknown): value is KerneluserStorageCapability {
    return typeof value === 'object' && value !== null && #brand in value;
  }
  /** The capability's name, for diagnostics. */
  get kind(): string {
    return this.#brand;
  }
}
/** Storage permissions for applications. */
export class ApplicationStorageCapability {
  readonly #brand = 'ApplicationStorageCapability';
  /** Only `mintCapabilities` holds the key; any other caller panics. */
  constructor(key: symbol) {
    if (key !== MINT_KEY) kernelPanic('capabilities are minted only by mintCapabilities');
  }
  /** True when `value` is a real token of this capability. */
  static isToken(value: unknown): value is ApplicationStorageCapability {
    return typeof value === 'object' && value !== null && #brand in value;
  }
  /** The capability's name, for diagnostics. */
  get kind(): string {
    return this.#brand;
  }
}
/** UDP driver-only functions. */
export class UdpDriverCapability {
  readonly #brand = 'UdpDriverCapability';
  /** Only `mintCapabilities` holds the key; any other caller panics. */
  constructor(key: symbol) {
    if (key !== MINT_KEY) kernelPanic('capabilities are minted only by mintCapabilities');
  }
  /** True when `value` is a real token of this capability. */
  static isToken(value: unknown): value is UdpDriverCapability {
    return typeof value === 'object' && value !== null && #brand in value;
  }
  /** The capability's name, for diagnostics. */
  get kind(): string {
    return this.#brand;
  }
}
/** Building the single UDP port table. */
export class CreatePortTableCapability {
  readonly #brand = 'CreatePortTableCapability';
  /** Only `mintCapabilities` holds the key; any other caller panics. */
  constructor(key: symbol) {
    if (key !== MINT_KEY) kernelPanic('capabilities are minted only by mintCapabilities');
  }
  /** True when `value` is a real token of this capability. */
  static isToken(value: unknown): value is CreatePortTableCapability {
    return typeof value === 'object' && value !== null && #brand in value;
  }
  /** The capability's name, for diagnostics. */
  get kind(): string {
    return this.#brand;
  }
}
/** Minting network and visibility capabilities. */
export class NetworkCapabilityCreationCapability {
  readonly #brand = 'NetworkCapabilityCreationCapability';
  /** Only `mintCapabilities` holds the key; any other caller panics. */
  constructor(key: symbol) {
    if (key !== MINT_KEY) kernelPanic('capabilities are minted only by mintCapabilities');
  }
  /** True when `value` is a real token of this capability. */
  static isToken(value: unknown): value is NetworkCapabilityCreationCapability {
    return typeof value === 'object' && value !== null && #brand in value;
  }
  /** The capability's name, for diagnostics. */
  get kind(): string {
    return this.#brand;
  }
}
/** Installing the kernel debug writer. */
export class SetDebugWriterCapability {
  readonly #brand = 'SetDebugWriterCapability';
  /** Only `mintCapabilities` holds the key; any other caller panics. */
  constructor(key: symbol) {
    if (key !== MINT_KEY) kernelPanic('capabilities are minted only by mintCapabilities');
  }
  /** True when `value` is a real token of this capability. */
  static isToken(value: unknown): value is SetDebugWriterCapability {
    return typeof value === 'object' && value !== null && #brand in value;
  }
  /** The capability's name, for diagnostics. */
  get kind(): string {
    return this.#brand;
  }
}
/** Every capability a board can hand out, one token each. */
export interface Capabilities {
  readonly processManagement: ProcessManagementCapability;
  readonly processStart: ProcessStartCapability;
  readonly mainLoop: MainLoopCapability;
  readonly memoryAllocation: MemoryAllocationCapability;
  readonly externalProcess: ExternalProcessCapability;
  readonly kerneluserStorage: KerneluserStorageCapability;
  readonly applicationStorage: ApplicationStorageCapability;
  readonly udpDriver: UdpDriverCapability;
  readonly createPortTable: CreatePortTableCapability;
  readonly networkCapabilityCreation: NetworkCapabilityCreationCapability;
  readonly setDebugWriter: SetDebugWriterCapability;
}

/**
 * Mints one token of every capability. Boards call this once in `setup()`; nothing else should
 * (upstream `create_capability!`).
 */
export function mintCapabilities(): Capabilities {
  return {
    processManagement: new ProcessManagementCapability(MINT_KEY),
    processStart: new ProcessStartCapability(MINT_KEY),
    mainLoop: new MainLoopCapability(MINT_KEY),
    memoryAllocation: new MemoryAllocationCapability(MINT_KEY),
    externalProcess: new ExternalProcessCapability(MINT_KEY),
    kerneluserStorage: new KerneluserStorageCapability(MINT_KEY),
    applicationStorage: new ApplicationStorageCapability(MINT_KEY),
    udpDriver: new UdpDriverCapability(MINT_KEY),
    createPortTable: new CreatePortTableCapability(MINT_KEY),
    networkCapabilityCreation: new NetworkCapabilityCreationCapability(MINT_KEY),
    setDebugWriter: new SetDebugWriterCapability(MINT_KEY),
  };
}

/** A capability class: something with the `isToken` check. */
export interface CapabilityClass<T> {
  isToken(value: unknown): value is T;
  readonly name: string;
}

/** Panics unless `value` is a genuine token of `capability` (a forged or missing one). */
export function assertCapability<T>(capability: CapabilityClass<T>, value: unknown): asserts value is T {
  if (!capability.isToken(value)) kernelPanic(`forged or missing ${capability.name}`);
}
