// Bundles the extension into one CommonJS file (VS Code 1.100 loads CommonJS extensions; the
// workspace packages are ESM, which esbuild converts). Only `vscode` stays external.
//
// One TypeScript: @typescript-eslint/parser imports `typescript`, and ts-morph's @ts-morph/common
// requires its own bundled copy (`./typescript`). Both are redirected to the same `typescript`
// package so the .vsix carries one compiler, not two.
//
//   node esbuild.mjs            production bundle (minified) → dist/extension.cjs
//   node esbuild.mjs --dev      unminified, with an inline source map
//   node esbuild.mjs --meta     also writes dist/meta.json (what takes the space: esbuild.github.io/analyze)
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
const result = await build({
  entryPoints: [path.join(here, 'src/extension.ts')],
  outfile: path.join(here, 'dist/extension.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // jiti: ESLint's loader for TypeScript config files, which the extension never loads (it runs no
  // workspace config); @typescript-eslint/utils pulls ESLint's API in, and with it that optional import.
  external: ['vscode', 'jiti', 'jiti/package.json'],
  minify: !dev,
  sourcemap: dev ? 'inline' : false,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  plugins: [oneTypeScript],
  // ESM sources that use import.meta.url keep working in the CommonJS bundle.
  define: { 'import.meta.url': '__breakwaterImportMetaUrl' },
  // Recorded first thing, so activate() can report how long loading the bundle took.
  banner: {
    js: 'globalThis.__breakwaterLoadStart = performance.now(); var __breakwaterImportMetaUrl = require("url").pathToFileURL(__filename).href;',
  },
});

const outputs = Object.entries(result.metafile.outputs);
const bytes = outputs.reduce((n, [, o]) => n + o.bytes, 0);
const typescriptCopies = Object.keys(result.metafile.inputs).filter((p) => /(^|\/)typescript\.js$/.test(p));
console.log(`extension bundle: ${(bytes / 1024 / 1024).toFixed(2)} MiB in ${Date.now() - started} ms; TypeScript copies bundled: ${typescriptCopies.length} (${typescriptCopies.join(', ')})`);
if (typescriptCopies.length > 1) {
  console.error('more than one TypeScript compiler in the bundle: check the one-typescript plugin');
  process.exit(1);
}
if (process.argv.includes('--meta')) {
  mkdirSync(path.join(here, 'dist'), { recursive: true });
  writeFileSync(path.join(here, 'dist/meta.json'), JSON.stringify(result.metafile));
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
