// `pnpm start`: builds the tock-ts runner and everything it depends on (turbo, cached), then boots
// the nRF52840-DK with the bundled demo apps and runs it until the demo finishes. Extra arguments
// go to `tock-ts run` instead of the demo's defaults.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = (command, args) => spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: false });

const build = run('pnpm', [
  'exec',
  'turbo',
  'run',
  'build',
  '--filter=@tock-ts/tock-ts...',
  '--output-logs=errors-only',
]);
if (build.status !== 0) process.exit(build.status ?? 1);

const extra = process.argv.slice(2);
const args =
  extra.length > 0
    ? extra
    : ['--press', '0@0.5', '--press', '3@0.7', '--until', 'blink: done', '--timeout', '10'];
process.stderr.write(
  `tock-ts run ${args.map((arg) => (/\s/.test(arg) ? JSON.stringify(arg) : arg)).join(' ')}\n`,
);
const result = run(process.execPath, ['tools/tock-ts/dist/main.js', 'run', ...args]);
process.exit(result.status ?? 1);
