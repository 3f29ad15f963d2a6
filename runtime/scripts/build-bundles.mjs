// Builds the package's JavaScript: dist/index.js (ESM) and dist/index.cjs (CommonJS), each one
// bundled file; tsc emits only the declarations (tsconfig.json: emitDeclarationOnly), and
// dist/index.d.cts is a copy of dist/index.d.ts for require().
//
// Internal members are named with a trailing underscore (`admit_`, `timers_`, … — marked
// @internal, so the declarations omit them) and renamed short here: the source keeps explanatory
// names, and what users bundle is as small as the benchmark measures (`node scripts/size.mjs`).
import { build } from 'esbuild';
import { copyFileSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { bundleOptions } from './bundle-options.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
// Older builds emitted a .js per source file; nothing refers to them any more.
for (const f of readdirSync(dist)) if (/^(?!index\.)[\w-]+\.js(\.map)?$/.test(f)) rmSync(join(dist, f));
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
