/**
 * A fake GPIO pin for capsule tests: it records its configuration, holds a level the test can
 * drive from outside, and raises its interrupt on the enabled edges, as the pin interrupt's
 * bottom half would.
 */
import {
  Configuration,
  FloatingState,
  type GpioClient,
  InterruptEdge,
  type InterruptPin,
} from '@tock-ts/hil';

/** The fake pin. */
export class FakePin implements InterruptPin {
  #configuration = Configuration.LowPower;
  #floating = FloatingState.PullNone;
  #driven = false;
  #external = false;
  #edge: InterruptEdge | undefined;
  #client: GpioClient | undefined;

  /** The interrupt edge enabled, or `undefined` when interrupts are off. */
  get interruptEdge(): InterruptEdge | undefined {
    return this.#edge;
  }

  /** The level the pin shows: the driven level for an output, the outside level otherwise. */
  get level(): boolean {
    return this.isOutput() ? this.#driven : this.#external;
  }

  /** Drives the pin from outside (a button, a wire); fires the interrupt on a matching edge. */
  setExternalLevel(high: boolean): void {
    const before = this.#external;
    this.#external = high;
    if (before === high || this.#edge === undefined) return;
    const rising = high && !before;
    if (
      this.#edge === InterruptEdge.EitherEdge ||
      (this.#edge === InterruptEdge.RisingEdge && rising) ||
      (this.#edge === InterruptEdge.FallingEdge && !rising)
    ) {
      this.#client?.fired();
    }
  }

  configuration(): Configuration {
    return this.#configuration;
  }

  makeOutput(): Configuration {
    this.#configuration =
      this.#configuration === Configuration.Input ? Configuration.InputOutput : Configuration.Output;
    return this.#configuration;
  }

  disableOutput(): Configuration {
    this.#configuration =
      this.#configuration === Configuration.InputOutput ? Configuration.Input : Configuration.LowPower;
    return this.#configuration;
  }

  makeInput(): Configuration {
    this.#configuration =
      this.#configuration === Configuration.Output ? Configuration.InputOutput : Configuration.Input;
    return this.#configuration;
  }

  disableInput(): Configuration {
    this.#configuration =
      this.#configuration === Configuration.InputOutput ? Configuration.Output : Configuration.LowPower;
    return this.#configuration;
  }

  deactivateToLowPower(): void {
    this.#configuration = Configuration.LowPower;
  }

  setFloatingState(state: FloatingState): void {
    this.#floating = state;
  }

  floatingState(): FloatingState {
    return this.#floating;
  }

  isInput(): boolean {
    return this.#configuration === Configuration.Input || this.#configuration === Configuration.InputOutput;
  }

  isOutput(): boolean {
    return this.#configuration === Configuration.Output || this.#configuration === Configuration.InputOutput;
  }

  set(): void {
    if (this.isOutput()) this.#driven = true;
  }

  clear(): void {
    if (this.isOutput()) this.#driven = false;
  }

  toggle(): boolean {
    if (this.isOutput()) this.#driven = !this.#driven;
    return this.#driven;
  }

  read(): boolean {
    return this.level;
  }

  setClient(client: GpioClient): void {
    this.#client = client;
  }

  enableInterrupts(edge: InterruptEdge): void {
    this.#edge = edge;
  }

  disableInterrupts(): void {
    this.#edge = undefined;
  }

  isPending(): boolean {
    return false;
  }
}
