// Builds the package's entry points: dist/index.js (ESM) and dist/index.cjs (CommonJS), each one
// bundled file, and dist/index.d.cts, a copy of tsc's dist/index.d.ts for require(). It runs after
// `tsc -b`, whose module-per-file output stays beside it: after tsc alone the package works too
// (unbundled), so a workflow that only runs tsc is never left without JavaScript.
//
// Internal members are named with a trailing underscore (`admit_`, `timers_`, … — marked
// @internal, so the declarations omit them) and renamed short here: the source keeps explanatory
// names, and what users bundle is as small as the benchmark measures (`node scripts/size.mjs`).
import { build } from 'esbuild';
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { bundleOptions } from './bundle-options.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
for (const [format, file] of [
  ['esm', 'index.js'],
  ['cjs', 'index.cjs'],
]) {
  await build({ ...bundleOptions(root), format, outfile: join(dist, file), sourcemap: true, logLevel: 'warning' });
}
copyFileSync(join(dist, 'index.d.ts'), join(dist, 'index.d.cts'));

// The declarations must not name an internal member: the bundles renamed it, so a user's code
// typed against it would compile and then fail. Each one needs `/** @internal */`.
const leaks = readdirSync(dist)
  .filter((f) => f.endsWith('.d.ts'))
  .flatMap((f) => {
    const code = readFileSync(join(dist, f), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*/g, '');
    return [...code.matchAll(/\b[A-Za-z]\w*_\b/g)].map((m) => `${f}: ${m[0]}`);
  });
if (leaks.length) {
  console.error(`build-bundles: internal names in the declarations (mark them @internal):\n  ${[...new Set(leaks)].join('\n  ')}`);
  process.exit(1);
}
