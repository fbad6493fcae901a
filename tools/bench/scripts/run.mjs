// `pnpm bench` (the root script): builds the benchmark with turbo, every time and without its
// dependencies' builds (the bundle takes the packages it measures from their sources, so a turbo
// cache hit could hide a change in them), with turbo's output on stderr so stdout holds only the
// result; then runs it with Node's garbage collector exposed for the heap rows. Arguments
// (`--json`, `--smoke`, `--reps N`) go to the benchmark.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const run = (command, args, stdio) => spawnSync(command, args, { cwd: root, stdio, shell: false });

const build = run(
  'pnpm',
  [
    'exec',
    'turbo',
    'run',
    'build',
    '--filter=@tock-ts/bench',
    '--only',
    '--force',
    '--output-logs=errors-only',
  ],
  ['ignore', 2, 'inherit'],
);
if (build.status !== 0) process.exit(build.status ?? 1);

const result = run(
  process.execPath,
  ['--expose-gc', 'tools/bench/dist/main.js', ...process.argv.slice(2)],
  'inherit',
);
process.exit(result.status ?? 1);
