// Bundles the extension into two CommonJS files (VS Code 1.100 loads CommonJS extensions; the
// workspace packages are ESM, which esbuild converts): dist/extension.cjs for the extension host's
// main thread and dist/lint-worker.cjs for the two worker threads (src/worker/main.ts: one answers
// diagnostics, the other quick fixes and the scan; the code only the second needs is imported
// dynamically, so esbuild wraps it and the lint worker never evaluates it). Only `vscode` stays
// external.
//
// One TypeScript: @typescript-eslint/parser imports `typescript`, and ts-morph's @ts-morph/common
// requires its own bundled copy (`./typescript`). Both are redirected to the same `typescript`
// package so the .vsix carries one compiler, not two.
//
//   node esbuild.mjs            production bundles (minified)
//   node esbuild.mjs --dev      unminified, with an inline source map
//   node esbuild.mjs --meta     also writes dist/meta.json for the worker (what takes the space: esbuild.github.io/analyze)
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const dev = process.argv.includes('--dev');
const typescriptEntry = require.resolve('typescript');

/** Sends ts-morph's private TypeScript copy to the shared `typescript` package. */
const oneTypeScript = {
  name: 'one-typescript',
  setup(b) {
    b.onResolve({ filter: /^\.\/typescript(\.js)?$/ }, (args) =>
      /[\\/]@ts-morph[\\/]common[\\/]/.test(args.importer) ? { path: typescriptEntry } : undefined,
    );
  },
};

const started = Date.now();
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: !dev,
  sourcemap: dev ? 'inline' : false,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  // ESM sources that use import.meta.url keep working in the CommonJS bundle.
  define: { 'import.meta.url': '__breakwaterImportMetaUrl' },
};
const importMetaShim = 'var __breakwaterImportMetaUrl = require("url").pathToFileURL(__filename).href;';

// The extension host side: routing only (vscode API, settings, the worker client). It must stay small
// and free of ESLint/TypeScript, or activation pays for loading them.
const main = await build({
  ...common,
  entryPoints: [path.join(here, 'src/extension.ts')],
  outfile: path.join(here, 'dist/extension.cjs'),
  external: ['vscode'],
  // Recorded first and last thing, so activate() can report how long loading the bundle took.
  banner: { js: `globalThis.__breakwaterLoadStart = performance.now(); ${importMetaShim}` },
  footer: { js: 'globalThis.__breakwaterLoadEnd = performance.now();' },
});

// The workers: the plugin's rules in ESLint's Linter, the analysis, the codemod transforms.
const worker = await build({
  ...common,
  entryPoints: [path.join(here, 'src/worker/main.ts')],
  outfile: path.join(here, 'dist/lint-worker.cjs'),
  // jiti: ESLint's loader for TypeScript config files, which the extension never loads (it runs no
  // workspace config); @typescript-eslint/utils pulls ESLint's API in, and with it that optional import.
  external: ['vscode', 'jiti', 'jiti/package.json'],
  plugins: [oneTypeScript],
  banner: { js: importMetaShim },
});

const size = (result) => Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
const heavy = Object.keys(main.metafile.inputs).filter((p) => /node_modules\/(typescript|eslint|ts-morph|@ts-morph)\//.test(p));
if (heavy.length > 0) {
  console.error(`dist/extension.cjs must not bundle the linter or the compiler (they belong to the worker): ${heavy.slice(0, 5).join(', ')}`);
  process.exit(1);
}
const typescriptCopies = Object.keys(worker.metafile.inputs).filter((p) => /(^|\/)typescript\.js$/.test(p));
if (typescriptCopies.length > 1) {
  console.error(`more than one TypeScript compiler in the worker bundle: ${typescriptCopies.join(', ')}`);
  process.exit(1);
}
console.log(
  `extension bundles in ${Date.now() - started} ms: dist/extension.cjs ${(size(main) / 1024).toFixed(0)} KiB, dist/lint-worker.cjs ${(size(worker) / 1024 / 1024).toFixed(2)} MiB (one TypeScript: ${typescriptCopies.join(', ')})`,
);
if (process.argv.includes('--meta')) {
  mkdirSync(path.join(here, 'dist'), { recursive: true });
  writeFileSync(path.join(here, 'dist/meta.json'), JSON.stringify(worker.metafile));
}

// `breakwater.runtime: vendor` quick fixes copy the self-contained runtime that the codemods build
// (codemods/dist/vendor); the bundled vendor module looks for it beside itself.
const vendorDir = path.join(here, '../codemods/dist/vendor');
const vendorFiles = ['breakwater-runtime.ts', 'breakwater-runtime.js', 'breakwater-runtime.d.ts'];
if (vendorFiles.every((f) => existsSync(path.join(vendorDir, f)))) {
  for (const f of vendorFiles) copyFileSync(path.join(vendorDir, f), path.join(here, 'dist', f));
} else {
  console.warn(`warning: ${vendorDir} has no vendored runtime (npm run build:bundles -w codemods); "runtime: vendor" quick fixes will report it missing`);
}
