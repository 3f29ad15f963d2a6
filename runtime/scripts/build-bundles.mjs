// Builds the CommonJS entry (dist/index.cjs) next to tsc's ESM output, and a CJS copy of the
// declarations, so `require('@breakwater/runtime')` and `import` both get code and types.
import { build } from 'esbuild';
import { copyFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await build({
  entryPoints: [join(root, 'src/index.ts')],
  outfile: join(root, 'dist/index.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'neutral',
  target: 'es2022',
  logLevel: 'warning',
});
copyFileSync(join(root, 'dist/index.d.ts'), join(root, 'dist/index.d.cts'));
