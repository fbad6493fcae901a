// Activation helpers, the interrupt-value wrapper and the LED adapters over a pin.
import { describe, expect, it } from 'vitest';
import {
  ActivationMode,
  ActivationState,
  Configuration,
  FloatingState,
  type GpioClient,
  InterruptEdge,
  type InterruptPin,
  InterruptValueWrapper,
  readActivation,
  writeActivation,
} from './gpio.js';
import { LedHigh, LedLow } from './led.js';

class TestPin implements InterruptPin {
  level = false;
  mode = Configuration.LowPower;
  pull = FloatingState.PullNone;
  edge: InterruptEdge | undefined;
  client: GpioClient | undefined;
  configuration(): Configuration {
    return this.mode;
  }
  makeOutput(): Configuration {
    this.mode = Configuration.Output;
    return this.mode;
  }
  disableOutput(): Configuration {
    this.mode = Configuration.LowPower;
    return this.mode;
  }
  makeInput(): Configuration {
    this.mode = Configuration.Input;
    return this.mode;
  }
  disableInput(): Configuration {
    this.mode = Configuration.LowPower;
    return this.mode;
  }
  deactivateToLowPower(): void {
    this.mode = Configuration.LowPower;
  }
  setFloatingState(state: FloatingState): void {
    this.pull = state;
  }
  floatingState(): FloatingState {
    return this.pull;
  }
  isInput(): boolean {
    return this.mode === Configuration.Input;
  }
  isOutput(): boolean {
    return this.mode === Configuration.Output;
  }
  set(): void {
    this.level = true;
  }
  clear(): void {
    this.level = false;
  }
  toggle(): boolean {
    this.level = !this.level;
    return this.level;
  }
  read(): boolean {
    return this.level;
  }
  setClient(client: GpioClient): void {
    this.client = client;
  }
  enableInterrupts(edge: InterruptEdge): void {
    this.edge = edge;
  }
  disableInterrupts(): void {
    this.edge = undefined;
  }
  isPending(): boolean {
    return false;
  }
}

describe('activation', () => {
  it('maps active and inactive to levels per mode', () => {
    const pin = new TestPin();
    writeActivation(pin, ActivationState.Active, ActivationMode.ActiveLow);
    expect(pin.level).toBe(false);
    expect(readActivation(pin, ActivationMode.ActiveLow)).toBe(ActivationState.Active);
    expect(readActivation(pin, ActivationMode.ActiveHigh)).toBe(ActivationState.Inactive);
    writeActivation(pin, ActivationState.Active, ActivationMode.ActiveHigh);
    expect(pin.level).toBe(true);
  });
});

describe('InterruptValueWrapper', () => {
  it('tags the pin’s interrupts with its value and forwards configuration', () => {
    const pin = new TestPin();
    const wrapper = new InterruptValueWrapper(pin).finalize();
    const fired: number[] = [];
    wrapper.setClient({ fired: (value) => fired.push(value) });
    wrapper.setValue(3);
    expect(wrapper.enableInterrupts(InterruptEdge.FallingEdge).ok).toBe(true);
    expect(pin.edge).toBe(InterruptEdge.FallingEdge);
    pin.client?.fired();
    expect(fired).toEqual([3]);
    wrapper.makeInput();
    wrapper.setFloatingState(FloatingState.PullUp);
    expect(pin.mode).toBe(Configuration.Input);
    expect(pin.pull).toBe(FloatingState.PullUp);
  });
});

describe('LED adapters', () => {
  it('LedLow lights by driving the pin low', () => {
    const pin = new TestPin();
    const led = new LedLow(pin);
    led.init();
    expect(pin.mode).toBe(Configuration.Output);
    led.on();
    expect([pin.level, led.read()]).toEqual([false, true]);
    led.toggle();
    expect([pin.level, led.read()]).toEqual([true, false]);
  });

  it('LedHigh lights by driving the pin high', () => {
    const pin = new TestPin();
    const led = new LedHigh(pin);
    led.on();
    expect([pin.level, led.read()]).toEqual([true, true]);
    led.off();
    expect(led.read()).toBe(false);
  });
});
