/**
 * Prints the report: a Markdown table with a header naming the date, Node version, machine, load
 * average and command, followed by the targets the issue sets and whether this run meets them; or
 * the same as one JSON object.
 */
import type { Report, Row } from './rows.js';

/** A target the table must show, checked against one row. */
interface Target {
  readonly description: string;
  readonly row: string;
  /** Which number of the row is compared: its value or its ratio. */
  readonly field: 'value' | 'ratio';
  readonly atLeast?: number;
  readonly below?: number;
}

/** The targets. */
const TARGETS: readonly Target[] = [
  {
    description: 'Cortex-M at least 3× rp2040js on the same binary',
    row: 'thumbv6m: vs rp2040js 1.4.1 executeInstruction() loop',
    field: 'ratio',
    atLeast: 3,
  },
  {
    description: 'idle board at least 1000× faster than real time',
    row: 'nrf52840dk idle: sleep app on a 1 s alarm, 3600 s virtual',
    field: 'value',
    atLeast: 1000,
  },
  {
    description: 'nrf52840dk boots with 4 apps in under 100 ms of wall time',
    row: 'nrf52840dk: boot with 4 apps, first in a fresh process',
    field: 'value',
    below: 100,
  },
];

/** Whether `target` is met by `rows`: true, false, or undefined when its row has no number. */
function targetMet(target: Target, rows: readonly Row[]): boolean | undefined {
  const row = rows.find((candidate) => candidate.name === target.row);
  const measured = target.field === 'ratio' ? row?.ratio : row?.value;
  if (measured === null || measured === undefined) return undefined;
  if (target.atLeast !== undefined && measured < target.atLeast) return false;
  if (target.below !== undefined && measured >= target.below) return false;
  return true;
}

/** A number with about four significant digits, without exponent notation. */
function formatNumber(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude >= 1000) return Math.round(value).toLocaleString('en-US');
  if (magnitude >= 100) return value.toFixed(1);
  if (magnitude >= 10) return value.toFixed(2);
  return value.toFixed(3);
}

function cell(value: number | null | undefined, absent: string): string {
  if (value === undefined) return '';
  return value === null ? absent : formatNumber(value);
}

/** The table and its header, as printed without `--json`. */
export function formatTable(report: Report): string {
  const { machine } = report;
  const lines = [
    `tock-ts bench, ${report.date}${report.smoke ? ' (smoke: tiny counts, numbers mean nothing)' : ''}`,
    `node ${report.node}; ${machine.cpuModel} × ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.platform}`,
    `load average ${machine.loadAverageBefore.join(' ')} before, ${machine.loadAverageAfter.join(' ')} after; ${report.repetitions} repetitions, medians`,
    `command: ${report.command}`,
    '',
    '| row | unit | tock-ts | peer | peer value | ratio | detail |',
    '|---|---|---:|---|---:|---:|---|',
  ];
  for (const row of report.rows) {
    const absent = 'absent';
    const detail = [row.absent === undefined ? '' : `absent: ${row.absent}`, row.detail ?? '']
      .filter((part) => part !== '')
      .join('; ');
    const ratio = row.ratio === undefined ? '' : row.ratio === null ? absent : `${row.ratio.toFixed(2)}×`;
    lines.push(
      `| ${row.name} | ${row.unit} | ${cell(row.value, absent)} | ${row.peer ?? ''} | ${cell(row.peerValue, absent)} | ${ratio} | ${detail} |`,
    );
  }
  lines.push('', 'Targets:');
  for (const target of TARGETS) {
    const met = targetMet(target, report.rows);
    const verdict = met === undefined ? 'not measured' : met ? 'met' : 'NOT met';
    lines.push(`- ${target.description}: ${verdict}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The report as one JSON object, with the targets' verdicts. */
export function formatJson(report: Report): string {
  const targets = TARGETS.map((target) => ({
    description: target.description,
    row: target.row,
    met: targetMet(target, report.rows) ?? null,
  }));
  return `${JSON.stringify({ ...report, targets }, null, 2)}\n`;
}
