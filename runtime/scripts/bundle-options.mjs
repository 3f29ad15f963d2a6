// The esbuild options of the runtime's bundles, shared by the build (build-bundles.mjs) and the
// size report (size.mjs) so that what is measured is what ships.
import { join } from 'node:path';

/** Internal members end in `_`: the bundles rename them short (they are @internal, absent from the declarations). */
export const MANGLED = /_$/;

export const bundleOptions = (root) => ({
  entryPoints: [join(root, 'src/index.ts')],
  bundle: true,
  platform: 'neutral',
  target: 'es2022',
  mangleProps: MANGLED,
  minifySyntax: true,
});
