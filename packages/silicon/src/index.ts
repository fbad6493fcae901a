/**
 * @tock-ts/silicon: the emulation substrate shared by tock-ts cores and chips.
 *
 * One deterministic virtual clock per board, the memory bus (RAM and flash as byte arrays,
 * peripherals at address ranges) and the narrow ports peripherals use (interrupt lines).
 */
export { CycleTimebase } from './cycle-timebase.js';
export { type InterruptLine, setInterruptLevel } from './interrupt-line.js';
export { BUS_ERROR, MemoryMap, type MemoryRegionMapping, type PeripheralMapping } from './memory-map.js';
export type { Peripheral } from './peripheral.js';
export { type ClockCallback, type ClockEventHandle, SimulationClock } from './simulation-clock.js';
