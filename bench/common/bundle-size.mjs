// Size of an entry point as users would ship it: bundled and minified by esbuild, then gzipped.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';

// Also returns each source file's share of the minified output, largest first, to show where the
// bytes are.
export async function bundleSize(entry, { format = 'esm', platform = 'neutral' } = {}) {
  const result = await build({ entryPoints: [entry], bundle: true, minify: true, format, platform, target: 'es2022', write: false, metafile: true, logLevel: 'silent' });
  const code = result.outputFiles[0].contents;
  const [output] = Object.values(result.metafile.outputs);
  const modules = Object.entries(output.inputs)
    .map(([file, { bytesInOutput }]) => [file.split('/').pop(), bytesInOutput])
    .sort((a, b) => b[1] - a[1]);
  return { min_bytes: code.byteLength, min_gz_bytes: gzipSync(code, { level: 9 }).byteLength, modules: Object.fromEntries(modules) };
}
