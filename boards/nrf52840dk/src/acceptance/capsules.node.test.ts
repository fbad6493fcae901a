/**
 * Acceptance tests of the nRF52840-DK's capsules, one of our own C apps each (Thumb machine code
 * from `apps/fixtures/<app>/cortex-m4.elf`, converted by elf2tab and booted from app flash):
 * LEDs through the alarm (blink), button upcalls for presses injected at virtual times (buttons),
 * several timers on one process's alarm (alarms), console input echoed back (console-echo),
 * random bytes (rng) and the temperature sensor (temperature). Every assertion is on what the
 * host sees: console lines, LED changes and their virtual times, process completion codes.
 */
import { readFileSync } from 'node:fs';
import { elfToTbf } from '@tock-ts/tockloader-ts';
import { describe, expect, it } from 'vitest';
import { LED_PINS } from '../setup.js';
import { ALARM_FREQUENCY_HZ, bootBoard, MILLISECOND, processNamed, SECOND } from './harness.js';

/** The TBF elf2tab makes of an app's Cortex-M4 fixture, with the app's name as package name. */
function fixtureTbf(name: string): Uint8Array {
  const elf = readFileSync(new URL(`../../../../apps/fixtures/${name}/cortex-m4.elf`, import.meta.url));
  const converted = elfToTbf(elf, { packageName: name, kernelVersion: { major: 2, minor: 0 } });
  if (!converted.ok) throw new Error(converted.error);
  return converted.value.tbf;
}

describe('blink', () => {
  it('walks the LEDs on, then off, one sixteenth of a second apart, and says what it did', () => {
    const acceptance = bootBoard([fixtureTbf('blink')]);
    const { board } = acceptance;
    expect(
      acceptance.runUntil(() => processNamed(board, 'blink').state.kind === 'Terminated', 2 * SECOND),
    ).toBe(true);

    expect(acceptance.lineTexts().filter((line) => line.startsWith('blink: '))).toEqual([
      'blink: 4 LEDs',
      'blink: LED 0 on',
      'blink: LED 1 on',
      'blink: LED 2 on',
      'blink: LED 3 on',
      'blink: LED 0 off',
      'blink: LED 1 off',
      'blink: LED 2 off',
      'blink: LED 3 off',
      'blink: done',
    ]);
    expect(acceptance.leds.map(({ index, on }) => `LED${index} ${on ? 'on' : 'off'}`)).toEqual([
      'LED0 on',
      'LED1 on',
      'LED2 on',
      'LED3 on',
      'LED0 off',
      'LED1 off',
      'LED2 off',
      'LED3 off',
    ]);
    // Between two toggles: the 62.5 ms sleep plus printing one short line at 115200 baud.
    const times = acceptance.leds.map((event) => event.nanos);
    for (let step = 1; step < times.length; step++) {
      const gap = (times[step] ?? 0) - (times[step - 1] ?? 0);
      expect(gap).toBeGreaterThanOrEqual(62.5 * MILLISECOND);
      expect(gap).toBeLessThan(66 * MILLISECOND);
    }
    // All LEDs are off again: the active-low pins are high.
    for (const pin of LED_PINS) expect(board.composition.silicon.gpio.level(pin)).toBe(true);
    expect(processNamed(board, 'blink').completionCode).toEqual({ code: 0 });
  });
});

describe('buttons', () => {
  it('prints one line per press and release injected at virtual times, in order', () => {
    const acceptance = bootBoard([fixtureTbf('buttons')]);
    const { board } = acceptance;
    expect(
      acceptance.runUntil(() => acceptance.lineTexts().includes('buttons: watching 4 buttons'), SECOND),
    ).toBe(true);

    const actions: readonly (readonly [number, boolean])[] = [
      [0, true],
      [3, true],
      [0, false],
      [2, true],
      [3, false],
      [2, false],
    ];
    const pressedAt: number[] = [];
    for (const [button, pressed] of actions) {
      board.run({ untilNanos: board.nowNanos + 10 * MILLISECOND });
      pressedAt.push(board.nowNanos);
      board.setButton(button, pressed);
    }
    board.run({ untilNanos: board.nowNanos + 10 * MILLISECOND });

    const buttonLines = acceptance.lines().filter((line) => line.text.startsWith('button '));
    expect(buttonLines.map((line) => line.text)).toEqual([
      'button 0 pressed',
      'button 3 pressed',
      'button 0 released',
      'button 2 pressed',
      'button 3 released',
      'button 2 released',
    ]);
    // Each line is out before the next action, 10 ms later.
    buttonLines.forEach((line, index) => {
      const at = pressedAt[index] ?? 0;
      expect(line.nanos).toBeGreaterThan(at);
      expect(line.nanos).toBeLessThan(at + 10 * MILLISECOND);
    });
    expect(processNamed(board, 'buttons').state.kind).toBe('Yielded');
  });
});

