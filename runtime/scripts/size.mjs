// node scripts/size.mjs — the runtime as users ship it: the published ESM bundle, minified by
// esbuild and gzipped (what bench/runtime reports), with each source file's share of the
// minified bytes, largest first.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { dirname, join, relative } from 'node:path';
import { bundleOptions } from './bundle-options.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const result = await build({ ...bundleOptions(root), format: 'esm', minify: true, write: false, metafile: true, logLevel: 'silent' });
const code = result.outputFiles[0].contents;
console.log(`${code.byteLength} bytes minified, ${gzipSync(code, { level: 9 }).byteLength} bytes min+gz`);
const [output] = Object.values(result.metafile.outputs);
for (const [file, { bytesInOutput }] of Object.entries(output.inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput))
  console.log(`${String(bytesInOutput).padStart(6)}  ${relative(root, file)}`);
