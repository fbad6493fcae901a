/** Tests for fault policies chosen by name: parsing and the kernel policy each name stands for. */
import { describe, expect, it } from 'vitest';
import { createFaultPolicy, parseFaultPolicy } from './fault-policy-choice.js';
import { FaultAction } from './process-types.js';

describe('fault policies', () => {
  it('parses every policy name and rejects anything else', () => {
    expect(parseFaultPolicy('panic')).toEqual({ kind: 'panic' });
    expect(parseFaultPolicy('stop')).toEqual({ kind: 'stop' });
    expect(parseFaultPolicy('restart')).toEqual({ kind: 'restart' });
    expect(parseFaultPolicy('threshold-stop:3')).toEqual({ kind: 'threshold-stop', restarts: 3 });
    expect(parseFaultPolicy('threshold-panic:0')).toEqual({ kind: 'threshold-panic', restarts: 0 });
    expect(parseFaultPolicy('threshold-stop')).toBeUndefined();
    expect(parseFaultPolicy('halt')).toBeUndefined();
  });

  it('builds the kernel policy that takes the chosen action', () => {
    const process = { restartCount: 1, name: 'app' };
    expect(createFaultPolicy({ kind: 'panic' }).action(process)).toBe(FaultAction.Panic);
    expect(createFaultPolicy({ kind: 'stop' }).action(process)).toBe(FaultAction.Stop);
    expect(createFaultPolicy({ kind: 'restart' }).action(process)).toBe(FaultAction.Restart);
    expect(createFaultPolicy({ kind: 'threshold-stop', restarts: 0 }).action(process)).toBe(FaultAction.Stop);
    expect(createFaultPolicy({ kind: 'threshold-panic', restarts: 1 }).action(process)).toBe(
      FaultAction.Restart,
    );
  });
});
