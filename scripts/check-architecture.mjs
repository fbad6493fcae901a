// Checks the package graph that ARCHITECTURE.md describes: every workspace dependency must be one
// the importing layer is allowed to use; only the command-line tools under tools/ may depend on a
// board; tests may also use the TBF tooling. Exits non-zero with one line per violation.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Which workspace packages each layer may depend on (by package name prefix after the scope). */
const ALLOWED = {
  hil: [],
  silicon: [],
  'tock-tbf': [],
  kernel: ['hil', 'tock-tbf'],
  capsules: ['hil', 'kernel'],
  'arch-cortexm': ['hil', 'kernel', 'silicon'],
  'arch-rv32': ['hil', 'kernel', 'silicon'],
  chip: ['hil', 'kernel', 'silicon', 'arch-cortexm', 'arch-rv32', 'chip'],
  'libtock-ts': [],
  board: [
    'hil',
    'kernel',
    'silicon',
    'capsules',
    'arch-cortexm',
    'arch-rv32',
    'chip',
    'tock-tbf',
    'libtock-ts',
  ],
  'tockloader-ts': ['hil', 'tock-tbf', 'board'],
  'tock-ts': ['hil', 'kernel', 'tock-tbf', 'board', 'tockloader-ts'],
  'test-apps': ['tock-tbf', 'tockloader-ts'],
  bench: ['kernel', 'arch-cortexm', 'arch-rv32', 'board', 'tock-ts', 'tockloader-ts'],
};

/** Packages any layer's tests may use (devDependencies only): they build TBFs from our ELF fixtures. */
const TEST_TOOLING = ['tock-tbf', 'tockloader-ts', 'test-apps'];

function layerOf(dir, name) {
  if (dir.startsWith('boards/')) return 'board';
  if (dir.startsWith('packages/chips/')) return 'chip';
  return name.replace(/^@tock-ts\//, '');
}

const roots = ['packages', 'packages/chips', 'boards', 'tools'];
const packages = [];
for (const root of roots) {
  if (!existsSync(root)) continue;
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const file = join(root, entry.name, 'package.json');
    if (entry.isDirectory() && existsSync(file)) packages.push({ dir: join(root, entry.name), file });
  }
}
if (existsSync('apps/package.json')) packages.push({ dir: 'apps', file: 'apps/package.json' });

const byName = new Map();
for (const pkg of packages) {
  const manifest = JSON.parse(readFileSync(pkg.file, 'utf8'));
  byName.set(manifest.name, { ...pkg, manifest, layer: layerOf(pkg.dir, manifest.name) });
}

const problems = [];
for (const { manifest, layer, dir } of byName.values()) {
  const allowed = ALLOWED[layer];
  if (allowed === undefined) {
    problems.push(`${dir}: layer "${layer}" is not in ARCHITECTURE.md's package graph`);
    continue;
  }
  const runtime = { ...manifest.dependencies, ...manifest.peerDependencies };
  for (const [dep, kind] of [
    ...Object.keys(runtime).map((name) => [name, 'runtime']),
    ...Object.keys(manifest.devDependencies ?? {}).map((name) => [name, 'dev']),
  ]) {
    const target = byName.get(dep);
    if (target === undefined) continue;
    const permitted =
      allowed.includes(target.layer) ||
      (kind === 'dev' && TEST_TOOLING.includes(target.layer) && layer !== target.layer);
    if (!permitted) {
      problems.push(
        `${dir}: ${manifest.name} (${layer}) may not depend on ${dep} (${target.layer}, ${kind})`,
      );
    }
  }
}

for (const line of problems) console.error(line);
if (problems.length > 0) process.exit(1);
console.log(`package graph: ${byName.size} packages follow ARCHITECTURE.md`);