describe('alarms', () => {
  it('fires three virtual timers on one alarm in deadline order, at exact tick offsets', () => {
    const acceptance = bootBoard([fixtureTbf('alarms')]);
    const { board } = acceptance;
    expect(
      acceptance.runUntil(() => processNamed(board, 'alarms').state.kind === 'Terminated', 2 * SECOND),
    ).toBe(true);

    const unitTicks = ALARM_FREQUENCY_HZ / 32;
    const expected: string[] = [];
    for (let unit = 1; unit <= 12; unit++) {
      for (const [name, period] of [
        ['A', 2],
        ['B', 3],
        ['C', 5],
      ] as const) {
        if (unit % period === 0) {
          expected.push(
            `alarms: timer ${name} period ${period} fired at tick +${unit * unitTicks} (unit ${unit})`,
          );
        }
      }
    }
    const lines = acceptance.lines().filter((line) => line.text.startsWith('alarms: '));
    expect(lines.map((line) => line.text)).toEqual([
      `alarms: start, unit ${unitTicks} ticks`,
      ...expected,
      'alarms: done',
    ]);

    // In virtual time each line leaves the UART shortly after its deadline (a unit is 31.25 ms),
    // measured from the start line, printed right after the app read the counter.
    const start = lines[0]?.nanos ?? 0;
    for (const line of lines.slice(1, -1)) {
      const unit = Number(/\(unit (\d+)\)$/.exec(line.text)?.[1]);
      const sinceStart = line.nanos - start;
      expect(sinceStart).toBeGreaterThan(unit * 31.25 * MILLISECOND - 4 * MILLISECOND);
      expect(sinceStart).toBeLessThan(unit * 31.25 * MILLISECOND + 10 * MILLISECOND);
    }
    expect(processNamed(board, 'alarms').completionCode).toEqual({ code: 0 });
  });
});

describe('console-echo', () => {
  it('echoes each line typed on the console, prefixed, and ends on quit', () => {
    const acceptance = bootBoard([fixtureTbf('console-echo')]);
    const { board } = acceptance;
    const has = (line: string) => () => acceptance.lineTexts().includes(line);
    expect(acceptance.runUntil(has('console-echo: ready'), SECOND)).toBe(true);

    board.sendConsoleInput(new TextEncoder().encode('hello tock\r'));
    expect(acceptance.runUntil(has('echo: hello tock'), board.nowNanos + 100 * MILLISECOND)).toBe(true);
    board.sendConsoleInput(new TextEncoder().encode('second line\n'));
    expect(acceptance.runUntil(has('echo: second line'), board.nowNanos + 100 * MILLISECOND)).toBe(true);
    board.sendConsoleInput(new TextEncoder().encode('quit\r'));
    expect(acceptance.runUntil(has('console-echo: bye'), board.nowNanos + 100 * MILLISECOND)).toBe(true);

    expect(acceptance.lineTexts().filter((line) => /^(echo|console-echo): /.test(line))).toEqual([
      'console-echo: ready',
      'echo: hello tock',
      'echo: second line',
      'console-echo: bye',
    ]);
    expect(processNamed(board, 'console-echo').completionCode).toEqual({ code: 0 });
  });
});

describe('rng', () => {
  function rngLine(seed: number): string {
    const acceptance = bootBoard([fixtureTbf('rng')], { rngSeed: seed });
    expect(
      acceptance.runUntil(() => processNamed(acceptance.board, 'rng').state.kind === 'Terminated', SECOND),
    ).toBe(true);
    expect(processNamed(acceptance.board, 'rng').completionCode).toEqual({ code: 0 });
    const line = acceptance.lineTexts().find((text) => text.startsWith('rng: '));
    if (line === undefined) throw new Error('rng printed nothing');
    return line;
  }

  it('prints the 16 bytes it asked for, the same for the same seed and different for another', () => {
    const first = rngLine(7);
    expect(first).toMatch(/^rng: 16 bytes:(?: [0-9a-f]{2}){16}$/);
    expect(rngLine(7)).toBe(first);
    const other = rngLine(8);
    expect(other).toMatch(/^rng: 16 bytes:(?: [0-9a-f]{2}){16}$/);
    expect(other).not.toBe(first);
    const bytes = first.slice('rng: 16 bytes: '.length).split(' ');
    expect(new Set(bytes).size).toBeGreaterThan(4);
  });
});

describe('temperature', () => {
  for (const celsius of [21.75, -5.5]) {
    it(`prints ${celsius} °C, the TEMP model's reading, in hundredths of a degree`, () => {
      const acceptance = bootBoard([fixtureTbf('temperature')]);
      const { board } = acceptance;
      board.composition.silicon.temp.setTemperature(celsius);
      expect(
        acceptance.runUntil(() => processNamed(board, 'temperature').state.kind === 'Terminated', SECOND),
      ).toBe(true);
      expect(acceptance.lineTexts()).toContain(
        `temperature: ${Math.round(celsius * 100)} hundredths of a degree C`,
      );
      expect(processNamed(board, 'temperature').completionCode).toEqual({ code: 0 });
    });
  }
});
