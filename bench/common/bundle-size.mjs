// Size of an entry point as users would ship it: bundled and minified by esbuild, then gzipped.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';

export async function bundleSize(entry, { format = 'esm', platform = 'neutral' } = {}) {
  const result = await build({ entryPoints: [entry], bundle: true, minify: true, format, platform, target: 'es2022', write: false, logLevel: 'silent' });
  const code = result.outputFiles[0].contents;
  return { min_bytes: code.byteLength, min_gz_bytes: gzipSync(code, { level: 9 }).byteLength };
}
