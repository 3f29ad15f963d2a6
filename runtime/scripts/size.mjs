// node scripts/size.mjs — the runtime as users ship it: the published ESM bundle, minified by
// esbuild and gzipped (what bench/runtime reports), with each source file's share of the
// minified bytes, largest first; then what a user's bundle pays for importing only some exports
// (tree-shaken from the built dist/index.js, as a user's bundler does).
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { bundleOptions } from './bundle-options.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const result = await build({ ...bundleOptions(root), format: 'esm', minify: true, write: false, metafile: true, logLevel: 'silent' });
const code = result.outputFiles[0].contents;
console.log(`${code.byteLength} bytes minified, ${gzipSync(code, { level: 9 }).byteLength} bytes min+gz`);
const [output] = Object.values(result.metafile.outputs);
for (const [file, { bytesInOutput }] of Object.entries(output.inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput))
  console.log(`${String(bytesInOutput).padStart(6)}  ${relative(root, file)}`);

// How much of the size is text: the same bundle with every string and template literal emptied
// (messages, HELP texts, error codes, event names), a floor that no shortening of texts can beat.
// A rough cut: a quote inside a regular expression literal can shift it by a few bytes.
const textless = new TextDecoder().decode(code).replace(/`[^`]*`|"[^"]*"/g, '""');
console.log(`\nwith every string literal emptied: ${gzipSync(textless, { level: 9 }).byteLength} bytes min+gz`);

// Every policy runs on the one shared engine (pipeline.ts), so importing any policy pays for it: these
// show the floor under the whole-bundle figure.
const dist = join(root, 'dist/index.js');
if (!existsSync(dist)) {
  console.log('\n(no dist/index.js: run `npm run build` for the cost of single imports)');
} else {
  console.log('\nimporting only (tree-shaken from dist/index.js, minified, gzip -9):');
  for (const names of [
    ['timeout'],
    ['retry'],
    ['circuitBreaker'],
    ['bulkhead'],
    ['fallback'],
    ['timeout', 'retry', 'circuitBreaker', 'bulkhead', 'compose'],
    ['policy', 'fetchWith'],
    ['snapshot', 'toPrometheus', 'otelMetrics'],
  ]) {
    const subset = await build({
      stdin: { contents: `export { ${names.join(', ')} } from ${JSON.stringify(dist)};`, resolveDir: root, loader: 'js' },
      bundle: true, format: 'esm', platform: 'neutral', target: 'es2022', minify: true, write: false, logLevel: 'silent',
    });
    const bytes = subset.outputFiles[0].contents;
    console.log(`${String(gzipSync(bytes, { level: 9 }).byteLength).padStart(6)} B  ${names.join(', ')}`);
  }
}
